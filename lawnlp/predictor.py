"""Prediction from a model's fitted arrays, without scikit-learn.

The estimators of :mod:`lawnlp.estimators` are scikit-learn estimators for training and evaluation; once
fitted they keep only the arrays of :mod:`lawnlp.linear`.  A :class:`Predictor` holds those arrays and labels
units with them, so that loading a model for prediction imports neither scikit-learn nor its estimators.
The estimators predict through the same functions, so both give the same labels and scores.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Any, Iterable, Sequence

import numpy as np
from scipy.sparse import csr_matrix, hstack, vstack

from .features import UnitFeatures
from .labels import FUNCTIONS, MEASURES
from .linear import CalibratedSVM, Logistic, Tfidf
from .sequence import Layout, neighbour_scores, neighbour_width

__all__ = ["FeatureBlocks", "Predictor", "PartError", "LabelMismatch", "vectorize", "stage_scores", "read_stages",
           "read_terms", "read_thresholds", "check_labels"]

#: Units vectorised at a time by :func:`vectorize`.
TRANSFORM_CHUNK = 2000


@dataclass(frozen=True)
class FeatureBlocks:
    """TF-IDF matrices of the two feature blocks of the same units (rows align), and where each unit stands."""

    content: csr_matrix
    context: csr_matrix
    layout: Layout

    def __len__(self) -> int:
        """Number of units."""
        return self.content.shape[0]

    @property
    def parts(self) -> list[csr_matrix]:
        """The blocks, in the order the fitted linear maps take them."""
        return [self.content, self.context]

    @property
    def widths(self) -> list[int]:
        return [self.content.shape[1], self.context.shape[1]]

    def weighted(self, context_weight: float) -> csr_matrix:
        """Both blocks side by side, the context block scaled (each block is L2-normalised on its own)."""
        return hstack([self.content, self.context * context_weight], format="csr")

    def take(self, rows: np.ndarray) -> "FeatureBlocks":
        """Some of the units (take whole documents, so that neighbours stay right)."""
        return FeatureBlocks(self.content[rows], self.context[rows], self.layout.take(rows))


def check_features(X: object) -> list[UnitFeatures]:
    if not isinstance(X, list) or not all(isinstance(x, UnitFeatures) for x in X):
        raise TypeError("X must be a list of UnitFeatures, as made by lawnlp.features.doc_features")
    return X


def vectorize(content: Tfidf, context: Tfidf, X: Iterable[UnitFeatures]) -> FeatureBlocks:
    """Vectorise units (any iterable, consumed in chunks, so long documents need not hold all features at once)."""
    blocks: tuple[list[csr_matrix], list[csr_matrix]] = ([], [])
    places = []
    iterator = iter(X)
    while chunk := check_features(list(islice(iterator, TRANSFORM_CHUNK))):
        blocks[0].append(content.transform([f.content for f in chunk]))
        blocks[1].append(context.transform([f.context for f in chunk]))
        places.extend((f.position, f.section, f.kind) for f in chunk)
    if not places:
        empty = [csr_matrix((0, len(tfidf.terms)), dtype=np.float32) for tfidf in (content, context)]
        return FeatureBlocks(*empty, Layout.from_places(places))
    stacked = [parts[0] if len(parts) == 1 else vstack(parts, format="csr") for parts in blocks]
    return FeatureBlocks(*stacked, Layout.from_places(places))


def stage_scores(stages: Sequence[Any], X: FeatureBlocks, window: int, labels: int) -> np.ndarray:
    """Scores of the last stage, each stage after the first seeing the neighbour scores of the one before."""
    if not isinstance(X, FeatureBlocks):
        raise TypeError(f"X must be FeatureBlocks from UnitVectorizer.transform, got {type(X).__name__}")
    if not len(X):
        return np.zeros((0, labels))
    if list(stages[0].linear.widths) != X.widths:
        raise ValueError(f"feature blocks of widths {X.widths} do not fit this model "
                         f"({list(stages[0].linear.widths)}): use the model's own vectorizer")
    blocks = X.parts
    scores = stages[0].predict_proba(blocks)
    for stage in stages[1:]:
        scores = stage.predict_proba([*blocks, neighbour_scores(scores, X.layout, window)])
    return scores


@dataclass(frozen=True)
class Predictor:
    """The fitted arrays of a model's three parts, and the library's decision rules over them."""

    content: Tfidf
    context: Tfidf
    function_stages: tuple[CalibratedSVM, ...]
    function_window: int
    measure_stages: tuple[Logistic, ...]
    measure_window: int
    thresholds: np.ndarray  # one per measure
    measures: tuple[str, ...] = MEASURES  # the measure ids the measure stages score, in column order

    @classmethod
    def from_estimators(cls, vectorizer, function_model, measure_model) -> "Predictor":
        """The arrays of fitted :mod:`lawnlp.estimators` (shared, not copied)."""
        return cls(vectorizer.content_, vectorizer.context_, function_model.stages_, function_model.window,
                   measure_model.stages_, measure_model.window, measure_model.thresholds_,
                   tuple(measure_model.measures))

    @classmethod
    def from_data(cls, parts: dict[str, tuple[dict, dict[str, np.ndarray]]],
                  measure_ids: Sequence[str] = MEASURES) -> "Predictor":
        """The predictor that the ``(json, arrays)`` of a model's ``vectorizer``, ``function`` and ``measures``
        describe, as ``to_data`` wrote them, scoring ``measure_ids`` (its schema's: :class:`PartError` naming the
        part that is not one, :class:`LabelMismatch` the part that scores other labels)."""
        with _reading("vectorizer"):
            vectorizer, arrays = parts["vectorizer"]
            content = Tfidf.from_arrays(arrays, "content.", read_terms(vectorizer, "content"))
            context = Tfidf.from_arrays(arrays, "context.", read_terms(vectorizer, "context"))
        with _reading("function"):
            function, arrays = parts["function"]
            function_stages = read_stages(function, arrays, lambda a, p: CalibratedSVM.from_arrays(a, p, len(FUNCTIONS)))
            function_window = _param(function, "window", int)
        with _reading("measures"):
            measures, arrays = parts["measures"]
            measure_stages = read_stages(measures, arrays, Logistic.from_arrays)
            measure_window, thresholds = _param(measures, "window", int), read_thresholds(measures)
        check_widths(content, context, {"function": function_stages, "measures": measure_stages})
        check_labels(function_stages, function_window, measure_stages, measure_window, thresholds, len(measure_ids))
        return cls(content, context, function_stages, function_window, measure_stages, measure_window, thresholds,
                   tuple(measure_ids))

    def transform(self, X: Iterable[UnitFeatures]) -> FeatureBlocks:
        return vectorize(self.content, self.context, X)

    def predict(self, X: Iterable[UnitFeatures]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Labels of units (whole documents, in order): ``(functions, function_scores, measures, measure_scores)``.

        Debris units are ``other`` with all probability there; ``other`` units get no measures; a measure is
        chosen when its score reaches its threshold.
        """
        blocks = self.transform(X)
        function_scores = stage_scores(self.function_stages, blocks, self.function_window, len(FUNCTIONS))
        function_scores[blocks.layout.kind == "debris"] = np.eye(len(FUNCTIONS))[FUNCTIONS.index("other")]
        functions = np.array(FUNCTIONS, dtype=object)[function_scores.argmax(axis=1)]
        measure_scores = stage_scores(self.measure_stages, blocks, self.measure_window, len(self.measures))
        measures = (measure_scores >= self.thresholds).astype(int)
        measures[functions == "other"] = 0
        return functions, function_scores, measures, measure_scores


