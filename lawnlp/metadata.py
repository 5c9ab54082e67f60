"""What a document says of itself: its title, issuer, level, year and date, read from its units.

Each field is ``None`` where the text does not say it; nothing is guessed from the site or the
kind of document.

>>> text = "您的位置：首页 > 政务公开 > 正文\\n某县司法局关于2023年度法治政府建设情况的报告\\n" \\
...        "2023年，某县司法局在县委、县政府的坚强领导下，扎实推进法治建设。\\n某县司法局\\n2024年1月15日"
>>> from lawnlp.sentences import split_units
>>> facts = read_metadata(text, split_units(text))
>>> facts.title, facts.issuer, facts.level, facts.year, facts.date
('某县司法局关于2023年度法治政府建设情况的报告', '某县司法局', 'department', 2023, '2024-01-15')
>>> [issuer_level(n) for n in ("国务院", "自然资源部", "浙江省人民政府", "杭州市人民政府", "淳安县人民政府",
...                             "千岛湖镇人民政府", "淳安县司法局", None)]
['national', 'ministry', 'province', 'city', 'county', 'township', 'department', None]
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Protocol, Sequence

from .kinds import WRAPPER, title_kind
from .sections import heading_marker
from .text import is_debris, normalize

__all__ = ["Metadata", "read_metadata", "issuer_level", "LEVELS"]

#: Levels of ``Report.level``, from the issuer's name.
LEVELS = ("township", "county", "city", "province", "department", "ministry", "national")

_MUNICIPALITIES = "北京|天津|上海|重庆"
_LEVEL_PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple((level, re.compile(pattern)) for level, pattern in (
    ("national", r"^(?:中华人民共和国)?国务院$"),
    ("ministry", r"^(?:中华人民共和国|国家|国务院|中国)?[^省市县区镇乡州]{1,12}(?:部|总局|总署|署)$|^国家.{1,10}(?:局|委员会)$"),
    ("township", r"(?:镇|乡|街道)(?:人民政府|政府|办事处|党委|党工委)?$|街道办事处$|苏木$"),
    ("province", rf"(?:省|自治区|^(?:{_MUNICIPALITIES})市)(?:人民)?政府$|^(?:{_MUNICIPALITIES})市$|(?:省|自治区)$"),
    ("county", r"(?:县|区|旗|县级市)(?:人民)?政府$|(?:县|旗|区)$|(?:县|区)委$"),
    ("city", r"(?:市|自治州|州|盟)(?:人民)?政府$|行政公署$|(?:市|自治州|盟)$|市委$"),
    ("department", r"(?:局|厅|委|委员会|办公室|办|中心|法院|检察院|所|队|院)$"),
))

#: The ending of a body's name (人民政府, 办事处, 司法局, 党组 …).
_BODY_END = (r"(?:人民政府|政府|办事处|街道|镇|乡|苏木|局|厅|委员会|委|办公室|办|党组|党委|党工委|中心|"
             r"法院|检察院|国务院|部|署|总局|管委会|管理委员会)")
_BODY = re.compile(rf"^(?:中共)?[\u4e00-\u9fff（）()]{{0,30}}?{_BODY_END}$")
_NOT_BODY = re.compile(r"网$|网站|报社|^我|^本|^各|^全|^根据|^按照|^为|和国务院|兼|推进|推动|开展|召开|加强|成立|对|"
                       r"报|督查|督办|进一步|有效|稳步|了|将|提高|不断|由|配合|起草|联合|日前|各级|并|向|被|^县委、|^市委、|^区委、|^省委、|、")
#: Lines that give the issuer as a field of the page or the document.
_ISSUER_FIELD = re.compile(r"(?:发\s*布\s*机\s*构|发\s*文\s*机\s*关|发布单位|发文单位|主办单位|信息来源|来源|录入)"
                           r"\s*[:：\]】|｜]?\s*([\u4e00-\u9fff（）()]{2,30})")
_REPORTING_FOR = re.compile(rf"代表([\u4e00-\u9fff]{{0,30}}?{_BODY_END})(?:[，,]?\s*向|[，,]\s*对|作)")
#: A speaker's line under a government work report's title: 国务院总理周恩来, 某区人民政府区长 某某.
_SPEAKER = re.compile(rf"^((?:中共)?[\u4e00-\u9fff]{{0,30}}?{_BODY_END})\s*(?:副?总理|代?(?:省|市|区|县|州|旗)长|"
                      r"(?:副)?主席|主任|局长|厅长|镇长|乡长)")
#: A name given relative to the document's place (省人民政府, 市司法局), to be completed by the place's name.
_RELATIVE = re.compile(r"^(?:省|市|县|区|自治区|州|旗|镇|乡)")
_NOT_PLACE = re.compile(r"[我全本各该在和与及等的对省市县区年度是为由到局部委厅办面]")
#: A disclosure report's naming of itself: 现发布《某镇2022年政府信息公开工作年度报告》, 现公布某局2016年…年度报告.
_DISCLOSING_BODY = re.compile(rf"(?:公布|发布)《?(?:\d{{4}}年度?)?([\u4e00-\u9fff（）()]{{2,30}}?(?:{_BODY_END}|区|县|市))"
                              r"(?:\d{4}年度?)?(?:政府)?信息公开工作年度报告")
#: A clause that opens with the body doing the work: "2023年，X坚持…", "在…领导下，X深入…", "…要求，X对全市…".
_OPENING_BODY = re.compile(rf"^(?:\d{{4}}年(?:度|以来)?\s*)?((?:中共)?[\u4e00-\u9fff（）()]{{0,30}}?{_BODY_END})"
                           r"(?:在|坚持|深入|认真|全面|以|按照|紧紧|始终|紧扣|立足|围绕|聚焦|高度|扎实|积极|严格|"
                           r"持续|进一步|贯彻|切实|牢牢|把|将|对(?:全|\d|各|本)|结合|根据|依据|开展|组织|近期|于\d|(?:政府)?信息公开工作|"
                           r"未收取|共|先后|制定|印发|召开|成立)")
_CONTACT = re.compile(r"请(?:与|联系)[:：]?((?:中共)?[\u4e00-\u9fff]{2,20}?(?:人民政府|办事处|镇政府|乡政府))|"
                      r"请(?:与|联系)[:：]?((?:中共)?[\u4e00-\u9fff]{2,20}?(?:局|镇|乡|街道))")
_CLAUSE = re.compile(r"[，,；;。：:]")
_OPENING_SENTENCES_FOR_ISSUER = 6
#: Where a title names its issuer: before 关于, a year or 年度.
_TITLE_ISSUER = re.compile(r"^(?:【[^】]{1,10}】)?((?:中共)?[\u4e00-\u9fff（）()]{2,40}?)\s*(?:关于|对|\d{4}\s*[—–\-至~]|\d{4}年|\d{4}年度)")

_YEAR_RANGE = re.compile(r"((?:19|20)\d\d)\s*(?:年)?\s*[—–\-－~～至到]+\s*(?:(?:19|20)\d\d)")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
#: Passages whose years are someone else's: cited titles, document numbers, brackets.
_CITED = re.compile(r"《[^》]*》|〔[^〕]*〕|\[[^\]]*\]|［[^］]*］|（[^）]{0,30}号[^）]{0,30}）|\([^)]{0,30}号[^)]{0,30}\)")
#: Sentences that say which year a document reports on or plans for: one that opens with a year
#: ("2023年，…", "2023年是…"), or names a year's report, statistics or work (2023年度, 统计期限自2023年).
_YEAR_STATEMENT = re.compile(r"^\s*((?:19|20)\d\d)年|((?:19|20)\d\d)年(?:度|以来)|(?:统计|现将|现对)[^。]{0,12}?((?:19|20)\d\d)年")
_OPENING_SENTENCES = 5
_REPLY_OPENING = re.compile(r"(?:建议|提案|议案)[^。]{0,40}收悉|现(?:将[^。]{0,10})?答复如下")
_DATE_NUMERIC = re.compile(r"((?:19|20)\d\d)\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})\s*日?")
_CHINESE_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "O": 0}
_DATE_CHINESE = re.compile(r"([〇○零O一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_DATE_LINE = re.compile(r"^[—–\-－―\s]*(?:\d{4}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*日?|"
                        r"[〇○零O一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)\s*"
                        r"(?:[至—\-－]\s*\d{1,2}\s*日)?"  # a session over days: 7月5日至6日
                        r"(?:在.{2,60}(?:会议|大会)上.{0,30}|\d{1,2}:\d{2}(?::\d{2})?\s*(?:来源\s*[:：].{0,40})?)?$")
_DATE_FIELDS = (r"成文日期", r"发文日期", r"印发日期", r"发布日期|发布时间|发表时间|日期|时间")

#: Page furniture glued in front of a title on the same line.
#: A document number glued in front of a title: 赣府厅函〔2022〕90号《…》.
_DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,8}\s*[〔\[［]\s*\d{4}\s*[〕\]］]\s*\d+\s*号\s*|(?<=》)全文$")
#: ... or after it: 某某实施方案某府法办〔2020〕4号 (the issuing organ's abbreviation is cut where the title ends).
_TRAILING_NUMBER = re.compile(r"[〔\[［]\d{4}[〕\]］]\d+号$")
_BULLET = re.compile(r"^[\s•·●■◆▪►▶\-–—|｜]+")
_BREADCRUMB = re.compile(r"^.*?(?:位置|首页)\s*[:：]?.*[>＞»]\s*(?:正文\s*)?")
_FIELD_LABEL = re.compile(r"^(?:信\s*息\s*名\s*称|标\s*题|名\s*称|文件名称|题\s*名)\s*[:：|｜]\s*")
_FIELD_REST = re.compile(r"\s*[|｜]\s*.*$|\s{2,}(?:索引号|主题分类|发布机构|发文字号|文号|发布日期|成文日期).*$")
_PREFIXES = re.compile(r"^(?:(?:政府信息公开|信息公开|通知公告|工作动态|政务公开|部门文件)\s+|[^丨]{1,8}丨\s*)")
#: Lines that are never the title: addressees, opening sentences, buttons, metadata rows.
_NOT_TITLE = re.compile(r"[：:]$|^(?:根据|按照|为|现将|现对|经|近日|日前|本报告|本年度|本年报)|下载|附件|打印|关闭|"
                        r"分享|索引号|主题分类|发布机构|[|｜].*[|｜]|^各.{0,20}[：:]|^(?:一|二|三)是|来源[:：]|"
                        r"^[\[【]\s*[\u4e00-\u9fff]{2,6}\s*[\]】]")

_TITLE_LINES = 20
#: A document's own number, standing alone, in a 文号 field or at the end of its title line.
_OWN_NUMBER = re.compile(r"(?:^|文\s*号\s*[:：|｜]?\s*|[^\s《（(]\s*)[\u4e00-\u9fff]{1,10}\s*[〔\[［]\s*((?:19|20)\d\d)\s*[〕\]］]\s*"
                         r"\d+\s*号\s*(?:[|｜].*)?$")
#: A site's label over a government work report's own title.
_SITE_LABEL = re.compile(r"^\d{4}年(?:国务院)?政府工作报告$")
#: A notice's own title, whatever it issues: 关于印发《…》的通知, 关于…的函.
_NOTICE_TITLE = re.compile(r"^关于.{2,80}的(?:通知|通报|意见|答复|函|报告|决定|批复)$")
_MAX_TITLE_CHARS = 90


class _Span(Protocol):
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Metadata:
    """Title (and its offsets), issuer, level, year and date of a document; ``None`` where it does not say."""

    title: str | None = None
    title_span: tuple[int, int] | None = None
    issuer: str | None = None
    level: str | None = None
    year: int | None = None
    date: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def issuer_level(issuer: str | None) -> str | None:
    """The level of an issuing body, read from its name; ``None`` where the name does not tell."""
    if not issuer:
        return None
    name = re.sub(r"\s+", "", issuer)
    name = re.sub(r"^中共|(?:党组|党委|党工委)$", "", name) or name
    name = re.sub(r"(?:人民)?政府办公(?:室|厅)$", "政府", name)  # a government's general office is at its level
    return next((level for level, pattern in _LEVEL_PATTERNS if pattern.search(name)), None)


def read_metadata(text: str, units: Sequence[_Span]) -> Metadata:
    """Read the facts a document gives about itself from its units (as :func:`lawnlp.sentences.split_units` gives)."""
    lines = [(u.start, u.end, u.kind, normalize(text[u.start:u.end])) for u in units]
    title, span = _title(text, lines)
    issuer = _issuer(text, title, lines)
    date = _date(lines)
    year = _year(title, lines)
    if year is None and _dated_by_issue(title, lines):
        year = int(date[:4]) if date else _own_number_year(title, lines)
    return Metadata(title=title, title_span=span, issuer=issuer, level=issuer_level(issuer), year=year, date=date)


def _dated_by_issue(title: str | None, lines: list[tuple[int, int, str, str]]) -> bool:
    """Whether the document's year is the year it was issued: a reply to a suggestion or a proposal, and an
    implementation plan that names no year (it takes effect when issued), by its title or its opening."""
    return (title is not None and title_kind(title) in ("proposal reply", "implementation plan")) or \
        any(_REPLY_OPENING.search(line) for _, _, _, line in lines[:_TITLE_LINES])


def _clean_title_line(line: str) -> tuple[str, int]:
    """The line without the page furniture glued in front of or after a title, and where that text starts."""
    cleaned = line
    for pattern in (_BULLET, _BREADCRUMB, _FIELD_LABEL, _PREFIXES, _BULLET):
        cleaned = pattern.sub("", cleaned, count=1)
    cleaned = _without_trailing_number(_DOC_NUMBER.sub("", _FIELD_REST.sub("", cleaned)).strip())
    if re.fullmatch(r"《[^《》]+》", cleaned):
        cleaned = cleaned[1:-1]
    return cleaned, line.find(cleaned)


def _without_trailing_number(line: str) -> str:
    """The line without a document number after a title, and the organ's abbreviation before the number."""
    if not (match := _TRAILING_NUMBER.search(line)):
        return line
    head = line[:match.start()]
    cuts = [k for k in range(1, 9) if k < len(head) and title_kind(head[:-k])]
    return head[:-max(cuts)] if cuts else line


