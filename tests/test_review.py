"""The review workbook, the self-contained HTML page and ``lawnlp review``."""

from __future__ import annotations

from html.parser import HTMLParser

import openpyxl
import pytest

import lawnlp
from lawnlp.cli import main
from lawnlp.review import problem_rows, report_rows, write_html, write_workbook

SHARED = "全镇组建由十二名律师组成的村居法律顾问团，为群众解答法律咨询三百余人次。"
TEXTS = {
    "a.txt": "花溪镇人民政府2023年法治政府建设工作报告\n一、主要举措和成效\n" + SHARED + "\n"
             "在农贸市场设立流动普法摊位，发放宪法读本和民法典宣传册一千二百份。\n"
             "二、存在的不足和原因\n我们的工作与群众期待相比还存在一定差距。\n行政执法案卷评查发现文书不规范问题3件。\n"
             "三、下一年度推进法治政府建设的主要安排\n下一步，我镇将持续深化基层依法治理。",
    "b.txt": "青石县司法局2023年法治政府建设工作报告\n一、主要举措和成效\n"
             "全县行政复议案件办结率达到百分之九十八，纠错率较上年下降两个百分点。\n" + SHARED + "\n"
             "报告中写有<script>alert('x')</script>和=SUM(A1:A9)的字样，照样显示为文字。",
    "c.txt": "柳河街道工作总结\n街道建成十五个社区矛盾纠纷调解室，由退休法官和网格员轮流坐班。",
}


@pytest.fixture(scope="module")
def reports() -> list[lawnlp.Report]:
    return [lawnlp.analyze(text, source=name) for name, text in TEXTS.items()]


def test_report_rows(reports):
    rows = report_rows(reports)
    assert [r["source"] for r in rows] == list(TEXTS)
    a, b, c = rows
    assert a["issuer"] == "花溪镇人民政府" and a["year"] == 2023 and a["kind"] == "annual report"
    assert a["parts_required"] and "党政主要负责人" in a["missing_parts"] and "主要举措和成效" not in a["missing_parts"]
    assert (a["problems_specific"], a["problems_general"]) == (1, 1)
    assert a["copied_sentences"] == 1 and a["copied_from"] == "b.txt" and 0 < a["copied_share"] < 1
    assert c["copied_share"] == 0 and c["copied_from"] == ""
    assert [p["specific"] for p in problem_rows(reports)] == ["general", "specific"]


