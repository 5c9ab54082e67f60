"""Model directories: ``meta.json`` with checksums, the estimators as JSON and arrays, segmenter, lexicon.

A model directory is data, never code: the estimators are JSON
(parameters, vocabularies, thresholds) beside ``.npz`` arrays read with
``allow_pickle=False``, rebuilt by lawnlp's own classes; nothing in a
directory names a class to import, and no pickle is ever read (a directory
holding one is refused).  The sha256 sums in ``meta.json`` detect a
corrupt or truncated copy; they cannot vouch for whoever made the
directory, and need not: loading one runs nothing from it.
"""

from __future__ import annotations

import json
import warnings
import zipfile
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from ._version import __version__
from .labels import FUNCTIONS, MEASURES, SCHEMA_VERSION
from .schema import DEFAULT, Schema, SchemaError, unique_keys
from .segment import sha256

__all__ = ["Estimators", "ModelError", "write_meta", "read_meta", "model_schema", "read_parts", "save_parts",
           "load_estimators", "load_predictor", "save_estimators", "versions"]

META = "meta.json"
#: The estimators' files: each part is ``NAME.json`` (parameters, vocabularies) and ``NAME.npz`` (arrays).
ESTIMATOR_PARTS = ("vectorizer", "function", "measures")
#: The estimator each part holds.
PART_CLASSES = {"vectorizer": "UnitVectorizer", "function": "FunctionClassifier", "measures": "MeasureTagger"}
ESTIMATOR_FILES = tuple(f"{part}.{ext}" for part in ESTIMATOR_PARTS for ext in ("json", "npz"))
#: File endings of serialised Python objects; a model directory holding one is refused.
CODE_SUFFIXES = (".pkl", ".pickle", ".joblib", ".pt", ".pth", ".bin", ".dill", ".cloudpickle")


class Estimators(NamedTuple):
    """The fitted parts of a model: shared vectorizer, function classifier, measure tagger."""

    vectorizer: Any
    function: Any
    measures: Any


MODEL_FORMAT = "lawnlp-model/3"  # 3: estimators as JSON and arrays (2: joblib pickles, refused)


class ModelError(ValueError):
    """A model directory that is missing, damaged, tampered with or not a lawnlp model."""


def versions() -> dict[str, str]:
    """Versions of the libraries a model depends on (read from the installed distributions, importing none)."""
    from importlib.metadata import version

    return {"lawnlp": __version__, "spacy": version("spacy"), "scikit-learn": version("scikit-learn")}


def write_meta(directory: Path, meta: dict[str, Any]) -> dict[str, Any]:
    """Write ``meta.json`` for ``directory``, listing the sha256 of every other file in it.

    ``meta["schema"]`` (:meth:`Schema.to_dict`), where given, is the model's label set; its measures are then
    the ``measures`` listed (else ``labels.md``'s).
    """
    files = _files(directory)
    schema = meta.get("schema")
    meta = {
        "format": MODEL_FORMAT,
        "labels_schema": SCHEMA_VERSION,
        "functions": list(FUNCTIONS),
        "measures": list(schema["measures"]) if isinstance(schema, dict) else list(MEASURES),
        "versions": versions(),
        **meta,
        "files": {name: sha256(directory / name) for name in files},
    }
    components = meta.get("components") or {}
    meta["licenses"] = {name: next((c["license"] for c in components.values()
                                    if any(name.startswith(prefix) for prefix in c["files"])), None)
                        for name in meta["files"]}
    (directory / META).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return meta


def read_meta(directory: str | Path, *, trusted: bool = False) -> dict[str, Any]:
    """Read and check ``meta.json``: format, labels (against the model's own schema, :func:`model_schema`), no
    pickled code, and (unless ``trusted``) the sha256 sums.

    Raises :class:`ModelError` naming every problem found.  ``trusted=True``
    skips only the checksums (e.g. for a model edited by hand); nothing is
    ever executed from the directory either way.
    """
    directory = Path(directory)
    path = directory / META
    if not directory.is_dir():
        raise ModelError(f"model directory not found: {directory}")
    meta = _read_json(path, unique=True)
    files = _files(directory)
    problems = _format_problems(files, meta) + ([] if trusted else _checksum_problems(directory, files, meta))
    if problems:
        raise ModelError(f"refusing to load model {directory}: " + "; ".join(problems))
    _warn_versions(meta)
    return meta


