"""Length-preserving normalisation and web-debris detection.

Every function here keeps offsets: :func:`normalize` returns a string of the
same length as its input, so a position in the normalised text is the same
position in the original one.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize", "iter_lines", "trim", "is_debris", "traditional_share"]

# Half-width punctuation that Chinese prose writes full-width (the form the
# segmentation corpora use).  Kept half-width between two ASCII letters/digits
# ("1,500", "1:2", "f(x)").
_TO_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
_SPACES = {"\u00a0", "\u3000", "\u2002", "\u2003", "\u2009", "\u200b", "\ufeff", "\t"}


def _fold(char: str) -> str:
    """Fold one character to its canonical single-character form."""
    if char in _SPACES:
        return " "
    if "\uff01" <= char <= "\uff5e":  # full-width ASCII forms
        folded = chr(ord(char) - 0xFEE0)
        return char if folded in _TO_FULL_WIDTH else folded
    if char.isascii() or ord(char) < 0x2000:
        return char
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


class _FoldTable(dict):
    """``str.translate`` table that folds each code point once and remembers it."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold(chr(code))
        return folded


_FOLD = _FoldTable()
# Half-width punctuation unless it stands between two ASCII letters or digits.
_HALF_WIDTH_PUNCTUATION = re.compile(r"(?<![0-9A-Za-z])[,:;()!?]|[,:;()!?](?![0-9A-Za-z])")


def normalize(text: str) -> str:
    """Return ``text`` with canonical character forms, same length as the input.

    Full-width letters and digits become half-width, half-width Chinese
    punctuation becomes full-width (except between ASCII letters or digits),
    special spaces become plain spaces.

    >>> normalize("（一）加强领导,全年２０次")
    '（一）加强领导，全年20次'
    >>> normalize("发放1,500份")
    '发放1,500份'
    """
    folded = text.translate(_FOLD)
    return _HALF_WIDTH_PUNCTUATION.sub(lambda m: _TO_FULL_WIDTH[m.group()], folded)


_LINE = re.compile(r"[^\n\r]+")


def iter_lines(text: str):
    """Yield ``(start, end)`` of each line of ``text`` with outer whitespace trimmed.

    Lines that hold only whitespace are skipped.
    """
    for match in _LINE.finditer(text):
        start, end = trim(text, *match.span())
        if start < end:
            yield start, end


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` moved inward past whitespace at both ends of ``text[start:end]``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_DEBRIS = re.compile(
    r"""^[\s•·|｜>＞]*(?:
        字号|字体|打印|关闭|分享到|扫一扫|附件下载|附件[:：]|来源[:：]|浏览量|浏览次数|阅读次数|点击数|
        索引号|发布机构|发文机关|发布日期|发文日期|生成日期|成文日期|发布时间|时间[:：]\s*\d|文号|文件编号|
        有效性|公开范围|公开方式|主题分类|信息来源|责任编辑|编辑[:：]|您现在所在的位置|当前位置|
        首页\s*[>＞]|【\s*[大中小]|[大中小]\s*[|｜]|收藏|返回顶部|上一篇|下一篇|相关链接|微信|微博|
        标题[:：]|分类[:：]|日期[:：]|作者[:：]|文章来源|发布者[:：]|阅读[:：]
    )""",
    re.VERBOSE,
)
_ONLY_SYMBOLS = re.compile(r"^[\W_]+$")
_SENTENCE_END = re.compile(r"[。！？；]")
#: Longer lines, or lines with sentence punctuation, are prose even when they start like page furniture.
MAX_DEBRIS_CHARS = 100


def is_debris(line: str) -> bool:
    """Whether a line is web-page debris (navigation, 字号, 打印, 扫一扫, metadata …).

    >>> is_debris("  • 打印"), is_debris("一、主要举措")
    (True, False)
    """
    if _ONLY_SYMBOLS.match(line):
        return True
    return bool(_DEBRIS.match(line)) and len(line) <= MAX_DEBRIS_CHARS and not _SENTENCE_END.search(line)


#: Characters frequent in reports and found only in traditional-character text (們, 這, 縣, 報 …): each has a
#: different simplified form and none is itself a simplified character (unlike 著, 乾, 瞭).
_TRADITIONAL_ONLY = re.compile(
    "[們這個會國區縣鎮與為發進標實證據開關當時間問題學習檢網絡議廳處機構門單報導說話語對應該興義規範執調糾紛"
    "辦訪領責員務體設廣東長級項條書歷從種類計劃動運黨幹萬參]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
#: Characters of a text that :func:`traditional_share` reads.
TRADITIONAL_SAMPLE_CHARS = 50_000


def traditional_share(text: str) -> float:
    """Share of the Chinese characters (of the first 50,000 characters) that are common traditional-only forms.

    Simplified text gives 0; a report written in traditional characters about 0.2.

    >>> traditional_share("全縣開展普法宣傳活動"), traditional_share("全县开展普法宣传活动")
    (0.3, 0.0)
    """
    sample = text[:TRADITIONAL_SAMPLE_CHARS]
    chinese = len(_CJK.findall(sample))
    return len(_TRADITIONAL_ONLY.findall(sample)) / chinese if chinese else 0.0
