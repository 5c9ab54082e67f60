"""spaCy components: sentence units with sections, and the sentence classifier."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from spacy.language import Language
from spacy.tokens import Doc, Span

from .estimators import predict_units
from .features import doc_features
from .labels import FUNCTIONS, MEASURES
from .persistence import load_estimators, save_estimators, write_meta
from .sections import section_paths
from .sentences import Unit, split_units

__all__ = ["UnitSegmenter", "SentenceClassifier", "set_units", "unit_index"]


def _unit_getter(field: str) -> Callable[[Span], Any]:
    def get(span: Span) -> Any:
        index = unit_index(span)
        return None if index is None else span.doc._.lawnlp_units[index].get(field)

    return get


def unit_index(span: Span) -> int | None:
    """Index of the unit a span (usually a sentence) starts in, or ``None`` for whitespace."""
    doc = span.doc
    token_units = doc._.lawnlp_token_units
    if token_units is None:
        raise ValueError("this Doc has no lawnlp units: run it through a pipeline from lawnlp.load()")
    for i in range(span.start, span.end):
        if token_units[i] >= 0:
            return token_units[i]
    return None


def _register_extensions() -> None:
    Doc.set_extension("lawnlp_units", default=None, force=True)
    Doc.set_extension("lawnlp_token_units", default=None, force=True)
    for field in ("start", "end", "kind", "section", "function", "function_scores", "measures", "measure_scores"):
        Span.set_extension(field if field not in ("start", "end") else f"unit_{field}", getter=_unit_getter(field),
                           force=True)


_register_extensions()


class UnitSegmenter:
    """Set sentence boundaries to ``labels.md`` units and attach each its kind and heading path.

    Results live on the Doc (``doc._.lawnlp_units``: one dict per unit with
    ``start``, ``end`` (offsets into ``doc.text``), ``kind`` and ``section``)
    and are read through ``sent._.kind``, ``sent._.section`` and so on.
    """

    def __call__(self, doc: Doc) -> Doc:
        set_units(doc, split_units(doc.text))
        return doc

    # Nothing to save: the component is fully defined by the library's code.
    def to_disk(self, path: str | Path, *, exclude=()) -> None:
        return None

    def from_disk(self, path: str | Path, *, exclude=()) -> "UnitSegmenter":
        return self


def set_units(doc: Doc, units: list[Unit]) -> None:
    """Record ``units`` on ``doc`` and make them its sentences."""
    text = doc.text
    paths = section_paths([(text[u.start:u.end], u.kind == "heading") for u in units])
    doc._.lawnlp_units = [
        {"start": u.start, "end": u.end, "kind": u.kind, "section": list(path)} for u, path in zip(units, paths)
    ]
    token_units = [-1] * len(doc)
    first_tokens = set()
    unit_i = 0
    for token in doc:
        while unit_i < len(units) and units[unit_i].end <= token.idx:
            unit_i += 1
        if unit_i < len(units) and units[unit_i].start <= token.idx < units[unit_i].end:
            if token.idx == units[unit_i].start:
                first_tokens.add(token.i)
            token_units[token.i] = unit_i
    doc._.lawnlp_token_units = token_units
    for token in doc[1:]:
        token.is_sent_start = token.i in first_tokens
    if len(doc):
        doc[0].is_sent_start = True


@Language.factory("lawnlp_units")
def make_unit_segmenter(nlp: Language, name: str) -> UnitSegmenter:
    """Factory for :class:`UnitSegmenter`."""
    return UnitSegmenter()


class SentenceClassifier:
    """Label every unit with a function and measures, with scores.

    Debris lines (web-page text) are ``other`` by rule; ``other`` units take no
    measures (``labels.md`` §2), though their measure scores are kept.
    """

    def __init__(self, function_model: Any = None, measure_model: Any = None, meta: dict | None = None,
                 trusted: bool = False):
        self.function_model = function_model
        self.measure_model = measure_model
        self.meta = meta or {}
        self.trusted = trusted

    def __call__(self, doc: Doc) -> Doc:
        if self.function_model is None:
            raise ValueError("lawnlp_classifier has no model: load one with lawnlp.load() or from_disk()")
        units = doc._.lawnlp_units
        if units is None:
            raise ValueError("lawnlp_classifier needs the lawnlp_units component before it")
        if not units:
            return doc
        functions, function_scores, measures, measure_scores = predict_units(
            self.function_model, self.measure_model, doc_features(doc), [u["kind"] for u in units])
        for i, unit in enumerate(units):
            unit["function"] = functions[i]
            unit["function_scores"] = dict(zip(FUNCTIONS, map(float, function_scores[i])))
            unit["measures"] = [m for m, chosen in zip(MEASURES, measures[i]) if chosen]
            unit["measure_scores"] = dict(zip(MEASURES, map(float, measure_scores[i])))
        return doc

    def to_disk(self, path: str | Path, *, exclude=()) -> None:
        path = Path(path)
        save_estimators(path, self.function_model, self.measure_model)
        write_meta(path, {k: v for k, v in self.meta.items() if k not in {"files", "format", "versions"}})

    def from_disk(self, path: str | Path, *, exclude=()) -> "SentenceClassifier":
        self.function_model, self.measure_model, self.meta = load_estimators(path, trusted=self.trusted)
        return self


@Language.factory("lawnlp_classifier", default_config={"trusted": False})
def make_sentence_classifier(nlp: Language, name: str, trusted: bool) -> SentenceClassifier:
    """Factory for :class:`SentenceClassifier`; its estimators come from ``from_disk``."""
    return SentenceClassifier(trusted=trusted)
