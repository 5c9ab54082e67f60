"""Grouped cross-validation by document, metrics, and side-by-side comparison with baselines."""

from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path
from typing import Callable, Protocol, Sequence

import numpy as np

from .annotations import load_corpus
from .estimators import predict_units
from .labels import FUNCTIONS, MEASURES
from .schema import Schema, as_schema
from .training import Examples, featurize, fit

__all__ = ["LawnlpSystem", "scores", "cross_validate", "document_folds", "evaluate"]


class System(Protocol):
    def fit(self, examples: Examples) -> "System": ...

    def predict(self, examples: Examples) -> tuple[np.ndarray, np.ndarray]: ...


class LawnlpSystem:
    """The library's own model, as an evaluable system."""

    def fit(self, examples: Examples) -> "LawnlpSystem":
        self.estimators = fit(examples)
        return self

    def predict(self, examples: Examples) -> tuple[np.ndarray, np.ndarray]:
        functions, _, measures, _ = predict_units(*self.estimators, examples.X)
        return functions, measures


def _prf(tp: float, fp: float, fn: float) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def scores(true_functions, predicted_functions, true_measures, predicted_measures, measured=None,
           measures: Sequence[str] = MEASURES) -> dict:
    """Per-label precision/recall/F1 with support, macro and micro F1, and the function confusion matrix.

    Macro averages run over the labels present in the gold data.  Measures
    are scored on the units where ``measured`` (default: all) is true; the
    measure matrices have a column per id of ``measures`` (default: ``labels.md``'s).
    """
    true_functions = np.asarray(true_functions)
    predicted_functions = np.asarray(predicted_functions)
    function_labels = {}
    for label in FUNCTIONS:
        gold, pred = true_functions == label, predicted_functions == label
        function_labels[label] = {**_prf(np.sum(gold & pred), np.sum(~gold & pred), np.sum(gold & ~pred)),
                                  "support": int(gold.sum())}
    present = [label for label in FUNCTIONS if function_labels[label]["support"]]
    confusion = [[int(np.sum((true_functions == t) & (predicted_functions == p))) for p in FUNCTIONS]
                 for t in FUNCTIONS]
    Y, P = np.asarray(true_measures, dtype=bool), np.asarray(predicted_measures, dtype=bool)
    if Y.shape[1:] != (len(measures),) or P.shape != Y.shape:
        raise ValueError(f"measure matrices of shapes {Y.shape} and {P.shape}: expected a column per measure "
                         f"({len(measures)})")
    if measured is not None:
        Y, P = Y[np.asarray(measured, dtype=bool)], P[np.asarray(measured, dtype=bool)]
    measure_labels = {}
    for j, label in enumerate(measures):
        measure_labels[label] = {**_prf(np.sum(Y[:, j] & P[:, j]), np.sum(~Y[:, j] & P[:, j]),
                                        np.sum(Y[:, j] & ~P[:, j])), "support": int(Y[:, j].sum())}
    present_measures = [label for label in measures if measure_labels[label]["support"]]
    micro = _prf(np.sum(Y & P), np.sum(~Y & P), np.sum(Y & ~P))
    return {
        "units": int(len(true_functions)),
        "function": {
            "accuracy": round(float(np.mean(true_functions == predicted_functions)), 4) if len(true_functions) else 0.0,
            "macro_f1": round(float(np.mean([function_labels[label]["f1"] for label in present])), 4) if present else 0.0,
            "labels": function_labels,
            "confusion": {"labels": list(FUNCTIONS), "rows_gold_columns_predicted": confusion},
        },
        "measures": {
            "units": int(len(Y)),
            "micro_f1": micro["f1"],
            "macro_f1": round(float(np.mean([measure_labels[m]["f1"] for m in present_measures])), 4)
            if present_measures else 0.0,
            "labels": measure_labels,
        },
    }


def document_folds(docs: np.ndarray, n_folds: int | None) -> list[np.ndarray]:
    """Split document ids into folds (``None``: one document per fold), deterministically."""
    unique = sorted(set(docs))
    if n_folds is None or n_folds >= len(unique):
        return [np.array([d], dtype=object) for d in unique]
    rng = np.random.default_rng(0)
    order = rng.permutation(len(unique))
    return [np.array([unique[i] for i in order[k::n_folds]], dtype=object) for k in range(n_folds)]


