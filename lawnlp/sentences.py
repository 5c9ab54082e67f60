"""Sentence units as ``labels.md`` defines them, with offsets into the input."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .sections import heading_marker, is_heading
from .text import is_debris, iter_lines

__all__ = ["Unit", "split_units"]

UnitKind = Literal["heading", "sentence", "debris"]

# A sentence ends at 。！？ (or ! ?), plus closing quotes and brackets that follow.
_END = re.compile(r"[。！？!?]+[”’」』）)】〕\"']*")
_SEMICOLON = re.compile(r"[；;]")


@dataclass(frozen=True)
class Unit:
    """One annotation unit: ``text[start:end]`` of the document."""

    start: int
    end: int
    kind: UnitKind


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split_list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence at ；/; where a list item (一是……；二是……) begins or ends."""
    cuts = [start]
    for match in _SEMICOLON.finditer(text, start, end):
        cut = match.end()
        if cut >= end:
            continue
        before = re.split(r"[：:]", text[cuts[-1]:cut])[-1].strip()
        after = text[cut:end].lstrip()
        if heading_marker(after) or heading_marker(before):
            cuts.append(cut)
    cuts.append(end)
    return [span for a, b in zip(cuts, cuts[1:]) if (span := _trim(text, a, b))[0] < span[1]]


def _line_units(text: str, start: int, end: int) -> list[Unit]:
    line = text[start:end]
    if is_debris(line):
        return [Unit(start, end, "debris")]
    spans: list[tuple[int, int]] = []
    position = start
    for match in _END.finditer(text, start, end):
        spans.extend(_split_list_items(text, position, match.end()))
        position = match.end()
    if position < end:
        spans.extend(_split_list_items(text, position, end))
    whole_line = len(spans) == 1
    return [
        Unit(a, b, "heading" if is_heading(text[a:b], whole_line=whole_line or i == 0 and b == end) else "sentence")
        for i, (a, b) in enumerate(spans)
        if a < b
    ]


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
