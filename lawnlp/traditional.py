"""Traditional characters to simplified ones (OpenCC), with every offset still into the caller's string.

The segmenter and the classifiers learnt from simplified Chinese, so :func:`lawnlp.classify` and
:func:`lawnlp.analyze` convert a text in traditional characters first and give their results back in the
caller's string.  :func:`to_simplified` converts the text piece by piece and keeps how each piece of the
simplified text aligns with the original: a character converted to one character keeps its place, and a phrase
whose conversion changes its length (tw2sp: 網際網路 → 互联网) maps as a whole to the phrase it came from.

>>> converted = to_simplified("二、存在的問題\\n全縣調解糾紛90起。")
>>> converted.text
'二、存在的问题\\n全县调解纠纷90起。'
>>> converted = to_simplified("推廣網際網路服務", "tw2sp")
>>> converted.text, converted.original_span(2, 5), converted.original_span(5, 7)
('推广互联网服务', (2, 6), (6, 8))
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from operator import itemgetter
from typing import TYPE_CHECKING, Callable, Iterator

from .text import traditional_share

if TYPE_CHECKING:
    from .report import Report
    from .results import SentenceResult

__all__ = ["CONFIGS", "Converted", "to_simplified", "conversion_for", "results_to_original", "report_to_original"]

#: OpenCC's conversions to simplified characters: OpenCC's standard (t2s), Taiwan's with its phrases
#: (tw2sp: 滑鼠 → 鼠标, 網際網路 → 互联网), Hong Kong's (hk2s).
CONFIGS = ("t2s", "tw2sp", "hk2s")
#: ``convert="auto"``: convert with t2s from this share of traditional-only characters (:func:`traditional_share`).
TRADITIONAL_SHARE = 0.05

# OpenCC's dictionaries for these configurations hold only Han characters, Latin letters, '-' and '·' (B型肝炎,
# 詹姆斯·卡麥隆): each run of them is converted on its own, every other character is kept as it is.
_CONVERTIBLE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffffA-Za-z·\-]+")

_converters: dict[str, Callable[[str], str]] = {}
_converters_lock = threading.Lock()


def _check_config(config: object) -> str:
    if config not in CONFIGS:
        raise ValueError(f"unknown conversion {config!r}: choose one of {', '.join(CONFIGS)}")
    return config  # type: ignore[return-value]


def _converter(config: str) -> Callable[[str], str]:
    """OpenCC's ``convert`` for ``config``, made once per process."""
    with _converters_lock:
        if config not in _converters:
            import opencc

            _converters[config] = opencc.OpenCC(f"{config}.json").convert
        return _converters[config]


@dataclass(frozen=True)
class Converted:
    """A text in simplified characters, and how it aligns with the ``original`` it was converted from.

    ``blocks`` are the phrases not converted character for character: ``(start, end, original_start,
    original_end)`` with ``text[start:end]`` the conversion of ``original[original_start:original_end]``.
    Everywhere else one character of ``text`` is one character of ``original``.
    """

    text: str
    original: str
    config: str
    blocks: tuple[tuple[int, int, int, int], ...] = ()

    @property
    def changed(self) -> bool:
        """Whether the conversion changed any character."""
        return self.text != self.original

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``original`` that ``text[start:end]`` was converted from (a phrase that a span cuts is
        covered whole)."""
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(self.text)):
            raise ValueError(f"({start}, {end}) is not a span of the converted text (length {len(self.text)})")
        return self._original(start, at_end=False), self._original(end, at_end=True)

    def _original(self, position: int, at_end: bool) -> int:
        # the last block that starts before (an end) or at or before (a start) the position
        i = (bisect_left if at_end else bisect_right)(self.blocks, position, key=itemgetter(0)) - 1
        if i < 0:
            return position
        start, end, original_start, original_end = self.blocks[i]
        if position >= end:
            return original_end + position - end
        return original_end if at_end else original_start


def to_simplified(text: str, config: str = "t2s") -> Converted:
    """Convert ``text`` to simplified characters with OpenCC's ``config`` (one of :data:`CONFIGS`).

    >>> to_simplified("縣政府").text
    '县政府'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, got {type(text).__name__}")
    convert = _converter(_check_config(config))
    singles: dict[str, str] = {}

    def single(char: str) -> str:
        if char not in singles:
            singles[char] = convert(char)
        return singles[char]

    pieces: list[str] = []
    blocks: list[tuple[int, int, int, int]] = []
    kept = position = 0  # end of the original copied so far, length of the converted text so far
    for run in _CONVERTIBLE.finditer(text):
        pieces.append(text[kept:run.start()])
        position += run.start() - kept
        for original_start, original_end, out, char_for_char in _align(convert, single, run.group(),
                                                                        convert(run.group()), run.start()):
            if not char_for_char:
                blocks.append((position, position + len(out), original_start, original_end))
            pieces.append(out)
            position += len(out)
        kept = run.end()
    pieces.append(text[kept:])
    return Converted("".join(pieces), text, config, tuple(blocks))


