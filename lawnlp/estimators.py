"""The scikit-learn estimators: a shared vectorizer, the sentence function and the sentence measures.

Each is fitted with scikit-learn and then keeps only plain arrays
(:mod:`lawnlp.linear`), from which it predicts and which ``to_data`` /
``from_data`` turn into JSON and arrays and back: a model directory holds data,
never code.
"""

from __future__ import annotations

from typing import Iterable, Sequence

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
from .linear import CalibratedSVM, LinearMap, Logistic, Tfidf
from .predictor import FeatureBlocks, Predictor, check_features, read_stages, read_terms, read_thresholds, \
    stage_scores, vectorize
from .sequence import Layout, neighbour_scores, neighbour_width

__all__ = ["UnitVectorizer", "FeatureBlocks", "FunctionClassifier", "MeasureTagger", "predict_units"]


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
        X = check_features(X)
        self.content_ = Tfidf.from_sklearn(self._block(content_features).fit(X))
        self.context_ = Tfidf.from_sklearn(self._block(context_features).fit(X))
        return self

    def to_data(self) -> tuple[dict, dict[str, np.ndarray]]:
        """``(json, arrays)``: the parameters and vocabularies, and the idf arrays."""
        check_is_fitted(self, "context_")
        return ({"params": self.get_params(), "content": list(self.content_.terms), "context": list(self.context_.terms)},
                {**self.content_.arrays("content."), **self.context_.arrays("context.")})

    @classmethod
    def from_data(cls, data: dict, arrays: dict[str, np.ndarray]) -> "UnitVectorizer":
        """The fitted vectorizer that :meth:`to_data` described (``ValueError`` when the data are not one)."""
        vectorizer = cls(**_params(cls, data))
        vectorizer.content_ = Tfidf.from_arrays(arrays, "content.", read_terms(data, "content"))
        vectorizer.context_ = Tfidf.from_arrays(arrays, "context.", read_terms(data, "context"))
        return vectorizer

    def transform(self, X: Iterable[UnitFeatures]) -> FeatureBlocks:
        """Vectorise units (any iterable, consumed in chunks, so long documents need not hold all features at once)."""
        check_is_fitted(self, "context_")
        return vectorize(self.content_, self.context_, X)


def _check_blocks(X: object) -> FeatureBlocks:
    if not isinstance(X, FeatureBlocks):
        raise TypeError(f"X must be FeatureBlocks from UnitVectorizer.transform, got {type(X).__name__}")
    return X


class _TwoStages:
    """The stacking both estimators share: first-stage scores of neighbours, section and document beside the features.

    A subclass has ``context_weight``, ``window``, ``neighbour_weight`` and
    ``stacking_folds``, lists the labels it scores in ``_scored``, and defines
    ``_fit_stage(matrix, y, groups, sample_weight)`` (a fitted scikit-learn
    model of one stage), ``_stage_scores(model, matrix)`` and
    ``_as_arrays(model, widths, scales)``.  Once fitted, it keeps ``stages_``:
    the stages as arrays (:mod:`lawnlp.linear`), from which it predicts.
    """

    _scored: tuple[str, ...]

    def _stacked_out_of_fold(self, matrix: csr_matrix, y: np.ndarray, groups, sample_weight, layout: Layout,
                             fold_labels: np.ndarray) -> csr_matrix:
        """The second stage's training input, from first-stage scores made out of fold (by ``groups``)."""
        scores = np.zeros((matrix.shape[0], len(self._scored)))
        for train, test in _folds(self.stacking_folds, matrix, fold_labels, groups):
            model = self._fit_stage(matrix[train], y[train], _rows(groups, train), _rows(sample_weight, train))
            scores[test] = self._stage_scores(model, matrix[test])
        return self._with_neighbours(matrix, scores, layout)

    def _with_neighbours(self, matrix: csr_matrix, scores: np.ndarray, layout: Layout) -> csr_matrix:
        """``matrix`` beside the weighted neighbour scores: the second stage's input."""
        neighbours = neighbour_scores(scores, layout, self.window) * self.neighbour_weight
        return hstack([matrix, csr_matrix(neighbours)], format="csr")

    def _stages(self, first, second, widths: list[int]) -> tuple:
        """The fitted stages as arrays, for input blocks of ``widths`` (the second also sees neighbour scores)."""
        scales = [1.0, self.context_weight]
        stages = (self._as_arrays(first, widths, scales),)
        if second is not None:
            neighbours = neighbour_width(len(self._scored), self.window)
            stages += (self._as_arrays(second, [*widths, neighbours], [*scales, self.neighbour_weight]),)
        return stages

    def _scores(self, X: FeatureBlocks) -> np.ndarray:
        """Scores of the last stage, each stage after the first seeing the scores of the one before."""
        check_is_fitted(self, "stages_")
        return stage_scores(self.stages_, X, self.window, len(self._scored))

    def to_data(self) -> tuple[dict, dict[str, np.ndarray]]:
        """``(json, arrays)``: the parameters and the fitted stages."""
        check_is_fitted(self, "stages_")
        arrays = {}
        for i, stage in enumerate(self.stages_):
            arrays.update(stage.arrays(f"stage{i}."))
        return {"params": _numeric_params(self), "stages": len(self.stages_), **self._extra_data()}, arrays

    def _extra_data(self) -> dict:
        return {}

    @classmethod
    def from_data(cls, data: dict, arrays: dict[str, np.ndarray], **labels):
        """The fitted estimator that :meth:`to_data` described (``ValueError`` when the data are not one).

        ``labels`` are the label parameters the data do not hold (the measure tagger's ``measures``: its
        model's schema's).
        """
        estimator = cls(**_params(cls, data), **labels)
        estimator.stages_ = read_stages(data, arrays, cls._stage_from_arrays)
        estimator._set_extra_data(data)
        return estimator

    def _set_extra_data(self, data: dict) -> None:
        pass


