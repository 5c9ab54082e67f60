"""Fitted models as plain arrays: TF-IDF blocks, linear maps and calibrated linear SVMs, logistic regressions.

The estimators of :mod:`lawnlp.estimators` are fitted with scikit-learn and
then keep only these arrays.  Prediction runs from them (one sparse-dense
product per feature block, no input checks per call), and a model directory
stores nothing else (:mod:`lawnlp.persistence`), so that loading a model
never runs code from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy.sparse import csr_matrix
from scipy.special import expit

__all__ = ["Tfidf", "LinearMap", "CalibratedSVM", "Logistic"]


@dataclass(frozen=True)
class Tfidf:
    """A fitted TF-IDF block: ``TfidfVectorizer(sublinear_tf=True, norm="l2")`` over lists of terms."""

    terms: tuple[str, ...]  # the vocabulary, in column order
    idf: np.ndarray  # float32, one per term

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {term: j for j, term in enumerate(self.terms)})

    @classmethod
    def from_sklearn(cls, vectorizer) -> "Tfidf":
        """The arrays of a fitted scikit-learn ``TfidfVectorizer``."""
        terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
        return cls(tuple(terms), np.asarray(vectorizer.idf_, dtype=np.float32))

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}idf": self.idf}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], prefix: str, terms: Sequence[str]) -> "Tfidf":
        if not all(isinstance(t, str) for t in terms):
            raise ValueError(f"the vocabulary of {prefix!r} holds a term that is not a string")
        idf = _array(arrays, f"{prefix}idf", "f", 1).astype(np.float32)
        if len(idf) != len(terms):
            raise ValueError(f"{prefix}idf has {len(idf)} values for {len(terms)} terms")
        return cls(tuple(terms), idf)

    def transform(self, units: Sequence[list[str]]) -> csr_matrix:
        """One L2-normalised row of ``(1 + log tf) * idf`` per unit; unknown terms are ignored."""
        get = self._index.get  # type: ignore[attr-defined]
        ids = [get(term, -1) for terms in units for term in terms]
        rows = np.repeat(np.arange(len(units), dtype=np.int64), [len(terms) for terms in units])
        ids = np.asarray(ids, dtype=np.int64)
        known = ids >= 0
        keys, counts = np.unique(rows[known] * len(self.terms) + ids[known], return_counts=True)
        rows, cols = np.divmod(keys, len(self.terms))
        data = np.log(counts.astype(np.float32)) + np.float32(1)
        data *= self.idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=data.astype(np.float64) ** 2, minlength=len(units)))
        norms[norms == 0] = 1
        data /= norms[rows].astype(np.float32)
        indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=len(units)))])
        return csr_matrix((data, cols.astype(np.int32), indptr.astype(np.int32)), shape=(len(units), len(self.terms)))


@dataclass(frozen=True)
class LinearMap:
    """``Σ_b X_b @ W_b + intercept`` over feature blocks that stand side by side, the block weights folded in."""

    weights: tuple[np.ndarray, ...]  # per block: (block's features × outputs), C-contiguous
    intercept: np.ndarray  # (outputs,)

    @classmethod
    def from_coef(cls, coef: np.ndarray, intercept: np.ndarray, widths: Sequence[int],
                  scales: Sequence[float]) -> "LinearMap":
        """Split a fitted ``coef`` (outputs × all features) into blocks of ``widths``, each times its ``scale``."""
        coef = np.asarray(coef, dtype=np.float64)
        if coef.shape[1] != sum(widths):
            raise ValueError(f"coef has {coef.shape[1]} columns, the blocks {sum(widths)}")
        bounds = np.cumsum([0, *widths])
        # weights at float32 precision, as a model directory stores them: a model predicts the same before and
        # after saving, at half the size (the scores move by about 1e-7)
        weights = tuple(np.ascontiguousarray((coef[:, a:b].T * scale).astype(np.float32), dtype=np.float64)
                        for a, b, scale in zip(bounds[:-1], bounds[1:], scales))
        return cls(weights, np.asarray(intercept, dtype=np.float64))

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}intercept": self.intercept,
                **{f"{prefix}w{b}": w.astype(np.float32) for b, w in enumerate(self.weights)}}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], prefix: str) -> "LinearMap":
        intercept = _array(arrays, f"{prefix}intercept", "f", 1)
        weights = []
        while f"{prefix}w{len(weights)}" in arrays:
            weight = _array(arrays, f"{prefix}w{len(weights)}", "f", 2)
            if weight.shape[1] != len(intercept):
                raise ValueError(f"{prefix}w{len(weights)} has {weight.shape[1]} outputs, the intercept {len(intercept)}")
            weights.append(np.ascontiguousarray(weight, dtype=np.float64))
        if not weights:
            raise ValueError(f"no weights {prefix}w0")
        return cls(tuple(weights), intercept.astype(np.float64))

    @property
    def widths(self) -> tuple[int, ...]:
        """Features of each input block."""
        return tuple(w.shape[0] for w in self.weights)

    def __call__(self, blocks: Sequence) -> np.ndarray:
        """The outputs for blocks of rows (sparse or dense matrices, in the order of ``weights``)."""
        if len(blocks) != len(self.weights):
            raise ValueError(f"expected {len(self.weights)} feature blocks, got {len(blocks)}")
        out = np.tile(self.intercept, (blocks[0].shape[0], 1))
        for block, weight in zip(blocks, self.weights):
            out += block @ weight
        return out


@dataclass(frozen=True)
class CalibratedSVM:
    """``CalibratedClassifierCV(LinearSVC(), method="sigmoid")`` as one linear map.

    Each of its ``n_models`` calibrated SVMs scores the classes it saw one
    against the rest; a sigmoid turns each score into a probability, the
    probabilities of a model are normalised, and the models are averaged,
    exactly as scikit-learn does, but with one product for all of them.
    """

    linear: LinearMap  # one output per (model, class) row
    slope: np.ndarray  # sigmoid a of each row: p = expit(-(a * score + b))
    offset: np.ndarray  # sigmoid b of each row
    model: np.ndarray  # int: the model of each row
    column: np.ndarray  # int: the class (column of ``classes``) each row scores
    classes: np.ndarray  # int: the label index (into the caller's label list) of each class the models know
    n_labels: int

    @classmethod
    def from_sklearn(cls, calibrated, labels: Sequence[str], widths: Sequence[int],
                     scales: Sequence[float]) -> "CalibratedSVM":
        """The arrays of a fitted ``CalibratedClassifierCV`` over linear models, for input blocks of ``widths``."""
        known = list(calibrated.classes_)
        coefs, intercepts, slopes, offsets, models, columns = [], [], [], [], [], []
        for m, member in enumerate(calibrated.calibrated_classifiers_):
            estimator = member.estimator
            if len(known) == 2:
                targets = [1]
            else:
                targets = [known.index(c) for c in estimator.classes_]
            for row, (target, calibrator) in enumerate(zip(targets, member.calibrators)):
                coefs.append(estimator.coef_[row])
                intercepts.append(estimator.intercept_[row])
                slopes.append(calibrator.a_)
                offsets.append(calibrator.b_)
                models.append(m)
                columns.append(target)
        return cls(LinearMap.from_coef(np.array(coefs), np.array(intercepts), widths, scales),
                   np.array(slopes, dtype=np.float64), np.array(offsets, dtype=np.float64),
                   np.array(models, dtype=np.int64), np.array(columns, dtype=np.int64),
                   np.array([list(labels).index(c) for c in known], dtype=np.int64), len(labels))

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {**self.linear.arrays(f"{prefix}linear."), f"{prefix}slope": self.slope, f"{prefix}offset": self.offset,
                f"{prefix}model": self.model, f"{prefix}column": self.column, f"{prefix}classes": self.classes}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], prefix: str, n_labels: int) -> "CalibratedSVM":
        linear = LinearMap.from_arrays(arrays, f"{prefix}linear.")
        rows = len(linear.intercept)
        slope, offset = (_array(arrays, f"{prefix}{k}", "f", 1) for k in ("slope", "offset"))
        model, column, classes = (_array(arrays, f"{prefix}{k}", "i", 1) for k in ("model", "column", "classes"))
        if not len(slope) == len(offset) == len(model) == len(column) == rows:
            raise ValueError(f"{prefix}: the sigmoids do not match the {rows} linear outputs")
        if not (set(classes.tolist()) <= set(range(n_labels)) and len(set(classes.tolist())) == len(classes) >= 2):
            raise ValueError(f"{prefix}classes must be 2 or more distinct label indices below {n_labels}")
        if rows and (model.min() < 0 or column.min() < 0 or column.max() >= len(classes)):
            raise ValueError(f"{prefix}model or {prefix}column is out of range")
        return cls(linear, slope.astype(np.float64), offset.astype(np.float64), model, column, classes, n_labels)

    @property
    def n_models(self) -> int:
        return int(self.model.max()) + 1 if len(self.model) else 0

    def predict_proba(self, blocks: Sequence) -> np.ndarray:
        """Probabilities over the caller's labels (0 for a label the models never saw), rows summing to 1."""
        n = blocks[0].shape[0]
        sigmoid = expit(-(self.slope * self.linear(blocks) + self.offset))
        proba = np.zeros((n, self.n_models, len(self.classes)))
        proba[:, self.model, self.column] = sigmoid
        if len(self.classes) == 2:
            proba[:, :, 0] = 1.0 - proba[:, :, 1]
        else:
            total = proba.sum(axis=2, keepdims=True)
            proba = np.divide(proba, total, out=np.full_like(proba, 1 / len(self.classes)), where=total != 0)
        proba[(1.0 < proba) & (proba <= 1.0 + 1e-5)] = 1.0
        out = np.zeros((n, self.n_labels))
        out[:, self.classes] = proba.mean(axis=1)
        return out / out.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class Logistic:
    """Independent logistic regressions (one output each) as one linear map: ``expit(linear(blocks))``."""

    linear: LinearMap

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return self.linear.arrays(prefix)

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], prefix: str) -> "Logistic":
        return cls(LinearMap.from_arrays(arrays, prefix))

    def predict_proba(self, blocks: Sequence) -> np.ndarray:
        return expit(self.linear(blocks))


def _array(arrays: dict[str, np.ndarray], key: str, kind: str, ndim: int) -> np.ndarray:
    """``arrays[key]``, checked to be a numeric array (``kind`` "f": floats, "i": integers) of ``ndim`` dimensions."""
    if key not in arrays:
        raise ValueError(f"array {key!r} is missing")
    array = arrays[key]
    kinds = "fiu" if kind == "f" else "iu"
    if not isinstance(array, np.ndarray) or array.dtype.kind not in kinds or array.ndim != ndim:
        raise ValueError(f"array {key!r} must be a {ndim}-dimensional array of "
                         f"{'numbers' if kind == 'f' else 'integers'}")
    if kind == "f" and np.isnan(array).any():
        raise ValueError(f"array {key!r} holds NaN")
    return array.astype(np.int64) if kind == "i" else array
