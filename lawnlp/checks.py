"""Checks of a document against the parts its kind must contain (annual reports, disclosure annual reports)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Sequence

from .results import SentenceResult

__all__ = ["REQUIRED_PARTS", "PartCheck", "check_parts", "review_figures"]

#: The parts each kind of document must contain, each with the heading words that name it and the
#: function of the sentences that make it up (``None``: any function).  Annual reports: the four parts of
#: the 法治政府建设与责任落实督察工作规定 (art. 25); disclosure annual reports: the parts article 50 of the
#: 政府信息公开条例 (2019) requires, with the national template's 总体情况.  Other kinds have none.
REQUIRED_PARTS: dict[str, dict[str, tuple[str, str | None]]] = {
    "annual report": {
        "主要举措和成效": (r"举措|成效|做法|工作情况|进展|主要工作", "achievement"),
        "存在的不足和原因": (r"问题|不足|短板|差距|困难|原因", "problem"),
        "党政主要负责人履行推进法治建设第一责任人职责情况": (r"第一责任人|主要负责人.{0,10}职责", "achievement"),
        "下一年度推进法治政府建设的主要安排": (r"下一步|下步|计划|安排|打算|思路|展望", "plan"),
    },
    "disclosure annual report": {
        "总体情况": (r"总体情况|概述", None),
        "主动公开政府信息情况": (r"主动公开", None),
        "收到和处理政府信息公开申请情况": (r"收到和处理|依申请|申请情况", None),
        "政府信息公开行政复议、行政诉讼情况": (r"复议|诉讼", None),
        "存在的主要问题及改进情况": (r"存在.{0,4}问题|改进情况|问题及改进", None),
        "其他需要报告的事项": (r"其他需要报告|其他事项", None),
    },
}


@dataclass(frozen=True)
class PartCheck:
    """Whether a required part is present, and the evidence: its heading or the sentences of its kind."""

    part: str
    present: bool
    heading: str | None
    sentences: int

    def to_dict(self) -> dict:
        return asdict(self)


def check_parts(sentences: Sequence[SentenceResult], title: str | None = None,
                kind: str = "annual report") -> list[PartCheck]:
    """Which of the parts its ``kind`` requires a document has (``[]`` for a kind that requires none).

    A part is present when a heading names it and is labelled with its
    function, or, without such a heading, when at least two sentences carry
    its function.  The 第一责任人 part needs a heading of its own, or a title
    that makes the whole document that account (a 第一责任人 述职报告); its
    ``sentences`` count the achievement sentences that mention the duty.
    """
    checks = []
    for part, (pattern, function) in REQUIRED_PARTS.get(kind, {}).items():
        words = re.compile(pattern)
        heading = next((s.text for s in sentences if s.kind == "heading" and function in (None, s.function)
                        and words.search(s.text)), None)
        if function is None:
            present = heading is not None
            count = sum(1 for s in sentences if s.kind != "heading" and s.section and words.search(s.section[0]))
        elif part.startswith("党政主要负责人"):
            count = sum(1 for s in sentences if s.function == function and words.search(s.text))
            present = heading is not None or bool(title and words.search(title))
        else:
            count = sum(1 for s in sentences if s.function == function and s.kind != "heading")
            present = heading is not None or count >= 2
        checks.append(PartCheck(part, present, heading, count))
    return checks


def review_figures(sentences: Sequence[SentenceResult], n_quantities: int) -> dict[str, float | int]:
    """Figures a reviewer asks for: share of problem sentences, specific vs general problems, quantities."""
    body = [s for s in sentences if s.kind != "heading" and s.function != "other"]
    problems = [s for s in body if s.function == "problem"]
    specific = sum(1 for s in problems if s.measures)
    return {
        "sentences": len(body),
        "problem_share": round(len(problems) / len(body), 3) if body else 0.0,
        "problems_specific": specific,
        "problems_general": len(problems) - specific,
        "quantities": n_quantities,
    }
