"""Copied text across a batch of reports: sentences that stand, identically or nearly, in another report.

Each sentence unit is normalised (:func:`normalize_sentence`: canonical character widths, no spaces or
punctuation, every run of digits read as one digit), identical forms are grouped, and near-duplicates among the
distinct forms are found with datasketch's MinHash LSH over character bigrams, then confirmed by their real
similarity (difflib's ratio: twice the characters they have in common, in order, over their total length).
A shared text is *boilerplate* when it stands in at least three reports and in more than ``boilerplate_share`` of
the batch, or in reports of three or more different issuers (格式 phrases, the 纲要's names); otherwise it is text
the reports share with each other, what a reviewer looks for.

>>> import lawnlp
>>> a = lawnlp.analyze("一、主要举措\\n全镇组织开展宪法宣传周活动12场，覆盖群众3000余人。")
>>> b = lawnlp.analyze("一、工作成效\\n全区组织开展宪法宣传周活动15场，覆盖群众5000余人。")
>>> [(x.report, x.other_report, x.similarity, x.boilerplate) for x in find_borrowed([a, b])]
[(0, 1, 0.955, False), (1, 0, 0.955, False)]
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Sequence

from .report import Report
from .text import normalize

if TYPE_CHECKING:
    import pandas

__all__ = ["Borrowing", "find_borrowed", "borrowed_frame", "normalize_sentence", "considered_sentences"]

#: Units shorter than this (characters, once normalised) are never compared: 现将工作情况报告如下, signatures.
MIN_CHARS = 12
#: Character n-grams that the MinHash sketches are made of.
SHINGLE_CHARS = 2
#: Permutations of each MinHash sketch.
NUM_PERM = 128
#: Jaccard similarity of the bigram sets from which the LSH proposes a pair, at a confirmation threshold of 0.8
#: (scattered edits change two bigrams each, so a pair at ratio 0.8 can have a Jaccard similarity near 0.4); it
#: moves by twice the change of the threshold, never below 0.1.
LSH_THRESHOLD_AT_08 = 0.4
#: A shared text must stand in at least this many reports to be boilerplate.
MIN_BOILERPLATE_REPORTS = 3

_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Borrowing:
    """A sentence of one report (``report``, ``sentence``: indexes into the batch and into its sentences) that
    also stands in another (``other_report``, ``other_sentence``), with their ``similarity`` (1.0 = the same
    once normalised), whether it is ``boilerplate`` and the number of reports it stands in (``shared_by``)."""

    report: int
    sentence: int
    text: str
    other_report: int
    other_sentence: int
    similarity: float
    boilerplate: bool
    shared_by: int = 2

    def to_dict(self) -> dict:
        return asdict(self)


def normalize_sentence(text: str, *, digits: bool = True) -> str:
    """The form sentences are compared in: canonical widths, no whitespace or punctuation, and (``digits``)
    every run of digits as ``0``, so last year's sentence with this year's figures still matches.

    >>> normalize_sentence("全年开展普法活动 12 场,覆盖３０００人。")
    '全年开展普法活动0场覆盖0人'
    """
    folded = "".join(ch for ch in normalize(text)
                     if not ch.isspace() and not unicodedata.category(ch).startswith(("P", "S")))
    return _DIGITS.sub("0", folded) if digits else folded


def considered_sentences(report: Report, *, digits: bool = True) -> dict[int, str]:
    """The units of ``report`` that are compared, by index, in normalised form: sentences (not headings or web
    debris), not the title, at least :data:`MIN_CHARS` characters long."""
    title = normalize_sentence(report.title, digits=digits) if report.title else ""
    units = {}
    for index, sentence in enumerate(report.sentences):
        if sentence.kind != "sentence":
            continue
        form = normalize_sentence(sentence.text, digits=digits)
        if len(form) >= MIN_CHARS and form not in title:
            units[index] = form
    return units


def _similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    return round(difflib.SequenceMatcher(None, a, b, autojunk=False).ratio(), 3)


def _shingles(form: str) -> list[bytes]:
    return [form[i:i + SHINGLE_CHARS].encode("utf-8") for i in range(max(1, len(form) - SHINGLE_CHARS + 1))]


def _near_pairs(forms: list[str], threshold: float) -> list[tuple[int, int, float]]:
    """``(i, j, similarity)`` of the distinct forms ``i < j`` that are at least ``threshold`` alike."""
    try:
        from datasketch import MinHash, MinHashLSH
    except ImportError:
        raise ImportError("find_borrowed needs datasketch: pip install 'lawnlp[review]'") from None

    if len(forms) < 2:
        return []
    lsh = MinHashLSH(threshold=max(0.1, LSH_THRESHOLD_AT_08 - 2 * (0.8 - threshold)), num_perm=NUM_PERM)
    sketches = MinHash.bulk((_shingles(form) for form in forms), num_perm=NUM_PERM)
    pairs = []
    for j, sketch in enumerate(sketches):
        for i in lsh.query(sketch):
            a, b = forms[i], forms[j]
            if 2 * min(len(a), len(b)) / (len(a) + len(b)) < threshold:
                continue  # lengths alone rule it out
            similarity = _similarity(a, b)
            if similarity >= threshold:
                pairs.append((i, j, similarity))
        lsh.insert(j, sketch)
    return pairs


def _check(reports: Sequence[Report], threshold: float, boilerplate_share: float) -> None:
    if isinstance(reports, (str, bytes, Report)):
        raise TypeError(f"find_borrowed takes a list of lawnlp.Report, got a single {type(reports).__name__}")
    for index, report in enumerate(reports):
        if not isinstance(report, Report):
            raise TypeError(f"find_borrowed: reports[{index}] is a {type(report).__name__}, not a lawnlp.Report "
                            "(make one with lawnlp.analyze(text))")
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    if not 0 < boilerplate_share <= 1:
        raise ValueError(f"boilerplate_share must be in (0, 1], got {boilerplate_share!r}")


def find_borrowed(reports: Sequence[Report], *, threshold: float = 0.8, boilerplate_share: float = 0.3,
                  digits: bool = True) -> list[Borrowing]:
    """The sentences of each report that also stand, identically or nearly, in another report of the batch.

    A pair of sentences is kept when their normalised forms (:func:`normalize_sentence`; ``digits=False`` keeps
    the figures apart) are at least ``threshold`` alike.  Text shared by two or a few reports gives, for each
    sentence, one :class:`Borrowing` per other report that has it (the most alike of its sentences there), in
    both directions.  Boilerplate (in at least three reports and more than ``boilerplate_share`` of the batch,
    or in reports of three or more different issuers; a report without a known issuer counts as one of its own)
    gives one :class:`Borrowing` per sentence, pointing at its first occurrence in another report, with
    ``boilerplate=True`` and the number of reports it stands in.  Sorted by report and sentence.
    """
    _check(reports, threshold, boilerplate_share)
    occurrences: dict[str, list[tuple[int, int]]] = {}
    for r, report in enumerate(reports):
        for s, form in considered_sentences(report, digits=digits).items():
            occurrences.setdefault(form, []).append((r, s))
    forms = list(occurrences)
    pairs = _near_pairs(forms, threshold)

    parent = list(range(len(forms)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, _ in pairs:
        parent[root(j)] = root(i)
    members: dict[int, list[int]] = {}
    for i in range(len(forms)):
        members.setdefault(root(i), []).append(i)
    reports_of = {c: {r for i in group for r, _ in occurrences[forms[i]]} for c, group in members.items()}
    boilerplate = {c for c, shared in reports_of.items() if len(shared) >= MIN_BOILERPLATE_REPORTS
                   and (len(shared) > boilerplate_share * len(reports) or _issuers(reports, shared) >= 3)}

    found: dict[tuple[int, int, int], tuple[float, int]] = {}  # (report, sentence, other report) -> best match

    def keep(a: tuple[int, int], b: tuple[int, int], similarity: float) -> None:
        key = (a[0], a[1], b[0])
        if a[0] != b[0] and (key not in found or similarity > found[key][0]):
            found[key] = (similarity, b[1])

    for c, group in members.items():
        if len(reports_of[c]) < 2:
            continue
        if c in boilerplate:  # each sentence against the first occurrence in another report
            places = sorted((place, forms[i]) for i in group for place in occurrences[forms[i]])
            first = places[0]
            second = next(p for p in places if p[0][0] != first[0][0])
            for place, form in places:
                other, other_form = second if place[0] == first[0][0] else first
                keep(place, other, _similarity(form, other_form))
            continue
        for i in group:  # identical forms in several reports
            for a in occurrences[forms[i]]:
                for b in occurrences[forms[i]]:
                    keep(a, b, 1.0)
    for i, j, similarity in pairs:
        if root(i) not in boilerplate:
            for a in occurrences[forms[i]]:
                for b in occurrences[forms[j]]:
                    keep(a, b, similarity)
                    keep(b, a, similarity)

    cluster_of = {place: root(i) for i, form in enumerate(forms) for place in occurrences[form]}
    return [Borrowing(r, s, reports[r].sentences[s].text, other, other_sentence, similarity,
                      cluster_of[(r, s)] in boilerplate, len(reports_of[cluster_of[(r, s)]]))
            for (r, s, other), (similarity, other_sentence) in sorted(found.items())]


def _issuers(reports: Sequence[Report], shared: set[int]) -> int:
    """Number of different issuers among ``shared`` reports (one without a known issuer counts apart)."""
    return len({reports[r].issuer or f"<report {r}>" for r in shared})


def borrowed_frame(borrowings: Sequence[Borrowing], reports: Sequence[Report]) -> "pandas.DataFrame":
    """One row per :class:`Borrowing`: both reports' sources, both sentences, similarity, boilerplate.

    >>> import lawnlp
    >>> a = lawnlp.analyze("全镇组织开展宪法宣传周活动12场，覆盖群众3000余人。", source="a.txt")
    >>> b = lawnlp.analyze("全区组织开展宪法宣传周活动15场，覆盖群众5000余人。", source="b.txt")
    >>> borrowed_frame(find_borrowed([a, b]), [a, b])[["source", "other_source", "similarity"]].values.tolist()
    [['a.txt', 'b.txt', 0.955], ['b.txt', 'a.txt', 0.955]]
    """
    import pandas as pd

    columns = ["report", "source", "sentence", "section", "text", "other_report", "other_source", "other_sentence",
               "other_text", "similarity", "boilerplate", "shared_by"]
    rows = []
    for b in borrowings:
        mine, theirs = reports[b.report], reports[b.other_report]
        rows.append({"report": b.report, "source": _name(mine, b.report), "sentence": b.sentence,
                     "section": " > ".join(mine.sentences[b.sentence].section), "text": b.text,
                     "other_report": b.other_report, "other_source": _name(theirs, b.other_report),
                     "other_sentence": b.other_sentence, "other_text": theirs.sentences[b.other_sentence].text,
                     "similarity": b.similarity, "boilerplate": b.boilerplate, "shared_by": b.shared_by})
    return pd.DataFrame(rows, columns=columns)


def _name(report: Report, index: int) -> str:
    return report.source or f"<report {index}>"
