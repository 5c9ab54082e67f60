import numpy as np
import pytest

from lawnlp.estimators import FunctionClassifier, MeasureTagger, UnitVectorizer
from lawnlp.features import UnitFeatures
from lawnlp.labels import FUNCTIONS, MEASURES
from lawnlp.sequence import Layout, neighbour_scores


def unit(position, section=-1, kind="sentence", words=("w:a",)):
    return UnitFeatures(list(words), ["kind:" + kind], position, section, kind)


def layout_of(units):
    return Layout.from_places([(u.position, u.section, u.kind) for u in units])


def test_layout_starts_a_document_at_position_zero_and_keeps_sections_apart():
    layout = layout_of([unit(0), unit(1, 0), unit(2, 0), unit(0, 0), unit(1, 1, "heading")])
    assert layout.document.tolist() == [0, 0, 0, 1, 1]
    sections = layout.section.tolist()
    assert sections[1] == sections[2] and len({sections[0], sections[1], sections[3], sections[4]}) == 4
    with pytest.raises(ValueError, match="position 0"):
        layout_of([unit(1)])


def test_neighbour_scores_stay_inside_their_document():
    layout = layout_of([unit(0, kind="heading"), unit(1, 0), unit(2, 0), unit(0), unit(1)])
    scores = np.arange(10, dtype=float).reshape(5, 2)
    features = neighbour_scores(scores, layout, window=1)
    own, previous, following, document, section, flags = np.split(features, [2, 4, 6, 8, 10], axis=1)
    assert np.array_equal(own, scores)
    assert previous[3].tolist() == [0, 0] and previous[4].tolist() == scores[3].tolist()
    assert following[2].tolist() == [0, 0] and following[0].tolist() == scores[1].tolist()
    assert document[0].tolist() == scores[1:3].mean(axis=0).tolist()  # the heading is not a sentence
    assert section[1].tolist() == scores[1:3].mean(axis=0).tolist() and section[0].tolist() == scores[0].tolist()
    assert flags.tolist() == [[1, 0], [0, 0], [0, 1], [1, 0], [0, 1]]
    with pytest.raises(ValueError, match="5"):
        neighbour_scores(scores[:3], layout, window=1)


def documents(n_docs, seed=0):
    """Documents whose body sentences all read alike; only the first unit tells a plan from a report."""
    rng = np.random.default_rng(seed)
    X, y, groups = [], [], []
    for d in range(n_docs):
        plan = rng.random() < 0.5
        X.append(unit(0, words=["w:要点" if plan else "w:总结"]))
        y.append("plan" if plan else "achievement")
        for position in range(1, 4):
            X.append(unit(position, words=["w:加强", f"w:n{rng.integers(5)}"]))
            y.append("plan" if plan else "achievement")
        groups += [d] * 4
    return X, np.array(y, dtype=object), np.array(groups)


def test_second_stage_labels_a_sentence_by_its_document():
    X, y, groups = documents(40)
    vectorizer = UnitVectorizer(min_df=1).fit(X)
    blocks = vectorizer.transform(X)
    alone = FunctionClassifier(neighbour_weight=0).fit(blocks, y, groups=groups)
    stacked = FunctionClassifier().fit(blocks, y, groups=groups)
    new_X, new_y, _ = documents(20, seed=1)
    new = vectorizer.transform(new_X)
    body = np.array([x.position > 0 for x in new_X])
    assert np.mean(alone.predict(new)[body] == new_y[body]) < 0.75  # the sentence alone cannot tell
    assert np.mean(stacked.predict(new)[body] == new_y[body]) > 0.95
    proba = stacked.predict_proba(new)
    assert proba.shape == (len(new_X), len(FUNCTIONS)) and np.allclose(proba.sum(axis=1), 1)
    assert list(stacked.classes_) == list(FUNCTIONS)


def test_measure_second_stage_learns_from_neighbours():
    X, y, groups = documents(40)
    vectorizer = UnitVectorizer(min_df=1).fit(X)
    blocks = vectorizer.transform(X)
    new_X, new_y, _ = documents(20, seed=1)
    new = vectorizer.transform(new_X)
    body = np.array([x.position > 0 for x in new_X])
    truth = new_y[body] == "plan"
    column = MEASURES.index("publicity")
    for weight, lowest, highest in ((0, 0.0, 0.75), (1.0, 0.95, 1.0)):
        Y = [["publicity"] if label == "plan" else ["mediation"] for label in y]
        predicted = MeasureTagger(neighbour_weight=weight).fit(blocks, Y, groups=groups).predict(new)
        assert lowest <= np.mean(predicted[body, column] == truth) <= highest
