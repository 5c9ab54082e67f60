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
          "家", "户", "名", "期", "篇", "册", "本", "批", "宗", "位", "所", "支", "处", "类", "轮", "天", "小时", "%", "％",
          "个百分点", "百分点")
_UNIT_PATTERN = "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
_NUMERAL = rf"\d+(?:[,，]\d{{3}})*(?:\.\d+)?|[{_CN_NUMBER}]+(?:[万亿][{_CN_NUMBER}]*)?"
_NUMBER = re.compile(
    rf"(?P<before>近|约|超过|逾)?"
    rf"(?:(?P<low>{_NUMERAL})(?P<low_scale>[万亿])?(?:至|到|~|～|-|－|—))?"
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
    low: float | None = None
    """The lower end of a range (``3至5件``: ``low`` 3, ``value`` 5), else ``None``."""

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

    A rate's change in percentage points (``12.5个百分点``) has the unit
    ``百分点``; a range (``3至5件``, ``3-5万元``) has its lower end in ``low``.

    >>> [(q.value, q.unit, q.approximate) for q in find_quantities("化解矛盾纠纷90起，发放手册1500余份，惠及两万余人次，成功率达到98%。")]
    [(90.0, '起', False), (1500.0, '份', True), (20000.0, '人次', True), (98.0, '%', False)]
    >>> [(q.text, q.low, q.value, q.unit) for q in find_quantities("办结率提高12.5个百分点，每月办理3至5件。")]
    [('12.5个百分点', None, 12.5, '百分点'), ('3至5件', 3.0, 5.0, '件')]
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
            # 3至5万元 (三至五万元) is 3万 to 5万: the lower end takes the upper end's scale unless it states its own.
            low_scale = match["low_scale"] or match["scale"] or (number[-1] if number[-1] in _BIG_UNITS else "")
            low = None if match["low"] is None else parse_number(match["low"] + low_scale)
        except ValueError:
            continue
        unit = match["unit"].replace("％", "%")
        if unit in ("万元", "亿元", "万美元"):
            value *= _BIG_UNITS[unit[0]]
            low = None if low is None else low * _BIG_UNITS[unit[0]]
            unit = unit[1:]
        if unit in ("余人", "个百分点"):
            unit = unit[1:]
        approximate = bool(match["before"] or match["after"] or match["tail"] or match["unit"] == "余人")
        found.append(Quantity(text[match.start():match.end()], match.start(), match.end(), value, unit, approximate,
                              low))
    return found
