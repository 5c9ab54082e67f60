"""Copied text across a batch: injected copies are found, boilerplate is told apart, unrelated reports give none."""

from __future__ import annotations

import random

import pytest

import lawnlp
from lawnlp.borrowed import considered_sentences, find_borrowed, borrowed_frame, normalize_sentence
from lawnlp.sections import heading_marker

#: Made-up reports: issuer and body sentences that share nothing with each other.
BODIES = {
    "花溪镇人民政府": ["镇党委专题研究法治建设议题四次，把法治工作纳入年度目标考核。",
                 "组建由十二名律师组成的村居法律顾问团，为群众解答法律咨询三百余人次。",
                 "在农贸市场设立流动普法摊位，发放宪法读本和民法典宣传册一千二百份。"],
    "青石县司法局": ["全县行政复议案件办结率达到百分之九十八，纠错率较上年下降两个百分点。",
               "编制行政执法事项清单，公布执法主体二十三家和执法人员六百一十名。",
               "联合人社部门开展农民工欠薪专项法律援助，帮助讨回工资四十六万元。"],
    "柳河街道办事处": ["街道建成十五个社区矛盾纠纷调解室，由退休法官和网格员轮流坐班。",
                 "对辖区餐饮门店开展消防安全联合检查，发现隐患当场督促整改到位。",
                 "依托社区微信群推送以案说法短视频，全年累计播放超过两万次。"],
    "白云区市场监管局": ["推行轻微违法行为首次不罚清单，对一百零七家小微企业免予处罚。",
                  "建立行政处罚裁量基准，细化自由裁量幅度，统一同类案件处理尺度。",
                  "在企业开办专区实现营业执照当日领取，办事材料由九份压减到四份。"],
    "东湖乡人民政府": ["乡里把合法性审查作为集体讨论的前置程序，今年审查合同和文件三十一件。",
                 "邀请县人民法院法官到乡机关旁听庭审，干部现场学习行政诉讼程序。",
                 "为留守老人建立赡养纠纷台账，驻村干部每月上门走访一次。"],
}
#: Text of the kind most reports carry: the formula that opens the account of the year.
FORMULA = "现将本单位本年度法治政府建设工作情况和下一步工作打算报告如下。"


def _report(issuer: str, sentences: list[str], year: int = 2023) -> lawnlp.Report:
    text = f"{issuer}{year}年法治政府建设工作报告\n一、主要举措和成效\n" + "\n".join(sentences)
    return lawnlp.analyze(text, source=f"{issuer}-{year}.txt")


@pytest.fixture(scope="module")
def unrelated() -> list[lawnlp.Report]:
    return [_report(issuer, body) for issuer, body in BODIES.items()]


def _index(report: lawnlp.Report, text: str) -> int:
    return next(i for i, s in enumerate(report.sentences) if s.text == text)


def test_unrelated_reports_share_nothing(unrelated):
    assert find_borrowed(unrelated) == []


def test_a_copied_sentence_is_found_in_both_reports(unrelated):
    copied = BODIES["花溪镇人民政府"][1]
    target = _report("青石县司法局", BODIES["青石县司法局"][:2] + [copied])
    reports = [unrelated[0], target] + unrelated[2:]
    found = find_borrowed(reports)
    assert [(b.report, b.sentence, b.other_report, b.other_sentence, b.similarity, b.boilerplate) for b in found] == [
        (0, _index(reports[0], copied), 1, _index(target, copied), 1.0, False),
        (1, _index(target, copied), 0, _index(reports[0], copied), 1.0, False)]
    assert found[0].text == copied and found[0].shared_by == 2
    assert found[0].to_dict()["other_report"] == 1
    frame = borrowed_frame(found, reports)
    assert frame.loc[0, "source"] == "花溪镇人民政府-2023.txt" and frame.loc[0, "other_text"] == copied


