import json
import shutil

import joblib
import pytest

import lawnlp
from lawnlp.persistence import ModelError
from lawnlp.pipeline import default_model_dir


@pytest.fixture
def model_copy(tmp_path):
    target = tmp_path / "model"
    shutil.copytree(default_model_dir(), target)
    return target


def test_shipped_model_is_small_and_described():
    directory = default_model_dir()
    size = sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())
    assert size < 40 * 2**20
    meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    assert set(meta["files"]) >= {"function.joblib", "measures.joblib", "segmenter/weights.npz", "lexicon.txt"}


def test_modified_joblib_file_is_refused(model_copy):
    with open(model_copy / "function.joblib", "ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ModelError, match="function.joblib does not match its sha256"):
        lawnlp.load(model_copy)


def test_foreign_joblib_is_refused_even_with_a_fresh_checksum(model_copy):
    from lawnlp.persistence import write_meta

    joblib.dump({"not": "a model"}, model_copy / "measures.joblib")
    meta = json.loads((model_copy / "meta.json").read_text(encoding="utf-8"))
    write_meta(model_copy, {k: v for k, v in meta.items() if k != "files"})
    with pytest.raises(ModelError, match="do not hold lawnlp estimators"):
        lawnlp.load(model_copy)


def test_model_of_another_format_is_refused(model_copy):
    meta = json.loads((model_copy / "meta.json").read_text(encoding="utf-8"))
    meta["format"] = "lawnlp-model/1"
    (model_copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="format is 'lawnlp-model/1', expected 'lawnlp-model/2'"):
        lawnlp.load(model_copy)


def test_estimator_of_an_older_version_is_refused_even_when_trusted(model_copy):
    function = joblib.load(model_copy / "function.joblib")
    del function.neighbour_weight  # as pickled by a version without the second stage
    joblib.dump(function, model_copy / "function.joblib")
    with pytest.raises(ModelError, match="function.joblib: saved by another version of lawnlp"):
        lawnlp.load(model_copy, trusted=True)


def test_missing_file_is_refused(model_copy):
    (model_copy / "segmenter" / "weights.npz").unlink()
    with pytest.raises(ModelError, match="segmenter/weights.npz is missing"):
        lawnlp.load(model_copy)


def test_wrong_label_set_is_refused(model_copy):
    meta = json.loads((model_copy / "meta.json").read_text(encoding="utf-8"))
    meta["measures"] = meta["measures"][:-1] + ["tax"]
    (model_copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="measure labels .* differ from labels.md"):
        lawnlp.load(model_copy)


def test_missing_or_corrupt_meta_is_refused(model_copy):
    (model_copy / "meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="unreadable model metadata"):
        lawnlp.load(model_copy)


def test_trusted_loads_a_modified_model(model_copy):
    with open(model_copy / "lexicon.txt", "a", encoding="utf-8") as handle:
        handle.write("新增术语\n")
    with pytest.raises(ModelError):
        lawnlp.load(model_copy)
    nlp = lawnlp.load(model_copy, trusted=True)
    assert nlp("一、主要举措")._.lawnlp_units[0]["function"] in lawnlp.FUNCTIONS


def test_missing_directory():
    with pytest.raises(ModelError, match="not found"):
        lawnlp.load("/nonexistent/model")


def test_version_mismatch_warns(model_copy):
    from lawnlp.persistence import write_meta

    meta = json.loads((model_copy / "meta.json").read_text(encoding="utf-8"))
    meta["versions"]["scikit-learn"] = "0.1.0"
    write_meta(model_copy, {k: v for k, v in meta.items() if k != "files"})
    with pytest.warns(UserWarning, match="scikit-learn 0.1.0"):
        lawnlp.load(model_copy)


def test_corrupt_segmenter_is_named_even_when_trusted(model_copy):
    (model_copy / "segmenter" / "weights.npz").write_bytes(b"not a numpy archive")
    with pytest.raises(ModelError, match="segmenter: cannot load the segmentation model"):
        lawnlp.load(model_copy, trusted=True)
