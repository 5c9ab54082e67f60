"""The scikit-learn estimators: a shared vectorizer, the sentence function and the sentence measures."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit
from scipy.sparse import csr_matrix, hstack
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedKFold, cross_val_predict
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from .features import UnitFeatures, content_features, context_features
from .labels import FUNCTIONS, MEASURES

__all__ = ["UnitVectorizer", "FeatureBlocks", "FunctionClassifier", "MeasureTagger", "predict_units"]


@dataclass(frozen=True)
class FeatureBlocks:
    """TF-IDF matrices of the two feature blocks of the same units (rows align)."""

    content: csr_matrix
    context: csr_matrix

    def __len__(self) -> int:
        """Number of units."""
        return self.content.shape[0]

    def weighted(self, context_weight: float) -> csr_matrix:
        """Both blocks side by side, the context block scaled (each block is L2-normalised on its own)."""
        return hstack([self.content, self.context * context_weight], format="csr")


class UnitVectorizer(TransformerMixin, BaseEstimator):
    """TF-IDF over :class:`~lawnlp.features.UnitFeatures`, one vocabulary per block.

    Fitted once and shared by both estimators, so text is vectorised once per
    prediction.

    Parameters
    ----------
    min_df : int
        Features seen in fewer units are dropped.
    """

    def __init__(self, min_df: int = 2):
        self.min_df = min_df

    def _block(self, analyzer) -> TfidfVectorizer:
        return TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=self.min_df, dtype=np.float32)

    def fit(self, X: list[UnitFeatures], y=None) -> "UnitVectorizer":
        X = _check_features(X)
        self.content_ = self._block(content_features).fit(X)
        self.context_ = self._block(context_features).fit(X)
        for block in (self.content_, self.context_):
            block.stop_words_ = None  # the pruned terms are not needed to transform
        return self

    def transform(self, X: list[UnitFeatures]) -> FeatureBlocks:
        check_is_fitted(self, "context_")
        X = _check_features(X)
        return FeatureBlocks(self.content_.transform(X), self.context_.transform(X))


def _check_features(X: object) -> list[UnitFeatures]:
    if not isinstance(X, list) or not all(isinstance(x, UnitFeatures) for x in X):
        raise TypeError("X must be a list of UnitFeatures, as made by lawnlp.features.doc_features")
    return X


def _check_blocks(X: object) -> FeatureBlocks:
    if not isinstance(X, FeatureBlocks):
        raise TypeError(f"X must be FeatureBlocks from UnitVectorizer.transform, got {type(X).__name__}")
    return X


class FunctionClassifier(ClassifierMixin, BaseEstimator):
    """Linear SVM over vectorised sentence features, with sigmoid-calibrated probabilities.

    Parameters
    ----------
    C : float
        Inverse regularisation strength of the SVM.
    calibration_folds : int
        Folds of :class:`~sklearn.calibration.CalibratedClassifierCV`.
    context_weight : float
        Weight of the context block beside the unit's own words.
    """

    def __init__(self, C: float = 0.5, calibration_folds: int = 3, context_weight: float = 1.0):
        self.C = C
        self.calibration_folds = calibration_folds
        self.context_weight = context_weight

    def fit(self, X: FeatureBlocks, y, groups=None, sample_weight=None) -> "FunctionClassifier":
        """Fit on features and function ids; ``groups`` (e.g. document ids) keep calibration folds apart."""
        X = _check_blocks(X)
        y = np.asarray(y)
        if len(X) != len(y):
            raise ValueError(f"X has {len(X)} samples but y has {len(y)}")
        unknown = sorted(set(y) - set(FUNCTIONS))
        if unknown:
            raise ValueError(f"unknown function labels {unknown}")
        matrix = X.weighted(self.context_weight)
        svm = LinearSVC(C=self.C, class_weight="balanced")
        folds = _folds(self.calibration_folds, matrix, y, groups)
        self.model_ = CalibratedClassifierCV(svm, cv=folds, method="sigmoid")
        self.model_.fit(matrix, y, sample_weight=sample_weight)
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, X: FeatureBlocks) -> np.ndarray:
        """Probabilities over :data:`lawnlp.labels.FUNCTIONS`, in that order."""
        check_is_fitted(self, "model_")
        if not len(_check_blocks(X)):
            return np.zeros((0, len(FUNCTIONS)))
        proba = self.model_.predict_proba(X.weighted(self.context_weight))
        out = np.zeros((len(X), len(FUNCTIONS)))
        for j, label in enumerate(self.classes_):
            out[:, FUNCTIONS.index(label)] = proba[:, j]
        return out / out.sum(axis=1, keepdims=True)

    def predict(self, X: FeatureBlocks) -> np.ndarray:
        return np.array(FUNCTIONS, dtype=object)[self.predict_proba(X).argmax(axis=1)]


class MeasureTagger(BaseEstimator):
    """One logistic regression per measure, each with its own decision threshold.

    Thresholds maximise each measure's F1 on cross-validated predictions over
    the training data.

    Parameters
    ----------
    C : float
        Inverse regularisation strength.
    threshold_folds : int
        Folds used to choose the thresholds.
    context_weight : float
        Weight of the context block beside the unit's own words.
    """

    def __init__(self, C: float = 30.0, threshold_folds: int = 5, context_weight: float = 0.5):
        self.C = C
        self.threshold_folds = threshold_folds
        self.context_weight = context_weight

    def _model(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, solver="liblinear", max_iter=1000)

    def fit(self, X: FeatureBlocks, Y, groups=None, sample_weight=None) -> "MeasureTagger":
        """Fit on features and ``Y``, a list of measure-id lists (or a 0/1 matrix over MEASURES).

        ``groups`` (e.g. document ids) keep the threshold folds apart.
        """
        X = _check_blocks(X)
        Y = self._binarize(Y)
        if len(X) != len(Y):
            raise ValueError(f"X has {len(X)} samples but Y has {len(Y)}")
        matrix = X.weighted(self.context_weight)
        models: list[LogisticRegression | None] = []
        self.thresholds_ = np.full(len(MEASURES), 0.5)
        for j in range(len(MEASURES)):
            column = Y[:, j]
            if column.sum() < self.threshold_folds:
                models.append(None)  # too rare to learn: never predicted
                continue
            folds = _folds(self.threshold_folds, matrix, column, groups)
            scores = cross_val_predict(self._model(), matrix, column, cv=folds, method="predict_proba",
                                       params={"sample_weight": sample_weight})[:, 1]
            self.thresholds_[j] = _best_threshold(scores, column, sample_weight)
            models.append(self._model().fit(matrix, column, sample_weight=sample_weight))
        # One matrix for all measures: a single product scores every unit (rare measures score 0).
        self.coef_ = np.vstack([m.coef_[0] if m else np.zeros(matrix.shape[1]) for m in models])
        self.intercept_ = np.array([m.intercept_[0] if m else -np.inf for m in models])
        return self

    @staticmethod
    def _binarize(Y) -> np.ndarray:
        if isinstance(Y, np.ndarray) and Y.ndim == 2:
            if Y.shape[1] != len(MEASURES):
                raise ValueError(f"Y must have {len(MEASURES)} columns, one per measure")
            return Y.astype(int)
        out = np.zeros((len(Y), len(MEASURES)), dtype=int)
        for i, labels in enumerate(Y):
            for label in labels:
                if label not in MEASURES:
                    raise ValueError(f"unknown measure label {label!r} in sample {i}")
                out[i, MEASURES.index(label)] = 1
        return out

    def predict_proba(self, X: FeatureBlocks) -> np.ndarray:
        """Score of each measure (columns in :data:`lawnlp.labels.MEASURES` order)."""
        check_is_fitted(self, "coef_")
        if not len(_check_blocks(X)):
            return np.zeros((0, len(MEASURES)))
        return expit(X.weighted(self.context_weight) @ self.coef_.T + self.intercept_)

    def predict(self, X: FeatureBlocks) -> np.ndarray:
        """0/1 matrix of measures whose score reaches its threshold."""
        return (self.predict_proba(X) >= self.thresholds_).astype(int)


def _folds(n_folds: int, X, y, groups) -> list:
    """Cross-validation splits: by group when groups are given (no group in two folds), else stratified.

    Falls back to stratified splits when grouping would leave a class out of a training fold.
    """
    y = np.asarray(y)
    classes = set(y)
    if groups is not None and len(set(groups)) >= n_folds:
        splits = list(GroupKFold(n_folds).split(X, y, groups))
        if all(set(y[train]) == classes for train, _ in splits):
            return splits
    return list(StratifiedKFold(n_folds, shuffle=True, random_state=0).split(X, y))


def _best_threshold(scores: np.ndarray, truth: np.ndarray, sample_weight=None) -> float:
    """The threshold in 0.15…0.85 with the best (sample-weighted) F1."""
    weight = np.ones(len(truth)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    positive = truth == 1
    best, best_f1 = 0.5, -1.0
    for threshold in np.arange(0.15, 0.86, 0.05):
        predicted = scores >= threshold
        tp = weight[predicted & positive].sum()
        denominator = weight[predicted].sum() + weight[positive].sum()
        f1 = 2 * tp / denominator if denominator else 0.0
        if f1 > best_f1:
            best, best_f1 = float(threshold), f1
    return best


def predict_units(vectorizer: UnitVectorizer, function_model: FunctionClassifier, measure_model: MeasureTagger,
                  X: list[UnitFeatures], kinds: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Labels of units by the library's decision rules.

    Returns ``(functions, function_scores, measures, measure_scores)``: debris
    units are ``other`` with all probability there; ``other`` units get no
    measures; a measure is chosen when its score reaches its threshold.
    """
    X = vectorizer.transform(X)
    function_scores = function_model.predict_proba(X)
    debris = np.array([kind == "debris" for kind in kinds], dtype=bool)
    function_scores[debris] = np.eye(len(FUNCTIONS))[FUNCTIONS.index("other")]
    functions = np.array(FUNCTIONS, dtype=object)[function_scores.argmax(axis=1)]
    measure_scores = measure_model.predict_proba(X)
    measures = (measure_scores >= measure_model.thresholds_).astype(int)
    measures[functions == "other"] = 0
    return functions, function_scores, measures, measure_scores
