"""Sentence units as ``labels.md`` defines them, with offsets into the input."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Literal

from .sections import heading_marker, is_heading
from .text import is_debris, iter_lines, trim

__all__ = ["Unit", "split_units", "units_from_spans"]

UnitKind = Literal["heading", "sentence", "debris"]

# A sentence ends at 。！？ (or ! ?), plus closing quotes and brackets that follow.
_END = re.compile(r"[。！？!?]+[”’」』）)】〕\"']*")
_CLAUSE_MARK = re.compile(r"[；;：:]")
_SENTENCE_PUNCTUATION = re.compile(r"[，,。；;]")
_WIDE_GAP = re.compile(r"[ \u3000\u00a0]{3,}")
# A short numbered heading, then a space, or a colon followed by a numbered item, then body text.
_HEADING_THEN_BODY = re.compile(
    r"(.{2,30}?[^\s，,、；;])(?:\s+|(?<=[：:])(?=\d{1,2}[、.．]|[（(]\d))(\S.{8,}[，,。；;].*)", re.DOTALL)
#: A ；-clause with more characters than this on both sides stands alone.
MIN_CLAUSE_CHARS = 15


@dataclass(frozen=True)
class Unit:
    """One annotation unit: ``text[start:end]`` of the document."""

    start: int
    end: int
    kind: UnitKind


def _split_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence at ；/; where a clause can stand alone.

    That is: where a list item (一是……；二是……) begins or ends, or where both
    sides hold more than :data:`MIN_CLAUSE_CHARS` characters.  One pass, looking
    only at bounded prefixes, so time stays linear in the sentence's length.
    """
    cuts = [start]
    item_start = start  # where the current clause's own text begins (after a colon that introduces a list)
    for match in _CLAUSE_MARK.finditer(text, start, end):
        if match.group() in "：:":
            item_start = match.end()
            continue
        cut = match.end()
        if cut >= end:
            continue
        before = text[item_start:item_start + 12].lstrip()
        after = text[cut:min(end, cut + 40)].lstrip()
        standalone = cut - cuts[-1] > MIN_CLAUSE_CHARS + 1 and len(after) > MIN_CLAUSE_CHARS
        if standalone or heading_marker(after) or heading_marker(before):
            cuts.append(cut)
        item_start = cut
    cuts.append(end)
    return [span for a, b in zip(cuts, cuts[1:]) if (span := trim(text, a, b))[0] < span[1]]


def _split_fields(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a line at wide gaps (web-page fields) and after a numbered heading set off by a space or colon."""
    spans = []
    position = start
    last_punctuation = max((m.start() for m in _SENTENCE_PUNCTUATION.finditer(text, start, end)), default=-1)
    for match in _WIDE_GAP.finditer(text, start, end):
        if last_punctuation >= match.end():  # a body follows, not more fields
            spans.append((position, match.start()))
            position = match.end()
    spans.append((position, end))
    out = []
    for a, b in spans:
        match = _HEADING_THEN_BODY.match(text, a, b)
        if match and heading_marker(text[a:b]) not in (None, "item"):
            out.append((a, match.end(1)))
            a = match.start(2)
        out.append((a, b))
    return [span for a, b in out if (span := trim(text, a, b))[0] < span[1]]


def _line_units(text: str, start: int, end: int) -> list[Unit]:
    if is_debris(text[start:end]):
        return [Unit(start, end, "debris")]
    spans: list[tuple[int, int]] = []
    for field_start, field_end in _split_fields(text, start, end):
        position = field_start
        for match in _END.finditer(text, field_start, field_end):
            spans.extend(_split_clauses(text, position, match.end()))
            position = match.end()
        if position < field_end:
            spans.extend(_split_clauses(text, position, field_end))
    return [Unit(a, b, _kind(text[a:b], whole_line=_stands_alone(text, a, b))) for a, b in spans]


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` fills its line or field: it starts one, and a line break, gap or colon follows."""
    starts = start == 0 or text[start - 1].isspace()
    return starts and (end == len(text) or text[end].isspace() or text[end] in "：:")


def _kind(unit_text: str, *, whole_line: bool) -> UnitKind:
    if is_debris(unit_text):
        return "debris"
    return "heading" if is_heading(unit_text, whole_line=whole_line) else "sentence"


def units_from_spans(text: str, spans: Iterable[tuple[int, int]]) -> list[Unit]:
    """Units for given spans (e.g. annotated records), with the kind the splitter would give."""
    return [Unit(start, end, _kind(text[start:end], whole_line=_stands_alone(text, start, end))) for start, end in spans]


def split_units(text: str) -> list[Unit]:
    """Split a document into units: sentences, ``；`` list items, headings, debris lines.

    Units never cross a line break, never overlap, and cover every
    non-whitespace character of ``text``; ``text[u.start:u.end]`` has no outer
    whitespace.

    >>> text = "二、存在的问题\\n一是意识不强；二是制度不全。"
    >>> [(text[u.start:u.end], u.kind) for u in split_units(text)]
    [('二、存在的问题', 'heading'), ('一是意识不强；', 'sentence'), ('二是制度不全。', 'sentence')]
    """
    units: list[Unit] = []
    for start, end in iter_lines(text):
        units.extend(_line_units(text, start, end))
    return units
