"""Suggested units out to Label Studio and Doccano, and their exports back to records that load_corpus accepts.

The exports here are built from the tasks written, the way the tools export them (Label Studio's JSON export with
``annotations``; Doccano's text-classification JSONL with the metadata spread beside ``text`` and ``label``).
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from lawnlp.annotations import AnnotationError, load_corpus
from lawnlp.cli import main
from lawnlp.exchange import (doccano_labels, import_annotations, label_studio_config, label_studio_tasks,
                             write_tasks)
from lawnlp.schema import DEFAULT, Schema
from lawnlp.suggest import Suggestion

from conftest import ROOT

TEXT = ("X镇2023年法治政府建设工作报告\n一、主要举措和成效\n全年调解矛盾纠纷90起，调解成功率98%。\n"
        "开展普法讲座12场。\n二、存在的问题\n部分干部法治意识不强。\n三、下一步工作\n"
        "加强行政执法人员培训。\n")
UNITS = ["全年调解矛盾纠纷90起，调解成功率98%。", "开展普法讲座12场。", "部分干部法治意识不强。",
         "加强行政执法人员培训。"]
#: The model's labels of the four units.
MODEL = [("achievement", ("mediation",)), ("achievement", ()), ("plan", ("study_training",)), ("plan", ())]
ECOLOGY = Schema.from_dict({"name": "ecology study", "measures": {"ecology": "生态环境执法"}})


def import_and_load(exports, docs, out: Path, schema: Schema = DEFAULT, **options):
    """Import ``exports`` checked against ``docs``, write the records to ``out`` and load them with load_corpus:
    ``(imported, documents)``. For the tests of real exports (tests/fixtures/label_studio_export.json) too."""
    imported = import_annotations(exports, docs=docs, schema=schema, **options)
    imported.write(out)
    return imported, load_corpus([out], [docs], schema=schema)


def suggestions(doc: str = "x-town", text: str = TEXT, model=MODEL) -> list[Suggestion]:
    chosen = []
    for number, (unit, (function, measures)) in enumerate(zip(UNITS, model)):
        start = text.index(unit)
        scores = {f: 0.1 for f in DEFAULT.functions} | {function: 0.7}
        chosen.append(Suggestion(doc, start, start + len(unit), unit, UNITS[max(0, number - 1):number],
                                 UNITS[number + 1:number + 2], function, scores, measures,
                                 {m: 0.6 for m in measures}, "annual report", ("一、主要举措和成效",),
                                 0.2 + number / 10))
    return chosen


@pytest.fixture
def docs(tmp_path) -> Path:
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"doc": "x-town", "text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def annotation(user, function, measures=(), *, updated="2024-05-01T10:00:00.000000Z", cancelled=False) -> dict:
    """A Label Studio annotation as its JSON export gives it: the choices' ids (their aliases) in ``result``."""
    result = [{"id": "r1", "from_name": "function", "to_name": "text", "type": "choices",
               "value": {"choices": [function] if isinstance(function, str) else list(function)}}]
    if measures:
        result.append({"id": "r2", "from_name": "measures", "to_name": "text", "type": "choices",
                       "value": {"choices": list(measures)}})
    return {"id": 100, "completed_by": user, "result": [] if cancelled else result, "was_cancelled": cancelled,
            "ground_truth": False, "created_at": updated, "updated_at": updated, "lead_time": 4.2, "task": 1}


def label_studio_export(tasks_file: Path, answers: dict[int, list[dict]], out: Path) -> Path:
    """Label Studio's JSON export of the tasks in ``tasks_file``, with ``answers`` (annotations by task index)."""
    tasks = json.loads(tasks_file.read_text(encoding="utf-8"))
    exported = [{"id": 7 + number, "annotations": answers.get(number, []), "drafts": [],
                 "predictions": task["predictions"], "data": task["data"], "meta": {}, "project": 1,
                 "created_at": "2024-05-01T09:00:00Z", "updated_at": "2024-05-01T10:00:00Z", "inner_id": number + 1}
                for number, task in enumerate(tasks)]
    out.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    return out


