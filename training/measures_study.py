"""How far the measure tagger's grouped-CV score moves with its settings and with more real documents.

    python training/measures_study.py annotations/seeds annotations/reports annotations/written \
        --docs ../shared/corpora/reports/reports.jsonl --train-only annotations/written \
        --curve annotations/reports annotations/written --out docs/results/measures_study.json

Uses the folds of ``lawnlp evaluate`` (5 folds by document over the documents not
under ``--train-only``) and scores the :class:`~lawnlp.estimators.MeasureTagger`
alone: each fold's vectorizer and tagger are fitted as in :func:`lawnlp.training.fit`,
and units whose *gold* function is ``other`` are left out of the predictions (they
never carry measures), so the function classifier's errors do not enter.  Figures
are therefore a little above those of the whole system in ``docs/results/cv_real.json``.

Two studies:

* **settings**: the tagger with one of its parameters (or the vectorizer's
  ``min_df``) changed, everything else as shipped;
* **curves**: for each ``--curve`` path, the shipped settings with 0 to 100 % of its
  documents in each training fold (three random draws per share), and a straight line
  fitted to micro-F1 against ``log2(n)``, ``n`` the number of those documents in training: the
  gain per doubling of the real documents, and how many it would take to reach a score
  if the gain per doubling held (learning curves usually flatten, so this is a lower
  bound on the documents needed).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from lawnlp.estimators import MeasureTagger, UnitVectorizer
from lawnlp.evaluation import _load_by_path, document_folds, scores
from lawnlp.training import STANDALONE_WEIGHT, Examples, featurize

SETTINGS = {
    "shipped": ({}, {}),
    "C=10": ({"C": 10.0}, {}),
    "C=100": ({"C": 100.0}, {}),
    "context_weight=0.25": ({"context_weight": 0.25}, {}),
    "context_weight=1.0": ({"context_weight": 1.0}, {}),
    "window=2": ({"window": 2}, {}),
    "one stage (neighbour_weight=0)": ({"neighbour_weight": 0.0}, {}),
    "neighbour_weight=2.0": ({"neighbour_weight": 2.0}, {}),
    "min_df=1": ({}, {"min_df": 1}),
}
SHARES = (0, 12.5, 25, 50, 75, 100)
DRAWS = 3


def load(paths: list[str], docs: list[str]) -> tuple[Examples, np.ndarray]:
    """Features of every annotated unit, and the annotation path each unit's document comes from."""
    documents, origin = _load_by_path(paths, docs)
    examples = featurize(documents)
    return examples, np.array([origin[d] for d in examples.docs], dtype=object)


def cross_validated(examples: Examples, evaluated: np.ndarray, folds: list[np.ndarray], train_filter, tagger: dict,
                    vectorizer: dict) -> dict:
    """Measure scores of the tagger over the folds (units of gold function ``other`` get no measures)."""
    predicted = np.zeros_like(examples.measures)
    for fold in folds:
        test = np.isin(examples.docs, fold) & evaluated
        train = train_filter(~np.isin(examples.docs, fold))
        X_train = [examples.X[i] for i in np.flatnonzero(train)]
        fitted = UnitVectorizer(**vectorizer).fit(X_train)
        blocks = fitted.transform(X_train)
        weights = np.where(examples.in_context[train], 1.0, STANDALONE_WEIGHT)
        model = MeasureTagger(**tagger).fit(blocks, examples.measures[train], groups=examples.docs[train],
                                            sample_weight=weights)
        predicted[test] = model.predict(fitted.transform([examples.X[i] for i in np.flatnonzero(test)]))
    predicted[examples.functions == "other"] = 0
    result = scores(examples.functions[evaluated], examples.functions[evaluated], examples.measures[evaluated],
                    predicted[evaluated])["measures"]
    return {"micro_f1": result["micro_f1"], "macro_f1": result["macro_f1"]}


def curve(examples: Examples, from_path: np.ndarray, evaluated: np.ndarray, folds: list[np.ndarray], path: str,
          target: float, log) -> dict:
    """Scores with shares of ``path``'s documents in training, and the log-linear fit over them."""
    documents = np.array(sorted(set(examples.docs[from_path == path])), dtype=object)
    points = []
    for share in SHARES:
        for draw in range(1 if share in (0, 100) else DRAWS):
            kept = list(np.random.default_rng(draw).permutation(documents)[:round(len(documents) * share / 100)])
            in_training: list[int] = []

            def train_filter(mask, kept=kept, in_training=in_training):
                keep = mask & ((from_path != path) | np.isin(examples.docs, kept))
                in_training.append(len(set(examples.docs[keep & (from_path == path)])))
                return keep

            point = cross_validated(examples, evaluated, folds, train_filter, {}, {})
            point.update(share=share, draw=draw, documents=float(np.mean(in_training)))
            points.append(point)
            log(f"{path} {share} % draw {draw}: {point}")
    fitted = [p for p in points if p["documents"] > 0]
    slope, intercept = np.polyfit(np.log2([p["documents"] for p in fitted]), [p["micro_f1"] for p in fitted], 1)
    needed = 2 ** ((target - intercept) / slope) if slope > 0 else None
    fit = {"formula": f"micro_f1 = intercept + per_doubling * log2(n), n = documents of {path} in a training fold",
           "intercept": round(float(intercept), 4), "per_doubling": round(float(slope), 4), "target": target,
           "documents_for_target": None if needed is None else round(float(needed))}
    log(f"{path} fit: {fit}")
    return {"points": points, "fit": fit}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("annotations", nargs="+")
    parser.add_argument("--docs", nargs="*", default=[])
    parser.add_argument("--train-only", nargs="*", default=[])
    parser.add_argument("--curve", nargs="+", required=True, help="annotation paths whose documents a curve adds")
    parser.add_argument("--target", type=float, default=0.88, help="micro-F1 to estimate the documents needed for")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    paths = list(dict.fromkeys([*args.annotations, *args.train_only]))
    examples, from_path = load(paths, args.docs)
    evaluated = ~np.isin(from_path, args.train_only) & examples.in_context
    folds = document_folds(examples.docs[evaluated], 5)
    report: dict = {"command": "python training/measures_study.py " + " ".join(sys.argv[1:]),
                    "folds": len(folds), "settings": {}, "curves": {}}

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:5.0f} s] {message}", file=sys.stderr, flush=True)

    for name, (tagger, vectorizer) in SETTINGS.items():
        report["settings"][name] = cross_validated(examples, evaluated, folds, lambda mask: mask, tagger, vectorizer)
        log(f"{name}: {report['settings'][name]}")

    for path in args.curve:
        report["curves"][path] = curve(examples, from_path, evaluated, folds, path, args.target, log)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
