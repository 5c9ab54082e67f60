from pathlib import Path

import pytest

import lawnlp
from lawnlp.io import InputError, read

REPORT = "一、主要举措和成效\n全年开展普法宣传活动8次，发放宣传资料2000余份。\n二、存在的问题\n部分干部法治意识不强。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_text_files_in_every_encoding(tmp_path, encoding):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding=encoding)
    source = read(path)
    assert source.text == REPORT
    assert source.format == "text" and source.path == str(path)


def test_html_main_text_without_page_furniture(tmp_path):
    paragraphs = "".join(f"<p>{line}</p>" for line in REPORT.splitlines())
    page = (f"<html><body><div class='nav'><a href='/'>网站首页</a></div><div class='article'>"
            f"<h1>某镇2023年法治政府建设工作报告</h1>{paragraphs}</div>"
            f"<div class='footer'>版权所有 网站标识码 3301000001 扫一扫在手机打开当前页</div></body></html>")
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    text = read(path).text
    assert "部分干部法治意识不强。" in text and "二、存在的问题" in text
    assert "版权所有" not in text
    results = lawnlp.classify(text)
    assert any(r.function == "problem" for r in results)


def test_docx_paragraphs(tmp_path):
    import docx

    document = docx.Document()
    for line in REPORT.splitlines():
        document.add_paragraph(line)
    path = tmp_path / "report.docx"
    document.save(str(path))
    assert read(path).text == REPORT


def test_pdf_without_text_layer_and_broken_files_name_the_problem(tmp_path):
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    scanned = tmp_path / "scanned.pdf"
    with open(scanned, "wb") as handle:
        writer.write(handle)
    with pytest.raises(InputError, match="scanned.pdf: the PDF has no text layer"):
        read(scanned)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK not a zip")
    with pytest.raises(InputError, match="broken.docx: not a readable .docx file"):
        read(broken)
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(InputError, match="junk.pdf: "):
        read(junk)


def test_a_missing_optional_reader_names_the_package(tmp_path, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "pypdf", None)  # as if pypdf were not installed
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match=r"report.pdf: reading .pdf needs pypdf: pip install 'lawnlp\[formats\]'"):
        read(path)


def _as_pdf_lines(text: str, width: int) -> str:
    """``text`` as a PDF's text layer gives it: every line cut after ``width`` characters."""
    return "\n".join(line[i:i + width] for line in text.split("\n") for i in range(0, max(len(line), 1), width))


@pytest.mark.parametrize("width", [24, 28, 40])
def test_wrapped_lines_are_joined_back_into_the_reports_sentences(width):
    from lawnlp.io import join_wrapped_lines
    from lawnlp.sentences import split_units

    report = (Path(__file__).parent.parent / "docs" / "sample_report.txt").read_text(encoding="utf-8")
    wrapped = _as_pdf_lines(report, width)

    def units(text):
        return [text[u.start:u.end] for u in split_units(text)]

    assert len(units(wrapped)) > len(units(report))  # unjoined, sentences fall apart at the line ends
    assert units(join_wrapped_lines(wrapped)) == units(report)


def test_titles_dates_headings_and_page_numbers_keep_their_lines():
    from lawnlp.io import join_wrapped_lines

    text = ("某县司法局2023年法治政府建设工作报告\n2024年1月10日\n一、主要举措和成效\n"
            "（一）加强组织领导。年初召开局党组会议专题研究法治\n政府建设工作，制定年度工作要点，明确责任分工，\n"
            "- 2 -\n将法治建设纳入年度绩效考核，全年开展督查两次。\n二是加强学法培训，全年组织集中学法十二次以上。")
    assert join_wrapped_lines(text).split("\n") == [
        "某县司法局2023年法治政府建设工作报告", "2024年1月10日", "一、主要举措和成效",
        "（一）加强组织领导。年初召开局党组会议专题研究法治政府建设工作，制定年度工作要点，明确责任分工，",
        "- 2 -", "将法治建设纳入年度绩效考核，全年开展督查两次。", "二是加强学法培训，全年组织集中学法十二次以上。"]


def test_pdf_text_layer_is_read_as_whole_sentences(tmp_path, fake_pdf):
    report = REPORT.replace("。\n", "，并对照年度目标逐项检查落实情况，确保各项工作按时完成。\n")
    lines = [line + " " for line in _as_pdf_lines(report, 20).split("\n")]  # text layers often end lines with a space
    fake_pdf(["\n".join(lines[:3]), "\n".join(lines[3:])])
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4")
    source = read(path)
    assert source.format == "pdf"
    assert [line.strip() for line in source.text.split("\n")] == report.split("\n")
    assert {r.text for r in lawnlp.classify(source.text)} >= {"二、存在的问题", "部分干部法治意识不强。"}
