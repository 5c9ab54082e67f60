import pytest
import spacy

import lawnlp
from lawnlp.labels import FUNCTIONS, MEASURES


def test_pipeline_components_and_sentence_extensions(nlp, seeds):
    assert nlp.lang == "zh"
    assert nlp.pipe_names == ["lawnlp_units", "lawnlp_classifier"]
    text = seeds["000_a96ddfb8e6442cfd"]
    doc = nlp(text)
    assert doc.text == text
    sents = [s for s in doc.sents if s._.function is not None]
    assert len(sents) == len(doc._.lawnlp_units)
    for sent in sents:
        assert sent._.function in FUNCTIONS
        assert set(sent._.function_scores) == set(FUNCTIONS)
        assert set(sent._.measure_scores) == set(MEASURES)
        assert set(sent._.measures) <= set(MEASURES)
        start, end = sent._.unit_start, sent._.unit_end
        assert sent.text.strip() == text[start:end]
    problem = next(s for s in sents if s.text.startswith("部分干部对法治政府建设的重要性认识不足"))
    assert problem._.section == ["二、存在的问题", "(二)干部法治意识需提高"]


def test_tokens_keep_original_text_and_normalised_norm(nlp):
    doc = nlp.make_doc("（一）加强领导,全年开展培训２０次")
    assert "".join(t.text_with_ws for t in doc) == "（一）加强领导,全年开展培训２０次"
    comma = next(t for t in doc if t.text == ",")
    assert comma.norm_ == "，"
    assert any(t.norm_ == "20" and t.text == "２０" for t in doc)


def test_lexicon_terms_are_single_tokens(nlp):
    doc = nlp.make_doc("深入推进一村一法律顾问制度，坚持和发展枫桥经验，落实重大行政决策合法性审查。")
    words = [t.text for t in doc]
    for term in ("一村一法律顾问", "枫桥经验", "合法性审查"):
        assert term in words


def test_tokens_never_cross_sentence_units(nlp, seeds):
    doc = nlp(seeds["002_1fe5bcb0e46deceb"])
    for unit in doc._.lawnlp_units:
        span = doc.char_span(unit["start"], unit["end"])
        assert span is not None, unit  # unit boundaries are token boundaries


def test_to_disk_and_spacy_load_round_trip(nlp, tmp_path, seeds):
    text = seeds["001_263b3df54a746a2b"]
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names
    before, after = nlp(text), loaded(text)
    assert [t.text for t in before] == [t.text for t in after]
    assert [u["function"] for u in before._.lawnlp_units] == [u["function"] for u in after._.lawnlp_units]
    assert [u["measures"] for u in before._.lawnlp_units] == [u["measures"] for u in after._.lawnlp_units]
    with pytest.raises(lawnlp.ModelError, match="load it with spacy.load"):
        lawnlp.load(tmp_path / "pipeline")


def test_pipe_matches_single_calls(nlp, seeds):
    texts = list(seeds.values())
    piped = [[(u["start"], u["function"], u["measures"]) for u in d._.lawnlp_units] for d in nlp.pipe(texts)]
    single = [[(u["start"], u["function"], u["measures"]) for u in nlp(t)._.lawnlp_units] for t in texts]
    assert piped == single


def test_load_another_model_directory(tmp_path):
    import shutil

    from lawnlp.pipeline import default_model_dir

    shutil.copytree(default_model_dir(), tmp_path / "copy")
    nlp = lawnlp.load(tmp_path / "copy")
    assert nlp.meta["lawnlp"]["functions"] == list(FUNCTIONS)
