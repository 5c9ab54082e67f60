"""Traditional characters: converted with OpenCC before labelling, every offset still into the caller's string."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lawnlp
from lawnlp.cli import main
from lawnlp.traditional import CONFIGS, to_simplified

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "docs" / "sample_report.txt").read_text(encoding="utf-8")

# Made up for these tests: a Taiwanese-style report with phrases whose tw2sp conversion changes length
# (網際網路 → 互联网, 部落格 → 博客, 肯亞 → 肯尼亚) and a Hong Kong one.
TAIWAN = ("某縣政府112年度法治政府建設報告\n一、主要舉措和成效\n（一）推廣網際網路法律服務，"
          "透過部落格與計程車廣告宣傳法律知識，全年舉辦講座36場、服務民眾1,200餘人次。\n"
          "（二）與肯亞法律機構交流執法經驗2次。\n二、存在的問題\n部分單位對法治建設重視不夠，學法用法氛圍不濃。\n"
          "三、下一步工作計劃\n將進一步加強執法人員培訓，完善網際網路政務服務。")
HONG_KONG = "二、存在的問題\n部分部門對法治建設重視不夠，市民參與度不高。\n三、下一步工作\n將加強調解員培訓，推動裏巷調解。"


def _s2t(text: str, config: str = "s2t") -> str:
    return opencc.OpenCC(f"{config}.json").convert(text)


@pytest.mark.parametrize("text, config", [(TAIWAN, "tw2sp"), (TAIWAN, "t2s"), (HONG_KONG, "hk2s"), (TAIWAN, "auto")])
def test_every_unit_is_a_slice_of_the_original_covering_the_same_words(text, config):
    results = lawnlp.classify(text, convert=config)
    simplified = lawnlp.classify(to_simplified(text, "t2s" if config == "auto" else config).text, convert=None)
    assert results and [r.text for r in results] == [text[r.start:r.end] for r in results]
    assert all(a.end <= b.start for a, b in zip(results, results[1:]))
    # the same units as the simplified text's, each covering the original of its words
    assert len(results) == len(simplified)
    for r, s in zip(results, simplified):
        assert to_simplified(r.text, "t2s" if config == "auto" else config).text == s.text
        assert (r.function, r.measures) == (s.function, s.measures)
    # headings in section paths are the caller's too
    problems = next(r for r in results if r.text.startswith("部分"))
    assert problems.section == ["二、存在的問題"] and problems.function == "problem"


def test_length_changing_phrases_map_to_the_whole_phrase():
    converted = to_simplified("推廣網際網路與部落格", "tw2sp")
    assert converted.text == "推广互联网与博客"
    assert converted.original_span(2, 5) == (2, 6)      # 互联网 ← 網際網路
    assert converted.original_span(3, 4) == (2, 6)      # inside a phrase: the whole phrase
    assert converted.original_span(6, 8) == (7, 10)     # 博客 ← 部落格
    assert converted.original_span(0, len(converted.text)) == (0, len(converted.original))
    assert converted.original_span(5, 5) == (6, 6)
    with pytest.raises(ValueError, match="not a span"):
        converted.original_span(3, 99)


def test_t2s_keeps_every_offset():
    converted = to_simplified(_s2t(SAMPLE))
    assert converted.text == SAMPLE and converted.changed and converted.blocks == ()
    assert converted.original_span(10, 20) == (10, 20)


@pytest.mark.parametrize("to_traditional, config", [("s2t", "t2s"), ("s2twp", "tw2sp"), ("s2hk", "hk2s")])
def test_piecewise_conversion_is_opencc_s_own(to_traditional, config):
    traditional = _s2t(SAMPLE + TAIWAN, to_traditional)
    assert to_simplified(traditional, config).text == opencc.OpenCC(f"{config}.json").convert(traditional)


_PIECES = ["網際網路", "部落格", "計程車", "肯亞", "滑鼠", "乾淨", "縣", "報", "著", "B型肝炎", "詹姆斯·卡麥隆", "法治",
           "，", "。", "\n", " ", "12", "\ud800", "𠀀", "ｘ"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.sampled_from(CONFIGS))
def test_alignment_is_exact(pieces, config):
    original = "".join(pieces)
    converted = to_simplified(original, config)
    assert converted.original_span(0, len(converted.text)) == (0, len(original))
    for start, end, original_start, original_end in converted.blocks:  # each phrase converts to its block
        assert to_simplified(original[original_start:original_end], config).text == converted.text[start:end]
    inside = {i for start, end, _, _ in converted.blocks for i in range(start, end)}
    for i, char in enumerate(converted.text):  # everywhere else, one character from one character
        if i not in inside:
            start, end = converted.original_span(i, i + 1)
            assert end - start == 1 and to_simplified(original[start], config).text == char
    spans = [converted.original_span(i, i) for i in range(len(converted.text) + 1)]
    assert spans == sorted(spans)


def test_round_trip_of_the_sample_report_keeps_the_labels():
    """The sample report through OpenCC s2t and back through lawnlp: same function on ≥ 97 % of the units,
    same measures on ≥ 90 % (it gives 100 % and 100 %: t2s undoes s2t on this text)."""
    simplified = lawnlp.classify(SAMPLE)
    traditional = _s2t(SAMPLE)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # converted, so no warning
        results = lawnlp.classify(traditional)
    assert [r.text for r in results] == [traditional[r.start:r.end] for r in results]
    assert [(r.start, r.end) for r in results] == [(r.start, r.end) for r in simplified]
    same_function = sum(a.function == b.function for a, b in zip(simplified, results)) / len(simplified)
    same_measures = sum(a.measures == b.measures for a, b in zip(simplified, results)) / len(simplified)
    assert same_function >= 0.97 and same_measures >= 0.90


def test_without_conversion_traditional_text_warns_and_keeps_offsets():
    with pytest.warns(UserWarning, match="traditional characters"):
        results = lawnlp.classify(HONG_KONG, convert=None)
    assert [r.text for r in results][:2] == ["二、存在的問題", "部分部門對法治建設重視不夠，市民參與度不高。"]
    with pytest.warns(UserWarning, match="traditional characters"):
        assert lawnlp.analyze(HONG_KONG, convert=None).converted is None


def test_simplified_text_is_not_converted():
    text = "二、存在的问题\n部分干部法治意识不强。"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert lawnlp.analyze(text).converted is None
        assert lawnlp.classify(text) == lawnlp.classify(text, convert=None)


def test_report_says_it_converted_and_speaks_the_original():
    report = lawnlp.analyze(TAIWAN, convert="tw2sp", source="tw.txt")
    assert report.converted == "tw2sp" and report.to_dict()["converted"] == "tw2sp"
    assert "OpenCC tw2sp" in report.summary()
    assert report.text is TAIWAN and report.title == "某縣政府112年度法治政府建設報告"
    assert all(s.text == TAIWAN[s.start:s.end] for s in report.sentences)
    assert [q.quantity.text for q in report.quantities] == ["36場", "1,200餘人次", "2次"]
    assert all(q.quantity.text == TAIWAN[q.quantity.start:q.quantity.end] for q in report.quantities)
    assert lawnlp.analyze(TAIWAN).converted == "t2s"


@pytest.mark.parametrize("bad", ["s2t", "TW2SP", "", 1])
def test_unknown_conversion_is_refused_naming_the_choices(bad):
    with pytest.raises(ValueError, match="t2s, tw2sp, hk2s"):
        lawnlp.classify(TAIWAN, convert=bad)
    with pytest.raises(ValueError, match="t2s, tw2sp, hk2s"):
        lawnlp.analyze("", convert=bad)
    with pytest.raises(ValueError, match="t2s, tw2sp, hk2s"):
        to_simplified(TAIWAN, bad)


def test_empty_text():
    assert lawnlp.classify("", convert="t2s") == [] and lawnlp.classify(" \n\u3000", convert="auto") == []
    assert to_simplified("").text == "" and to_simplified("").original_span(0, 0) == (0, 0)
    assert lawnlp.analyze("", convert="tw2sp").sentences == []
    with pytest.raises(TypeError):
        to_simplified(b"\xe7\xb8\xa3")


def test_unpaired_surrogates_stay_where_they_were():
    text = "一、主要舉措\n全縣調解糾紛90起\ud800，網際網路服務。"
    results = lawnlp.classify(text, convert="tw2sp")
    assert [r.text for r in results] == [text[r.start:r.end] for r in results] and "\ud800" in results[-1].text


def test_cli_convert_option(tmp_path, capsys):
    report = tmp_path / "tw.txt"
    report.write_text(TAIWAN, encoding="utf-8")
    assert main(["classify", "--format", "jsonl", "--convert", "tw2sp", str(report)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all(TAIWAN[row["start"]:row["end"]] == row["text"] for row in rows)
    with pytest.warns(UserWarning, match="traditional characters"):
        assert main(["classify", "--convert", "none", str(report)]) == 0
    capsys.readouterr()
    assert main(["analyze", "--format", "json", str(report)]) == 0
    assert json.loads(capsys.readouterr().out)["converted"] == "t2s"
    with pytest.raises(SystemExit):
        main(["classify", "--convert", "s2t", str(report)])


def test_the_documentation_example_runs_and_shows_what_it_gives():
    doc = (ROOT / "docs" / "traditional.md").read_text(encoding="utf-8")
    block = re.search(r"```python\n(.*?)```", doc, flags=re.S).group(1)
    env: dict = {}
    exec(compile(block, "docs/traditional.md", "exec"), env)
    shown = re.search(r"^# (\(.*\))$", block, flags=re.M).group(1)
    r = env["results"][1]
    assert repr((r.text, r.start, r.end, r.function, r.section)) == shown