def doccano_export(tasks_file: Path, labels: dict[int, list[str]], out: Path) -> Path:
    """Doccano's JSONL export of the examples in ``tasks_file``: ``id``, ``text``, the metadata, the annotator's
    ``label`` (sorted, as Doccano writes it; ``[]`` where not annotated) and ``Comments``."""
    lines = []
    for number, line in enumerate(tasks_file.read_text(encoding="utf-8").splitlines()):
        example = json.loads(line)
        meta = {k: v for k, v in example.items() if k not in ("text", "label")}
        lines.append({"id": 40 + number, "text": example["text"], **meta, "label": sorted(labels.get(number, [])),
                      "Comments": []})
    out.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return out


# ---------------------------------------------------------------- Label Studio


def test_label_studio_tasks_carry_the_unit_its_context_and_the_models_labels(tmp_path):
    written = write_tasks(suggestions(), tmp_path / "tasks.json", model_version="my-model 0.1")
    assert written == [tmp_path / "tasks.json", tmp_path / "tasks.config.xml"]
    tasks = json.loads(written[0].read_text(encoding="utf-8"))
    first, second = tasks[0], tasks[1]
    assert first["data"]["text"] == UNITS[0] and TEXT[first["data"]["start"]:first["data"]["end"]] == UNITS[0]
    assert first["data"]["context_before"] == "" and first["data"]["context_after"] == UNITS[1]
    assert second["data"]["context_before"] == UNITS[0] and second["data"]["doc"] == "x-town"
    assert first["data"]["kind"] == "annual report" and first["data"]["section"] == "一、主要举措和成效"
    prediction = first["predictions"][0]
    assert prediction["model_version"] == "my-model 0.1" and prediction["score"] == pytest.approx(0.8)
    assert [(r["from_name"], r["to_name"], r["type"], r["value"]["choices"]) for r in prediction["result"]] == [
        ("function", "text", "choices", ["achievement"]), ("measures", "text", "choices", ["mediation"])]
    assert [r["from_name"] for r in second["predictions"][0]["result"]] == ["function"]  # no measure predicted
    ids = [r["id"] for task in tasks for r in task["predictions"][0]["result"]]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
    assert written[1].read_text(encoding="utf-8") == label_studio_config()


def test_label_studio_round_trip_gives_standoff_records_that_load(tmp_path, docs):
    tasks = write_tasks(suggestions(), tmp_path / "tasks.json")[0]
    export = label_studio_export(tasks, {
        0: [annotation({"id": 3, "email": "ann@example.org", "first_name": "", "last_name": ""}, "achievement",
                       ["mediation", "grassroots_governance"])],
        1: [annotation(5, "achievement")],
        3: [annotation(5, "plan", cancelled=True)],
    }, tmp_path / "export.json")
    imported, documents = import_and_load([export], docs, tmp_path / "records.jsonl")
    assert (imported.tasks, imported.unannotated, imported.cancelled, imported.several) == (4, 1, 1, 0)
    assert imported.formats == {str(export): "label-studio"}
    assert "read 4 tasks (label-studio): 2 records; skipped 2 tasks: 1 without an annotation, 1 cancelled" \
        == imported.summary()
    assert all("text" not in r for r in imported.records)
    records = documents[0].records
    assert [(TEXT[r.start:r.end], r.function, r.measures, r.source) for r in records] == [
        (UNITS[0], "achievement", ("mediation", "grassroots_governance"), "label-studio:ann@example.org"),
        (UNITS[1], "achievement", (), "label-studio:annotator 5")]


def test_without_documents_records_carry_the_tasks_text(tmp_path):
    tasks = write_tasks(suggestions(), tmp_path / "tasks.json")[0]
    export = label_studio_export(tasks, {2: [annotation(1, "problem")]}, tmp_path / "export.json")
    [record] = import_annotations(export).records
    assert record == {"doc": "x-town", "start": TEXT.index(UNITS[2]), "end": TEXT.index(UNITS[2]) + len(UNITS[2]),
                      "text": UNITS[2], "function": "problem", "measures": [], "source": "label-studio:annotator 1"}


def test_choices_saved_by_their_shown_value_are_read_as_ids(tmp_path):
    """A project whose config lost the aliases saves what the annotator saw, e.g. '问题与不足 (problem)'."""
    tasks = write_tasks(suggestions(), tmp_path / "tasks.json")[0]
    shown = annotation(1, "问题与不足 (problem)", ["学法用法与法治培训 (study_training)"])
    [record] = import_annotations(label_studio_export(tasks, {2: [shown]}, tmp_path / "export.json")).records
    assert (record["function"], record["measures"]) == ("problem", ["study_training"])