class FunctionClassifier(_TwoStages, ClassifierMixin, BaseEstimator):
    """Linear SVM with sigmoid-calibrated probabilities, in two stages.

    The first stage scores each unit from its own features.  The second sees
    them again beside the first stage's scores of the unit, its neighbours, its
    section and its document (:func:`lawnlp.sequence.neighbour_scores`); it
    learns from first-stage scores made out of fold, by document, so that
    they are as good as at prediction time.  Each stage is kept as one
    :class:`~lawnlp.linear.CalibratedSVM`.

    Parameters
    ----------
    C : float
        Inverse regularisation strength of the SVMs.
    calibration_folds : int
        Folds of :class:`~sklearn.calibration.CalibratedClassifierCV`.
    context_weight : float
        Weight of the context block beside the unit's own words.
    window : int
        Units on each side whose scores the second stage sees.
    neighbour_weight : float
        Weight of the neighbour scores in the second stage; 0 leaves the second stage out.
    stacking_folds : int
        Folds of the out-of-fold first-stage scores.
    """

    _scored = FUNCTIONS

    def __init__(self, C: float = 0.5, calibration_folds: int = 3, context_weight: float = 1.0, window: int = 2,
                 neighbour_weight: float = 2.0, stacking_folds: int = 4):
        self.C = C
        self.calibration_folds = calibration_folds
        self.context_weight = context_weight
        self.window = window
        self.neighbour_weight = neighbour_weight
        self.stacking_folds = stacking_folds

    def fit(self, X: FeatureBlocks, y, groups=None, sample_weight=None) -> "FunctionClassifier":
        """Fit on features and function ids; ``groups`` (e.g. document ids) keep the folds apart."""
        X = _check_blocks(X)
        y = np.asarray(y)
        if len(X) != len(y):
            raise ValueError(f"X has {len(X)} samples but y has {len(y)}")
        unknown = sorted(set(y) - set(FUNCTIONS))
        if unknown:
            raise ValueError(f"unknown function labels {unknown}")
        if len(set(y)) < 2:
            raise ValueError(f"need units of at least two functions to learn from, got only {sorted(set(y))}")
        self.classes_ = np.array(FUNCTIONS, dtype=object)
        matrix = X.weighted(self.context_weight)
        first = self._fit_stage(matrix, y, groups, sample_weight)
        second = None
        if self.neighbour_weight:
            stacked = self._stacked_out_of_fold(matrix, y, groups, sample_weight, X.layout, fold_labels=y)
            second = self._fit_stage(stacked, y, groups, sample_weight)
        self.stages_ = self._stages(first, second, X.widths)
        return self

    def _fit_stage(self, matrix, y, groups, sample_weight) -> CalibratedClassifierCV:
        """A calibrated linear SVM, the model of either stage."""
        folds = _folds(self.calibration_folds, matrix, y, groups)
        model = CalibratedClassifierCV(LinearSVC(C=self.C, class_weight="balanced"), cv=folds, method="sigmoid")
        return model.fit(matrix, y, sample_weight=sample_weight)

    def _stage_scores(self, model: CalibratedClassifierCV, matrix: csr_matrix) -> np.ndarray:
        """Probabilities of a fitted model in FUNCTIONS order (0 for a label it never saw), rows summing to 1."""
        proba = model.predict_proba(matrix)
        out = np.zeros((matrix.shape[0], len(FUNCTIONS)))
        for j, label in enumerate(model.classes_):
            out[:, FUNCTIONS.index(label)] = proba[:, j]
        return out / out.sum(axis=1, keepdims=True)

    @staticmethod
    def _as_arrays(model: CalibratedClassifierCV, widths: list[int], scales: list[float]) -> CalibratedSVM:
        return CalibratedSVM.from_sklearn(model, FUNCTIONS, widths, scales)

    @staticmethod
    def _stage_from_arrays(arrays: dict[str, np.ndarray], prefix: str) -> CalibratedSVM:
        return CalibratedSVM.from_arrays(arrays, prefix, len(FUNCTIONS))

    def _set_extra_data(self, data: dict) -> None:
        self.classes_ = np.array(FUNCTIONS, dtype=object)

    def predict_proba(self, X: FeatureBlocks) -> np.ndarray:
        """Probabilities over :data:`lawnlp.labels.FUNCTIONS`, in that order."""
        return self._scores(X)

    def predict(self, X: FeatureBlocks) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


