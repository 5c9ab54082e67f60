"""Inputs a careful user meets: annotation files, PDFs, .docx tables, wrapped text, quantities, large reports."""

import json
import sys

import pytest

import lawnlp
from lawnlp.annotations import AnnotationError, load_corpus
from lawnlp.io import join_wrapped_lines, read
from lawnlp.quantities import find_quantities

DOC = {"doc": "d1", "text": "一、主要举措\n全年调解纠纷9起。"}


def _record(**fields) -> str:
    return json.dumps({"doc": "d1", "start": 0, "end": 6, "function": "other", "measures": [], **fields},
                      ensure_ascii=False)


@pytest.fixture
def docs_file(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps(DOC, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_annotation_files_with_a_byte_order_mark_are_read(tmp_path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps(DOC, ensure_ascii=False) + "\n", encoding="utf-8-sig")
    labels = tmp_path / "labels.jsonl"
    labels.write_text(_record() + "\n", encoding="utf-8-sig")
    [document] = load_corpus([labels], [docs])
    assert [(r.start, r.end) for r in document.records] == [(0, 6)]


def test_a_gbk_annotation_file_names_file_and_line(tmp_path, docs_file):
    labels = tmp_path / "labels.jsonl"
    labels.write_bytes((_record() + "\n" + _record(start=7, end=16, note="调解") + "\n").encode("gbk"))
    with pytest.raises(AnnotationError, match=r"labels.jsonl:2: not UTF-8"):
        load_corpus([labels], [docs_file])


@pytest.mark.parametrize("offsets", [{"end": 6.0}, {"start": 0.5}, {"end": True}])
def test_offsets_that_are_no_whole_numbers_name_file_and_line(tmp_path, docs_file, offsets):
    labels = tmp_path / "labels.jsonl"
    labels.write_text(_record(**offsets) + "\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"labels.jsonl:1: offsets .* must be whole numbers"):
        load_corpus([labels], [docs_file])


def test_overlapping_records_name_both_files_and_lines(tmp_path, docs_file):
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("\n" + _record(end=10) + "\n", encoding="utf-8")
    second.write_text(_record(start=7, end=16) + "\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"second.jsonl:1: record \[7:16\] overlaps \[0:10\] of .*first.jsonl:2"):
        load_corpus([first, second], [docs_file])


PAGES = ["某县2023年法治政府建设工作报告\n一、主要举措和成效\n全年开展普法宣传活动八次，发放宣传资料两千余份，组织\n第 1 页 共 3 页",
         "某县2023年法治政府建设工作报告\n集中学法十二次，覆盖全体干部职工。\n"
         "1.加强组织领导。年初召开局党组会议专题研究法治政府建设\n工作，制定年度工作要点，明确责任分工。\n第2页/共3页",
         "某县2023年法治政府建设工作报告\n二、存在的问题\n部分干部法治意识不强。\n·3·"]


def test_pdf_page_numbers_and_running_headers_go_and_a_sentence_across_pages_is_whole(tmp_path, fake_pdf):
    fake_pdf(PAGES)
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert read(path).text.split("\n") == [
        "某县2023年法治政府建设工作报告", "一、主要举措和成效",
        "全年开展普法宣传活动八次，发放宣传资料两千余份，组织集中学法十二次，覆盖全体干部职工。",
        "1.加强组织领导。年初召开局党组会议专题研究法治政府建设工作，制定年度工作要点，明确责任分工。",
        "二、存在的问题", "部分干部法治意识不强。"]


@pytest.mark.parametrize("footer", ["第 2 页 共 3 页", "第2页/共3页", "·2·", "- 2 -", "2/3", "第2页"])
def test_every_kind_of_page_number_is_removed(footer):
    from lawnlp.io import remove_page_furniture

    text = remove_page_furniture(["一、主要举措\n全年开展普法宣传活动八次，", f"{footer}\n发放宣传资料两千余份。\n{footer}"])
    assert text == "一、主要举措\n全年开展普法宣传活动八次，\n发放宣传资料两千余份。"


def test_a_wrapped_numbered_paragraph_with_half_width_digits_is_joined():
    text = ("二、主要举措\n1.加强组织领导。年初召开局党组会议专题研究法治政府建设\n工作，制定年度工作要点，明确责任分工，落实到人到岗到位。\n"
            "2.强化学法培训，全年组织集中学法12次，覆盖全体干部职工，\n参训人员达到300人次以上。\n"
            "全年开展普法宣传活动8次，发放宣传资料2000余份，组织集中学\n法十二次。")
    assert join_wrapped_lines(text).split("\n") == [
        "二、主要举措", "1.加强组织领导。年初召开局党组会议专题研究法治政府建设工作，制定年度工作要点，明确责任分工，落实到人到岗到位。",
        "2.强化学法培训，全年组织集中学法12次，覆盖全体干部职工，参训人员达到300人次以上。",
        "全年开展普法宣传活动8次，发放宣传资料2000余份，组织集中学法十二次。"]


def test_docx_tables_are_kept_in_place(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("一、主要举措")
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "项目", (0, 1): "数量", (1, 0): "普法宣传活动", (1, 1): "8次"}.items():
        table.cell(row, col).text = text
    document.add_paragraph("二、存在的问题")
    path = tmp_path / "report.docx"
    document.save(str(path))
    assert read(path).text == "一、主要举措\n项目\t数量\n普法宣传活动\t8次\n二、存在的问题"


def test_a_hard_wrapped_text_file_is_joined_when_asked(tmp_path):
    path = tmp_path / "wrapped.txt"
    path.write_text("一、主要举措\n全年开展普法宣传活动八次，发放宣传资料两千余份，组织集中学\n法十二次，覆盖全体干部职工。",
                    encoding="utf-8")
    assert read(path).text.count("\n") == 2
    assert read(path, join_lines=True).text == "一、主要举措\n全年开展普法宣传活动八次，发放宣传资料两千余份，组织集中学法十二次，覆盖全体干部职工。"


def test_percentage_points_and_ranges():
    text = "纠错率下降12.5个百分点，每村配备法律明白人3至5名，投入经费3-5万元、三至五万元，第3-5次会议。"
    got = [(q.text, q.low, q.value, q.unit) for q in find_quantities(text)]
    assert got == [("12.5个百分点", None, 12.5, "百分点"), ("3至5名", 3.0, 5.0, "名"), ("3-5万元", 30000.0, 50000.0, "元"),
                   ("三至五万元", 30000.0, 50000.0, "元")]
    assert all(text[q.start:q.end] == q.text for q in find_quantities(text))


def test_the_notebook_view_of_a_very_long_report_shows_its_first_part_with_a_note():
    report = lawnlp.analyze("一、主要举措\n" + "全年开展普法宣传活动8次。" * 40_000)
    view = report._repr_html_()
    assert len(report.text) > 500_000 and len(view) < 1_000_000
    assert f"of {len(report.sentences)} sentences shown" in view
    short = lawnlp.analyze("一、主要举措\n全年开展普法宣传活动8次。")._repr_html_()
    assert "sentences shown" not in short and "全年开展普法宣传活动8次。" in short


def test_plot_without_matplotlib_says_how_to_install_it(monkeypatch):
    import pandas as pd

    from lawnlp.batch import plot_measure_coverage

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if matplotlib were not installed
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"plot_measure_coverage needs matplotlib: pip install 'lawnlp\[plot\]'"):
        plot_measure_coverage(pd.DataFrame())


@pytest.fixture(scope="module")
def saved_pipeline(tmp_path_factory):
    path = tmp_path_factory.mktemp("pipeline") / "pipeline"
    lawnlp.load().to_disk(path)
    return path


def test_spacy_load_refuses_changed_tokenizer_weights(saved_pipeline):
    import spacy

    weights = saved_pipeline / "tokenizer" / "segmenter" / "weights.npz"
    original = weights.read_bytes()
    try:
        weights.write_bytes(original[:-100] + bytes([original[-100] ^ 1]) + original[-99:])
        with pytest.raises(lawnlp.ModelError, match=r"weights.npz: missing or does not match its sha256"):
            spacy.load(saved_pipeline)
    finally:
        weights.write_bytes(original)


def test_spacy_load_notices_files_the_tokenizer_does_not_list(saved_pipeline):
    import spacy

    extra = saved_pipeline / "tokenizer" / "segmenter" / "extra.pkl"
    extra.write_bytes(b"not ours")
    try:
        with pytest.raises(lawnlp.ModelError, match=r"files not listed in sha256.json: segmenter/extra.pkl"):
            spacy.load(saved_pipeline)
    finally:
        extra.unlink()
    assert spacy.load(saved_pipeline).pipe_names
