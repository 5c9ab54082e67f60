"""Sentence features with their document context: one function for training and inference."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, NamedTuple

import numpy as np
from spacy.attrs import IS_SPACE, NORM
from spacy.tokens import Doc

from .kinds import document_kind
from .sections import heading_marker
from .text import normalize

__all__ = ["MEASURE_KEYWORDS", "UnitFeatures", "doc_features", "content_features", "context_features"]

_CUES = {
    "problem": re.compile(r"问题|不足|短板|差距|薄弱|困难|原因|风险|弱项|不够|不强|不高|有待|欠缺|缺乏|滞后|不到位"),
    "plan": re.compile(r"下一步|下步|计划|打算|安排|思路|展望|要点|目标|措施|举措|20\d\d年(?:度)?(?:工作|重点)|明年|今后"),
    "achievement": re.compile(r"成效|成果|做法|举措|情况|工作开展|主要工作|亮点|经验|履职|履行"),
    "leader": re.compile(r"第一责任人|主要负责人|党政主要"),
    "rectify": re.compile(r"整改"),
    "done": re.compile(r"了|已经|已|全年|累计|共计|先后|截至|完成|\d+\s*(?:余|多)?\s*[次件起项场人份]"),
    "future": re.compile(r"将|要|力争|计划|拟|下一步|下步|明年|今后"),
}
#: Words of the typical content of each measure in labels.md §2 (used as features and by the rule baseline).
MEASURE_KEYWORDS = {k: re.compile(v) for k, v in {
    "leadership": r"领导小组|委员会|第一责任人|议事日程|纳入.{0,6}考核|专题会议|述法|督察|示范创建|主要负责人",
    "study_training": r"学法|中心组|习近平法治思想|讲座|培训|考试|学习",
    "decision_making": r"重大行政决策|合法性审查|规范性文件|合同审查|集体讨论|风险评估|权责清单|制度",
    "legal_services": r"法律顾问|公职律师|公共法律服务|法律援助|法律咨询|律师",
    "law_enforcement": r"执法|持证上岗|三项制度|案卷评查|行政处罚|违法建设|违建",
    "publicity": r"普法|宪法宣传|法治宣传|宣传资料|法律明白人|送法|法治文化",
    "mediation": r"调解|调委会|枫桥|矛盾纠纷|诉源治理|多元化解|访调",
    "petition": r"信访|来信来访|接访|积案",
    "review_litigation": r"行政复议|行政诉讼|应诉|出庭",
    "oversight": r"政务公开|信息公开|人大|政协|建议|提案|投诉举报|审计|纪检|廉政|监督",
    "grassroots_governance": r"网格|综治|平安|扫黑除恶|村规民约|自治|社区矫正|安置帮教",
    "government_services": r"放管服|政务服务|便民服务|12345|营商环境|招商|一网通办",
}.items()}
_COUNT = re.compile(r"\d[\d,.]*\s*(?:余|多)?\s*[次件起人场份个名户家期项条元万%]")
_POSITION_BUCKETS = 5


class UnitFeatures(NamedTuple):
    """Features of one unit, in two blocks that the estimators weigh separately, and its place in its document."""

    content: list[str]  # the unit's own words and character n-grams
    context: list[str]  # kind, cues, section, position, neighbours, document kind
    position: int = 0  # index of the unit in its document: 0 starts a new document
    section: int = -1  # index of its top-level section in the document, -1 outside any section
    kind: str = "sentence"  # "sentence", "heading" or "debris"


def content_features(features: UnitFeatures) -> list[str]:
    """Analyzer: the unit's own words and character n-grams."""
    return features.content


def context_features(features: UnitFeatures) -> list[str]:
    """Analyzer: kind, cues, section, position, neighbours, document kind."""
    return features.context


def _cues(prefix: str, text: str) -> list[str]:
    return [f"{prefix}{name}" for name, pattern in _CUES.items() if pattern.search(text)]


@lru_cache(maxsize=4096)
def _heading_cues(top: str, last: str) -> tuple[str, ...]:
    """Cue words of a unit's top-level and nearest headings (computed once for all the units under them)."""
    keywords = [f"sec_kw:{m}" for m, pattern in MEASURE_KEYWORDS.items() if pattern.search(last)]
    return (*_cues("top:", top), *_cues("sec:", last), *keywords)


def _char_ngrams(text: str) -> list[str]:
    text = re.sub(r"\s+", "", text)
    return [f"c2:{text[i:i + 2]}" for i in range(len(text) - 1)]


def _doc_kind(units: list[dict]) -> list[str]:
    """Kind of document (:func:`lawnlp.kinds.document_kind`), from its title or wording; its score bucketed."""
    kind, score = document_kind([u["text"] for u in units if u["kind"] != "debris"])
    return [f"doc:{kind}", f"doc_kind_score:{round(score * 4)}"]