def _rows(values, rows: np.ndarray):
    return None if values is None else np.asarray(values)[rows]


#: Constructor parameters that name labels: not stored with the numbers, but recorded in the model's schema.
LABEL_PARAMS = frozenset({"measures"})


def _numeric_params(estimator: BaseEstimator) -> dict:
    """An estimator's parameters as its data store them: the numbers (its labels are in the model's schema)."""
    return {k: v for k, v in estimator.get_params().items() if k not in LABEL_PARAMS}


def _params(cls, data: dict) -> dict:
    """The constructor parameters in ``data["params"]``: exactly the class's own numbers."""
    params = data.get("params") if isinstance(data, dict) else None
    expected = set(cls().get_params()) - LABEL_PARAMS
    if not isinstance(params, dict) or set(params) != expected:
        raise ValueError(f"{cls.__name__} needs the parameters {sorted(expected)}, got "
                         f"{sorted(params) if isinstance(params, dict) else params!r}")
    for name, value in params.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{cls.__name__} parameter {name} must be a number, got {value!r}")
    return params


class MeasureTagger(_TwoStages, BaseEstimator):
    """One logistic regression per measure, each with its own decision threshold, in two stages.

    As in :class:`FunctionClassifier`, a first stage scores every measure of
    each unit on its own and the second also sees those scores for the
    unit's neighbours, section and document.  Thresholds maximise each
    measure's F1 on cross-validated predictions over the training data.
    Each stage is kept as one :class:`~lawnlp.linear.Logistic`.

    Parameters
    ----------
    C : float
        Inverse regularisation strength.
    threshold_folds : int
        Folds used to choose the thresholds.
    context_weight : float
        Weight of the context block beside the unit's own words.
    window : int
        Units on each side whose scores the second stage sees.
    neighbour_weight : float
        Weight of the neighbour scores in the second stage; 0 leaves the second stage out.
    stacking_folds : int
        Folds of the out-of-fold first-stage scores.
    measures : sequence of str
        The measure ids it learns, in the order of its score columns (default: ``labels.md``'s twelve;
        a model's schema may add more, :mod:`lawnlp.schema`).

    >>> MeasureTagger(measures=(*MEASURES, "ecology"))._scored[-1]
    'ecology'
    """

    def __init__(self, C: float = 30.0, threshold_folds: int = 5, context_weight: float = 0.5, window: int = 1,
                 neighbour_weight: float = 1.0, stacking_folds: int = 4, measures: Sequence[str] = MEASURES):
        self.C = C
        self.threshold_folds = threshold_folds
        self.context_weight = context_weight
        self.window = window
        self.neighbour_weight = neighbour_weight
        self.stacking_folds = stacking_folds
        self.measures = measures

    @property
    def _scored(self) -> tuple[str, ...]:
        return tuple(self.measures)

    def _model(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, solver="liblinear", max_iter=1000)

    def fit(self, X: FeatureBlocks, Y, groups=None, sample_weight=None) -> "MeasureTagger":
        """Fit on features and ``Y``, a list of measure-id lists (or a 0/1 matrix, a column per measure).

        ``groups`` (e.g. document ids) keep the folds apart.
        """
        X = _check_blocks(X)
        Y = self._binarize(Y)
        if len(X) != len(Y):
            raise ValueError(f"X has {len(X)} samples but Y has {len(Y)}")
        matrix = X.weighted(self.context_weight)
        first = None
        if self.neighbour_weight:
            first = self._fit_stage(matrix, Y, groups, sample_weight)
            matrix = self._stacked_out_of_fold(matrix, Y, groups, sample_weight, X.layout, fold_labels=Y.any(axis=1))
        self.thresholds_ = np.full(len(self._scored), 0.5)
        for j in range(len(self._scored)):
            column = Y[:, j]
            if column.sum() >= self.threshold_folds:
                folds = _folds(self.threshold_folds, matrix, column, groups)
                scores = cross_val_predict(self._model(), matrix, column, cv=folds, method="predict_proba",
                                           params={"sample_weight": sample_weight})[:, 1]
                self.thresholds_[j] = _best_threshold(scores, column, sample_weight)
        # Measures too rare to set a threshold for are never predicted.
        learnable = Y.sum(axis=0) >= self.threshold_folds
        last = self._fit_stage(matrix, Y * learnable, groups, sample_weight)
        self.stages_ = self._stages(first, last, X.widths) if first is not None else self._stages(last, None, X.widths)
        return self

    def _fit_stage(self, matrix: csr_matrix, Y: np.ndarray, groups, sample_weight) -> tuple[np.ndarray, np.ndarray]:
        """One regression per measure, as ``(coef, intercept)`` (a measure with no positive example scores 0).

        The second stage is fitted the same way, with thresholds of its own.
        """
        coef = np.zeros((Y.shape[1], matrix.shape[1]))
        intercept = np.full(Y.shape[1], -np.inf)
        for j in range(Y.shape[1]):
            if Y[:, j].any() and not Y[:, j].all():
                model = self._model().fit(matrix, Y[:, j], sample_weight=sample_weight)
                coef[j], intercept[j] = model.coef_[0], model.intercept_[0]
        return coef, intercept

    def _stage_scores(self, model: tuple[np.ndarray, np.ndarray], matrix: csr_matrix) -> np.ndarray:
        return _linear_scores(matrix, *model)

    @staticmethod
    def _as_arrays(model: tuple[np.ndarray, np.ndarray], widths: list[int], scales: list[float]) -> Logistic:
        return Logistic(LinearMap.from_coef(*model, widths, scales))

    @staticmethod
    def _stage_from_arrays(arrays: dict[str, np.ndarray], prefix: str) -> Logistic:
        return Logistic.from_arrays(arrays, prefix)

    def _extra_data(self) -> dict:
        return {"thresholds": self.thresholds_.tolist()}

    def _set_extra_data(self, data: dict) -> None:
        self.thresholds_ = read_thresholds(data)

    def _binarize(self, Y) -> np.ndarray:
        measures = self._scored
        if len(set(measures)) != len(measures) or not all(isinstance(m, str) for m in measures):
            raise ValueError(f"measures must be distinct ids, got {list(measures)}")
        if isinstance(Y, np.ndarray) and Y.ndim == 2:
            if Y.shape[1] != len(measures):
                raise ValueError(f"Y must have {len(measures)} columns, one per measure")
            return Y.astype(int)
        column = {m: j for j, m in enumerate(measures)}
        out = np.zeros((len(Y), len(measures)), dtype=int)
        for i, labels in enumerate(Y):
            for label in labels:
                if label not in column:
                    raise ValueError(f"unknown measure label {label!r} in sample {i}")
                out[i, column[label]] = 1
        return out

    def predict_proba(self, X: FeatureBlocks) -> np.ndarray:
        """Score of each measure (columns in the order of ``measures``)."""
        return self._scores(X)

    def predict(self, X: FeatureBlocks) -> np.ndarray:
        """0/1 matrix of measures whose score reaches its threshold."""
        return (self.predict_proba(X) >= self.thresholds_).astype(int)


def _linear_scores(matrix: csr_matrix, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
    return expit(matrix @ coef.T + intercept)


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
                  X: Iterable[UnitFeatures]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Labels of units (whole documents, in order) by the library's decision rules (:meth:`Predictor.predict`)."""
    return Predictor.from_estimators(vectorizer, function_model, measure_model).predict(X)
