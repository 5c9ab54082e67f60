"""Prediction from fitted arrays gives what scikit-learn's own objects give, on the seeds' annotated units."""

import numpy as np
import pytest
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from lawnlp.annotations import load_corpus
from lawnlp.features import content_features, context_features
from lawnlp.labels import FUNCTIONS
from lawnlp.linear import CalibratedSVM, LinearMap, Logistic, Tfidf
from lawnlp.training import featurize

from conftest import ROOT


@pytest.fixture(scope="module")
def examples():
    return featurize(load_corpus([ROOT / "annotations" / "seeds"]))


def _fitted_tfidf(X, analyzer):
    return TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=2, dtype=np.float32).fit(X)


def test_tfidf_arrays_transform_as_scikit_learn(examples):
    for analyzer, field in ((content_features, "content"), (context_features, "context")):
        fitted = _fitted_tfidf(examples.X, analyzer)
        ours = Tfidf.from_sklearn(fitted).transform([getattr(x, field) for x in examples.X])
        theirs = fitted.transform(examples.X)
        assert ours.shape == theirs.shape
        assert abs(ours - theirs).max() < 1e-6


def test_fused_calibrated_svms_give_scikit_learns_probabilities(examples):
    blocks = [Tfidf.from_sklearn(_fitted_tfidf(examples.X, a)).transform([getattr(x, f) for x in examples.X])
              for a, f in ((content_features, "content"), (context_features, "context"))]
    from scipy.sparse import hstack

    weight = 0.7
    matrix = hstack([blocks[0], blocks[1] * weight], format="csr")
    model = CalibratedClassifierCV(LinearSVC(C=0.5), cv=3, method="sigmoid").fit(matrix, examples.functions)
    fused = CalibratedSVM.from_sklearn(model, FUNCTIONS, [b.shape[1] for b in blocks], [1.0, weight])
    theirs = np.zeros((matrix.shape[0], len(FUNCTIONS)))
    theirs[:, [FUNCTIONS.index(c) for c in model.classes_]] = model.predict_proba(matrix)
    assert abs(fused.predict_proba(blocks) - theirs).max() < 1e-6  # float32 features scaled before or after
    rebuilt = CalibratedSVM.from_arrays(fused.arrays("x."), "x.", len(FUNCTIONS))
    assert np.array_equal(rebuilt.predict_proba(blocks), fused.predict_proba(blocks))


def test_logistic_map_gives_scikit_learns_scores(examples):
    blocks = [Tfidf.from_sklearn(_fitted_tfidf(examples.X, content_features)).transform([x.content for x in examples.X])]
    y = examples.measures[:, 0]
    model = LogisticRegression(solver="liblinear").fit(blocks[0], y)
    ours = Logistic(LinearMap.from_coef(model.coef_, model.intercept_, [blocks[0].shape[1]], [1.0]))
    # weights are kept at float32 precision, as a model directory stores them: scores within 1e-6
    assert abs(ours.predict_proba(blocks)[:, 0] - model.predict_proba(blocks[0])[:, 1]).max() < 1e-6


def test_arrays_are_checked_when_rebuilt():
    linear = LinearMap.from_coef(np.ones((2, 3)), np.zeros(2), [3], [1.0])
    arrays = linear.arrays("m.")
    arrays["m.w0"] = np.ones((3, 5))
    with pytest.raises(ValueError, match="outputs"):
        LinearMap.from_arrays(arrays, "m.")
    with pytest.raises(ValueError, match="numbers"):
        LinearMap.from_arrays({"m.intercept": np.array(["a"]), "m.w0": np.ones((3, 1))}, "m.")
    with pytest.raises(ValueError, match="NaN"):
        LinearMap.from_arrays({"m.intercept": np.array([np.nan]), "m.w0": np.ones((3, 1))}, "m.")