def check_widths(content: Tfidf, context: Tfidf, stages: dict[str, Sequence[Any]]) -> None:
    """:class:`PartError` naming the part whose first stage does not take the vectorizer's two blocks."""
    widths = [len(content.terms), len(context.terms)]
    for name, part_stages in stages.items():
        if list(part_stages[0].linear.widths) != widths:
            raise PartError(name, "its weights do not fit the vectorizer's vocabularies")


def check_labels(function_stages: Sequence[Any], function_window: int, measure_stages: Sequence[Any],
                 measure_window: int, thresholds: np.ndarray, n_measures: int) -> None:
    """:class:`LabelMismatch` naming the part that does not score the four functions or the ``n_measures``
    measures of its schema: its stages' outputs, their neighbour-score inputs, the measure thresholds."""
    for part, stages, window, n, labels in (("function", function_stages, function_window, len(FUNCTIONS), "functions"),
                                            ("measures", measure_stages, measure_window, n_measures, "measures")):
        if part == "function":
            outputs = [stage.n_labels for stage in stages]
        else:
            outputs = [len(stage.linear.intercept) for stage in stages]
        if any(count != n for count in outputs):
            raise LabelMismatch(part, f"its stages score {outputs} labels, its schema has {n} {labels}")
        widths = [stage.linear.widths[2] for stage in stages[1:] if len(stage.linear.widths) > 2]
        if len(widths) != len(stages) - 1 or any(w != neighbour_width(n, window) for w in widths):
            raise LabelMismatch(part, f"its second stage does not take the neighbour scores of {n} {labels}")
    if len(thresholds) != n_measures:
        raise LabelMismatch("measures", f"it has {len(thresholds)} thresholds, its schema {n_measures} measures")


class PartError(ValueError):
    """A model part (``vectorizer``, ``function`` or ``measures``) whose data are not one."""

    def __init__(self, part: str, message: str):
        super().__init__(message)
        self.part = part


class LabelMismatch(PartError):
    """A model part that scores other labels than its model's schema."""


@contextmanager
def _reading(part: str):
    try:
        yield
    except (ValueError, TypeError, KeyError) as error:
        raise PartError(part, str(error)) from None


def read_terms(data: dict, key: str) -> list[str]:
    """A vectorizer block's vocabulary in its data."""
    terms = data.get(key)
    if not isinstance(terms, list):
        raise ValueError(f"the vectorizer has no vocabulary {key!r}")
    return terms


def _param(data: dict, name: str, kind: type) -> Any:
    params = data.get("params")
    value = params.get(name) if isinstance(params, dict) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and value != int(value)):
        raise ValueError(f"parameter {name} must be {'an integer' if kind is int else 'a number'}, got {value!r}")
    return kind(value)


def read_thresholds(data: dict) -> np.ndarray:
    """The measure tagger's thresholds in its data, one number per measure (:func:`check_labels` counts them)."""
    thresholds = data.get("thresholds")
    if not (isinstance(thresholds, list) and thresholds
            and all(isinstance(t, (int, float)) and not isinstance(t, bool) for t in thresholds)):
        raise ValueError("the measure tagger needs a list of numeric thresholds, one per measure")
    return np.array(thresholds, dtype=float)


def read_stages(data: dict, arrays: dict[str, np.ndarray], from_arrays) -> tuple:
    """The fitted stages a part's data describe: one, or two where its neighbour weight is not 0."""
    expected = 2 if _param(data, "neighbour_weight", float) else 1
    if data.get("stages") != expected:
        raise ValueError(f"expected {expected} stages for these parameters, the data say {data.get('stages')!r}")
    stages = tuple(from_arrays(arrays, f"stage{i}.") for i in range(expected))
    for before, after in zip(stages, stages[1:]):
        if after.linear.widths[:2] != before.linear.widths:
            raise ValueError("the stages do not take the same feature blocks")
    return stages
