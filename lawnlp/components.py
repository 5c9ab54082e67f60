"""spaCy components: sentence units with sections, and the sentence classifier."""

from __future__ import annotations

from itertools import chain
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from .features import doc_features
from .labels import FUNCTIONS
from .persistence import Parts, load_predictor, model_schema, save_parts, write_meta
from .predictor import Predictor
from .schema import Schema
from .sections import section_paths
from .sentences import Unit, split_units

__all__ = ["UnitSegmenter", "SentenceClassifier", "set_units", "unit_index"]

#: Documents are labelled in batches of about this many units (a document is never cut: its neighbours count).
BATCH_UNITS = 2000


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
    ``text``, ``start``, ``end`` (offsets into ``doc.text``), ``kind`` and
    ``section``) and are read through ``sent._.kind``, ``sent._.section`` and so on.
    """

    def __call__(self, doc: Doc) -> Doc:
        if doc._.lawnlp_split is not None:  # made by lawnlp's tokenizer, which split the text already
            text, units = doc._.lawnlp_split
            doc._.lawnlp_split = None
        else:
            text = doc.text
            units = split_units(text)
        set_units(doc, units, text)
        return doc


def set_units(doc: Doc, units: list[Unit], text: str) -> None:
    """Record ``units`` of ``text`` (which is ``doc.text``) on ``doc`` and make them its sentences."""
    texts = [text[u.start:u.end] for u in units]
    paths = section_paths([(t, u.kind == "heading") for t, u in zip(texts, units)])
    doc._.lawnlp_units = [{"text": t, "start": u.start, "end": u.end, "kind": u.kind, "section": list(path)}
                          for t, u, path in zip(texts, units, paths)]
    token_units = [-1] * len(doc)
    sent_starts = numpy.full(len(doc), -1, dtype="int32")  # spaCy's SENT_START: 1 starts a sentence, -1 does not
    unit_i = 0
    for i, idx in enumerate(doc.to_array(IDX).tolist()):
        while unit_i < len(units) and units[unit_i].end <= idx:
            unit_i += 1
        if unit_i < len(units) and units[unit_i].start <= idx:
            if idx == units[unit_i].start:
                sent_starts[i] = 1
            token_units[i] = unit_i
    doc._.lawnlp_token_units = token_units
    if len(doc):
        sent_starts[0] = 1
        doc.from_array([SENT_START], sent_starts.reshape(-1, 1).astype("uint64"))


@Language.factory("lawnlp_units")
def make_unit_segmenter(nlp: Language, name: str) -> UnitSegmenter:
    """Factory for :class:`UnitSegmenter`."""
    return UnitSegmenter()


class SentenceClassifier:
    """Label every unit with a function and measures, with scores.

    Debris lines (web-page text) are ``other`` by rule; ``other`` units take no
    measures (``labels.md`` §2), though their measure scores are kept.  The
    measures are those of the model's label set, :attr:`schema`.
    """

    def __init__(self, predictor: Predictor | None = None, parts: Parts | None = None, meta: dict | None = None,
                 trusted: bool = False):
        self.predictor = predictor
        self.parts = parts  # the model's data as read, written back by to_disk
        self.meta = meta or {}
        self.trusted = trusted

    @property
    def schema(self) -> Schema:
        """The model's label set (:class:`lawnlp.Schema`): ``labels.md``'s unless it was trained with its own."""
        return model_schema(self.meta)

    @property
    def labels(self) -> tuple[str, ...]:
        """The measure ids it scores, in order (as spaCy's text classifiers name their labels)."""
        return self.predictor.measures if self.predictor is not None else ()

    def __call__(self, doc: Doc) -> Doc:
        self._label([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """Label docs in batches: one vectorisation and one prediction per batch."""
        batch: list[Doc] = []
        units = 0
        for doc in docs:
            batch.append(doc)
            units += len(doc._.lawnlp_units or ())
            if units >= BATCH_UNITS or len(batch) >= batch_size:
                self._label(batch)
                yield from batch
                batch, units = [], 0
        if batch:
            self._label(batch)
            yield from batch

    def _label(self, docs: list[Doc]) -> None:
        if self.predictor is None:
            raise ValueError("lawnlp_classifier has no model: load one with lawnlp.load() or from_disk()")
        if any(doc._.lawnlp_units is None for doc in docs):
            raise ValueError("lawnlp_classifier needs the lawnlp_units component before it")
        units = [unit for doc in docs for unit in doc._.lawnlp_units]
        features = chain.from_iterable(doc_features(doc) for doc in docs)
        functions, function_scores, measures, measure_scores = self.predictor.predict(features)
        measure_ids = self.predictor.measures
        rows = zip(units, functions.tolist(), function_scores.tolist(), measures.tolist(), measure_scores.tolist())
        for unit, function, scores, chosen, measure_scores_ in rows:
            unit["function"] = function
            unit["function_scores"] = dict(zip(FUNCTIONS, scores))
            unit["measures"] = [m for m, on in zip(measure_ids, chosen) if on]
            unit["measure_scores"] = dict(zip(measure_ids, measure_scores_))

    def to_disk(self, path: str | Path, *, exclude=()) -> None:
        path = Path(path)
        save_parts(path, self.parts)
        write_meta(path, {k: v for k, v in self.meta.items() if k not in {"files", "format", "versions"}})

    def from_disk(self, path: str | Path, *, exclude=()) -> "SentenceClassifier":
        self.predictor, self.parts, self.meta = load_predictor(path, trusted=self.trusted)
        return self


@Language.factory("lawnlp_classifier", default_config={"trusted": False})
def make_sentence_classifier(nlp: Language, name: str, trusted: bool) -> SentenceClassifier:
    """Factory for :class:`SentenceClassifier`; its model comes from ``from_disk``."""
    return SentenceClassifier(trusted=trusted)