def _title(text: str, lines: list[tuple[int, int, str, str]]) -> tuple[str | None, tuple[int, int] | None]:
    """The title: the first short line near the top that names a kind of document (joined when broken in two).

    A line that names its kind only generically (工作报告, 信息公开年报) or is what is left of a breadcrumb gives
    way to a fuller title further down; a notice that issues a document without a line of its own gives the
    issued document's 《name》.
    """
    candidates: list[tuple[int, int, str, bool]] = []  # start, end, cleaned line ("" if not a title), weak
    wrapped: tuple[int, int, str] | None = None
    for start, end, kind, line in lines[:_TITLE_LINES]:
        if kind == "heading" or heading_marker(line):
            break
        if wrapped is None and (match := WRAPPER.match(line)) and title_kind(match.group(1)):
            wrapped = (start + match.start(1), start + match.end(1), match.group(1))
            candidates.append((start, end, "", False))
            continue
        if line.endswith(("。", "；")) and len(line) > 40:
            break
        cleaned, cut = _clean_title_line(line)
        if not (4 <= len(re.sub(r"\s", "", cleaned)) <= _MAX_TITLE_CHARS) or _NOT_TITLE.search(cleaned) \
                or "，" in cleaned or cleaned.endswith(("。", "；")) or _DATE_LINE.match(cleaned):
            candidates.append((start, end, "", False))
            continue
        crumb = bool(_BREADCRUMB.match(line))
        if kind == "debris" and not _FIELD_LABEL.match(_BULLET.sub("", line)) and not _names_kind(cleaned):
            candidates.append((start, end, "", False))
            continue
        first = start + cut
        flat = re.sub(r"\s", "", cleaned)
        weak = crumb or (len(flat) < 12 and not re.search(r"\d|关于|对", flat))
        candidates.append((first, first + len(cleaned), cleaned, weak))
    titles = [i for i, (_, _, line, _) in enumerate(candidates) if line and _names_kind(line)]
    strong = [i for i in titles if not candidates[i][3]]
    if not strong and wrapped:
        return text[wrapped[0]:wrapped[1]].strip(), wrapped[:2]
    if not titles:
        return None, None
    i = (strong or titles)[0]
    if _SITE_LABEL.match(re.sub(r"\s", "", candidates[i][2])) and i + 1 < len(candidates) and candidates[i + 1][2]:
        i += 1  # a site's label (1985年政府工作报告) over the report's own title
        start, end, line, _ = candidates[i]
        return _as_title(text, start, end), (start, end)
    start, end, line, _ = candidates[i]
    last = i
    # a title broken over lines: "某县司法局" / "2023年法治政府建设情况的报告", "…关于" / "…的报告",
    # "某局" / "对省十三届人大五次会议第735号" / "建议答复的函"
    for _ in range(2):
        previous = candidates[i - 1][2] if i else ""
        if not (previous and not _names_kind(previous) and (_BODY.match(re.sub(r"\s", "", previous))
                                                           or previous.endswith(("关于", "的", "和", "会议"))
                                                           or len(line) <= 8 or re.match(r"^第?\S{0,6}号", line))
                and (start == 0 or text[start - 1] in "\r\n")):  # not after a label cut off in front (标题：)
            break
        i -= 1
        start, line = candidates[i][0], previous + line
    following = candidates[last + 1][2] if last + 1 < len(candidates) else ""
    if following and len(line) + len(following) <= _MAX_TITLE_CHARS and \
            re.match(r"^(?:的|和|及|暨|工作|报告|情况|通报|答复|总结|方案|要点|计划|述职|述法)", following):
        end, line = candidates[last + 1][1], line + following
    return _as_title(text, start, end), (start, end)


