import json

import pytest

import lawnlp
from lawnlp.cli import main
from lawnlp.estimators import FunctionClassifier, MeasureTagger, UnitVectorizer
from lawnlp.features import UnitFeatures

from conftest import ROOT


@pytest.fixture(scope="module")
def small_model(tmp_path_factory):
    out = tmp_path_factory.mktemp("models") / "small"
    lawnlp.train([ROOT / "annotations" / "seeds"], out)
    return out


def test_train_writes_a_model_that_loads_and_classifies(small_model):
    meta = json.loads((small_model / "meta.json").read_text(encoding="utf-8"))
    assert meta["training_data"]["documents"] == 4
    assert meta["training_data"]["units"] > 200
    results = lawnlp.classify("二、存在的问题\n部分干部法治意识不强。", model=small_model)
    assert [r.function for r in results] == ["problem", "problem"]


def test_training_is_deterministic(small_model, tmp_path):
    again = lawnlp.train([ROOT / "annotations" / "seeds"], tmp_path / "again")
    first = json.loads((small_model / "meta.json").read_text(encoding="utf-8"))
    second = json.loads((again / "meta.json").read_text(encoding="utf-8"))
    assert first["training_data"]["sha256"] == second["training_data"]["sha256"]
    assert first["thresholds"] == second["thresholds"]


def test_cli_train_reports_a_bad_annotation_file(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc": "nowhere", "start": 0, "end": 3, "function": "plan", "measures": []}\n', encoding="utf-8")
    assert main(["train", str(bad), "--out", str(tmp_path / "m")]) == 2
    assert "bad.jsonl:1: document 'nowhere'" in capsys.readouterr().err


def test_estimators_validate_their_input():
    with pytest.raises(TypeError, match="list of UnitFeatures"):
        UnitVectorizer().fit("not features")
    with pytest.raises(TypeError, match="FeatureBlocks from UnitVectorizer.transform, got list"):
        FunctionClassifier().fit([["w:a"]], ["plan"])
    units = [UnitFeatures(["w:a", "w:b"], ["kind:sentence"])] * 3
    blocks = UnitVectorizer(min_df=1).fit_transform(units)
    with pytest.raises(ValueError, match="unknown function labels"):
        FunctionClassifier().fit(blocks, ["plan", "plan", "holiday"])
    with pytest.raises(ValueError, match="unknown measure label"):
        MeasureTagger().fit(blocks, [["tax"], [], []])
    with pytest.raises(ValueError, match="X has 3 samples but y has 1"):
        FunctionClassifier().fit(blocks, ["plan"])


def test_evaluate_groups_by_document_and_scores_every_unit_once(tmp_path):
    report = lawnlp.evaluate([ROOT / "annotations" / "seeds"], folds=0, subsets={"seed000": "^000"},
                             out=tmp_path / "report.json")
    assert report["folds"] == 4 and report["documents"] == 4
    assert report["systems"]["lawnlp"]["all"]["units"] == 245
    assert report["systems"]["lawnlp"]["seed000"]["units"] == sum(d == "000_a96ddfb8e6442cfd"
                                                                    for d in report["units"]["doc"])
    matrix = report["systems"]["lawnlp"]["all"]["function"]["confusion"]["rows_gold_columns_predicted"]
    assert sum(map(sum, matrix)) == 245
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["folds"] == 4