@pytest.mark.parametrize("edited", [
    "组建由十五名律师组成的村居法律顾问团，为群众解答法律咨询五百余人次。",   # other figures
    "组建由１２名律师组成的村居法律顾问团, 为群众解答法律咨询 300余人次!",     # widths, spaces, punctuation
    "组建由十二名律师组成的社区法律顾问团，为居民解答法律咨询三百余人次。",   # two words changed
    "我镇组建由十二名律师组成的村居法律顾问团，为群众解答各类法律咨询三百余人次。",  # words added
])
def test_a_copy_with_small_edits_is_found(unrelated, edited):
    target = _report("青石县司法局", BODIES["青石县司法局"][:2] + [edited])
    found = find_borrowed([unrelated[0], target])
    assert [(b.report, b.other_report, b.text) for b in found] == [(0, 1, BODIES["花溪镇人民政府"][1]), (1, 0, edited)]
    assert 0.8 <= found[0].similarity <= 1.0 and not found[0].boilerplate


def test_digits_are_ignored_unless_asked():
    a = _report("花溪镇人民政府", ["全镇共办理法律援助案件16件，挽回群众经济损失23万元。"])
    b = _report("柳河街道办事处", ["全镇共办理法律援助案件41件，挽回群众经济损失87万元。"])
    assert find_borrowed([a, b])[0].similarity == 1.0
    assert all(x.similarity < 1.0 for x in find_borrowed([a, b], digits=False, threshold=0.5))
    assert normalize_sentence("共 16 件，", digits=False) == "共16件"


def test_boilerplate_of_most_reports_is_told_apart_from_a_shared_pair(unrelated):
    pair = BODIES["东湖乡人民政府"][0]
    reports = [_report(issuer, [FORMULA] + body + ([pair] if issuer == "白云区市场监管局" else []))
               for issuer, body in BODIES.items()]
    found = find_borrowed(reports)
    formula = [b for b in found if b.text == FORMULA]
    assert len(formula) == len(reports) and all(b.boilerplate and b.shared_by == len(reports) for b in formula)
    assert all(b.other_report != b.report for b in formula)
    shared = [(b.report, b.other_report, b.boilerplate) for b in found if b.text == pair]
    assert shared == [(3, 4, False), (4, 3, False)]


def test_three_issuers_make_boilerplate_where_one_issuer_copies_itself():
    others = [_report(issuer, body) for issuer, body in BODIES.items()]
    line = "坚持以习近平法治思想为指导，深入贯彻落实法治政府建设实施纲要。"
    three_issuers = [_report(issuer, [line]) for issuer in ("松林镇人民政府", "石桥县人民政府", "金沙街道办事处")]
    found = find_borrowed(others + three_issuers + [_report("x", [])] * 2)  # 10 reports: 3 is not more than 30%
    assert {b.boilerplate for b in found} == {True}
    one_issuer = [_report("松林镇人民政府", [line], year) for year in (2021, 2022, 2023)]
    found = find_borrowed(others + one_issuer + [_report("x", [])] * 2)
    assert len(found) == 6 and {b.boilerplate for b in found} == {False}


def test_share_of_the_batch_decides_boilerplate():
    line = "全面落实行政规范性文件合法性审核机制，做到应审尽审。"
    reports = [_report(issuer, [line] + body) for issuer, body in list(BODIES.items())[:2]]
    assert {b.boilerplate for b in find_borrowed(reports)} == {False}  # two reports: a pair, whatever the share


def test_headings_short_units_and_titles_are_not_compared():
    text = "花溪镇2023年法治政府建设工作报告\n一、主要举措和成效\n（一）强化组织领导，压实工作责任\n现将工作报告如下：\n"
    a, b = lawnlp.analyze(text + "镇里举办法治讲座。"), lawnlp.analyze(text + "村里修好了道路。")
    assert find_borrowed([a, b]) == []
    assert considered_sentences(a) == {}


