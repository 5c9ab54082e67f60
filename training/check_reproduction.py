"""Check that retraining from the shipped annotations reproduces the shipped model.

    python training/check_reproduction.py

Retrains into a temporary directory with the command the README documents, compares the retrained
estimators' predictions with the shipped model's on every annotated unit, and reruns the
cross-validation recorded in the shipped meta.json (the lawnlp system only), requiring each figure
to be within ±0.01 of the recorded one.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
from pathlib import Path

import numpy as np

from lawnlp.cli import build_parser, evaluate_from_args, headline_metrics
from lawnlp.persistence import load_estimators
from lawnlp.pipeline import default_model_dir
from lawnlp.training import featurize, train
from lawnlp.annotations import load_corpus

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ["annotations/seeds", "annotations/written", "annotations/reports", "annotations/reports2", "annotations/gwr"]
DOCS = ["../shared/corpora/reports/reports.jsonl", "../shared/corpora/reports2/reports.jsonl",
        "../shared/corpora/gwr/reports.jsonl"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", nargs="*", default=DOCS)
    args = parser.parse_args()
    shipped = default_model_dir()
    meta = json.loads((shipped / "meta.json").read_text(encoding="utf-8"))
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        retrained = train([ROOT / p for p in ANNOTATIONS], Path(tmp) / "model", docs=args.docs)
        examples = featurize(load_corpus([ROOT / p for p in ANNOTATIONS], args.docs))
        (a_v, a_f, a_m), _ = load_estimators(shipped)
        (b_v, b_f, b_m), _ = load_estimators(retrained)
        a_x, b_x = a_v.transform(examples.X), b_v.transform(examples.X)
        same_f = np.array_equal(a_f.predict(a_x), b_f.predict(b_x))
        same_m = np.array_equal(a_m.predict(a_x), b_m.predict(b_x))
        print(f"retrained predictions equal the shipped model's: function {same_f}, measures {same_m}")
        ok &= same_f and same_m
    recorded = meta.get("metrics")
    if not recorded:
        print("shipped meta.json records no cross-validated metrics")
        return 1
    command = shlex.split(recorded["evaluation"])[2:]  # drop "lawnlp evaluate"
    keep, skip_next = [], False
    for word in command:
        if skip_next and word.startswith("--"):
            skip_next = False
        if word in ("--baselines", "--ablate", "--learning-curve", "--plot", "--out"):
            skip_next = True
            continue
        if not skip_next:
            keep.append(word)
    again = headline_metrics(evaluate_from_args(build_parser().parse_args(["evaluate", *keep])))
    for subset, figures in recorded.items():
        if not isinstance(figures, dict):
            continue
        for name, value in figures.items():
            now = again[subset][name]
            within = abs(now - value) <= 0.01
            ok &= within
            print(f"{subset:>10} {name:<18} recorded {value:.4f}  now {now:.4f}  {'ok' if within else 'DIFFERS'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
