"""Checks of a report against the parts a 法治政府建设年度报告 must contain."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Sequence

from .results import SentenceResult

__all__ = ["REQUIRED_PARTS", "PartCheck", "check_parts", "review_figures"]

#: The four parts required of an annual report, each with the heading words that name it and the
#: function of the sentences that make it up.
REQUIRED_PARTS: dict[str, tuple[str, str]] = {
    "主要举措和成效": (r"举措|成效|做法|工作情况|进展|主要工作", "achievement"),
    "存在的不足和原因": (r"问题|不足|短板|差距|困难|原因", "problem"),
    "党政主要负责人履行推进法治建设第一责任人职责情况": (r"第一责任人|主要负责人.{0,10}职责", "achievement"),
    "下一年度推进法治政府建设的主要安排": (r"下一步|下步|计划|安排|打算|思路|展望", "plan"),
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


def check_parts(sentences: Sequence[SentenceResult], title: str | None = None) -> list[PartCheck]:
    """Which required parts a report has.

    A part is present when a heading names it and is labelled with its
    function, or, without such a heading, when at least two sentences carry
    its function.  The 第一责任人 part needs a heading of its own, or a title
    that makes the whole document that account (a 第一责任人 述职报告); its
    ``sentences`` count the achievement sentences that mention the duty.
    """
    checks = []
    for part, (pattern, function) in REQUIRED_PARTS.items():
        words = re.compile(pattern)
        heading = next((s.text for s in sentences
                        if s.kind == "heading" and s.function == function and words.search(s.text)), None)
        if part.startswith("党政主要负责人"):
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