def _as_title(text: str, start: int, end: int) -> str:
    """The title as the text writes it, on one line."""
    title = re.sub(r"\s*[\r\n]+\s*", "", text[start:end].strip())  # a title broken over lines is one line
    return re.sub(r"[ \u3000]{2,}", " ", title)


def _names_kind(line: str) -> bool:
    """Whether a line names a kind of document, as a title does."""
    return bool(title_kind(line) or _NOTICE_TITLE.match(re.sub(r"\s", "", line)))


def _fullest(names: list[str]) -> str | None:
    """The fullest of the names that denote one body: the first name, lengthened by any name that contains it."""
    if not names:
        return None
    best = names[0]
    core = re.sub(r"(?:人民政府|办事处|政府)$", "", best)
    for name in names[1:]:
        if len(name) > len(best) and core and core in name and _BODY.match(name):
            best = name
    return best


def _as_body(name: str) -> str | None:
    """The name as a body's name (the first of bodies named side by side), or ``None``."""
    parts = name.split()
    if len(parts) > 1 and all(_BODY.match(part) for part in parts):
        name = parts[0]
    name = re.sub(r"\s+", "", name)
    return name if _BODY.match(name) and not _NOT_BODY.search(name) and len(name) >= 3 else None


def _issuer(text: str, title: str | None, lines: list[tuple[int, int, str, str]]) -> str | None:
    """The issuer: from the title, the page's 来源/发布机构 lines, the report's own words, the signature."""
    names: list[str] = []
    if title and (match := _TITLE_ISSUER.match(re.sub(r"\s+", "", title))):
        joint = re.match(rf"^(\S+?{_BODY_END})\s+\S", title)  # bodies side by side: "中共某县县委 某县人民政府关于…"
        names += filter(None, [_as_body(joint.group(1) if joint and joint.end(1) < match.end(1) else match.group(1))])
    head = lines[:_TITLE_LINES]
    for _, _, kind, line in head:
        for match in _ISSUER_FIELD.finditer(line):
            names += filter(None, [_as_body(match.group(1))])
        if len(line) <= 40 and (match := _SPEAKER.match(re.sub(r"\s+", "", line))):
            names += filter(None, [_as_body(match.group(1))])
    for _, _, kind, line in lines:
        names += filter(None, (_as_body(m.group(1)) for m in _REPORTING_FOR.finditer(re.sub(r"\s+", "", line))))
    body_lines = [re.sub(r"\s+", "", line) for _, _, kind, line in head if kind == "sentence" and len(line) > 30]
    for line in body_lines[:_OPENING_SENTENCES_FOR_ISSUER]:
        found = [m.group(1) for m in [_DISCLOSING_BODY.search(line)] if m] + \
            [m.group(1) for clause in _CLAUSE.split(line) if (m := _OPENING_BODY.match(clause))]
        if found := [name for name in map(_as_body, found) if name]:
            names.append(found[0])
            break
    # a signature over a date line: at the end, or at the top of a notice that issues a document
    for part in (head, lines[-4:] if len(lines) > _TITLE_LINES else []):
        for i, (_, _, kind, line) in enumerate(part):
            following = part[i + 1][3] if i + 1 < len(part) else ""
            if len(line) <= 30 and _DATE_LINE.match(following) and (name := _as_body(line)):
                names.append(name)
    if not names:  # last: the body a disclosure report's reader is to contact (请与某镇人民政府联系)
        for _, _, kind, line in head:
            if match := _CONTACT.search(re.sub(r"\s+", "", line)):
                names += filter(None, [_as_body(next(g for g in match.groups() if g))])
                break
    return _completed(_fullest(names), text, title)


