"""lawnlp.suggest: choosing the units most worth annotating (select on arrays; suggest and the CLI with the
shipped model, on texts written here)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import lawnlp
from lawnlp.annotations import AnnotationError, read_documents
from lawnlp.cli import main
from lawnlp.io import InputError
from lawnlp.suggest import Corpus, read_annotated, read_corpus, select, uncertainty

BOILERPLATE = "深入学习贯彻习近平法治思想，全面落实{n}项法治政府建设任务，推动各项工作取得新成效。"


def _scores(function_margins: list[float], measures: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Function scores of two functions with the given margins, and sure measure scores (far from 0.5)."""
    margins = np.asarray(function_margins, dtype=float)
    functions = np.column_stack([(1 + margins) / 2, (1 - margins) / 2])
    return functions, np.zeros((len(margins), measures)), np.full(measures, 0.5)


def _unique_texts(count: int) -> list[str]:
    """Sentences of random characters, which share (almost) no character bigram with each other."""
    rng = np.random.default_rng(7)
    return ["".join(map(chr, rng.integers(0x4E00, 0x9FA5, 16))) + "。" for _ in range(count)]


def test_the_most_uncertain_unit_comes_before_a_sure_one():
    functions, measures, thresholds = _scores([0.9, 0.02, 0.5, 0.98])
    chosen = select(functions, measures, thresholds, _unique_texts(4), ["a", "b", "c", "d"], [None] * 4, n=4)
    assert chosen.tolist() == [1, 2, 0, 3]


def test_measure_scores_near_their_threshold_make_a_unit_uncertain():
    functions = np.array([[0.99, 0.01], [0.99, 0.01], [0.99, 0.01]])
    measures = np.array([[0.02, 0.9], [0.31, 0.0], [0.25, 0.6]])
    thresholds = np.array([0.3, 0.6])
    u = uncertainty(functions, measures, thresholds)
    assert u[1] > u[0] and u[2] > u[0]  # a score at (or next to) its threshold is the least sure
    assert u[2] == pytest.approx(0.5 * 0.02 + 0.5 * 1.0)  # the second measure sits on its threshold
    # Half-way from the threshold to 0 is half as sure as at the threshold, whatever the threshold.
    half = uncertainty(np.array([[1.0, 0.0]]), np.array([[0.1]]), np.array([0.2]), measure_weight=1.0)
    assert half.tolist() == pytest.approx([0.5])


def test_boilerplate_repeated_across_documents_is_chosen_at_most_once():
    documents = [f"d{i}" for i in range(20)]
    # Each document: the boilerplate (its figure changes) with the model least sure of it, and a sentence of its own.
    texts = [BOILERPLATE.format(n=i + 3) for i in range(20)] + _unique_texts(20)
    near = "深入学习贯彻习近平法治思想，全面落实各项法治政府建设任务，推动各项工作取得新成效。"  # words changed, not figures
    texts.append(near)
    functions, measures, thresholds = _scores([0.01] * 20 + [0.4] * 20 + [0.02])
    chosen = select(functions, measures, thresholds, texts, documents * 2 + ["d20"], [None] * 41, n=10)
    assert len(chosen) == 10
    assert sum(texts[i].startswith("深入学习贯彻") for i in chosen) == 1
    assert chosen[0] < 20  # the boilerplate, chosen once, is still the most uncertain unit


def test_near_copies_of_annotated_units_are_set_aside():
    texts = [BOILERPLATE.format(n=5)] + _unique_texts(3)
    functions, measures, thresholds = _scores([0.0, 0.5, 0.5, 0.5])
    chosen = select(functions, measures, thresholds, texts, list("abcd"), [None] * 4, n=4,
                    annotated=[BOILERPLATE.format(n=12)])
    assert 0 not in chosen and len(chosen) == 3


def test_the_cap_spreads_the_choice_over_documents():
    # Document "a" has the ten most uncertain units; three more documents have two each.
    groups = ["a"] * 10 + ["b", "b", "c", "c", "d", "d"]
    functions, measures, thresholds = _scores([0.01] * 10 + [0.5] * 6)
    texts, kinds = _unique_texts(16), [None] * 16
    default = select(functions, measures, thresholds, texts, groups, kinds, n=6)  # cap: twice 6/4 documents = 3
    assert Counter(groups[i] for i in default)["a"] == 3 and len(set(groups[i] for i in default)) == 4
    one_each = select(functions, measures, thresholds, texts, groups, kinds, n=4, per_group=1)
    assert sorted(groups[i] for i in one_each) == ["a", "b", "c", "d"]
    # Where the other documents run out, the cap is raised rather than choosing fewer.
    everything = select(functions, measures, thresholds, texts, groups, kinds, n=16, per_group=1)
    assert sorted(everything.tolist()) == list(range(16))


