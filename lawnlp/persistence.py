"""Model directories: ``meta.json`` with checksums, joblib estimators, segmenter, lexicon.

A joblib file is code: loading one runs what it holds.  So a model directory
is loaded only when every file matches the sha256 its ``meta.json`` lists and
the metadata describes a lawnlp model with the label ids of ``labels.md``,
unless the caller passes ``trusted=True``.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path
from typing import Any, NamedTuple

import joblib

from . import __version__
from .labels import FUNCTIONS, MEASURES, SCHEMA_VERSION

__all__ = ["Estimators", "ModelError", "write_meta", "read_meta", "load_estimators", "save_estimators", "versions"]

META = "meta.json"
ESTIMATOR_FILES = ("vectorizer.joblib", "function.joblib", "measures.joblib")


class Estimators(NamedTuple):
    """The fitted parts of a model: shared vectorizer, function classifier, measure tagger."""

    vectorizer: Any
    function: Any
    measures: Any
MODEL_FORMAT = "lawnlp-model/2"  # 2: two-stage estimators that see neighbouring units


class ModelError(ValueError):
    """A model directory that is missing, damaged, tampered with or not a lawnlp model."""


def versions() -> dict[str, str]:
    """Versions of the libraries a model depends on."""
    import sklearn
    import spacy

    return {"lawnlp": __version__, "spacy": spacy.__version__, "scikit-learn": sklearn.__version__}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_meta(directory: Path, meta: dict[str, Any]) -> dict[str, Any]:
    """Write ``meta.json`` for ``directory``, listing the sha256 of every other file in it."""
    files = sorted(p for p in directory.rglob("*") if p.is_file() and p.name != META)
    meta = {
        "format": MODEL_FORMAT,
        "labels_schema": SCHEMA_VERSION,
        "functions": list(FUNCTIONS),
        "measures": list(MEASURES),
        "versions": versions(),
        **meta,
        "files": {p.relative_to(directory).as_posix(): sha256(p) for p in files},
    }
    (directory / META).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return meta


def read_meta(directory: str | Path, *, trusted: bool = False) -> dict[str, Any]:
    """Read and check ``meta.json``; raise :class:`ModelError` on any mismatch unless ``trusted``."""
    directory = Path(directory)
    path = directory / META
    if not directory.is_dir():
        raise ModelError(f"model directory not found: {directory}")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(meta, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as error:
        if trusted:
            return {}
        raise ModelError(f"{path}: missing or unreadable model metadata ({error}); not a lawnlp model?") from None
    problems = _problems(directory, meta)
    if problems and not trusted:
        raise ModelError(
            f"refusing to load model {directory}: " + "; ".join(problems)
            + ". Pass trusted=True only if you trust where this model came from.")
    _warn_versions(meta)
    return meta


def _problems(directory: Path, meta: dict[str, Any]) -> list[str]:
    problems = []
    if meta.get("format") != MODEL_FORMAT:
        problems.append(f"format is {meta.get('format')!r}, expected {MODEL_FORMAT!r}")
    if meta.get("functions") != list(FUNCTIONS):
        problems.append(f"function labels {meta.get('functions')} differ from labels.md {list(FUNCTIONS)}")
    if meta.get("measures") != list(MEASURES):
        problems.append(f"measure labels {meta.get('measures')} differ from labels.md {list(MEASURES)}")
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
    return problems


def _warn_versions(meta: dict[str, Any]) -> None:
    recorded = meta.get("versions", {})
    for library, version in versions().items():
        if library in recorded and recorded[library].split(".")[:2] != version.split(".")[:2]:
            warnings.warn(f"model was saved with {library} {recorded[library]}, running {version}; "
                          "results may differ", UserWarning, stacklevel=3)


def save_estimators(directory: Path, estimators: Estimators) -> None:
    """Write the estimators with joblib (call :func:`write_meta` afterwards)."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, part in zip(ESTIMATOR_FILES, estimators):
        joblib.dump(part, directory / name, compress=3)


def load_estimators(directory: str | Path, *, trusted: bool = False) -> tuple[Estimators, dict[str, Any]]:
    """Check a model directory, then load its estimators: ``(estimators, meta)``."""
    directory = Path(directory)
    meta = read_meta(directory, trusted=trusted)
    loaded = []
    for name in ESTIMATOR_FILES:
        try:
            loaded.append(joblib.load(directory / name))
        except Exception as error:  # joblib raises many kinds on a damaged file
            raise ModelError(f"{directory / name}: cannot load estimator ({type(error).__name__}: {error})") from None
    from .estimators import FunctionClassifier, MeasureTagger, UnitVectorizer

    estimators = Estimators(*loaded)
    if not (isinstance(estimators.vectorizer, UnitVectorizer) and isinstance(estimators.function, FunctionClassifier)
            and isinstance(estimators.measures, MeasureTagger)):
        raise ModelError(f"{directory}: estimator files do not hold lawnlp estimators")
    for name, part in zip(ESTIMATOR_FILES, estimators):
        if not _current(part):
            raise ModelError(f"{directory / name}: saved by another version of lawnlp (unfitted, or its parameters "
                             f"differ from this version's); retrain it with `lawnlp train`")
    return estimators, meta


def _current(estimator) -> bool:
    """Whether a loaded estimator is fitted and has every parameter this version's class has."""
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    try:
        check_is_fitted(estimator)
    except NotFittedError:
        return False
    return set(type(estimator)().get_params()) <= set(vars(estimator))
