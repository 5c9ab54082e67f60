"""lawnlp: sentence function and measure labels for Chinese rule-of-law government reports.

>>> import lawnlp
>>> first = lawnlp.classify("二、存在的问题\\n部分干部法治意识不强。")[1]
>>> first.function, first.section
('problem', ['二、存在的问题'])
"""

from __future__ import annotations

import threading
import warnings
from dataclasses import replace
from pathlib import Path

from ._version import __version__  # noqa: E402

from .annotations import AnnotationError  # noqa: E402
from .labels import FUNCTIONS, MEASURES  # noqa: E402
from .persistence import ModelError  # noqa: E402
from .pipeline import load  # noqa: E402
from .results import SentenceResult, results_from_doc  # noqa: E402
from .text import traditional_share  # noqa: E402
from .traditional import (TRADITIONAL_SHARE, Converted, conversion_for, report_to_original,  # noqa: E402
                          results_to_original, to_simplified)
from .tokenizer import check_text  # noqa: E402
from .batch import Pool, analyze_many, plot_measure_coverage  # noqa: E402
from .io import InputError, read  # noqa: E402
from .report import Report, build_report  # noqa: E402
from .borrowed import Borrowing, find_borrowed  # noqa: E402
from .schema import DEFAULT as _LABELS_MD, Schema, SchemaError, read_schema  # noqa: E402
from .suggest import Suggestion, suggest  # noqa: E402
from .exchange import import_annotations  # noqa: E402

__all__ = ["load", "classify", "analyze", "analyze_many", "Pool", "read", "train", "evaluate", "plot_measure_coverage", "Report",
           "find_borrowed", "Borrowing", "Schema", "SchemaError", "read_schema",
           "suggest", "Suggestion", "import_annotations",
           "SentenceResult", "FUNCTIONS", "MEASURES", "ModelError", "AnnotationError", "InputError", "__version__"]

#: Names imported on first use: training and evaluation need scikit-learn, prediction does not.
_LAZY = {"train": ".training", "evaluate": ".evaluation"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        value = globals()[name] = getattr(import_module(_LAZY[name], __name__), name)
        return value
    raise AttributeError(f"module 'lawnlp' has no attribute {name!r}")


_cache: dict[str, object] = {}
_cache_lock = threading.Lock()


def _pipeline(model: str | Path | None):
    key = str(Path(model).resolve()) if model is not None else ""
    with _cache_lock:
        if key not in _cache:
            _cache[key] = load(model)
        return _cache[key]


def classify(text: str, *, model: str | Path | None = None, convert: str | None = "auto") -> list[SentenceResult]:
    """Label every sentence unit of ``text`` (a whole report or one sentence).

    Returns :class:`SentenceResult` objects with ``text``, ``start``/``end``
    (offsets into ``text``), ``function`` and ``function_scores``,
    ``measures`` and ``measure_scores`` (every measure id of the model's label set: ``labels.md``'s twelve,
    and those its schema adds), and ``section``
    (heading path).  The pipeline of ``model`` (default: the shipped model)
    is loaded once and cached.  Empty or whitespace text gives ``[]``.
    Text in traditional characters is read in simplified characters, as the
    segmenter and the model learnt them (``convert``: ``"auto"`` converts a
    text in traditional characters with OpenCC's t2s, ``"t2s"``, ``"tw2sp"``
    or ``"hk2s"`` always converts, ``None`` never does and warns on such a
    text); offsets, texts and headings stay the caller's.
    """
    check_text(text)
    converted = _converted(text, convert)
    if converted is not None:
        return results_to_original(_classify(converted.text, model), converted)
    return _classify(text, model)


def _converted(text: str, convert: str | None) -> Converted | None:
    """``text`` converted as ``convert`` says (see :func:`classify`), or ``None``, with a warning when a text in
    traditional characters is not converted."""
    config = conversion_for(text, convert)
    if config is not None:
        return to_simplified(text, config)
    if convert is None and traditional_share(text) >= TRADITIONAL_SHARE:
        warnings.warn("the text is in traditional characters, but lawnlp's segmenter and model learnt from simplified "
                      "Chinese, so its labels are less reliable: let lawnlp convert it (convert='auto', the default; "
                      "--convert auto on the command line)", UserWarning, stacklevel=3)
    return None


def _classify(text: str, model: str | Path | None) -> list[SentenceResult]:
    if not text.strip():
        return []
    nlp = _pipeline(model)
    if len(text) <= LONG_TEXT_CHARS:
        return results_from_doc(nlp(text), text)
    results = []
    offsets, blocks = zip(*_blocks(text, LONG_TEXT_CHARS))
    for offset, doc in zip(offsets, nlp.pipe(blocks, batch_size=1)):
        for r in results_from_doc(doc):
            results.append(replace(r, text=text[r.start + offset:r.end + offset], start=r.start + offset,
                                   end=r.end + offset))
    return results


#: Texts longer than this (characters) are classified in blocks of whole lines, which bounds memory;
#: a report is far shorter, so this only splits concatenated corpora (headings do not carry across blocks).
LONG_TEXT_CHARS = 1_000_000


def _blocks(text: str, size: int):
    """``(offset, block)`` pieces of at most ``size`` characters, cut after a line break where there is one."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end


def analyze(text: str, *, model: str | Path | None = None, source: str | None = None,
            convert: str | None = "auto") -> Report:
    """Read a whole report: title, issuer, year and date, sections, labelled sentences, quantities
    and the required parts of a 法治政府建设年度报告 found or missing.

    A text in traditional characters is read in simplified ones (``convert`` as for :func:`classify`) and
    ``report.converted`` names the conversion; text, offsets, title and issuer are the caller's.

    >>> report = analyze("X镇2023年法治政府建设工作报告\\n一、主要举措和成效\\n全年调解纠纷90起。")
    >>> report.year, [q.quantity.value for q in report.quantities]
    (2023, [90.0])
    """
    check_text(text)
    converted = _converted(text, convert)
    if converted is None:
        return _report(text, model, source)
    return report_to_original(_report(converted.text, model, source), converted)


def _report(text: str, model: str | Path | None, source: str | None) -> Report:
    """The report of ``text``, with the label set of the model that labelled it (none loaded for an empty text)."""
    sentences = _classify(text, model)
    schema = _pipeline(model).get_pipe("lawnlp_classifier").schema if sentences else _LABELS_MD
    return build_report(text, sentences, source=source, schema=schema)
