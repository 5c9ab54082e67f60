"""The shipped model gives the labels and scores recorded for it on every annotated unit (training/record_predictions.py).

Prediction runs from the fitted arrays (lawnlp.predictor) for speed; this pins it to what the model gave when it
was shipped, so a faster code path cannot change a label or move a score by more than 1e-6.
"""

import sys
from pathlib import Path

import numpy as np
import pytest

from lawnlp.labels import FUNCTIONS
from lawnlp.pipeline import default_model_dir

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "predictions.npz"
sys.path.insert(0, str(ROOT / "training"))

import record_predictions  # noqa: E402


@pytest.fixture(scope="module")
def current():
    if not all((ROOT / p).is_file() for p in record_predictions.DOCS):
        pytest.skip("../shared/corpora is not beside the project")
    return record_predictions.predictions(default_model_dir())


def test_every_annotated_unit_gets_the_recorded_labels_and_scores(current):
    examples, (functions, function_scores, measures, measure_scores) = current
    recorded = np.load(FIXTURE, allow_pickle=False)
    digest = record_predictions.units_digest(examples.docs, examples.spans, examples.in_context)
    assert str(recorded["digest"]) == digest, "the annotated units changed: rerun training/record_predictions.py"
    assert len(functions) > 15000
    assert (np.array([FUNCTIONS.index(f) for f in functions]) == recorded["functions"]).all()
    assert (measures == recorded["measures"]).all()
    assert np.abs(function_scores - recorded["function_scores"]).max() < 1e-6
    assert np.abs(measure_scores - recorded["measure_scores"]).max() < 1e-6