def test_several_annotations_keep_the_latest_or_every_annotators(tmp_path, docs):
    tasks = write_tasks(suggestions(), tmp_path / "tasks.json")[0]
    export = label_studio_export(tasks, {2: [annotation(2, "problem", updated="2024-05-02T08:00:00Z"),
                                             annotation(1, "plan", ["study_training"], updated="2024-05-01T08:00:00Z")],
                                         3: [annotation(1, "plan", ["law_enforcement", "study_training"])]},
                                 tmp_path / "export.json")
    latest = import_annotations(export, docs=docs)
    assert latest.several == 1 and "1 unit annotated more than once: kept the latest" in latest.summary()
    assert [(r["function"], r["source"]) for r in latest.records] == [("problem", "label-studio:annotator 2"),
                                                                       ("plan", "label-studio:annotator 1")]
    every = import_annotations(export, docs=docs, keep="all")
    files = every.write_by_annotator(tmp_path / "by-annotator")
    assert sorted(f.name for f in files) == ["label-studio_annotator_1.jsonl", "label-studio_annotator_2.jsonl"]
    loaded = {f.name: [(r.function, r.measures) for d in load_corpus([f], [docs]) for r in d.records] for f in files}
    assert loaded == {"label-studio_annotator_1.jsonl": [("plan", ("study_training",)),
                                                         ("plan", ("study_training", "law_enforcement"))],
                      "label-studio_annotator_2.jsonl": [("problem", ())]}


@pytest.mark.parametrize("function, measures, message", [
    ("ecology", [], r"task 9 \(x-town \[\d+:\d+\]\): unknown label 'ecology'"),
    ("plan", ["ecology"], r"task 9 \(x-town \[\d+:\d+\]\): unknown label 'ecology'"),
    ([], [], r"task 9 .*: no function chosen"),
    (["plan", "problem"], [], r"task 9 .*: two functions chosen \(plan, problem\)"),
    ("other", ["publicity"], r"task 9 .*: an 'other' unit takes no measures"),
    ("mediation", [], r"task 9 .*: mediation chosen among the function"),
])
def test_a_bad_annotation_is_an_error_naming_the_file_and_task(tmp_path, function, measures, message):
    tasks = write_tasks(suggestions(), tmp_path / "tasks.json")[0]
    export = label_studio_export(tasks, {0: [annotation(1, "achievement")], 2: [annotation(1, function, measures)]},
                                 tmp_path / "export.json")
    with pytest.raises(AnnotationError, match=re.escape(str(export)) + ": " + message):
        import_annotations(export)


def test_a_task_whose_text_differs_from_its_document_is_an_error(tmp_path):
    tasks = write_tasks(suggestions(), tmp_path / "tasks.json")[0]
    export = label_studio_export(tasks, {1: [annotation(1, "achievement", ["publicity"])]}, tmp_path / "export.json")
    edited = tmp_path / "edited.jsonl"
    edited.write_text(json.dumps({"doc": "x-town", "text": TEXT.replace("讲座12场", "讲座15场")},
                                 ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"task 8 \(x-town \[.*\]\): the task's text differs from document"):
        import_annotations(export, docs=edited)
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"doc": "y-town", "text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"task 8 .*: document 'x-town' is in no documents file"):
        import_annotations(export, docs=other)


def test_overlapping_units_are_an_error_naming_both_tasks(tmp_path):
    tasks = write_tasks(suggestions(), tmp_path / "tasks.json")[0]
    data = json.loads(tasks.read_text(encoding="utf-8"))
    start = data[0]["data"]["end"] - 3
    data[1]["data"].update(start=start, text=TEXT[start:data[1]["data"]["end"]])
    tasks.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    export = label_studio_export(tasks, {0: [annotation(1, "achievement")], 1: [annotation(1, "achievement")]},
                                 tmp_path / "export.json")
    with pytest.raises(AnnotationError, match=r"task 8 .*: overlaps .*task 7"):
        import_annotations(export)


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b'[{"id": 1, "text": "x", "annotator": 1, "function": "plan"}]', "export the project as JSON, not JSON-MIN"),
    (b'[{"id": 1, "data": {"text": "x"}, "annotations": []}]', "task 1: the task needs 'doc', 'start', 'end'"),
    (b'{"text": "x", "label": [], "doc": "d", "start": 0, "end": 1}\n{"text": ',
     "export.json:2: not valid JSON"),
    (b'{"id": 3, "data": "x"}\n', "not an example of Doccano's text-classification JSONL export"),
])
def test_a_broken_export_is_an_error_naming_it(tmp_path, content, message):
    path = tmp_path / "export.json"
    path.write_bytes(content)
    with pytest.raises(AnnotationError, match=re.escape(message)):
        import_annotations(path)