def _files(directory: Path) -> list[str]:
    """Every file of a model directory but ``meta.json``, as sorted relative POSIX paths."""
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file() and p.name != META)


def _format_problems(files: list[str], meta: dict[str, Any]) -> list[str]:
    problems = []
    if meta.get("format") != MODEL_FORMAT:
        old = " (a model of joblib pickles: retrain it with `lawnlp train`)" if meta.get("format") == "lawnlp-model/2" else ""
        problems.append(f"format is {meta.get('format')!r}, expected {MODEL_FORMAT!r}{old}")
    if meta.get("functions") != list(FUNCTIONS):
        problems.append(f"function labels {meta.get('functions')} differ from labels.md {list(FUNCTIONS)}")
    try:
        schema = model_schema(meta)
    except ModelError as error:
        problems.append(str(error))
    else:
        own = "labels.md" if "schema" not in meta else f"its schema {schema.name!r}"
        if meta.get("measures") != list(schema.measure_ids):
            problems.append(f"measure labels {meta.get('measures')} differ from {own} {list(schema.measure_ids)}")
        thresholds = meta.get("thresholds")
        if thresholds is not None and (not isinstance(thresholds, dict) or list(thresholds) != list(schema.measure_ids)):
            problems.append(f"thresholds are not one per measure of {own} "
                            f"(got {list(thresholds) if isinstance(thresholds, dict) else thresholds!r})")
    code = [name for name in files if Path(name).suffix.lower() in CODE_SUFFIXES]
    if code:
        problems.append(f"it holds serialised Python objects, which lawnlp never loads: {', '.join(code)}")
    return problems


def model_schema(meta: dict[str, Any]) -> Schema:
    """The label set a model's ``meta.json`` records (``labels.md``'s where it records none, as the shipped
    model's): :class:`ModelError` naming what is wrong with a recorded one."""
    if "schema" not in meta:
        return DEFAULT
    try:
        return Schema.from_recorded(meta["schema"], "its schema")
    except SchemaError as error:
        raise ModelError(str(error)) from None


def _checksum_problems(directory: Path, files: list[str], meta: dict[str, Any]) -> list[str]:
    problems = []
    listed = meta.get("files") if isinstance(meta.get("files"), dict) else {}
    for name, digest in sorted(listed.items()):
        path = directory / name
        if not path.is_file():
            problems.append(f"file {name} is missing")
        elif sha256(path) != digest:
            problems.append(f"file {name} does not match its sha256 in meta.json (modified or corrupt)")
    for name in ESTIMATOR_FILES:
        if name not in listed:
            problems.append(f"meta.json lists no checksum for {name}")
    unlisted = sorted(set(files) - set(listed))
    if unlisted:
        problems.append(f"files not listed in meta.json: {', '.join(unlisted)}")
    return problems


def _warn_versions(meta: dict[str, Any]) -> None:
    recorded = meta.get("versions", {})
    for library, version in versions().items():
        if library in recorded and recorded[library].split(".")[:2] != version.split(".")[:2]:
            warnings.warn(f"model was saved with {library} {recorded[library]}, running {version}; "
                          "results may differ", UserWarning, stacklevel=3)


#: A model's parts as data: ``{name: (json, arrays)}`` for each of ``ESTIMATOR_PARTS``.
Parts = dict[str, tuple[dict[str, Any], dict[str, np.ndarray]]]


def save_parts(directory: Path, parts: Parts) -> None:
    """Write each part as ``NAME.json`` and ``NAME.npz`` (call :func:`write_meta` afterwards)."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in ESTIMATOR_PARTS:
        data, arrays = parts[name]
        (directory / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
        np.savez_compressed(directory / f"{name}.npz", **arrays)


def save_estimators(directory: Path, estimators: Estimators) -> None:
    """Write fitted estimators as their parts' data (call :func:`write_meta` afterwards)."""
    save_parts(directory, {name: part.to_data() for name, part in zip(ESTIMATOR_PARTS, estimators)})


