import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import lawnlp
from lawnlp.quantities import find_quantities

# Every number with a unit in the seed texts, as the seeds state them.
SEED_QUANTITIES = {
    "000_a96ddfb8e6442cfd": ["12项", "7件", "10份", "7条", "14次", "4次", "37次", "8次", "1500余份", "13个", "6次",
                             "2000余人", "90起", "98%", "100%", "100%"],
    "001_263b3df54a746a2b": ["4个", "11个", "12名", "161个", "15村", "2次", "6次", "21场", "27场", "3600余人",
                             "5000余份", "14余份", "78余件"],
    "002_1fe5bcb0e46deceb": ["2000多份", "58幅", "16块", "10台次", "12次", "17个", "256起", "256起", "100%", "3起",
                             "100%", "26人", "37万元", "30户", "1108平方米", "436件", "1100万美元", "20家", "10家",
                             "13家"],
    "003_3ef2ffa63908b0bd": ["4期", "1次", "2次", "五个", "十个", "2名", "1名", "2名", "6名", "58个", "12个", "13支",
                             "1家", "2名", "120余份", "10余次", "20余次", "6起", "8起", "100%", "五个", "18起", "3起",
                             "4起", "2起", "5起", "1起", "3起", "17起", "94.44%"],
}


@pytest.mark.parametrize("seed", sorted(SEED_QUANTITIES))
def test_every_quantity_of_the_seeds_is_found(seed, seeds):
    text = seeds[seed]
    found = find_quantities(text)
    assert [q.text for q in found] == SEED_QUANTITIES[seed]
    for q in found:
        assert text[q.start:q.end] == q.text


def test_quantity_values_units_and_qualifiers():
    text = "化解矛盾纠纷90起，调解成功率达到98%，发放手册1500余份，覆盖两万余人次，投入资金37万元，第3次会议于2023年召开。"
    got = [(q.value, q.unit, q.approximate) for q in find_quantities(text)]
    assert got == [(90, "起", False), (98, "%", False), (1500, "份", True), (20000, "人次", True), (370000, "元", False)]


EXPECTED = {
    "000_a96ddfb8e6442cfd": {"title": "履行推进法治建设第一责任人职责述职报告", "year": None, "missing": []},
    "001_263b3df54a746a2b": {"title": "张店区人民政府科苑街道办事处关于2023年度法治政府建设工作的报告", "year": 2023,
                             "missing": []},
    "002_1fe5bcb0e46deceb": {"title": "连江县敖江镇2023年法治政府建设工作报告", "year": 2023,
                             "missing": ["党政主要负责人履行推进法治建设第一责任人职责情况"]},
    "003_3ef2ffa63908b0bd": {"title": "阴平镇2019年法治政府建设情况报告", "year": 2019,
                             "missing": ["党政主要负责人履行推进法治建设第一责任人职责情况"]},
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_analyze_a_seed(seed, seeds):
    report = lawnlp.analyze(seeds[seed], source=seed)
    expected = EXPECTED[seed]
    assert report.title == expected["title"]
    assert report.year == expected["year"]
    assert report.missing_parts == expected["missing"]
    assert [q.quantity.text for q in report.quantities] == SEED_QUANTITIES[seed]
    figures = report.figures
    assert 0 < figures["problem_share"] < 0.5
    assert figures["problems_specific"] + figures["problems_general"] == sum(
        1 for s in report.sentences if s.function == "problem" and s.kind != "heading")
    df = report.to_pandas()
    assert len(df) == len(report.sentences)
    assert (df["text"] == [seeds[seed][s:e] for s, e in zip(df["start"], df["end"])]).all()


def test_required_parts_follow_the_kind(seeds):
    duty = lawnlp.analyze(seeds["000_a96ddfb8e6442cfd"])
    assert duty.kind == "duty report" and duty.parts == [] and not duty.parts_required
    assert "required parts: none for a duty report" in duty.summary()
    annual = lawnlp.analyze(seeds["001_263b3df54a746a2b"])
    assert annual.kind == "annual report" and len(annual.parts) == 4
    disclosure = lawnlp.analyze("某县人民政府2024年政府信息公开工作年度报告\n一、总体情况\n全年主动公开信息120条。\n"
                                "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n全年未收到申请。")
    assert disclosure.kind == "disclosure annual report"
    assert disclosure.missing_parts == ["政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况",
                                        "其他需要报告的事项"]
    assert disclosure.to_dict()["kind"] == "disclosure annual report"


def test_kind_is_read_from_the_text_without_a_title():
    reply = lawnlp.analyze("王建国代表：\n您提出的关于加强村级调解组织建设的建议收悉，现答复如下：\n"
                           "我局已在全县推行调解员培训。\n下一步，我局将继续加强培训。\n特此函复。")
    assert reply.kind == "proposal reply" and reply.kind_score < 0.95



class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sentences, self.tags, self._in = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "p" and attrs.get("class") == "sentence":
            self.sentences.append([attrs["data-function"], ""])
            self._in = "p"
        elif tag == "code":
            self._in = "code"

    def handle_endtag(self, tag):
        self._in = "p" if tag == "code" else None

    def handle_data(self, data):
        if self._in == "p":
            self.sentences[-1][1] += data
        elif self._in == "code":
            self.tags.append(data)


def test_html_view_parses_and_shows_every_sentence(seeds):
    report = lawnlp.analyze(seeds["002_1fe5bcb0e46deceb"])
    parser = _Collector()
    parser.feed(report._repr_html_())
    assert [(f, t) for f, t in parser.sentences] == [(s.function, s.text) for s in report.sentences]
    assert sorted(parser.tags) == sorted(m for s in report.sentences for m in s.measures)


def test_analyze_many_keeps_order_and_reports_failures(tmp_path, seeds):
    paths = []
    for i, text in enumerate(seeds.values()):
        path = tmp_path / f"r{i}.txt"
        path.write_text(text, encoding="gb18030" if i % 2 else "utf-8")
        paths.append(path)
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\xff" * 100)
    with pytest.warns(UserWarning, match="broken.txt"):
        df = lawnlp.analyze_many([paths[0], broken, *paths[1:]])
    assert list(dict.fromkeys(df["source"])) == [str(p) for p in paths]
    [failure] = df.attrs["failures"]
    assert failure.source == str(broken) and "binary" in failure.error
    assert re.match(r".*报告", df.attrs["reports"][1]["title"])


def test_analyze_many_gives_each_documents_kind_issuer_level_and_year(seeds):
    sample = Path(__file__).parent.parent / "docs" / "sample_report.txt"
    df = lawnlp.analyze_many([sample], texts=list(seeds.values()))
    reports = [lawnlp.analyze(text) for text in [sample.read_text(encoding="utf-8"), *seeds.values()]]
    per_document = df.drop_duplicates("source").astype(object).where(df.notna(), None)
    assert len(per_document) == len(reports) == 5
    for row, report in zip(per_document.to_dict("records"), reports):
        assert row["kind"] == report.kind and row["kind"] in lawnlp.labels.KINDS
        assert (row["issuer"], row["level"], row["year"]) == (report.issuer, report.level, report.year)
    assert set(df["unit_kind"]) <= {"sentence", "heading", "debris"}
