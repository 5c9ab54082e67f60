import json
import threading
import warnings

import pytest

import lawnlp
from lawnlp.labels import FUNCTIONS, MEASURES


def test_classify_a_seed_gives_labelled_sentences_with_offsets(seeds):
    text = seeds["000_a96ddfb8e6442cfd"]
    results = lawnlp.classify(text)
    assert len(results) > 30
    for r in results:
        assert r.text == text[r.start:r.end]
        assert r.function in FUNCTIONS
        assert abs(sum(r.function_scores.values()) - 1) < 1e-6
        assert set(r.measure_scores) == set(MEASURES)
        assert r.function != "other" or r.measures == []
    by_text = {r.text: r for r in results}
    assert by_text["二、存在的问题"].function == "problem"
    assert by_text["三、下步工作计划"].function == "plan"
    assert by_text["全年化解矛盾纠纷90起,调解成功率达到98%。"].function == "achievement"
    assert "mediation" in by_text["全年化解矛盾纠纷90起,调解成功率达到98%。"].measures


def test_debris_lines_are_other(seeds):
    results = lawnlp.classify(seeds["001_263b3df54a746a2b"])
    debris = [r for r in results if r.kind == "debris"]
    assert {r.text for r in debris} >= {"• 打印", "• 字号:"}
    assert all(r.function == "other" and r.measures == [] for r in debris)


def test_single_sentence():
    [result] = lawnlp.classify("开展送法进校园活动6次，发放宣传资料2000余份。")
    assert result.function == "achievement"
    assert "publicity" in result.measures


def test_results_are_plain_data():
    [result] = lawnlp.classify("依法化解信访积案3件。")
    data = json.loads(result.to_json())
    assert data == result.to_dict()
    assert set(data) == {"text", "start", "end", "kind", "function", "function_scores", "measures", "measure_scores",
                         "section"}


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"])
def test_empty_text_gives_no_sentences(text):
    assert lawnlp.classify(text) == []


@pytest.mark.parametrize("bad", [b"\xe4\xb8\x80", None, 42, ["一、标题"]])
def test_wrong_types_name_what_was_passed(bad):
    with pytest.raises(TypeError, match=type(bad).__name__):
        lawnlp.classify(bad)


def test_the_pipeline_is_loaded_once():
    lawnlp.classify("一、主要举措")
    first = lawnlp._pipeline(None)
    lawnlp.classify("二、存在的问题")
    assert lawnlp._pipeline(None) is first


def test_classify_from_several_threads(seeds):
    texts = list(seeds.values())
    expected = [[(r.start, r.function, r.measures) for r in lawnlp.classify(t)] for t in texts]
    results: dict[int, list] = {}
    errors = []

    def work(i):
        try:
            results[i] = [(r.start, r.function, r.measures) for r in lawnlp.classify(texts[i % len(texts)])]
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(results[i] == expected[i % len(texts)] for i in range(8))


def test_long_texts_are_classified_in_blocks_with_exact_offsets(seeds, monkeypatch):
    text = "\n".join(seeds.values())
    whole = lawnlp.classify(text)
    monkeypatch.setattr(lawnlp, "LONG_TEXT_CHARS", 4000)
    blocks = lawnlp.classify(text)
    assert [(r.start, r.end) for r in blocks] == [(r.start, r.end) for r in whole]  # blocks end at line breaks
    assert all(text[r.start:r.end] == r.text for r in blocks)
    agree = sum(a.function == b.function for a, b in zip(whole, blocks)) / len(whole)
    assert agree > 0.9


def test_traditional_characters_unconverted_are_labelled_with_a_warning(seeds):
    traditional = "二、存在的問題\n部分單位對法治建設重視不夠，學法用法氛圍不濃。\n三、下一步工作計劃\n將進一步加強執法人員培訓。"
    with pytest.warns(UserWarning, match="traditional characters"):
        results = lawnlp.classify(traditional, convert=None)
    assert [r.text for r in results][:2] == ["二、存在的問題", "部分單位對法治建設重視不夠，學法用法氛圍不濃。"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no seed report, all in simplified characters, warns
        for text in seeds.values():
            lawnlp.classify(text)
