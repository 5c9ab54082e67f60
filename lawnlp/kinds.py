"""The kind of a document (``lawnlp.labels.KINDS``): from its title where it has one, else from its wording.

>>> document_kind(["某县司法局关于印发《2025年普法依法治理工作要点》的通知", "各乡镇人民政府："])
('work plan', 0.95)
>>> document_kind(["您提出的关于加强社区矫正工作的建议收悉，现答复如下：", "特此函复。"])[0]
'proposal reply'
"""

from __future__ import annotations

import re
from typing import Sequence

from .labels import KINDS
from .sections import heading_marker
from .text import normalize

__all__ = ["document_kind", "title_kind", "canonical_kind", "TITLE_SCORE"]

#: Kinds named otherwise in documents files (``../shared/corpora/reports``), mapped onto ``lawnlp.labels.KINDS``.
KIND_ALIASES = {"annual work summary": "work summary", "implementation opinion": "implementation plan",
                "report later page": "annual report"}

#: Title words of each kind, tried in this order (a disclosure report is also a 年度报告, a notice that
#: issues a work plan is a work plan).
_TITLE_PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple((kind, re.compile(pattern)) for kind, pattern in (
    ("disclosure annual report", r"信息公开.{0,6}(?:年度)?(?:工作)?(?:报告|年报)"),
    ("government work report", r"政府工作报告"),
    ("duty report", r"述职|述法"),
    ("implementation plan", r"实施方案|实施意见|行动方案|实施办法|工作方案|实施细则"),
    ("work plan", r"工作要点|工作计划|工作安排|规划|立法计划|要点|任务清单|计划"),
    ("rectification report", r"整改"),
    ("proposal reply", r"答复|复文|复函|(?:建议|提案)(?:的)?办理"),
    ("inspection notice", r"通报|(?:检查|自查|督查|督察|评查|抽查|测评)(?:工作)?(?:情况|结果)|自查报告"),
    ("work summary", r"总结"),
    ("annual report", r"法治政府.{0,4}建设|依法行政|法治建设|法治.{0,6}报告|情况(?:的)?报告|年度报告|工作报告|工作情况$"),
    ("implementation plan", r"意见$"),
))
#: Wording of each kind in its body, for a page whose title is not in the text.
_TEXT_CUES: dict[str, re.Pattern] = {kind: re.compile(pattern) for kind, pattern in {
    "proposal reply": r"您提出的|您们提出|收悉|特此(?:函复|答复)|现(?:将有关情况)?答复如下|感谢您|(?:代表|委员)：",
    "disclosure annual report": r"主动公开|依申请公开|政府信息公开申请|信息公开条例|政府信息公开行政复议",
    "government work report": r"各位代表|请予审议|本届政府|政府工作的总体要求|政协委员提出意见",
    "inspection notice": r"通报如下|检查发现|抽查|被检查|督查发现|检查结果|合格率|不合格",
    "rectification report": r"整改(?:措施|落实|情况|进展|到位|完成)|立行立改|问题清单",
    "implementation plan": r"实施方案|工作目标|主要任务|保障措施|实施步骤|组织实施",
    "work plan": r"工作要点|重点工作|年度工作安排|责任单位|牵头单位|总体要求|工作要求|立法项目|"
                 r"要(?:进一步)?(?:加强|推进|深化|做好|完善|落实|强化)|(?:到|力争)20\d\d年",
    "duty report": r"述职|述法|本人(?:坚持|始终|认真)",
    "work summary": r"工作总结|总结如下",
    "annual report": r"现将.{0,30}报告如下|取得了?.{0,6}成效|主要举措和成效|法治政府建设|依法全面履行政府职能",
    "news": r"记者|通讯员|本报讯|日电|编辑：|责任编辑",
}.items()}
#: An opening that looks back on a year ("2023年，X镇坚持…"), as annual reports begin, and what it counts for.
_LOOKING_BACK = re.compile(r"20\d\d年(?:度|以来)?[，,].{0,40}(?:坚持|深入|在.{2,20}领导下|紧紧围绕|认真贯彻)")
LOOKING_BACK_WEIGHT = 4
#: The sentence of a notice that issues a document: 现将《…》印发给你们 / 《…》已经…同意，现印发….
WRAPPER = re.compile(r"^(?:现将)?《([^》]{4,80})》[^。]{0,30}?印发")
#: Score of a kind read from the title.
TITLE_SCORE = 0.95
_TITLE_LINES = 15


def canonical_kind(kind: object) -> str:
    """A documents file's ``kind`` as one of ``lawnlp.labels.KINDS`` (``"unknown"`` when it names none)."""
    kind = KIND_ALIASES.get(str(kind), str(kind))
    return kind if kind in KINDS else "unknown"


def title_kind(title: str) -> str | None:
    """The kind a title names, or ``None``."""
    title = re.sub(r"\s+", "", normalize(title))
    return next((kind for kind, pattern in _TITLE_PATTERNS if pattern.search(title)), None)


def _title_candidates(lines: Sequence[str]) -> list[str]:
    """Short lines near the top, before the first heading, that could be the title (not sentences, not addressees)."""
    candidates = []
    for line in lines[:_TITLE_LINES]:
        line = normalize(line.strip())
        if heading_marker(line):
            break
        if 4 <= len(line) <= 80 and not line.endswith(("。", "：", ":", "；")) and "，" not in line:
            candidates.append(line)
    return candidates


def document_kind(lines: Sequence[str]) -> tuple[str, float]:
    """``(kind, score)`` of a document given its unit texts (or lines) in order.

    A title line that names a kind decides it (score ``TITLE_SCORE``);
    otherwise the kind whose typical wording occurs most in the text wins,
    scored by its share of all such wording (``("other", 0.0)`` where none occurs).
    """
    candidates = _title_candidates(lines)
    for i, line in enumerate(candidates):
        # a title broken over two lines ("…关于2023年度法治政府建设" / "工作的报告") is read joined too
        for title in (line + candidates[i + 1] if i + 1 < len(candidates) else line, line):
            if kind := title_kind(title):
                return kind, TITLE_SCORE
    for line in lines[:_TITLE_LINES]:  # a notice that issues the document it wraps: 现将《…工作要点》印发给你们
        if (match := WRAPPER.match(normalize(line.strip()))) and (kind := title_kind(match.group(1))):
            return kind, TITLE_SCORE
    body = normalize("\n".join(lines[:200]))
    hits = {kind: len(pattern.findall(body)) for kind, pattern in _TEXT_CUES.items()}
    if any(_LOOKING_BACK.match(normalize(line)) for line in lines[:3]):
        hits["annual report"] += LOOKING_BACK_WEIGHT
    best = max(hits, key=hits.get)
    total = sum(hits.values())
    if not total:
        return "other", 0.0
    return best, round(min(hits[best] / total, TITLE_SCORE - 0.05), 3)