def read_parts(directory: str | Path, *, trusted: bool = False) -> tuple[Parts, dict[str, Any]]:
    """Check a model directory (:func:`read_meta`), then read its parts' JSON and arrays: ``(parts, meta)``."""
    directory = Path(directory)
    meta = read_meta(directory, trusted=trusted)
    parts = {name: (_read_json(directory / f"{name}.json"), read_arrays(directory / f"{name}.npz"))
             for name in ESTIMATOR_PARTS}
    return parts, meta


def load_predictor(directory: str | Path, *, trusted: bool = False):
    """A model directory's :class:`~lawnlp.predictor.Predictor`, built from its data without scikit-learn:
    ``(predictor, parts, meta)``; its measures are its schema's (:func:`model_schema`)."""
    from .predictor import PartError, Predictor

    parts, meta = read_parts(directory, trusted=trusted)
    try:
        return Predictor.from_data(parts, model_schema(meta).measure_ids), parts, meta
    except PartError as error:
        raise _part_error(Path(directory), error, meta) from None


def _part_error(directory: Path, error, meta: dict[str, Any]) -> ModelError:
    """The :class:`ModelError` of a part that is not one (or does not score its schema's labels)."""
    from .predictor import LabelMismatch

    if isinstance(error, LabelMismatch):
        own = "labels.md" if "schema" not in meta else f"schema {model_schema(meta).name!r} in meta.json"
        return ModelError(f"refusing to load model {directory}: {error.part}.json/.npz disagrees with {own}: {error}")
    return ModelError(f"{directory / error.part}.json/.npz: not a lawnlp {PART_CLASSES[error.part]} of this "
                      f"version ({error}); retrain it with `lawnlp train`")


def load_estimators(directory: str | Path, *, trusted: bool = False) -> tuple[Estimators, dict[str, Any]]:
    """Check a model directory, then rebuild its scikit-learn estimators from their data: ``(estimators, meta)``."""
    from .estimators import FunctionClassifier, MeasureTagger, UnitVectorizer
    from .predictor import PartError, check_labels, check_widths

    directory = Path(directory)
    parts, meta = read_parts(directory, trusted=trusted)
    labels = {"measures": {"measures": model_schema(meta).measure_ids}}
    loaded = []
    for name, cls in zip(ESTIMATOR_PARTS, (UnitVectorizer, FunctionClassifier, MeasureTagger)):
        try:
            loaded.append(cls.from_data(*parts[name], **labels.get(name, {})))
        except (ValueError, TypeError) as error:
            raise ModelError(f"{directory / name}.json/.npz: not a lawnlp {cls.__name__} of this version "
                             f"({error}); retrain it with `lawnlp train`") from None
    estimators = Estimators(*loaded)
    try:
        check_widths(estimators.vectorizer.content_, estimators.vectorizer.context_,
                     {name: part.stages_ for name, part in zip(ESTIMATOR_PARTS[1:], estimators[1:])})
    except PartError as error:
        raise ModelError(f"{directory / error.part}.npz: {error}") from None
    function, measures = estimators.function, estimators.measures
    try:
        check_labels(function.stages_, function.window, measures.stages_, measures.window, measures.thresholds_,
                     len(measures.measures))
    except PartError as error:
        raise _part_error(directory, error, meta) from None
    return estimators, meta


def _read_json(path: Path, unique: bool = False) -> dict[str, Any]:
    """A JSON object; ``unique``: refusing a key given twice (which ``json`` would keep the last of)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=unique_keys if unique else None)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ModelError(f"{path}: missing or not JSON ({error})") from None
    if not isinstance(data, dict):
        raise ModelError(f"{path}: expected a JSON object, got {type(data).__name__}")
    return data


def read_arrays(path: Path) -> dict[str, np.ndarray]:
    """The arrays of an ``.npz`` file, read with ``allow_pickle=False``: an object array is refused, never unpickled."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            return {key: npz[key] for key in npz.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:
        raise ModelError(f"{path}: not an array file lawnlp can read without running code ({error})") from None