def test_kinds_take_turns():
    kinds = ["work plan"] * 8 + ["annual report"] * 8
    functions, measures, thresholds = _scores([0.01] * 8 + [0.6] * 8)  # the work plans are all less sure
    chosen = select(functions, measures, thresholds, _unique_texts(16), [f"g{i}" for i in range(16)], kinds, n=6,
                    kind_balance=0.0)
    assert Counter(kinds[i] for i in chosen) == {"work plan": 3, "annual report": 3}
    assert kinds[chosen[0]] == "work plan"  # the kind with the most uncertain unit goes first


def test_a_seed_always_gives_the_same_choice():
    functions, measures, thresholds = _scores([0.3] * 40)  # all tied: the seed decides
    texts, groups, kinds = _unique_texts(40), [f"g{i}" for i in range(40)], [None] * 40
    first = select(functions, measures, thresholds, texts, groups, kinds, n=8, seed=3)
    assert first.tolist() == select(functions, measures, thresholds, texts, groups, kinds, n=8, seed=3).tolist()
    assert first.tolist() != select(functions, measures, thresholds, texts, groups, kinds, n=8, seed=4).tolist()


def test_short_units_are_never_chosen():
    functions, measures, thresholds = _scores([0.0, 0.0, 0.5])
    chosen = select(functions, measures, thresholds, ["一、", "2023年", "全年调解各类纠纷90起。"], list("abc"), [None] * 3,
                    n=3)
    assert chosen.tolist() == [2]


@pytest.mark.parametrize("n", [0, -1, 2.5, True])
def test_select_refuses_a_count_that_is_not_positive(n):
    functions, measures, thresholds = _scores([0.1])
    with pytest.raises(ValueError, match="n must be a positive whole number"):
        select(functions, measures, thresholds, ["全年调解各类纠纷90起。"], ["a"], [None], n=n)


def test_select_names_arrays_of_the_wrong_shape():
    functions, measures, thresholds = _scores([0.1, 0.2], measures=3)
    with pytest.raises(ValueError, match="texts must have one entry per unit"):
        select(functions, measures, thresholds, ["只有一句话的文本。"], ["a", "b"], [None, None], n=1)
    with pytest.raises(ValueError, match="thresholds must give one number per measure"):
        select(functions, measures, thresholds[:2], _unique_texts(2), ["a", "b"], [None, None], n=1)
    with pytest.raises(ValueError, match="function_scores must be probabilities"):
        select(functions * 3, measures, thresholds, _unique_texts(2), ["a", "b"], [None, None], n=1)


REPORT = ("某县司法局2023年法治政府建设工作报告\n一、主要举措和成效\n全年开展“民法典进万家”宣传活动32场，发放资料5000余份。\n"
          "全县调解各类矛盾纠纷1200余件，调解成功率98%。\n二、存在的问题\n部分执法人员法治意识不强，执法不够规范。\n"
          "三、下一步工作安排\n持续推进行政执法“三项制度”落实，加强执法监督。\n")
PLAN = ("某镇2024年普法依法治理工作要点\n一、加强组织领导\n镇党委每季度听取一次法治建设工作汇报。\n"
        "二、深化法治宣传\n组织开展宪法宣传周活动，覆盖全镇12个村。\n")


def test_suggest_gives_units_with_offsets_context_and_the_models_labels():
    chosen = lawnlp.suggest(texts={"report": REPORT, "plan": PLAN}, n=4, context=2)
    assert len(chosen) == 4 and chosen.documents == 2 and chosen.units == 13
    texts = {"report": REPORT, "plan": PLAN}
    for s in chosen:
        text = texts[s.doc]
        assert text[s.start:s.end] == s.text
        assert len(s.before) <= 2 and len(s.after) <= 2 and (s.before or s.after)
        assert s.before == () or text.rfind(s.before[-1], 0, s.start) >= 0
        assert s.function == max(s.function_scores, key=s.function_scores.get)
        assert set(s.measures) <= set(s.measure_scores) and 0 <= s.uncertainty <= 1
        assert s.kind in lawnlp.labels.KINDS
    assert chosen[0].uncertainty == max(s.uncertainty for s in chosen)  # the most uncertain unit of all comes first
    assert "scored 13 units of 2 documents, chose 4" in chosen.summary()


def test_suggest_leaves_out_what_is_annotated_and_its_near_copies(tmp_path):
    first = lawnlp.suggest(texts={"report": REPORT}, n=3)
    done = first[0]
    records = tmp_path / "round1.jsonl"
    records.write_text(json.dumps({"doc": done.doc, "start": done.start, "end": done.end, "function": done.function,
                                   "measures": list(done.measures)}) + "\n", encoding="utf-8")
    copy = f"某区政府报告\n{done.text}\n"  # the same unit in another document
    second = lawnlp.suggest(texts={"report": REPORT, "other": copy}, n=20, exclude=[records])
    assert (done.doc, done.start, done.end) not in {(s.doc, s.start, s.end) for s in second}
    assert done.text not in {s.text for s in second}
    assert second.annotated == 1 and second.near_copies >= 1