def _align(convert: Callable[[str], str], single: Callable[[str], str], run: str, out: str,
           offset: int) -> Iterator[tuple[int, int, str, bool]]:
    """``(original_start, original_end, converted, char_for_char)`` pieces of ``run`` (at ``offset``) whose
    conversions make up ``out``: where converting the run in two gives the same text, each half is aligned
    on its own, down to characters or to phrases that convert only whole."""
    singles = [single(char) for char in run]
    if "".join(singles) == out and all(len(s) == 1 for s in singles):
        yield offset, offset + len(run), out, True
        return
    if len(run) > 1:
        middle = len(run) // 2
        for cut in sorted(range(1, len(run)), key=lambda k: abs(k - middle)):
            head = convert(run[:cut])
            if out.startswith(head) and convert(run[cut:]) == out[len(head):]:
                yield from _align(convert, single, run[:cut], head, offset)
                yield from _align(convert, single, run[cut:], out[len(head):], offset + cut)
                return
    yield offset, offset + len(run), out, len(run) == len(out) == 1


def conversion_for(text: str, convert: str | None) -> str | None:
    """The configuration to convert ``text`` with: ``convert`` itself, or for ``"auto"`` t2s when the text is
    in traditional characters (and ``None``, no conversion, when it is not); ``None`` for ``None``.

    >>> conversion_for("全縣開展普法宣傳活動", "auto"), conversion_for("全县开展普法宣传活动", "auto")
    ('t2s', None)
    """
    if convert is None:
        return None
    if convert == "auto":
        return "t2s" if traditional_share(text) >= TRADITIONAL_SHARE else None
    if convert not in CONFIGS:
        raise ValueError(f"unknown conversion {convert!r}: choose 'auto', None or one of {', '.join(CONFIGS)}")
    return convert


def results_to_original(results: list["SentenceResult"], converted: Converted) -> list["SentenceResult"]:
    """Results of the converted text, with offsets, texts and section headings in the original string."""
    headings: dict[str, str] = {}  # a heading as converted → as the caller wrote it, the latest one
    out = []
    for r in results:
        start, end = converted.original_span(r.start, r.end)
        text = converted.original[start:end]
        if r.kind == "heading":
            headings[r.text] = text
        out.append(replace(r, text=text, start=start, end=end, section=[headings.get(h, h) for h in r.section]))
    return out


def report_to_original(report: "Report", converted: Converted) -> "Report":
    """A report read from the converted text, given back in the original string: its text, sentences and
    quantities (offsets and text), and its title and issuer as the original writes them where they stand in
    the text (else as converted).  ``report.converted`` names the conversion."""
    quantities = []
    for q in report.quantities:
        start, end = converted.original_span(q.quantity.start, q.quantity.end)
        quantities.append(replace(q, quantity=replace(q.quantity, text=converted.original[start:end], start=start,
                                                      end=end)))
    return replace(report, text=converted.original, sentences=results_to_original(report.sentences, converted),
                   quantities=quantities, title=_original_words(report.title, converted),
                   issuer=_original_words(report.issuer, converted), converted=converted.config)


def _original_words(words: str | None, converted: Converted) -> str | None:
    """``words`` read from the converted text, as the original writes them (line breaks and runs of spaces
    inside dropped as the reader drops them), or ``words`` where they do not stand in the converted text."""
    if not words:
        return words
    found = re.search(r"\s*".join(map(re.escape, words.replace(" ", ""))), converted.text)
    if found is None:
        return words
    start, end = converted.original_span(*found.span())
    return re.sub(r"[ \u3000]{2,}", " ", re.sub(r"\s*[\r\n]+\s*", "", converted.original[start:end].strip()))
