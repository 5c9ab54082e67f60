import json
import pickle
import shutil

import numpy as np
import pytest

import lawnlp
from lawnlp.persistence import ESTIMATOR_FILES, ModelError, write_meta
from lawnlp.pipeline import default_model_dir


@pytest.fixture
def model_copy(tmp_path):
    target = tmp_path / "model"
    shutil.copytree(default_model_dir(), target)
    return target


def _rewrite_meta(directory):
    """Update meta.json's checksums, as whoever crafted a directory would."""
    meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    write_meta(directory, {k: v for k, v in meta.items() if k not in {"files", "format", "versions"}})


class Payload:
    """Unpickling this writes a marker file: proof that code from the model ran."""

    marker = None

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_shipped_model_is_data_and_described():
    directory = default_model_dir()
    size = sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())
    assert size < 48 * 2**20  # 40 MB: its vocabulary includes the 1.66 million characters of government work reports
    meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    assert set(meta["files"]) >= {*ESTIMATOR_FILES, "segmenter/weights.npz", "segmenter/features.msgpack", "lexicon.txt"}
    suffixes = {p.suffix for p in directory.rglob("*") if p.is_file()}
    assert suffixes <= {".json", ".npz", ".msgpack", ".txt", ""}  # "": LICENSE, NOTICE
    for path in directory.rglob("*.npz"):
        with np.load(path, allow_pickle=False) as npz:
            assert all(npz[key].dtype.kind in "fiu" for key in npz.files)


@pytest.mark.parametrize("craft", ["pickle_as_npz", "object_array_npz", "joblib_file", "pickle_file",
                                   "segmenter_object_array", "json_names_a_class"])
def test_hostile_model_is_refused_and_runs_nothing(model_copy, tmp_path, craft):
    marker = tmp_path / "code-ran"
    Payload.marker = marker
    if craft == "pickle_as_npz":
        (model_copy / "function.npz").write_bytes(pickle.dumps(Payload()))
    elif craft == "object_array_npz":
        np.savez(model_copy / "measures.npz", **{"stage0.intercept": np.array([Payload()], dtype=object)})
    elif craft == "joblib_file":
        import joblib

        joblib.dump(Payload(), model_copy / "vectorizer.joblib")
    elif craft == "pickle_file":
        (model_copy / "segmenter" / "features.pkl").write_bytes(pickle.dumps(Payload()))
    elif craft == "segmenter_object_array":
        np.savez(model_copy / "segmenter" / "weights.npz", sizes=np.array([4, 10]), w=np.array([Payload()], dtype=object))
    elif craft == "json_names_a_class":
        data = json.loads((model_copy / "function.json").read_text(encoding="utf-8"))
        data["params"] = {"py/object": "os.system", "__class__": "subprocess.Popen"}
        (model_copy / "function.json").write_text(json.dumps(data), encoding="utf-8")
    _rewrite_meta(model_copy)
    for trusted in (False, True):
        with pytest.raises(ModelError):
            lawnlp.load(model_copy, trusted=trusted)
    assert not marker.exists()


def test_modified_file_is_refused(model_copy):
    with open(model_copy / "function.npz", "ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ModelError, match="function.npz does not match its sha256"):
        lawnlp.load(model_copy)


def test_unlisted_file_is_noticed(model_copy):
    (model_copy / "extra.txt").write_text("?", encoding="utf-8")
    with pytest.raises(ModelError, match="not listed in meta.json: extra.txt"):
        lawnlp.load(model_copy)


def test_weights_that_do_not_fit_the_vocabulary_are_refused(model_copy):
    data = json.loads((model_copy / "vectorizer.json").read_text(encoding="utf-8"))
    with np.load(model_copy / "vectorizer.npz") as npz:
        arrays = dict(npz)
    data["content"] = data["content"][:-1]
    arrays["content.idf"] = arrays["content.idf"][:-1]
    (model_copy / "vectorizer.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    np.savez_compressed(model_copy / "vectorizer.npz", **arrays)
    _rewrite_meta(model_copy)
    with pytest.raises(ModelError, match="do not fit the vectorizer"):
        lawnlp.load(model_copy)


def test_model_of_another_format_is_refused(model_copy):
    meta = json.loads((model_copy / "meta.json").read_text(encoding="utf-8"))
    meta["format"] = "lawnlp-model/2"
    (model_copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="format is 'lawnlp-model/2', expected 'lawnlp-model/3'.*retrain"):
        lawnlp.load(model_copy, trusted=True)


def test_estimator_with_other_parameters_is_refused_even_when_trusted(model_copy):
    data = json.loads((model_copy / "function.json").read_text(encoding="utf-8"))
    del data["params"]["neighbour_weight"]  # as written by a version without the second stage
    (model_copy / "function.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelError, match="function.json/.npz: not a lawnlp FunctionClassifier of this version"):
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
        lawnlp.load(model_copy, trusted=True)


def test_missing_or_corrupt_meta_is_refused(model_copy):
    (model_copy / "meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="meta.json: missing or not JSON"):
        lawnlp.load(model_copy)


def test_trusted_skips_only_the_checksums(model_copy):
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
    meta = json.loads((model_copy / "meta.json").read_text(encoding="utf-8"))
    meta["versions"]["scikit-learn"] = "0.1.0"
    write_meta(model_copy, {k: v for k, v in meta.items() if k not in {"files", "format"}})
    with pytest.warns(UserWarning, match="scikit-learn 0.1.0"):
        lawnlp.load(model_copy)


def test_corrupt_segmenter_is_named_even_when_trusted(model_copy):
    (model_copy / "segmenter" / "weights.npz").write_bytes(b"not a numpy archive")
    with pytest.raises(ModelError, match="segmenter: cannot load the segmentation model"):
        lawnlp.load(model_copy, trusted=True)


def test_saved_pipeline_is_data_and_checked(tmp_path):
    import spacy

    nlp = lawnlp.load()
    nlp.to_disk(tmp_path / "pipeline")
    files = {p.suffix for p in (tmp_path / "pipeline" / "lawnlp_classifier").rglob("*") if p.is_file()}
    assert not files & {".joblib", ".pkl"}
    reloaded = spacy.load(tmp_path / "pipeline")
    text = "二、存在的问题\n部分干部法治意识不强。"
    assert [s._.function for s in reloaded(text).sents] == [s._.function for s in nlp(text).sents]


def test_shipped_model_names_a_licence_for_every_file():
    meta = lawnlp.load().meta["lawnlp"]
    files = json.loads((default_model_dir() / "meta.json").read_text(encoding="utf-8"))["files"]
    assert set(meta["licenses"]) == set(files)
    assert all(meta["licenses"].values())
    assert {meta["licenses"][name] for name in files if name.startswith("segmenter/")} == {"CC-BY-SA-4.0"}
    assert "GSDSimp" in (default_model_dir() / "NOTICE").read_text(encoding="utf-8")


def test_wheel_carries_the_licence_files(tmp_path):
    import subprocess
    import sys
    import zipfile

    from conftest import ROOT

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path),
                    str(ROOT)], check=True, capture_output=True)
    [wheel] = tmp_path.glob("lawnlp-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.endswith(".dist-info/licenses/LICENSE") or n.endswith(".dist-info/LICENSE") for n in names)
    assert "lawnlp/models/lawnlp-zh-reports/LICENSE" in names
    assert "lawnlp/models/lawnlp-zh-reports/NOTICE" in names
