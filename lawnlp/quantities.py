"""Quantities stated in the text: counts, rates and amounts with their units."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

__all__ = ["Quantity", "find_quantities", "parse_number"]

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_CN_NUMBER = "零〇一二两三四五六七八九十百千"
_UNITS = ("人次", "件次", "场次", "户次", "台次", "余人", "万美元", "万元", "亿元", "美元", "元", "平方米", "公里", "亩", "吨",
          "幅", "块", "台", "辆", "张", "套", "间", "卷", "部", "村", "次", "起", "件", "人", "份", "个", "场", "项", "条",
          "家", "户", "名", "期", "篇", "册", "本", "批", "宗", "位", "所", "支", "处", "类", "轮", "天", "小时", "%", "％")
_UNIT_PATTERN = "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?P<before>近|约|超过|逾)?"
    rf"(?P<number>\d+(?:[,，]\d{{3}})*(?:\.\d+)?|[{_CN_NUMBER}]+(?:[万亿][{_CN_NUMBER}]*)?)"
    rf"(?P<scale>[万亿])?(?P<after>余|多)?(?P<unit>{_UNIT_PATTERN})(?P<tail>以上|左右)?")
# Numbers that are part of names, dates or ordinals, not quantities.
_NOT_QUANTITY_BEFORE = re.compile(r"(?:第|年|月|“|\")$")


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, as stated in the text (``text == original[start:end]``)."""

    text: str
    start: int
    end: int
    value: float
    unit: str
    approximate: bool

    def to_dict(self) -> dict:
        return asdict(self)


def parse_number(text: str) -> float:
    """Value of an Arabic or Chinese numeral, with 万/亿.

    >>> parse_number("1,500"), parse_number("两万"), parse_number("三十六"), parse_number("1.5万")
    (1500.0, 20000.0, 36.0, 15000.0)
    """
    text = text.replace(",", "").replace("，", "")
    for unit, scale in _BIG_UNITS.items():
        if unit in text:
            head, _, tail = text.partition(unit)
            return parse_number(head or "一") * scale + (parse_number(tail) if tail else 0)
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    total, digit = 0, 0
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _SMALL_UNITS:
            total += (digit or 1) * _SMALL_UNITS[char]
            digit = 0
        else:
            raise ValueError(f"not a number: {text!r}")
    return float(total + digit)


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Quantities in ``text[start:end]``, with offsets into ``text``.

    >>> [(q.value, q.unit, q.approximate) for q in find_quantities("化解矛盾纠纷90起，发放手册1500余份，惠及两万余人次，成功率达到98%。")]
    [(90.0, '起', False), (1500.0, '份', True), (20000.0, '人次', True), (98.0, '%', False)]
    """
    end = len(text) if end is None else end
    found = []
    for match in _NUMBER.finditer(text, start, end):
        if _NOT_QUANTITY_BEFORE.search(text[max(0, match.start() - 1):match.start()]):
            continue
        number = match["number"]
        if number == "一" and not match["scale"]:
            continue  # 一个/一支/一处: an article, not a count
        try:
            value = parse_number(number + (match["scale"] or ""))
        except ValueError:
            continue
        unit = match["unit"].replace("％", "%")
        if unit in ("万元", "亿元", "万美元"):
            value *= _BIG_UNITS[unit[0]]
            unit = unit[1:]
        if unit == "余人":
            unit = "人"
        approximate = bool(match["before"] or match["after"] or match["tail"] or match["unit"] == "余人")
        found.append(Quantity(text[match.start():match.end()], match.start(), match.end(), value, unit, approximate))
    return found