def test_workbook_sheets_rows_and_text(reports, tmp_path):
    path = write_workbook(reports, tmp_path / "review.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["reports", "sentences", "problems", "copied"]
    sheets = {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}
    assert len(sheets["reports"]) == 1 + len(reports)
    assert len(sheets["sentences"]) == 1 + sum(len(r.sentences) for r in reports)
    assert len(sheets["problems"]) == 1 + 2 and len(sheets["copied"]) == 1 + 2
    header = sheets["sentences"][0]
    texts = [row[header.index("text")] for row in sheets["sentences"][1:]]
    assert texts == [s.text for r in reports for s in r.sentences]  # Chinese text intact, in order
    copied = dict(zip(sheets["copied"][0], sheets["copied"][1]))
    assert copied["text"] == SHARED and copied["other_source"] == "b.txt" and copied["boilerplate"] is False
    for name in book.sheetnames:
        sheet = book[name]
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
        assert all(sheet.column_dimensions[c].width >= 5 for c in "ABC")
    formula_like = next(c for row in book["sentences"].iter_rows() for c in row if "=SUM" in str(c.value))
    assert formula_like.data_type == "s"  # a report's text never becomes a formula


def test_workbook_lists_errors(reports, tmp_path):
    from lawnlp.batch import Failure

    book = openpyxl.load_workbook(write_workbook(reports[:1], tmp_path / "r.xlsx", [],
                                                 failures=[Failure("bad.pdf", "bad.pdf: not a readable PDF")]))
    assert book.sheetnames[-1] == "errors"
    assert list(book["errors"].iter_rows(values_only=True)) == [("source", "error"), ("bad.pdf", "bad.pdf: not a readable PDF")]


class _Page(HTMLParser):
    """Sentences (text of each ``p.sentence`` without its tags), scripts, and every link and resource."""

    def __init__(self):
        super().__init__()
        self.sentences, self.scripts, self.links, self.ids = [], 0, [], set()
        self._depth = 0  # inside a sentence paragraph, before its measure tags and notes

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.ids.add(attrs.get("id"))
        self.links += [attrs[k] for k in ("href", "src") if k in attrs]
        self.scripts += tag == "script"
        if tag == "p" and "sentence" in attrs.get("class", "").split():
            self.sentences.append("")
            self._depth = 1
        elif tag in ("code", "span") and self._depth:
            self._depth = 0

    def handle_endtag(self, tag):
        if tag == "p":
            self._depth = 0

    def handle_data(self, data):
        if self._depth:
            self.sentences[-1] += data


def test_html_is_self_contained_escaped_and_complete(reports, tmp_path):
    raw = write_html(reports, tmp_path / "review.html").read_text(encoding="utf-8")
    page = _Page()
    page.feed(raw)
    assert page.sentences == [s.text for r in reports for s in r.sentences]
    assert page.scripts == 1 and "<script>alert" not in raw and "&lt;script&gt;alert(&#x27;x&#x27;)" in raw
    assert all(link.startswith("#") for link in page.links)  # no CSS, script or font from elsewhere
    assert all(link[1:] in page.ids for link in page.links)  # every link lands on the page
    assert 'href="#report-1"' in raw and "copied share" in raw
    heading = next(i for i, s in enumerate(reports[0].sentences) if s.text == "一、主要举措和成效")
    assert f'found</span> 主要举措和成效 — <a href="#report-0-s{heading}">一、主要举措和成效</a>' in raw
    assert 'missing</span> 党政主要负责人履行推进法治建设第一责任人职责情况</li>' in raw


def test_cli_review_writes_both_files_and_lists_a_broken_one(tmp_path, capsys):
    files = []
    for name, text in TEXTS.items():
        files.append(tmp_path / name)
        files[-1].write_text(text, encoding="gbk" if name == "a.txt" else "utf-8")
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\x01\x02\xff" * 50)
    out, page = tmp_path / "review.xlsx", tmp_path / "review.html"
    assert main(["review", *map(str, files), "--out", str(out), "--html", str(page)]) == 0
    assert "reviewed 3 of 3 inputs" in capsys.readouterr().out and page.is_file()
    assert main(["review", str(files[0]), str(broken), str(tmp_path / "missing.txt"), "--out", str(out)]) == 1
    assert "2 of 3 inputs failed" in capsys.readouterr().err
    book = openpyxl.load_workbook(out)
    assert book["reports"].max_row == 2
    errors = list(book["errors"].iter_rows(values_only=True))[1:]
    assert [row[0] for row in errors] == [str(broken), str(tmp_path / "missing.txt")]
    assert "binary data" in errors[0][1] and "no such file" in errors[1][1]


def test_cli_review_refuses_bad_output_and_model(tmp_path, capsys):
    report = tmp_path / "a.txt"
    report.write_text(TEXTS["a.txt"], encoding="utf-8")
    assert main(["review", str(report), "--out", str(tmp_path / "review.csv")]) == 2
    assert "must end in .xlsx" in capsys.readouterr().err
    assert main(["review", str(report), "--out", str(tmp_path / "none" / "r.xlsx")]) == 2
    assert "no folder" in capsys.readouterr().err
    assert main(["review", str(report), "--out", str(tmp_path / "r.xlsx"), "--model", str(tmp_path)]) == 2
    assert "lawnlp review: error:" in capsys.readouterr().err and not (tmp_path / "r.xlsx").exists()