# ---------------------------------------------------------------- Doccano


def test_doccano_examples_and_label_file(tmp_path):
    written = write_tasks(suggestions(), tmp_path / "tasks.jsonl", format="doccano", model_version="m")
    assert written == [tmp_path / "tasks.jsonl", tmp_path / "tasks.labels.json"]
    lines = [json.loads(line) for line in written[0].read_text(encoding="utf-8").splitlines()]
    assert [line["text"] for line in lines] == UNITS
    assert [line["label"] for line in lines] == [["achievement", "mediation"], ["achievement"],
                                                 ["plan", "study_training"], ["plan"]]
    assert {"doc", "start", "end", "context_before", "context_after", "model_version"} <= set(lines[0])
    labels = json.loads(written[1].read_text(encoding="utf-8"))
    assert [label["text"] for label in labels] == [*DEFAULT.functions, *DEFAULT.measures]
    keys = [label.get("suffix_key") for label in labels]
    assert len(set(keys)) == len(keys) and all(re.fullmatch(r"#[0-9a-f]{6}", x["background_color"]) for x in labels)


def test_doccano_round_trip_gives_records_that_load(tmp_path, docs):
    tasks = write_tasks(suggestions(), tmp_path / "tasks.jsonl", format="doccano")[0]
    export = doccano_export(tasks, {0: ["achievement", "mediation"], 2: ["problem"], 3: ["plan", "law_enforcement"]},
                            tmp_path / "alice.jsonl")
    imported, documents = import_and_load([export], docs, tmp_path / "records.jsonl")
    assert (imported.tasks, imported.unannotated, imported.cancelled) == (4, 1, 0)
    assert [(TEXT[r.start:r.end], r.function, r.measures, r.source) for r in documents[0].records] == [
        (UNITS[0], "achievement", ("mediation",), "doccano:alice"), (UNITS[2], "problem", (), "doccano:alice"),
        (UNITS[3], "plan", ("law_enforcement",), "doccano:alice")]


def test_doccanos_zip_of_annotators_files_and_its_shared_export(tmp_path, docs):
    tasks = write_tasks(suggestions(), tmp_path / "tasks.jsonl", format="doccano")[0]
    alice = doccano_export(tasks, {0: ["achievement"], 1: ["achievement", "publicity"]}, tmp_path / "alice.jsonl")
    bob = doccano_export(tasks, {0: ["problem"]}, tmp_path / "bob.jsonl")
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(alice, "alice.jsonl")
        z.write(bob, "bob.jsonl")
    every = import_annotations(archive, docs=docs, keep="all")
    assert every.tasks == 8 and every.several == 1
    assert {s: [r["function"] for r in rs] for s, rs in every.by_source().items()} == {
        "doccano:alice": ["achievement", "achievement"], "doccano:bob": ["problem"]}
    assert [r["function"] for r in import_annotations(archive, docs=docs).records] == ["problem", "achievement"]
    shared = doccano_export(tasks, {0: ["achievement", "problem"]}, tmp_path / "all.jsonl")
    with pytest.raises(AnnotationError, match=r"all.jsonl:1 \(example 40\).*export one file each.*two functions"):
        import_annotations(shared)


def test_doccano_unknown_label_names_the_line(tmp_path):
    tasks = write_tasks(suggestions(), tmp_path / "tasks.jsonl", format="doccano")[0]
    export = doccano_export(tasks, {1: ["plan", "ecology"]}, tmp_path / "carol.jsonl")
    with pytest.raises(AnnotationError, match=r"carol.jsonl:2 \(example 41\) \(x-town \[\d+:\d+\]\): unknown label"):
        import_annotations(export)


# ---------------------------------------------------------------- a label set of one's own


