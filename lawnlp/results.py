"""Sentence results: plain data with offsets into the caller's string."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from spacy.tokens import Doc

__all__ = ["SentenceResult", "results_from_doc"]


@dataclass(frozen=True)
class SentenceResult:
    """One sentence unit and its labels; ``text == original[start:end]``."""

    text: str
    start: int
    end: int
    kind: str
    function: str
    function_scores: dict[str, float]
    measures: list[str]
    measure_scores: dict[str, float]
    section: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """A plain ``dict`` (JSON-ready)."""
        return asdict(self)

    def to_json(self) -> str:
        """One JSON object, non-ASCII kept readable."""
        return json.dumps(self.to_dict(), ensure_ascii=False)


def results_from_doc(doc: Doc, text: str | None = None) -> list[SentenceResult]:
    """Results of a Doc processed by a full lawnlp pipeline, in document order.

    ``text`` is the string the Doc was made from, when the caller has it: each
    result's text is then sliced from it (the Doc holds U+FFFD for unpaired surrogates).
    """
    return [
        SentenceResult(text=u["text"] if text is None else text[u["start"]:u["end"]], start=u["start"], end=u["end"], kind=u["kind"],
                       function=u["function"], function_scores=u["function_scores"], measures=list(u["measures"]),
                       measure_scores=u["measure_scores"], section=list(u["section"]))
        for u in doc._.lawnlp_units
    ]