def cross_validate(examples: Examples, evaluated: np.ndarray, systems: dict[str, Callable[[], System]], *,
                   n_folds: int | None = None, train_filters: dict[str, Callable[[np.ndarray], np.ndarray]] | None = None,
                   subsets: dict[str, np.ndarray] | None = None, progress: Callable[[str], None] | None = None) -> dict:
    """Grouped cross-validation: every document of ``evaluated`` is predicted by systems not trained on it.

    Units outside ``evaluated`` (e.g. written data) are always in training.
    ``train_filters[name]`` narrows a system's training units (given a mask of
    the fold's training units, returns a new mask).  ``subsets`` are extra
    masks to report scores on (e.g. some documents alone).
    """
    evaluated = evaluated & examples.in_context  # standalone copies train, never score
    folds = document_folds(examples.docs[evaluated], n_folds)
    predictions = {name: (np.empty(len(examples.X), dtype=object), np.zeros_like(examples.measures))
                   for name in systems}
    for k, fold in enumerate(folds):
        test = np.isin(examples.docs, fold) & evaluated
        base_train = ~np.isin(examples.docs, fold)
        for name, make in systems.items():
            train = (train_filters or {}).get(name, lambda mask: mask)(base_train)
            system = make().fit(examples.subset(train))
            functions, measures = system.predict(examples.subset(test))
            predictions[name][0][test] = functions
            predictions[name][1][test] = measures
        if progress:
            progress(f"fold {k + 1}/{len(folds)} done")
    report = {"folds": len(folds), "documents": int(len(set(examples.docs[evaluated]))), "systems": {}}
    for name, (functions, measures) in predictions.items():
        entry = {}
        for subset_name, mask in {"all": evaluated, **(subsets or {})}.items():
            mask = mask & evaluated
            entry[subset_name] = scores(examples.functions[mask], functions[mask], examples.measures[mask],
                                        measures[mask], examples.measured[mask], examples.schema.measure_ids)
        report["systems"][name] = entry
    report["measure_labels"] = list(examples.schema.measure_ids)
    report["units"] = {"doc": examples.docs[evaluated].tolist(), "span": examples.spans[evaluated].tolist(),
                       "function": examples.functions[evaluated].tolist(),
                       "measures": examples.measures[evaluated].tolist(),
                       "measured": examples.measured[evaluated].tolist(), "kind": examples.kinds[evaluated].tolist()}
    report["predictions"] = {name: {"functions": f[evaluated].tolist(), "measures": m[evaluated].tolist()}
                             for name, (f, m) in predictions.items()}
    return report


def _load_by_path(paths: list[str], docs: list[str], schema: Schema) -> tuple[list, dict[str, str]]:
    """Documents of several annotation paths, and the path each document came from."""
    documents, origin = [], {}
    for path in paths:
        for document in load_corpus([path], docs, schema):
            if document.doc in origin:
                raise ValueError(f"document {document.doc!r} is annotated under both {origin[document.doc]} and {path}")
            origin[document.doc] = str(path)
            documents.append(document)
    return documents, origin