def _tense(units: list[dict]) -> list[tuple[bool, bool]]:
    """For each unit: does it report work done, and work to be done."""
    return [(bool(_CUES["done"].search(u["text"])), bool(_CUES["future"].search(u["text"]))) for u in units]


def _doc_tense(units: list[dict], tense: list[tuple[bool, bool]]) -> list[str]:
    """Whether the document as a whole, and its opening sentence, report work done or to be done."""
    body = [t for u, t in zip(units, tense) if u["kind"] == "sentence"]
    if not body:
        return []
    done = sum(d for d, _ in body) / len(body)
    future = sum(f for _, f in body) / len(body)
    opening = [f"opening_{name}" for name, present in zip(("done", "future"), body[0]) if present]
    return [f"doc_done:{round(done * 4)}", f"doc_future:{round(future * 4)}", *opening]


def _section_tense(units: list[dict], tense: list[tuple[bool, bool]]) -> dict[str, list[str]]:
    """Per top-level section: how many of its units report work done or to be done (bucketed)."""
    counts: dict[str, list[int]] = {}
    for unit, (done, future) in zip(units, tense):
        if unit["section"]:
            entry = counts.setdefault(unit["section"][0], [0, 0, 0])
            entry[0] += 1
            entry[1] += done
            entry[2] += future
    return {top: [f"sec_done:{round(done / n * 4)}", f"sec_future:{round(future / n * 4)}"]
            for top, (n, done, future) in counts.items()}


def doc_features(doc: Doc) -> Iterator[UnitFeatures]:
    """Features of every unit of a Doc that has ``doc._.lawnlp_units`` set.

    Each unit gets its words (pkuseg tokens, normalised), character
    bigrams, its kind and heading marker, cue words of its heading path, its
    position in the document, the first words of its neighbours and the kind
    of document it stands in.  Yields one list per unit, so a very long
    document need not hold all its features at once.
    """
    units = doc._.lawnlp_units
    token_units = doc._.lawnlp_token_units
    words: list[list[str]] = [[] for _ in units]
    array = doc.to_array([NORM, IS_SPACE]).reshape(-1, 2)
    # Each distinct norm hash is looked up once: turning every token's 64-bit hash into a Python int is slow.
    hashes, index = np.unique(array[:, 0], return_inverse=True)
    names = [doc.vocab.strings[h] for h in hashes.tolist()]
    for i, space, unit in zip(index.reshape(-1).tolist(), array[:, 1].tolist(), token_units):
        if unit >= 0 and not space:
            words[unit].append(names[i])
    tense = _tense(units)
    doc_kind = _doc_kind(units) + _doc_tense(units, tense)
    section_tense = _section_tense(units, tense)
    tops = {top: rank for rank, top in enumerate(dict.fromkeys(u["section"][0] for u in units if u["section"]))}
    first_heading = next((i for i, u in enumerate(units) if u["kind"] == "heading"), len(units))
    for i, unit in enumerate(units):
        text = normalize(unit["text"])
        path = unit["section"]
        content = [f"w:{w}" for w in words[i]] + _char_ngrams(text)
        feats = [f"kind:{unit['kind']}"]
        feats.append(f"marker:{heading_marker(text)}")
        feats.append(f"len:{min(len(text) // 20, 6)}")
        if _COUNT.search(text):
            feats.append("has_count")
        feats += _cues("self:", text)
        feats += [f"kw:{m}" for m, pattern in MEASURE_KEYWORDS.items() if pattern.search(text)]
        if path:
            feats += _heading_cues(path[0], path[-1])
            feats.append(f"depth:{len(path)}")
            rank = tops[path[0]]
            feats.append(f"top_rank:{min(rank, 4)}")
            feats.append(f"top_from_end:{min(len(tops) - 1 - rank, 2)}")
            feats += section_tense[path[0]]
        else:
            feats.append("no_section")
            feats.append("before_headings" if i < first_heading else "after_headings")
        feats.append(f"pos:{min(i * _POSITION_BUCKETS // max(len(units), 1), _POSITION_BUCKETS - 1)}")
        if i < 3:
            feats.append(f"index:{i}")
        if i + 1 == len(units):
            feats.append("last")
        for offset, name in ((-1, "prev"), (1, "next")):
            j = i + offset
            if 0 <= j < len(units):
                feats.append(f"{name}_kind:{units[j]['kind']}")
                feats += [f"{name}_w:{w}" for w in words[j][:4]]
        feats += doc_kind
        yield UnitFeatures(content, feats, i, tops[path[0]] if path else -1, unit["kind"])