def test_suggest_reads_report_files_folders_and_documents_files(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT, encoding="gbk")
    (folder / "notes.md").write_text("not a report", encoding="utf-8")
    docs = tmp_path / "corpus.jsonl"
    docs.write_text(json.dumps({"doc": "p1", "text": PLAN, "kind": "work plan"}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    corpus = read_corpus([folder, docs])
    assert list(corpus.texts) == [str(folder / "a.txt"), "p1"] and corpus.kinds == {"p1": "work plan"}
    chosen = lawnlp.suggest(corpus, n=30)
    assert {s.doc for s in chosen} == {str(folder / "a.txt"), "p1"}
    assert {s.kind for s in chosen if s.doc == "p1"} == {"work plan"}
    written = read_documents(corpus.write_documents(tmp_path / "docs.jsonl"))
    assert list(written) == [str(folder / "a.txt")] and written[str(folder / "a.txt")].text == REPORT


def test_unreadable_inputs_are_listed_and_the_others_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    binary = tmp_path / "junk.txt"
    binary.write_bytes(b"\x00\x01\xff" * 30)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.warns(UserWarning) as warned:
        chosen = lawnlp.suggest([good, binary, tmp_path / "missing.txt", empty], n=2)
    messages = [str(w.message) for w in warned]
    assert len(messages) == 3 and "junk.txt: binary data" in messages[0] and "missing.txt: no such file" in messages[1]
    assert "empty: no report files" in messages[2]
    assert len(chosen) == 2 and {s.doc for s in chosen} == {str(good)}
    assert [name for name, _ in chosen.failures] == [str(binary), str(tmp_path / "missing.txt"), str(empty)]


def test_suggest_errors():
    with pytest.raises(ValueError, match="n must be a positive whole number"):
        lawnlp.suggest(texts=[REPORT], n=0)
    with pytest.raises(ValueError, match="context must be a whole number"):
        lawnlp.suggest(texts=[REPORT], n=1, context=-1)
    with pytest.raises(InputError, match="no units to suggest: 1 document read"):
        lawnlp.suggest(texts=["分享到：\n打印\n"], n=1)  # web debris only
    with pytest.raises(TypeError, match="single str"):
        lawnlp.suggest("report.txt", n=1)
    with pytest.raises(InputError, match="no texts read from report files"):
        Corpus(texts={"a": REPORT}).write_documents("docs.jsonl")


def test_records_to_exclude_are_checked(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc": "a", "start": 0, "end": 3}\n{"doc": "a", "start": "0"}\n', encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"bad.jsonl:2: a record needs 'doc'"):
        read_annotated([bad])
    with pytest.raises(AnnotationError, match="no such file"):
        read_annotated([tmp_path / "none.jsonl"])
    spans = read_annotated([_records(tmp_path, [(10, 20), (0, 5), (30, 40)])])["a"]
    assert [spans.overlaps(s, e) for s, e in [(5, 10), (4, 6), (19, 30), (20, 30), (35, 36), (40, 50)]] == \
        [False, True, True, False, True, False]


def _records(folder: Path, spans: list[tuple[int, int]]) -> Path:
    path = folder / "records.jsonl"
    path.write_text("".join(json.dumps({"doc": "a", "start": s, "end": e}) + "\n" for s, e in spans), encoding="utf-8")
    return path


def test_cli_writes_tasks_and_the_documents_file(tmp_path, capsys):
    pytest.importorskip("lawnlp.exchange")
    report, plan = tmp_path / "report.txt", tmp_path / "plan.txt"
    report.write_text(REPORT, encoding="utf-8")
    plan.write_text(PLAN, encoding="gbk")
    out, docs = tmp_path / "tasks.json", tmp_path / "docs.jsonl"
    assert main(["suggest", str(report), str(plan), "--n", "3", "--out", str(out), "--docs-out", str(docs)]) == 0
    err = capsys.readouterr().err
    assert "scored 13 units of 2 documents, chose 3" in err and str(out) in err
    tasks = json.loads(out.read_text(encoding="utf-8"))
    texts = {doc: d.text for doc, d in read_documents(docs).items()}
    assert len(tasks) == 3 and set(texts) == {str(report), str(plan)}
    for task in tasks:
        data = task["data"]
        assert texts[data["doc"]][data["start"]:data["end"]] == data["text"]


def test_cli_errors(tmp_path, capsys):
    pytest.importorskip("lawnlp.exchange")
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "tasks.jsonl"
    assert main(["suggest", str(report), "--n", "0", "--out", str(out)]) == 2
    assert "--n must be a positive number" in capsys.readouterr().err
    assert main(["suggest", str(report), "--n", "2", "--out", str(tmp_path / "no" / "tasks.json")]) == 2
    assert "no folder" in capsys.readouterr().err
    # An unreadable input is an error (2), and the others' tasks are written.
    assert main(["suggest", str(report), str(tmp_path / "missing.txt"), "--n", "2", "--out", str(out),
                 "--format", "doccano"]) == 2
    assert "missing.txt: no such file" in capsys.readouterr().err and out.is_file()
    with pytest.raises(SystemExit) as exit_:
        main(["suggest", str(report), "--out", str(out), "--format", "prodigy"])
    assert exit_.value.code == 2 and "invalid choice: 'prodigy'" in capsys.readouterr().err