def evaluate(annotations: Sequence[str | Path], *, docs: Sequence[str | Path] = (),
             train_only: Sequence[str | Path] = (), evaluate_docs: str | None = None, folds: int = 5,
             baselines: bool | Sequence[str] | None = False, ablate: Sequence[str | Path] = (), learning_curve: str | Path | None = None,
             subsets: dict[str, str] | None = None, by_kind: bool = False, base_model: str | Path | None = None,
             out: str | Path | None = None, plot: str | Path | None = None,
             schema: Schema | str | Path | None = None) -> dict:
    """Grouped cross-validation by document, with baselines, ablations and a learning curve.

    ``annotations`` and ``train_only`` are annotation paths (documents under
    ``train_only`` are always in training and never scored); ``folds=0`` puts
    one document in each fold; ``baselines`` names the baselines to run beside (``"rules"``, ``"textcat"``;
    ``True``: both); ``evaluate_docs`` (a regular expression) limits
    the scored documents; ``subsets`` maps names to regular expressions over
    document ids to report separately, and ``by_kind`` adds one subset per
    kind of document (``kind:…``, from the documents files); ``ablate`` paths each add a model
    trained without them (paths joined by ``+`` are left out together); ``learning_curve`` adds 25 % and 50 %
    of that path's (or those ``+``-joined paths') documents.  ``schema`` is the label set (as for
    :func:`lawnlp.train`; default ``labels.md``'s): the records' labels must be its labels and its measures are
    scored (the rule baseline has keywords for ``labels.md``'s twelve only: it never predicts an added one).
    Returns the report (``report["systems"][name][subset]`` holds
    :func:`scores`); ``out`` writes it as JSON and ``plot`` draws the curve.

    >>> report = evaluate(["annotations/seeds"], folds=0)  # doctest: +SKIP
    >>> report["systems"]["lawnlp"]["all"]["function"]["macro_f1"]  # doctest: +SKIP
    """
    train_only = [str(p) for p in train_only]
    paths = [str(p) for p in annotations] + [p for p in train_only if p not in map(str, annotations)]
    schema = as_schema(schema)
    documents, origin = _load_by_path(paths, docs, schema)
    examples = featurize(documents, base_model, schema)
    from_path = np.array([origin[d] for d in examples.docs], dtype=object)
    evaluated = ~np.isin(from_path, train_only)
    if evaluate_docs:
        pattern = re.compile(evaluate_docs)
        evaluated &= np.array([bool(pattern.search(d)) for d in examples.docs])
    systems: dict[str, Callable[[], System]] = {"lawnlp": LawnlpSystem}
    filters: dict[str, Callable[[np.ndarray], np.ndarray]] = {}
    chosen = ("rules", "textcat") if baselines is True or baselines == [] else tuple(baselines or ())
    if "rules" in chosen:
        from .baselines import RuleBaseline

        systems["rules"] = RuleBaseline
    if "textcat" in chosen:
        from .baselines import SpacyTextcatBaseline
        from .pipeline import default_model_dir, make_base

        nlp_base = make_base(base_model or default_model_dir())
        systems["spacy_textcat"] = lambda: SpacyTextcatBaseline(nlp_base)
    ablate = [str(p) for p in ablate]
    if learning_curve and str(learning_curve) not in ablate:
        ablate.append(str(learning_curve))  # the curve's 0 % point
    for path in ablate:
        name = f"lawnlp_without_{_joined_name(path)}"
        systems[name] = LawnlpSystem
        filters[name] = lambda mask, paths=tuple(path.split("+")): mask & ~np.isin(from_path, paths)
    curve = {}
    if learning_curve:
        paths = tuple(str(learning_curve).split("+"))
        added = sorted(set(examples.docs[np.isin(from_path, paths)]))
        order = [added[i] for i in np.random.default_rng(0).permutation(len(added))]
        curve = {0: f"lawnlp_without_{_joined_name(learning_curve)}", 100: "lawnlp"}
        for share in (25, 50):
            keep = order[:round(len(order) * share / 100)]
            curve[share] = name = f"lawnlp_with_{share}%_of_{_joined_name(learning_curve)}"
            systems[name] = LawnlpSystem
            filters[name] = lambda mask, keep=tuple(keep), paths=paths: (
                mask & (~np.isin(from_path, paths) | np.isin(examples.docs, keep)))
    masks = {name: np.array([bool(re.search(regex, d)) for d in examples.docs])
             for name, regex in (subsets or {}).items()}
    if by_kind:
        masks.update({f"kind:{kind}": examples.kinds == kind for kind in sorted(set(examples.kinds[evaluated]))})
    report = cross_validate(examples, evaluated, systems, n_folds=folds or None, train_filters=filters,
                            subsets=masks, progress=lambda message: print(message, file=sys.stderr))
    report["subsets"] = ["all", *masks]
    report["command"] = "lawnlp evaluate " + shlex.join(sys.argv[2:]) if sys.argv[1:2] == ["evaluate"] else ""
    report["training_only"] = train_only
    report["learning_curve"] = {str(share): name for share, name in sorted(curve.items())}
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if plot and learning_curve:
        plot_learning_curve(report, Path(plot))
    return report


def _joined_name(paths: str | Path) -> str:
    """``reports2+gwr`` for ``annotations/reports2+annotations/gwr``: paths joined by ``+`` count as one."""
    return "+".join(Path(p).name for p in str(paths).split("+"))


def plot_learning_curve(report: dict, path: Path) -> None:
    """Draw function macro-F1 and measure micro/macro-F1 against the share of added documents."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    curve = report["learning_curve"]
    shares = sorted(map(int, curve))
    entries = [report["systems"][curve[str(s)]]["all"] for s in shares]
    figure, axis = plt.subplots(figsize=(5, 3.2), dpi=120)
    axis.plot(shares, [e["function"]["macro_f1"] for e in entries], "o-", label="function macro-F1")
    axis.plot(shares, [e["measures"]["micro_f1"] for e in entries], "s-", label="measures micro-F1")
    axis.plot(shares, [e["measures"]["macro_f1"] for e in entries], "^-", label="measures macro-F1")
    added = curve["0"].removeprefix("lawnlp_without_")
    axis.set_xlabel(f"% of the documents of annotations/{added} in training")
    axis.set_ylabel("grouped-CV score")
    axis.set_xticks(shares)
    axis.grid(alpha=0.3)
    axis.legend(fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