def _completed(name: str | None, text: str, title: str | None) -> str | None:
    """The name with the place the document names it with: a relative name (省人民政府, 区政府办公室) completed by
    the place the title or the text gives it, a body's name (某街道) by the county or city the text puts before it."""
    if not name:
        return name
    if match := _RELATIVE.match(name):
        level = match.group()
        if title and (place := re.search(rf"([\u4e00-\u9fff]{{2,4}}?){level}", re.sub(r"^\d{4}年度?", "", title))) \
                and not _NOT_PLACE.search(place.group(1)):
            return place.group(1) + name
        pattern = rf"([\u4e00-\u9fff]{{2,3}})(){re.escape(name).replace('政府', '(?:人民)?政府')}"
    else:
        pattern = rf"([\u4e00-\u9fff]{{1,4}})(市|区|县|州|旗){re.escape(name)}"
    found = [m.group(0) for m in re.finditer(pattern, text) if not _NOT_PLACE.search(m.group(1))]
    return max(found, key=found.count) if found else name  # the commonest, the first of equals


def _year(title: str | None, lines: list[tuple[int, int, str, str]]) -> int | None:
    """The year reported on or planned for.

    A government work report's dateline gives it; else the title (a range gives its first year); else the
    opening sentences' statement of a year (2023年，… / 2023年度 / 统计期限自2023年); else the first year the
    opening sentences name.  Years of cited documents (《…》, 〔2019〕, (…号)) never count.
    """
    for _, _, _, line in lines[:_TITLE_LINES]:
        if _DATE_LINE.match(line) and "会议" in line and (date := _date_of(line)):
            return int(date[:4])
    if title:
        flat = re.sub(r"\s+", "", title)
        if match := _YEAR_RANGE.search(flat):
            return int(match.group(1))
        if years := [int(y) for y in re.findall(r"((?:19|20)\d\d)年", flat)]:
            return years[0]
    opening = [_CITED.sub(lambda m: " " * len(m.group()), line) for _, _, kind, line in lines[:_TITLE_LINES]
               if kind == "sentence" and not _DATE_LINE.match(line) and len(line) > 12][:_OPENING_SENTENCES]
    for line in opening:
        if match := _YEAR_STATEMENT.search(line):
            return int(next(g for g in match.groups() if g))
    for line in opening[:3]:
        if match := _YEAR.search(line):
            return int(match.group(1))
    for _, _, kind, line in lines[:_TITLE_LINES]:  # a report without a title: its first heading (一、2023年度…)
        if kind == "heading" and (match := re.search(r"((?:19|20)\d\d)年度?(?:法治|依法|工作|主要)", line)):
            return int(match.group(1))
    return None


