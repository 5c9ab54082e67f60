"""Sentence features with their document context: one function for training and inference."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .sections import heading_marker
from .text import normalize

__all__ = ["doc_features", "identity"]

_CUES = {
    "problem": re.compile(r"问题|不足|短板|差距|薄弱|困难|原因|风险|弱项|不够|不强|不高|有待|欠缺|缺乏|滞后|不到位"),
    "plan": re.compile(r"下一步|下步|计划|打算|安排|思路|展望|要点|目标|措施|举措|20\d\d年(?:度)?(?:工作|重点)|明年|今后"),
    "achievement": re.compile(r"成效|成果|做法|举措|情况|工作开展|主要工作|亮点|经验|履职|履行"),
    "leader": re.compile(r"第一责任人|主要负责人|党政主要"),
    "rectify": re.compile(r"整改"),
}
_DOC_KINDS = {
    "plan": re.compile(r"要点|工作计划|工作安排|实施方案|行动方案|意见"),
    "notice": re.compile(r"通报|督察|评查"),
    "reply": re.compile(r"答复|建议的|提案的|代表|委员"),
    "disclosure": re.compile(r"信息公开工作年度报告"),
    "report": re.compile(r"报告|总结|述职|述法"),
}
_COUNT = re.compile(r"\d[\d,.]*\s*(?:余|多)?\s*[次件起人场份个名户家期项条元万%]")
_POSITION_BUCKETS = 5


def identity(features: list[str]) -> list[str]:
    """Analyzer for scikit-learn vectorizers over ready-made feature lists."""
    return features


def _cues(prefix: str, text: str) -> list[str]:
    return [f"{prefix}{name}" for name, pattern in _CUES.items() if pattern.search(text)]


def _char_ngrams(text: str) -> list[str]:
    text = re.sub(r"\s+", "", text)
    grams = [f"c2:{text[i:i + 2]}" for i in range(len(text) - 1)]
    grams += [f"c3:{text[i:i + 3]}" for i in range(len(text) - 2)]
    return grams


def _doc_kind(doc: Doc, units: list[dict]) -> list[str]:
    head = normalize("".join(doc.text[u["start"]:u["end"]] for u in units[:6]))
    return [f"doc:{kind}" for kind, pattern in _DOC_KINDS.items() if pattern.search(head)]


def doc_features(doc: Doc) -> list[list[str]]:
    """Features of every unit of a Doc that has ``doc._.lawnlp_units`` set.

    Each unit gets its words (pkuseg tokens, normalised), character 2- and
    3-grams, its kind and heading marker, cue words of its heading path, its
    position in the document, the first words of its neighbours and the kind
    of document it stands in.
    """
    units = doc._.lawnlp_units
    token_units = doc._.lawnlp_token_units
    words: list[list[str]] = [[] for _ in units]
    for token, unit in zip(doc, token_units):
        if unit >= 0 and not token.is_space:
            words[unit].append(token.norm_)
    doc_kind = _doc_kind(doc, units)
    first_heading = next((i for i, u in enumerate(units) if u["kind"] == "heading"), len(units))
    out = []
    for i, unit in enumerate(units):
        text = normalize(doc.text[unit["start"]:unit["end"]])
        path = unit["section"]
        feats = [f"w:{w}" for w in words[i]] + _char_ngrams(text)
        feats.append(f"kind:{unit['kind']}")
        feats.append(f"marker:{heading_marker(text)}")
        feats.append(f"len:{min(len(text) // 20, 6)}")
        if _COUNT.search(text):
            feats.append("has_count")
        feats += _cues("self:", text)
        if path:
            feats += _cues("top:", path[0])
            feats += _cues("sec:", path[-1])
            feats += [f"top_w:{gram}" for gram in _char_ngrams(normalize(path[0]))]
            feats.append(f"depth:{len(path)}")
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
        out.append(feats)
    return out