def test_empty_batch_single_report_and_bad_input(unrelated):
    assert find_borrowed([]) == []
    repeated = _report("花溪镇人民政府", BODIES["花溪镇人民政府"] * 2)
    assert find_borrowed([repeated]) == []  # a sentence repeated inside one report is not copied text
    with pytest.raises(TypeError, match="single Report"):
        find_borrowed(unrelated[0])
    with pytest.raises(TypeError, match=r"reports\[1\] is a str"):
        find_borrowed([unrelated[0], "text"])
    with pytest.raises(ValueError, match="threshold"):
        find_borrowed(unrelated, threshold=0)


def _edit(sentence: str, rng: random.Random) -> str:
    """A copy with a small edit: one character in the middle replaced, or the figures changed."""
    if any(ch.isdigit() for ch in sentence) and rng.random() < 0.5:
        return "".join(str(rng.randrange(10)) if ch.isdigit() else ch for ch in sentence)
    middle = len(sentence) // 2
    return sentence[:middle] + "某" + sentence[middle + 1:]


def _inject(texts: list[str], pairs: int, seed: int = 0) -> tuple[list[lawnlp.Report], list[tuple[int, int, str]]]:
    """Analyse ``texts`` with ``pairs`` body sentences (no heading marker: a line that starts with one is read as
    a heading, which is not compared) copied, half of them edited, from one text into another.

    Returns the reports and ``(source report, target report, copied text)`` of each injection."""
    rng = random.Random(seed)
    plain = [lawnlp.analyze(t) for t in texts]
    texts, injected = list(texts), []
    for k in range(pairs):
        source = k % len(texts)
        target = (source + 1 + rng.randrange(len(texts) - 1)) % len(texts)
        candidates = [plain[source].sentences[i].text for i, form in considered_sentences(plain[source]).items()
                      if len(form) >= 20 and heading_marker(plain[source].sentences[i].text) is None]
        if not candidates:
            continue
        copy = rng.choice(candidates)
        copy = _edit(copy, rng) if k % 2 else copy
        texts[target] = texts[target].rstrip("\n") + "\n" + copy + "\n"
        injected.append((source, target, copy))
    return [lawnlp.analyze(t, source=f"doc{i}") for i, t in enumerate(texts)], injected


def _count(reports, injected) -> tuple[int, int, int]:
    """Injected copies found (pointing at their source, or marked boilerplate: text of many reports), missed,
    and of those found, how many as boilerplate."""
    found = find_borrowed(reports)
    pairs = {(b.report, b.other_report, b.text) for b in found if not b.boilerplate}
    boilerplate = {(b.report, b.text) for b in found if b.boilerplate}
    as_pair = sum((target, source, copy) in pairs for source, target, copy in injected)
    as_boilerplate = sum((target, copy) in boilerplate for _, target, copy in injected)
    return as_pair + as_boilerplate, len(injected) - as_pair - as_boilerplate, as_boilerplate


def test_copies_injected_into_the_seeds_are_found(seeds):
    texts = list(seeds.values())
    before = {(b.report, b.sentence) for b in find_borrowed([lawnlp.analyze(t) for t in texts])}
    reports, injected = _inject(texts, pairs=8)
    found, missed, boilerplate = _count(reports, injected)
    assert missed == 0, f"seeds: {found} injected copies found ({boilerplate} as boilerplate), {missed} missed"
    extra = [b for b in find_borrowed(reports) if (b.report, b.sentence) not in before
             and not any(b.report in (s, t) and b.other_report in (s, t) for s, t, _ in injected)]
    assert extra == []  # no pair beyond those the seeds already share and the injected ones


def test_copies_injected_into_corpus_reports_are_found(reports):
    sample = [reports[doc] for doc in sorted(reports)[::3]]  # 34 real reports (texts read at run time)
    batch, injected = _inject(sample, pairs=30, seed=1)
    found, missed, boilerplate = _count(batch, injected)
    assert missed == 0, f"corpora/reports: {found} injected copies found ({boilerplate} as boilerplate), {missed} missed"