def _own_number_year(title: str | None, lines: list[tuple[int, int, str, str]]) -> int | None:
    """The year of the document's own number (某政办发〔2023〕8号) on a line or field of its own, or after its title."""
    candidates = [line for _, _, _, line in lines[:_TITLE_LINES]] + ([title] if title else [])
    for line in candidates:
        if match := _OWN_NUMBER.search(line):
            return int(match.group(1))
    return None


def _date_of(line: str) -> str | None:
    if match := _DATE_NUMERIC.search(line):
        y, m, d = (int(g) for g in match.groups())
    elif match := _DATE_CHINESE.search(line):
        y = int("".join(str(_CHINESE_DIGITS[c]) for c in match.group(1)))
        m, d = (_chinese_number(g) for g in match.groups()[1:])
    else:
        return None
    return f"{y}-{m:02d}-{d:02d}" if 1 <= m <= 12 and 1 <= d <= 31 else None


def _chinese_number(numeral: str) -> int:
    if "十" not in numeral:
        return _CHINESE_DIGITS[numeral]
    tens, _, ones = numeral.partition("十")
    return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[ones] if ones else 0)


def _date(lines: list[tuple[int, int, str, str]]) -> str | None:
    """The document's own date: its signature or dateline, else the page's 成文/发文/发布 date; never a cited one."""
    head, tail = lines[:_TITLE_LINES], lines[-6:]
    for _, _, _, line in tail[::-1] + head:
        if _DATE_LINE.match(line) and (date := _date_of(line)):
            return date
    for field in _DATE_FIELDS:
        pattern = re.compile(rf"(?:{field})\s*[:：\]】]?\s*")
        for _, _, _, line in head:
            if match := pattern.search(line):
                if date := _date_of(line[match.end():match.end() + 25]):
                    return date
    return None
