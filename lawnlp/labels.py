"""Label ids of ``labels.md`` (v1.3): public API, never renamed."""

from __future__ import annotations

from typing import Iterable

__all__ = ["FUNCTIONS", "MEASURES", "KINDS", "FUNCTION_NAMES", "MEASURE_NAMES", "KIND_NAMES", "SCHEMA_VERSION", "check_function", "check_measures"]

SCHEMA_VERSION = "1.3"

FUNCTION_NAMES: dict[str, str] = {
    "achievement": "举措与成效",
    "problem": "问题与不足",
    "plan": "计划与安排",
    "other": "其他",
}

MEASURE_NAMES: dict[str, str] = {
    "leadership": "组织领导与责任落实",
    "study_training": "学法用法与法治培训",
    "decision_making": "依法决策与制度建设",
    "legal_services": "法律顾问与公共法律服务",
    "law_enforcement": "行政执法",
    "publicity": "普法宣传教育",
    "mediation": "矛盾纠纷调解化解",
    "petition": "信访",
    "review_litigation": "行政复议与行政应诉",
    "oversight": "权力监督与政务公开",
    "grassroots_governance": "基层治理与平安建设",
    "government_services": "政府职能与政务服务",
}

#: Kinds of document (``Report.kind``), with what typically names them.
KIND_NAMES: dict[str, str] = {
    "annual report": "法治政府建设年度报告（情况报告、工作报告、依法行政报告）",
    "duty report": "履行推进法治建设第一责任人职责述职报告、述法报告",
    "work plan": "工作要点、工作计划、工作安排、规划",
    "implementation plan": "实施方案、实施意见、行动方案、实施办法",
    "inspection notice": "通报（检查、督查、评查情况）",
    "proposal reply": "对代表建议、委员提案的答复（复文）",
    "disclosure annual report": "政府信息公开工作年度报告",
    "rectification report": "整改落实情况报告",
    "work summary": "工作总结",
    "government work report": "政府工作报告",
    "news": "关于法治工作的新闻报道",
    "other": "其他",
}

#: Function ids in the order of ``labels.md`` §1.
FUNCTIONS: tuple[str, ...] = tuple(FUNCTION_NAMES)
#: Measure ids in the order of ``labels.md`` §2.
MEASURES: tuple[str, ...] = tuple(MEASURE_NAMES)
#: Kind ids, public API like the label ids.
KINDS: tuple[str, ...] = tuple(KIND_NAMES)


def check_function(label: object) -> str:
    """Return ``label`` if it is a function id, else raise ``ValueError``.

    >>> check_function("plan")
    'plan'
    """
    if label not in FUNCTION_NAMES:
        raise ValueError(f"unknown function label {label!r}; expected one of {', '.join(FUNCTIONS)}")
    return label  # type: ignore[return-value]


def check_measures(labels: object) -> list[str]:
    """Return ``labels`` as a list in schema order if all are measure ids, else raise ``ValueError``.

    >>> check_measures(["petition", "mediation"])
    ['mediation', 'petition']
    """
    if not isinstance(labels, (list, tuple)):
        raise ValueError(f"measures must be a list of ids, got {type(labels).__name__}")
    unknown = [m for m in labels if m not in MEASURE_NAMES]
    if unknown:
        raise ValueError(f"unknown measure label(s) {unknown}; expected ids from {', '.join(MEASURES)}")
    return ordered(labels)


def ordered(measures: Iterable[str]) -> list[str]:
    """Measures in schema order."""
    chosen = set(measures)
    return [m for m in MEASURES if m in chosen]
