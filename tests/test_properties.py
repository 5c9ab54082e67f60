"""Invariants of the full pipeline for any input string (property-based)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lawnlp

REPORTISH = st.text(alphabet=st.sampled_from(list("一二三是（）()1.、，,；;。！？：”“\n \u3000\u00a0\t法治建设调解信访字号打印全年次起90%abc😀\x07")),
                    max_size=300)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(text, results):
    previous_end = 0
    for r in results:
        assert r.text == text[r.start:r.end]
        assert previous_end <= r.start < r.end  # in order, no overlap
        assert text[previous_end:r.start].strip() == ""  # every non-space character lies in a sentence
        assert abs(sum(r.function_scores.values()) - 1) < 1e-6
        previous_end = r.end
    assert text[previous_end:].strip() == ""


@SETTINGS
@given(st.one_of(REPORTISH, st.text(max_size=200)))
def test_results_tile_the_input(text):
    check(text, lawnlp.classify(text))


@SETTINGS
@given(REPORTISH)
def test_same_result_twice_and_alone_or_in_a_batch(text):
    nlp = lawnlp._pipeline(None)
    alone = [(u["start"], u["end"], u["function"], u["measures"]) for u in nlp(text)._.lawnlp_units]
    again = [(u["start"], u["end"], u["function"], u["measures"]) for u in nlp(text)._.lawnlp_units]
    batch = list(nlp.pipe(["一、主要举措\n全年调解纠纷9起。", text, "二、存在的问题"]))[1]
    assert alone == again == [(u["start"], u["end"], u["function"], u["measures"]) for u in batch._.lawnlp_units]
