from hypothesis import given, settings
from hypothesis import strategies as st

from lawnlp.text import is_debris, iter_lines, normalize


@settings(max_examples=300)
@given(st.text())
def test_normalize_keeps_length_and_letters(text):
    out = normalize(text)
    assert len(out) == len(text)
    for a, b in zip(text, out):
        if "\u4e00" <= a <= "\u9fff":
            assert a == b  # Chinese characters are never changed


def test_normalize_folds_widths_and_punctuation():
    assert normalize("（一）加强,全年２０次:") == "（一）加强，全年20次："
    assert normalize("1,500份 3:2") == "1,500份 3:2"  # kept between ASCII digits
    assert normalize("a\u00a0b\u3000c") == "a b c"


def test_iter_lines_trims_and_skips_blank_lines():
    text = "  一、标题 \n\n\t正文。\n   \n"
    assert [text[a:b] for a, b in iter_lines(text)] == ["一、标题", "正文。"]


def test_debris_lines():
    for line in ["  • 字号:", "• 打印", "分享到:", "扫一扫在手机打开当前页", "索引号: 1137/2024", "发布日期:2024-01-09",
                 "您现在所在的位置: 首页>政务公开", "• |", "附件下载"]:
        assert is_debris(line), line
    for line in ["一、主要举措", "全年开展执法检查37次。", "区委、区政府:", "打印宣传资料2000份。"]:
        assert not is_debris(line), line
