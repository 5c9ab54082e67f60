"""What a document says of itself beyond its kind: the level of government that issued it.

>>> [issuer_level(n) for n in ("国务院", "自然资源部", "浙江省人民政府", "杭州市人民政府", "淳安县人民政府",
...                             "千岛湖镇人民政府", "淳安县司法局", None)]
['national', 'ministry', 'province', 'city', 'county', 'township', 'department', None]
"""

from __future__ import annotations

import re

__all__ = ["issuer_level", "LEVELS"]

#: Levels of ``Report.level``, from the issuer's name.
LEVELS = ("township", "county", "city", "province", "department", "ministry", "national")

_MUNICIPALITIES = "北京|天津|上海|重庆"
_LEVEL_PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple((level, re.compile(pattern)) for level, pattern in (
    ("national", r"^(?:中华人民共和国)?国务院$"),
    ("ministry", r"^(?:中华人民共和国|国家|国务院|中国)?[^省市县区镇乡]{1,12}(?:部|总局|总署|署)$|^国家.{1,10}(?:局|委员会)$"),
    ("township", r"(?:镇|乡|街道)(?:人民政府|办事处|党委|党工委)?$|街道办事处$|苏木$"),
    ("province", rf"(?:省|自治区|^(?:{_MUNICIPALITIES})市)人民政府$"),
    ("county", r"(?:县|区|旗|县级市)人民政府$|(?:县|旗)$"),
    ("city", r"(?:市|自治州|州|盟)人民政府$|行政公署$"),
    ("department", r"(?:局|厅|委|委员会|办公室|办|中心|法院|检察院|所|队)$"),
))


def issuer_level(issuer: str | None) -> str | None:
    """The level of an issuing body, read from its name; ``None`` where the name does not tell."""
    if not issuer:
        return None
    name = re.sub(r"\s+", "", issuer)
    return next((level for level, pattern in _LEVEL_PATTERNS if pattern.search(name)), None)
