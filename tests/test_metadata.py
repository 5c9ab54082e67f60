"""Reading a document's title, issuer, level, year and date: one made-up page per kind of error met on real ones."""

import pytest

from lawnlp.metadata import Metadata, issuer_level, read_metadata
from lawnlp.sentences import split_units

BODY = "2023年，某县司法局在县委、县政府的坚强领导下，深入推进法治政府建设，各项工作取得明显成效。\n一、主要举措\n"


def read(text: str) -> Metadata:
    return read_metadata(text, split_units(text))


@pytest.mark.parametrize("debris", [
    "• 政务微信\n",
    "您的位置：首页 > 政务公开 > 法治政府建设 > 正文\n",
    "信息名称：",
    "标 题 | ",
    "政府信息公开 ",
    "[ 体裁分类 ] 工作报告\n",
])
def test_page_debris_is_not_part_of_the_title(debris):
    title = "某县司法局关于2023年度法治政府建设情况的报告"
    facts = read(debris + title + "\n" + BODY)
    assert facts.title == title
    start, end = facts.title_span
    assert (debris + title)[start:end] == title


@pytest.mark.parametrize("line", [
    "县委依法治县办：",
    "根据工作安排，现将有关情况报告如下：",
    "下载附件",
])
def test_addressees_openings_and_buttons_are_not_titles(line):
    facts = read(line + "\n某镇2023年法治政府建设工作报告\n" + BODY)
    assert facts.title == "某镇2023年法治政府建设工作报告"


def test_a_generic_label_gives_way_to_the_full_title():
    facts = read("工作报告\n某县司法局2023年法治政府建设情况报告\n" + BODY)
    assert facts.title == "某县司法局2023年法治政府建设情况报告"


def test_a_title_broken_over_two_lines_is_joined():
    facts = read("某县人民政府\n关于2023年法治政府建设情况的报告\n" + BODY)
    assert facts.title == "某县人民政府关于2023年法治政府建设情况的报告"
    assert facts.issuer == "某县人民政府"


def test_a_notice_that_issues_a_plan_gives_the_plan_its_title_issuer_and_year():
    text = ("各乡镇人民政府，县直各部门：\n现将《某县2024年普法依法治理工作要点》印发给你们，请结合实际，认真抓好贯彻落实。\n"
            "某县司法局\n2024年3月5日\n某县2024年普法依法治理工作要点\n一、总体要求\n坚持以习近平法治思想为指导。\n")
    facts = read(text)
    assert facts.title == "某县2024年普法依法治理工作要点"
    assert facts.issuer == "某县司法局"
    assert facts.year == 2024
    assert facts.date == "2024-03-05"


def test_the_wrapped_name_is_the_title_when_the_plan_has_no_line_of_its_own():
    text = "各部门：\n《某市2024年政务公开工作要点》已经市政府同意，现印发给你们，请认真贯彻落实。\n某市人民政府办公室\n2024年2月1日\n"
    facts = read(text)
    assert facts.title == "某市2024年政务公开工作要点"
    assert text[slice(*facts.title_span)] == facts.title


@pytest.mark.parametrize("line", ["来源：某市某区某街道办事处", "发布机构 | 某市某区某街道办事处 | 发文日期 | 2024-01-10 |"])
def test_issuer_from_a_field_of_the_page_and_the_fullest_name_wins(line):
    facts = read(line + "\n某街道2023年法治政府建设情况报告\n" + BODY)
    assert facts.issuer == "某市某区某街道办事处"
    assert facts.level == "township"


def test_issuer_from_the_opening_sentence():
    facts = read("2023年法治政府建设情况报告\n2023年，某某镇人民政府在县委、县政府的坚强领导下，认真贯彻落实各项部署。\n一、主要举措\n")
    assert facts.issuer == "某某镇人民政府"
    assert facts.level == "township"


def test_issuer_from_the_signature_over_the_date():
    lines = ["2023年法治政府建设情况报告"] + [f"第{i}项工作按计划推进，取得实效。" for i in range(25)]
    facts = read("\n".join(lines + ["某县市场监督管理局", "2024年1月20日"]) + "\n")
    assert facts.issuer == "某县市场监督管理局"
    assert facts.level == "department"
    assert facts.date == "2024-01-20"


def test_a_government_work_report_names_its_issuer_by_the_speaker_and_completes_a_relative_name():
    text = ("2024年某某省政府工作报告\n——2024年1月20日在某某省第十四届人民代表大会第二次会议上\n"
            "代省长 某某\n各位代表：\n现在，我代表省人民政府，向大会报告政府工作，请予审议。\n一、2023年工作回顾\n")
    facts = read(text)
    assert facts.issuer == "某某省人民政府"
    assert facts.level == "province"
    assert facts.year == 2024
    assert facts.date == "2024-01-20"
    national = read("1990年政府工作报告\n——1990年3月20日在第七届全国人民代表大会第三次会议上\n国务院总理某某\n各位代表：\n")
    assert national.issuer == "国务院"
    assert national.level == "national"