def test_a_schema_with_an_added_measure_goes_out_and_comes_back(tmp_path, docs):
    model = [("achievement", ("ecology",)), *MODEL[1:]]
    tasks = write_tasks(suggestions(model=model), tmp_path / "tasks.json", schema=ECOLOGY)[0]
    config = ElementTree.fromstring((tmp_path / "tasks.config.xml").read_text(encoding="utf-8"))
    assert [c.get("alias") for c in config.iter("Choice")][-1] == "ecology"
    export = label_studio_export(tasks, {0: [annotation(1, "achievement", ["ecology", "law_enforcement"])]},
                                 tmp_path / "export.json")
    imported, documents = import_and_load([export], docs, tmp_path / "records.jsonl", schema=ECOLOGY)
    assert documents[0].records[0].measures == ("law_enforcement", "ecology")
    with pytest.raises(AnnotationError, match="unknown label 'ecology'"):
        import_annotations(export)
    with pytest.raises(ValueError, match=r"suggestion x-town \[\d+:\d+\]: unknown measure label\(s\) \['ecology'\]"):
        write_tasks(suggestions(model=model), tmp_path / "default.json")


def test_the_config_names_every_label_and_reads_every_tasks_field():
    config = ElementTree.fromstring(label_studio_config(ECOLOGY))
    choices = {c.get("name"): c for c in config.iter("Choices")}
    assert set(choices) == {"function", "measures"}
    assert choices["function"].get("choice") == "single" and choices["function"].get("required") == "true"
    assert choices["measures"].get("choice") == "multiple"
    for name, table in (("function", ECOLOGY.functions), ("measures", ECOLOGY.measures)):
        shown = [(c.get("alias"), c.get("value")) for c in choices[name].iter("Choice")]
        assert shown == [(label, f"{display} ({label})") for label, display in table.items()]
    texts = {t.get("name"): t.get("value") for t in config.iter("Text")}
    assert {c.get("toName") for c in choices.values()} == {"text"} and texts["text"] == "$text"
    data = label_studio_tasks(suggestions())[0]["data"]
    assert {value[1:] for value in texts.values()} <= set(data)


def test_the_docs_show_the_default_config():
    page = (ROOT / "docs" / "annotation.md").read_text(encoding="utf-8")
    section = page[page.index("Label Studio and Doccano\n"):]
    shown = re.search(r"```xml\n(.*?)```", section, flags=re.S).group(1)
    assert shown == label_studio_config()


def test_doccano_needs_measure_ids_apart_from_function_ids(tmp_path):
    clash = Schema.from_dict({"measures": {"plan": "规划"}})
    with pytest.raises(ValueError, match=r"measure id\(s\) \['plan'\] are also function ids"):
        doccano_labels(clash)


@pytest.mark.parametrize("name, format, items, message", [
    ("tasks.jsonl", "label-studio", None, "label-studio tasks are written to a .json file"),
    ("tasks.json", "doccano", None, "doccano tasks are written to a .jsonl file"),
    ("tasks.json", "prodigy", None, "unknown task format 'prodigy'"),
    ("tasks.json", "label-studio", [], "no suggestions to write"),
])
def test_write_tasks_refuses_what_it_cannot_write(tmp_path, name, format, items, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        write_tasks(suggestions() if items is None else items, tmp_path / name, format=format)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- command line


def test_import_annotations_command(tmp_path, docs, capsys):
    tasks = write_tasks(suggestions(), tmp_path / "tasks.json")[0]
    export = label_studio_export(tasks, {0: [annotation(1, "achievement")], 1: [annotation(1, "plan")]},
                                 tmp_path / "export.json")
    out = tmp_path / "records.jsonl"
    assert main(["import-annotations", str(export), "--out", str(out), "--docs", str(docs)]) == 0
    assert capsys.readouterr().out == (f"read 4 tasks (label-studio): 2 records; skipped 2 tasks: 2 without an "
                                       f"annotation, 0 cancelled; wrote {out}\n")
    assert len(load_corpus([out], [docs])[0].records) == 2
    schema = tmp_path / "ecology.toml"
    schema.write_text('[measures]\necology = "生态环境执法"\n', encoding="utf-8")
    folder = tmp_path / "passes"
    assert main(["import-annotations", str(export), "--out", str(folder), "--schema", str(schema),
                 "--keep", "all"]) == 0
    assert [p.name for p in folder.iterdir()] == ["label-studio_annotator_1.jsonl"]
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    assert main(["import-annotations", str(bad), "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"lawnlp import-annotations: error: {bad}: item 1 is not a task object\n"
