import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawnlp.sections import heading_marker, section_paths
from lawnlp.sentences import split_units, units_from_spans


def check_units(text, units):
    previous_end = 0
    for unit in units:
        assert previous_end <= unit.start < unit.end <= len(text)
        piece = text[unit.start:unit.end]
        assert piece == piece.strip() and "\n" not in piece
        assert text[previous_end:unit.start].strip() == ""  # nothing but space between units
        previous_end = unit.end
    assert text[previous_end:].strip() == ""


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from("一二是（）()1.、，,；;。！？”\n 　\u00a0法治建设字号打印abc"), max_size=200))
def test_units_cover_every_character_in_order(text):
    check_units(text, split_units(text))


@settings(max_examples=300)
@given(st.text(max_size=300))
def test_units_hold_for_any_unicode(text):
    check_units(text, split_units(text))


def test_unit_rules():
    text = "二、存在的问题\n一是意识不强；二是制度不全。\n全年化解纠纷90起，调解成功率达到98%。完成！\n• 打印"
    units = split_units(text)
    assert [(text[u.start:u.end], u.kind) for u in units] == [
        ("二、存在的问题", "heading"), ("一是意识不强；", "sentence"), ("二是制度不全。", "sentence"),
        ("全年化解纠纷90起，调解成功率达到98%。", "sentence"), ("完成！", "sentence"), ("• 打印", "debris")]


def test_standalone_semicolon_clauses_split_short_ones_do_not():
    long = "设置了访调对接办公室，常驻调解员两名和值班律师一名；建立心理驿站工作室，聘请心理咨询师两名开展疏导。"
    assert len(split_units(long)) == 2
    short = "学习宪法；民法典；行政处罚法。"
    assert len(split_units(short)) == 1


def test_closing_quote_stays_with_its_sentence():
    text = "他说：“依法办事。”随后散会。"
    assert [text[u.start:u.end] for u in split_units(text)] == ["他说：“依法办事。”", "随后散会。"]


def test_units_from_spans_match_the_splitter(seeds):
    for text in seeds.values():
        units = split_units(text)
        assert units_from_spans(text, [(u.start, u.end) for u in units]) == units


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["一、", "（二）", "（2）", "3.", "加强领导", "全年开展培训12次", "，", "。", "；", "：", ":",
                                 "出台的4件规范性文件全部经法律顾问审核并报司法局备案", " ", "   ", "\t", "\n", "字号"]),
                max_size=30).map("".join))
def test_annotated_spans_get_the_kind_the_splitter_gives(text):
    # Training labels units by annotated spans; their kind (a feature) must be the one seen at prediction.
    units = split_units(text)
    assert units_from_spans(text, [(u.start, u.end) for u in units]) == units


def test_heading_markers():
    assert heading_marker("一、工作进展") == "cn"
    assert heading_marker("(一)健全领导机制") == heading_marker("（一）健全") == "paren_cn"
    assert heading_marker("()强化法治宣传教育") == "paren_cn"  # heading number lost in the source
    assert heading_marker("1.强化统筹部署。") == "arabic"
    assert heading_marker("（1）开展培训") == "paren_arabic"
    assert heading_marker("二是依法规范信访行为。") == "item"
    assert heading_marker("1.5万人参加") is None
    assert heading_marker("2023年，我镇") is None


def test_section_paths_follow_marker_order():
    units = [("（一）先出现的层级", True), ("正文。", False), ("1.下一级", True), ("正文。", False), ("（二）同级", True),
             ("正文。", False)]
    assert section_paths(units)[3] == ("（一）先出现的层级", "1.下一级")
    assert section_paths(units)[5] == ("（二）同级",)