def test_a_plans_range_gives_its_first_year():
    facts = read("某市法治宣传教育第八个五年规划（2021—2025年）\n为深入开展法治宣传教育，制定本规划。\n一、指导思想\n")
    assert facts.year == 2021


def test_cited_documents_give_neither_year_nor_date():
    text = ("某县法治政府建设情况报告\n根据《某省法治政府建设实施纲要（1996年）》（某政发〔2019〕3号，2019年5月6日印发）要求，"
            "现将有关情况报告如下。\n一、主要举措\n")
    facts = read(text)
    assert facts.year is None
    assert facts.date is None


def test_a_reply_is_of_the_year_it_is_dated():
    text = ("关于加强人民调解工作的提案的答复\n某某委员：\n您提出的关于加强人民调解工作的提案收悉，现答复如下。\n"
            "一、关于调解组织建设\n我局高度重视。\n某县司法局\n2024年6月17日\n")
    facts = read(text)
    assert facts.year == 2024
    assert facts.issuer == "某县司法局"


def test_none_where_the_text_does_not_say():
    facts = read("一、主要举措\n加强组织领导，推进依法行政。\n")
    assert facts == Metadata()
    assert read("").to_dict() == Metadata().to_dict()


@pytest.mark.parametrize("name, level", [
    ("国务院", "national"), ("司法部", "ministry"), ("国家税务总局", "ministry"), ("某某省人民政府", "province"),
    ("某某自治区人民政府", "province"), ("重庆市人民政府", "province"), ("某某市人民政府", "city"),
    ("某某市人民政府办公室", "city"), ("某某县人民政府办公室", "county"), ("某某区人民政府", "county"),
    ("某某镇人民政府", "township"), ("某某街道办事处", "township"), ("某某县司法局", "department"),
    ("中共某某县司法局党组", "department"), ("", None), (None, None),
])
def test_issuer_level(name, level):
    assert issuer_level(name) == level


def test_a_notice_wrapping_a_plan_is_of_the_plans_kind():
    from lawnlp.kinds import document_kind

    lines = ["各区人民政府，市政府各部门：", "《某市人民政府2024年度立法工作计划》已经市政府常务会议审议通过，现印发给你们。",
             "一、强化法治供给", "坚持科学立法。"]
    assert document_kind(lines)[0] == "work plan"


@pytest.mark.parametrize("line", ["某县全面推行证明事项告知承诺制实施方案某府法办〔2020〕4号",
                                  "某交发 [2022] 97号某县全面推行证明事项告知承诺制实施方案"])
def test_a_document_number_is_not_part_of_the_title(line):
    facts = read(line + "\n为全面推行证明事项告知承诺制，制定本方案。\n一、总体要求\n")
    assert facts.title == "某县全面推行证明事项告知承诺制实施方案"


def test_an_implementation_plan_without_a_date_takes_the_year_of_its_own_number():
    facts = read("某县全面推行证明事项告知承诺制实施方案\n某府法办〔2020〕4号\n为全面推行告知承诺制，制定本方案。\n一、总体要求\n")
    assert facts.year == 2020


def test_a_title_over_three_lines_is_joined():
    facts = read("某省市场监督管理局\n对省第十三届人大五次会议第735号\n建议答复的函\n某某代表：\n您提出的建议收悉，现答复如下。\n")
    assert facts.title == "某省市场监督管理局对省第十三届人大五次会议第735号建议答复的函"


def test_bodies_issuing_jointly_give_the_first():
    facts = read("中共某县县委 某县人民政府关于2024年法治政府建设情况的报告\n" + BODY)
    assert facts.issuer == "中共某县县委"
    assert facts.level == "county"


def test_the_issuer_from_a_clause_of_the_opening_and_from_a_contact_line():
    opening = read("某街道2023年法治建设情况报告\n2023年，在区委、区政府的正确领导下，某某街道办事处坚持以习近平法治思想为指导，扎实推进法治建设。\n"
                   "一、主要举措\n")
    assert opening.issuer == "某某街道办事处"
    contact = read("本报告电子版可在政府网站下载。如对本报告有任何疑问，请与某某乡人民政府联系（电话：0000-1234567）。\n"
                   "一、总体情况\n")
    assert contact.issuer == "某某乡人民政府"


def test_a_government_work_reports_own_title_under_the_sites_label():
    facts = read("1985年政府工作报告\n当前的经济形势和经济体制改革\n——1985年3月28日在第六届全国人民代表大会第九次会议上\n"
                 "国务院总理某某\n各位代表：\n")
    assert facts.title == "当前的经济形势和经济体制改革"
    assert facts.date == "1985-03-28"


def test_a_report_without_a_title_takes_the_year_of_its_first_heading():
    facts = read("一、2023年度法治建设主要举措与成效\n一是加强组织领导。\n及时调整领导小组成员。\n")
    assert facts.year == 2023
