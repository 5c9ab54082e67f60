"""Heading markers, their levels and the section tree of a document."""

from __future__ import annotations

import re
from typing import Iterable

__all__ = ["heading_marker", "section_paths"]

_CN_NUM = "一二三四五六七八九十"
# Marker kinds, in the usual order of depth in official documents.
_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^第[{_CN_NUM}]+部分")),
    ("cn", re.compile(rf"^[{_CN_NUM}]+\s*[、，,．.]")),
    ("paren_cn", re.compile(rf"^[（(]\s*[{_CN_NUM}]*\s*[)）]")),
    ("arabic", re.compile(r"^\d{1,2}\s*(?:[、，．]|\.(?!\d))")),
    ("paren_arabic", re.compile(r"^[（(]\s*\d{1,2}\s*[)）]")),
    ("circled", re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩]")),
)
_ITEM = re.compile(rf"^(?:[{_CN_NUM}]+是|其[{_CN_NUM}]|第[{_CN_NUM}]+[，,、是])")
#: Longest heading that shares its line with body text, and longest heading line.
MAX_INLINE_HEADING_CHARS = 40
MAX_HEADING_LINE_CHARS = 60


def heading_marker(text: str) -> str | None:
    """Return the kind of numbering a unit starts with, or ``None``.

    >>> heading_marker("（二）干部法治意识需提高"), heading_marker("1.5万人"), heading_marker("二是加强培训")
    ('paren_cn', None, 'item')
    """
    text = text.lstrip()
    for kind, pattern in _MARKERS:
        if pattern.match(text):
            return kind
    if _ITEM.match(text):
        return "item"
    return None


def is_heading(text: str, *, whole_line: bool) -> bool:
    """Whether a unit is a heading: numbered (not an ``一是`` item) and short.

    A heading ends without 。 or is a short phrase closed by one (``1.强化统筹部署。``).
    """
    kind = heading_marker(text)
    if kind is None or kind == "item":
        return False
    body = text.strip()
    if len(body) > (MAX_HEADING_LINE_CHARS if whole_line else MAX_INLINE_HEADING_CHARS):
        return False
    inner = body.rstrip("。.；;：:")
    return whole_line or not re.search(r"[。；;！？]", inner)


def section_paths(units: Iterable[tuple[str, bool]]) -> list[tuple[str, ...]]:
    """Heading path of each unit, given ``(text, is_heading)`` in document order.

    Marker kinds nest in the order they are first met, so documents that start
    at ``（一）`` or skip a level still get a sensible tree.  A heading's own
    path ends with itself.

    >>> section_paths([("一、成效", True), ("全年调解90起。", False),
    ...                ("二、问题", True), ("（一）意识不强", True), ("个别干部……", False)])
    [('一、成效',), ('一、成效',), ('二、问题',), ('二、问题', '（一）意识不强'), ('二、问题', '（一）意识不强')]
    """
    stack: list[tuple[str, str]] = []  # (marker kind, heading text)
    paths: list[tuple[str, ...]] = []
    path: tuple[str, ...] = ()
    for text, heading in units:
        if heading:
            kind = heading_marker(text) or "plain"
            kinds = [k for k, _ in stack]
            if kind in kinds:
                del stack[kinds.index(kind):]
            stack.append((kind, text.strip()))
            path = tuple(t for _, t in stack)
        paths.append(path)
    return paths