SEED_SECTIONS = {
    # seed: (a sentence that opens a section, the heading path it must have)
    "000_a96ddfb8e6442cfd": [
        ("全年化解矛盾纠纷90起", ["一、工作进展与成效", "(四)创新矛盾化解,维护社会稳定"]),
        ("部分干部对法治政府建设的重要性认识不足", ["二、存在的问题", "(二)干部法治意识需提高"]),
        ("通过线上线下相结合的方式", ["三、下步工作计划", "(一)深化法治宣传教育,营造良好法治氛围"]),
        ("成立以党委书记为组长", ["一、工作进展与成效", "(一)健全领导机制,压实法治责任", "1.强化统筹部署。"]),
    ],
    "001_263b3df54a746a2b": [
        ("一是健全组织架构", ["一、推进法治政府建设的主要举措和成效", "(一)加强组织领导,抓好责任落实。"]),
        ("科苑街道在法治政府建设工作方面取得了较好成效", ["三、推进法治政府建设存在的问题和不足和原因"]),
        ("坚决落实党工委学法常态化", ["四、2024年推进法治政府建设的主要计划安排", "(二)加强依法行政能力建设。"]),
    ],
    "002_1fe5bcb0e46deceb": [
        ("把学习贯彻党的二十大精神", ["一、推进法治政府建设的主要举措及成效", "(一)深学习习近平法治思想,推动学思践行"]),
        ("扎实抓好“八五”普法", ["三、2024年推进法治政府建设工作主要安排", "(二)不断深入普法宣传。"]),
    ],
    "003_3ef2ffa63908b0bd": [
        ("提高认识,加强依法行政组织领导", ["一、高度重视,加强党对法治政府的组织领导。"]),
        ("认真抓好法律知识学习培训工作", ["二、加强培训,提高工作人员法治思维和依法行政能力"]),
    ],
}
SEED_HEADINGS = {
    "000_a96ddfb8e6442cfd": ["一、工作进展与成效", "(一)健全领导机制,压实法治责任", "1.强化统筹部署。", "2.完善决策机制。",
                             "(四)创新矛盾化解,维护社会稳定", "二、存在的问题", "(五)群众参与度不高", "三、下步工作计划",
                             "(三)完善矛盾预防化解机制,维护社会稳定"],
    "001_263b3df54a746a2b": ["一、推进法治政府建设的主要举措和成效", "(五)加强法治宣传,强化法治意识。",
                             "二、党政主要负责人履行推进法治建设第一责任人职责情况",
                             "三、推进法治政府建设存在的问题和不足和原因", "四、2024年推进法治政府建设的主要计划安排",
                             "(三)深入开展法治宣传教育。"],
    "002_1fe5bcb0e46deceb": ["一、推进法治政府建设的主要举措及成效", "()强化法治宣传教育,提高法律意识",
                             "(六)优化法治化营商环境,助力招商引资", "二、推进法治政府建设存在的困难和问题",
                             "三、2024年推进法治政府建设工作主要安排", "(三)继续提高依法执法水平。"],
    "003_3ef2ffa63908b0bd": ["一、高度重视,加强党对法治政府的组织领导。", "三、五个“集成”,提升社会治理能力,全面依法履行政府职能。",
                             "六、整合资源,加强多元化解机制,依法有效化解社会矛盾纠纷。", "七、存在的主要问题", "八、下一步工作计划",
                             "(三)进一步推进行政执法规范化建设。"],
}


@pytest.mark.parametrize("seed", sorted(SEED_HEADINGS))
def test_seed_headings_and_sections(seed, seeds):
    text = seeds[seed]
    units = split_units(text)
    check_units(text, units)
    headings = [text[u.start:u.end] for u in units if u.kind == "heading"]
    for heading in SEED_HEADINGS[seed]:
        assert heading in headings
    paths = section_paths([(text[u.start:u.end], u.kind == "heading") for u in units])
    by_start = {text[u.start:u.end]: list(p) for u, p in zip(units, paths)}
    for opening, expected in SEED_SECTIONS[seed]:
        matches = [path for sentence, path in by_start.items() if sentence.startswith(opening)]
        assert matches == [expected], opening
    # every top-level heading of the seed (一、二、…) is a heading unit
    for line in text.splitlines():
        top = re.match(r"^[一二三四五六七八九十]+、.{2,30}$", line.strip())
        if top:
            assert line.strip() in headings
