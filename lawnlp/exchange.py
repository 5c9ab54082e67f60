"""Annotation tools' formats: suggested units as Label Studio or Doccano tasks, and their exports as lawnlp records.

:func:`write_tasks` writes what ``lawnlp suggest`` chose, pre-annotated with the model's labels, for
Label Studio (a JSON list of tasks and the labeling config that matches them, :func:`label_studio_config`) or for
Doccano's text-classification projects (JSONL, and a label file to import in the project's Labels page).
:func:`import_annotations` reads the tools' exports back into annotation records (``labels.md`` §3): standoff where
a documents file is given, with the annotator in ``source``.

>>> from lawnlp.suggest import Suggestion
>>> s = Suggestion("d1", 0, 10, "全年调解纠纷90起。", (), ("下一步继续推进。",), "achievement",
...                {"achievement": 0.8, "problem": 0.1, "plan": 0.05, "other": 0.05}, ("mediation",),
...                {"mediation": 0.7}, "annual report", (), 0.3)
>>> task = label_studio_tasks([s])[0]
>>> task["data"]["text"], [r["value"]["choices"] for r in task["predictions"][0]["result"]]
('全年调解纠纷90起。', [['achievement'], ['mediation']])
"""

from __future__ import annotations

import hashlib
import json
import re
import string
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence
from xml.etree import ElementTree

from ._version import __version__
from .annotations import AnnotationError, Document, read_documents_files
from .schema import DEFAULT, Schema
from .suggest import Suggestion

__all__ = ["FORMATS", "write_tasks", "label_studio_tasks", "label_studio_config", "doccano_lines", "doccano_labels",
           "Imported", "import_annotations", "read_export", "Export", "Answer"]

#: The tools :func:`write_tasks` writes for and :func:`import_annotations` reads.
FORMATS = ("label-studio", "doccano")
#: Names of the Label Studio config's tags; results name the controls in ``from_name``, the unit in ``to_name``.
FUNCTION, MEASURES, UNIT = "function", "measures", "text"
#: What :func:`import_annotations` does with a unit annotated more than once.
KEEP = ("latest", "all")

_FUNCTION_COLOURS = ("#2e7d32", "#c62828", "#1565c0", "#757575")
_MEASURE_COLOURS = ("#6a1b9a", "#00838f", "#ef6c00", "#4e342e", "#ad1457", "#283593", "#558b2f", "#00695c",
                    "#9e9d24", "#37474f", "#d84315", "#5d4037")


# ---------------------------------------------------------------- writing tasks


def write_tasks(suggestions: Sequence[Suggestion], path: str | Path, format: str = "label-studio",
                schema: Schema = DEFAULT, model_version: str = "") -> list[Path]:
    """Write ``suggestions`` as tasks for an annotation tool; return the files written.

    ``label-studio``: ``path`` (``.json``), a list of tasks with the model's labels as predictions, and beside it
    ``<stem>.config.xml``, the labeling config to paste into the project (:func:`label_studio_config`).
    ``doccano``: ``path`` (``.jsonl``), one example a line with the model's labels as ``label``, and beside it
    ``<stem>.labels.json``, the label set to import on the project's Labels page (:func:`doccano_labels`).
    ``model_version`` names the model in Label Studio's predictions and Doccano's metadata (default: lawnlp's
    version).
    """
    path = Path(path)
    if format not in FORMATS:
        raise ValueError(f"unknown task format {format!r}; expected one of {', '.join(FORMATS)}")
    suffix = ".json" if format == "label-studio" else ".jsonl"
    if path.suffix.lower() != suffix:
        raise ValueError(f"{path}: {format} tasks are written to a {suffix} file")
    if not path.parent.is_dir():
        raise ValueError(f"{path}: no folder {path.parent} to write it in")
    suggestions = list(suggestions)
    if not suggestions:
        raise ValueError(f"{path}: no suggestions to write")
    if format == "label-studio":
        config = path.with_name(path.stem + ".config.xml")
        tasks = label_studio_tasks(suggestions, schema, model_version)
        path.write_text(json.dumps(tasks, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        config.write_text(label_studio_config(schema), encoding="utf-8")
        return [path, config]
    labels = path.with_name(path.stem + ".labels.json")
    lines = doccano_lines(suggestions, schema, model_version)
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    labels.write_text(json.dumps(doccano_labels(schema), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return [path, labels]


def _checked(suggestion: Suggestion, schema: Schema) -> Suggestion:
    """``suggestion`` if its labels are ``schema``'s, else a ``ValueError`` naming the unit."""
    if not isinstance(suggestion, Suggestion):
        raise ValueError(f"expected Suggestion objects (lawnlp.suggest), got {type(suggestion).__name__}")
    try:
        schema.check_function(suggestion.function)
        schema.check_measures(list(suggestion.measures))
    except ValueError as error:
        raise ValueError(f"suggestion {suggestion.doc} [{suggestion.start}:{suggestion.end}]: {error}") from None
    return suggestion


def _data(s: Suggestion) -> dict[str, Any]:
    """What a task shows and keeps of a unit: its text, the units around it, and where it stands."""
    return {"text": s.text, "context_before": "\n".join(s.before), "context_after": "\n".join(s.after),
            "doc": s.doc, "start": s.start, "end": s.end, "kind": s.kind or "", "section": " > ".join(s.section),
            "uncertainty": round(s.uncertainty, 4)}


def _version(model_version: str) -> str:
    return model_version or f"lawnlp {__version__}"


def _region_id(s: Suggestion) -> str:
    """A result id for the unit (Label Studio's ids are ``A-Za-z0-9_-``), the same in every file that has it."""
    return hashlib.sha1(f"{s.doc}\0{s.start}\0{s.end}".encode("utf-8")).hexdigest()[:10]


def label_studio_tasks(suggestions: Iterable[Suggestion], schema: Schema = DEFAULT,
                       model_version: str = "") -> list[dict[str, Any]]:
    """Label Studio tasks: ``data`` (see :func:`write_tasks`) and one prediction with the model's labels."""
    tasks = []
    for s in (_checked(s, schema) for s in suggestions):
        region = _region_id(s)
        result = [{"id": f"{region}_f", "from_name": FUNCTION, "to_name": UNIT, "type": "choices",
                   "value": {"choices": [s.function]}, "score": round(s.function_scores.get(s.function, 0.0), 4)}]
        if s.measures:
            result.append({"id": f"{region}_m", "from_name": MEASURES, "to_name": UNIT, "type": "choices",
                           "value": {"choices": schema.ordered(s.measures)}})
        prediction = {"model_version": _version(model_version), "score": round(1 - s.uncertainty, 4),
                      "result": result}
        tasks.append({"data": _data(s), "predictions": [prediction]})
    return tasks


def _choice_value(label: str, display: str) -> str:
    """What an annotator sees of a label in Label Studio: its display name and its id."""
    return f"{display} ({label})"


def label_studio_config(schema: Schema = DEFAULT) -> str:
    """The Label Studio labeling config (XML) of :func:`label_studio_tasks`' tasks for ``schema``.

    The unit between its context; one function (required) and any measures. Each choice shows the label's display
    name and id and saves the id (its ``alias``), so exports carry ids.
    """
    view = ElementTree.Element("View")
    for header, name, value in (("上文 context", "context_before", "$context_before"),
                                ("本句 unit to label", UNIT, "$text"),
                                ("下文 context", "context_after", "$context_after")):
        ElementTree.SubElement(view, "Header", value=header, size="6")
        box = ElementTree.SubElement(view, "View", style="color: #666666" if name != UNIT else "font-size: 1.2em")
        ElementTree.SubElement(box, "Text", name=name, value=value)
    ElementTree.SubElement(view, "Header", value="功能 function: one")
    functions = ElementTree.SubElement(view, "Choices", name=FUNCTION, toName=UNIT, choice="single",
                                       required="true", showInline="true")
    for label, display in schema.functions.items():
        ElementTree.SubElement(functions, "Choice", value=_choice_value(label, display), alias=label)
    ElementTree.SubElement(view, "Header", value="措施 measures: any (none for other)")
    measures = ElementTree.SubElement(view, "Choices", name=MEASURES, toName=UNIT, choice="multiple")
    for label, display in schema.measures.items():
        ElementTree.SubElement(measures, "Choice", value=_choice_value(label, display), alias=label)
    ElementTree.indent(view, "  ")
    return ElementTree.tostring(view, encoding="unicode") + "\n"


def doccano_lines(suggestions: Iterable[Suggestion], schema: Schema = DEFAULT,
                  model_version: str = "") -> list[dict[str, Any]]:
    """Doccano examples: the unit as ``text``, the model's function and measures as ``label``, the rest metadata."""
    _check_doccano_ids(schema)
    lines = []
    for s in (_checked(s, schema) for s in suggestions):
        lines.append({**_data(s), "label": [s.function, *schema.ordered(s.measures)],
                      "model_version": _version(model_version)})
    return lines


def doccano_labels(schema: Schema = DEFAULT) -> list[dict[str, Any]]:
    """Doccano's label file of ``schema``: one label list, the function ids (keys 1-4) and then the measure ids
    (keys a, b, …), each with its display name as description."""
    _check_doccano_ids(schema)
    labels = []
    for table, colours, keys in ((schema.functions, _FUNCTION_COLOURS, "1234"),
                                 (schema.measures, _MEASURE_COLOURS, string.ascii_lowercase)):
        for number, (label, display) in enumerate(table.items()):
            entry = {"text": label, "description": display[:200], "background_color": colours[number % len(colours)],
                     "text_color": "#ffffff"}
            if number < len(keys):
                entry["suffix_key"] = keys[number]
            labels.append(entry)
    return labels


def _check_doccano_ids(schema: Schema) -> None:
    """Doccano has one label list: a measure may not share an id with a function."""
    shared = sorted(set(schema.functions) & set(schema.measures))
    if shared:
        raise ValueError(f"schema {schema.name!r}: measure id(s) {shared} are also function ids, and Doccano keeps "
                         f"one list of labels; rename the measure(s)")


# ---------------------------------------------------------------- reading exports


@dataclass(frozen=True)
class Answer:
    """One annotator's labels of one unit, as an export gives them."""

    doc: str
    start: int
    end: int
    text: str
    function: str
    measures: tuple[str, ...]
    source: str
    """The tool and the annotator: ``label-studio:ann@example.org``, ``label-studio:annotator 3``,
    ``doccano:alice``."""
    when: str
    """When it was last changed (Label Studio's ``updated_at``), ``""`` where the export does not say."""
    where: str
    """The file and task, for messages."""


@dataclass
class Export:
    """What one export file holds: its ``format``, the ``answers``, and how many tasks it had, were left
    ``unannotated`` or only ``cancelled`` (skipped in Label Studio)."""

    path: str
    format: str
    answers: list[Answer] = field(default_factory=list)
    tasks: int = 0
    unannotated: int = 0
    cancelled: int = 0


def read_export(path: str | Path, schema: Schema = DEFAULT) -> Export:
    """Read a Label Studio JSON export or a Doccano JSONL export (a ``.jsonl`` file, or the ``.zip`` Doccano writes
    with one file per annotator), detecting which; errors name the file and the task."""
    path = Path(path)
    if not path.is_file():
        raise AnnotationError(f"{path}: no such file")
    if path.suffix.lower() == ".zip":
        return _doccano_zip(path, schema)
    text = _text(path.read_bytes(), str(path))
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = None  # JSONL: one object a line
    if isinstance(data, list):
        return _label_studio(str(path), data, schema)
    export = Export(str(path), "doccano")
    _doccano(export, text, _doccano_annotator(path.stem), schema)
    return export


def _text(raw: bytes, where: str) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnnotationError(f"{where}: not UTF-8 text (is it an export of Label Studio or Doccano?)") from None
    if not text.strip():
        raise AnnotationError(f"{where}: empty file, no tasks")
    return text


def _unit(data: object, where: str) -> tuple[str, int, int, str]:
    """``(doc, start, end, text)`` of a task, from the fields :func:`write_tasks` gave it."""
    if not isinstance(data, dict):
        raise AnnotationError(f"{where}: the task has no data object")
    doc, start, end, text = (data.get(key) for key in ("doc", "start", "end", "text"))
    if not isinstance(doc, str) or not isinstance(text, str) or not all(
            isinstance(n, int) and not isinstance(n, bool) for n in (start, end)):
        raise AnnotationError(f"{where}: the task needs 'doc', 'start', 'end' and 'text' (as lawnlp suggest writes "
                              f"them); it has {sorted(data) or 'no fields'}")
    if not 0 <= start < end:
        raise AnnotationError(f"{where}: offsets start={start} end={end} are not a span")
    return doc, start, end, text


def _labels(values: Iterable[object], schema: Schema, where: str) -> tuple[list[str], list[str]]:
    """``(functions, measures)`` among ``values``: label ids, or the choices' shown values of
    :func:`label_studio_config`; anything else is an error naming ``where``."""
    shown = {_choice_value(label, display): label for table in (schema.functions, schema.measures)
             for label, display in table.items()}
    functions, measures = [], []
    for value in values:
        label = shown.get(value, value) if isinstance(value, str) else value
        if label in schema.functions:
            functions.append(label)
        elif label in schema.measures:
            measures.append(label)
        else:
            of = "" if schema.is_default else f" of schema {schema.name!r}"
            raise AnnotationError(f"{where}: unknown label {value!r}; expected a function id "
                                  f"({', '.join(schema.functions)}) or a measure id{of} ({', '.join(schema.measures)})")
    return functions, measures


def _answer(unit: tuple[str, int, int, str], functions: list[str], measures: list[str], source: str, when: str,
            where: str, schema: Schema) -> Answer:
    doc, start, end, text = unit
    distinct = list(dict.fromkeys(functions))
    if not distinct:
        raise AnnotationError(f"{where}: no function chosen (every unit takes one of {', '.join(schema.functions)})")
    if len(distinct) > 1:
        raise AnnotationError(f"{where}: two functions chosen ({', '.join(distinct)}); a unit takes one")
    if distinct[0] == "other" and measures:
        raise AnnotationError(f"{where}: an 'other' unit takes no measures (labels.md §2), but has "
                              f"{', '.join(schema.ordered(measures))}")
    return Answer(doc, start, end, text, distinct[0], tuple(schema.ordered(measures)), source, when, where)


def _label_studio(path: str, tasks: list, schema: Schema) -> Export:
    export = Export(path, "label-studio", tasks=len(tasks))
    if not tasks:
        raise AnnotationError(f"{path}: no tasks in this export")
    for number, task in enumerate(tasks, 1):
        if not isinstance(task, dict):
            raise AnnotationError(f"{path}: item {number} is not a task object")
        where = f"{path}: task {task.get('id', f'#{number}')}"
        if "data" not in task and "annotations" not in task:
            raise AnnotationError(f"{where}: not a task of Label Studio's JSON export (it has neither 'data' nor "
                                  f"'annotations'; export the project as JSON, not JSON-MIN or CSV)")
        unit = _unit(task.get("data"), where)
        where += f" ({unit[0]} [{unit[1]}:{unit[2]}])"
        annotations = task.get("annotations") or []
        if not isinstance(annotations, list):
            raise AnnotationError(f"{where}: 'annotations' is not a list")
        if not all(isinstance(a, dict) for a in annotations):
            raise AnnotationError(f"{where}: an annotation is not an object")
        submitted = [a for a in annotations if not a.get("was_cancelled")]
        if not annotations:
            export.unannotated += 1
        elif not submitted:
            export.cancelled += 1
        for annotation in submitted:
            functions, measures = [], []
            result = annotation.get("result") or []
            if not isinstance(result, list):
                raise AnnotationError(f"{where}: an annotation's 'result' is not a list")
            for item in result:
                control = item.get("from_name") if isinstance(item, dict) else None
                if control not in (FUNCTION, MEASURES):
                    continue  # a control of one's own (a comment box, …) is not a label
                choices = item["value"].get("choices") if isinstance(item.get("value"), dict) else None
                if not isinstance(choices, list):
                    raise AnnotationError(f"{where}: the {control!r} result has no list of choices")
                chosen_functions, chosen_measures = _labels(choices, schema, where)
                misplaced = chosen_measures if control == FUNCTION else chosen_functions
                if misplaced:
                    raise AnnotationError(f"{where}: {', '.join(misplaced)} chosen among the {control}; is the "
                                          f"project's labeling config lawnlp's (label_studio_config)?")
                (functions if control == FUNCTION else measures).extend(chosen_functions or chosen_measures)
            when = str(annotation.get("updated_at") or annotation.get("created_at") or "")
            export.answers.append(_answer(unit, functions, measures, _label_studio_annotator(annotation), when,
                                          where, schema))
    return export


def _label_studio_annotator(annotation: dict) -> str:
    """``label-studio:`` and the annotator's email where the export gives it, else their user id."""
    user = annotation.get("completed_by")
    if isinstance(user, dict):
        email = user.get("email")
        user = email if isinstance(email, str) and email.strip() else user.get("id")
        if isinstance(user, str):
            return f"label-studio:{user.strip()}"
    return "label-studio" if user is None else f"label-studio:annotator {user}"


def _doccano_annotator(stem: str) -> str:
    """Doccano names each annotator's export file after them; ``all`` is the export of shared annotation."""
    return "doccano" if stem == "all" else f"doccano:{stem}"


def _doccano_zip(path: Path, schema: Schema) -> Export:
    export = Export(str(path), "doccano")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise AnnotationError(f"{path}: not a zip archive") from None
    with archive:
        members = [m for m in archive.namelist() if m.lower().endswith(".jsonl")]
        if not members:
            raise AnnotationError(f"{path}: no .jsonl file in this archive (is it Doccano's JSONL export?)")
        for member in members:
            where = f"{path}:{member}"
            _doccano(export, _text(archive.read(member), where), _doccano_annotator(Path(member).stem), schema,
                     where)
    return export


def _doccano(export: Export, text: str, source: str, schema: Schema, name: str | None = None) -> None:
    """Add the examples of one Doccano JSONL file to ``export``."""
    name = name or export.path
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            example = json.loads(line)
        except json.JSONDecodeError as error:
            raise AnnotationError(f"{where}: not valid JSON ({error.msg}); expected Label Studio's JSON export "
                                  f"(a list of tasks) or Doccano's JSONL export") from None
        if not isinstance(example, dict) or "text" not in example or "label" not in example:
            raise AnnotationError(f"{where}: not an example of Doccano's text-classification JSONL export (one "
                                  f"object a line with 'text' and 'label')")
        export.tasks += 1
        if "id" in example:
            where += f" (example {example['id']})"
        meta = example.get("meta") if isinstance(example.get("meta"), dict) else example  # older exports nest it
        unit = _unit({**meta, "text": example["text"]}, where)
        where += f" ({unit[0]} [{unit[1]}:{unit[2]}])"
        labels = example["label"]
        if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
            raise AnnotationError(f"{where}: 'label' is not a list of label names (is it a text-classification "
                                  f"project's export?)")
        if not labels:
            export.unannotated += 1
            continue
        functions, measures = _labels(labels, schema, where)
        if len(set(functions)) > 1 and source == "doccano":
            where += " (an export of shared annotation merges every annotator's labels: export one file each)"
        export.answers.append(_answer(unit, functions, measures, source, "", where, schema))


@dataclass
class Imported:
    """Annotation records read from exports, with what was left out.

    ``records`` are dicts of ``labels.md`` §3 (``doc``, ``start``, ``end``, ``text`` unless a documents file was
    given, ``function``, ``measures``, ``source``) ordered by document and offset; ``tasks`` counts the tasks
    read, ``unannotated`` those without an annotation, ``cancelled`` those whose annotations were all cancelled
    (skipped), ``several`` the units annotated more than once (see ``keep`` of :func:`import_annotations`).
    """

    records: list[dict[str, Any]]
    tasks: int
    unannotated: int
    cancelled: int
    several: int
    formats: dict[str, str]
    """Each export's format, by path."""
    keep: str = "latest"

    @property
    def skipped(self) -> int:
        return self.unannotated + self.cancelled

    def by_source(self) -> dict[str, list[dict[str, Any]]]:
        """The records of each annotator (``source``)."""
        groups: dict[str, list[dict[str, Any]]] = {}
        for record in self.records:
            groups.setdefault(record["source"], []).append(record)
        return groups

    def summary(self) -> str:
        """One line: how many tasks were read and records made, and what was left out."""
        formats = ", ".join(sorted(set(self.formats.values())))
        line = f"read {_count(self.tasks, 'task')} ({formats}): {_count(len(self.records), 'record')}"
        if self.skipped:
            line += (f"; skipped {_count(self.skipped, 'task')}: {self.unannotated:,} without an annotation, "
                     f"{self.cancelled:,} cancelled")
        if self.several:
            kept = ("kept the latest annotation of each (keep='all' writes every annotator's)" if self.keep == "latest"
                    else "kept every annotator's")
            line += f"; {_count(self.several, 'unit')} annotated more than once: {kept}"
        return line

    def write(self, path: str | Path) -> Path:
        """Write the records as a JSONL file."""
        path = Path(path)
        if not path.parent.is_dir():
            raise ValueError(f"{path}: no folder {path.parent} to write it in")
        _write_jsonl(path, self.records)
        return path

    def write_by_annotator(self, folder: str | Path) -> list[Path]:
        """Write each annotator's records to a file of their own in ``folder`` (created), named after ``source``,
        e.g. for ``training/agreement.py``; return the files."""
        folder = Path(folder)
        if folder.exists() and not folder.is_dir():
            raise ValueError(f"{folder}: is a file; with keep='all' the output is a folder, one file per annotator")
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for source, records in self.by_source().items():
            written.append(folder / (re.sub(r"[^\w.@-]+", "_", source) + ".jsonl"))
            _write_jsonl(written[-1], records)
        return written


def _write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def _count(number: int, one: str) -> str:
    return f"{number:,} {one if number == 1 else one + 's'}"


def import_annotations(paths: str | Path | Iterable[str | Path], *,
                       docs: str | Path | Iterable[str | Path] | None = None, schema: Schema = DEFAULT,
                       keep: str = "latest") -> Imported:
    """Turn Label Studio JSON exports or Doccano JSONL exports of :func:`write_tasks`' tasks into records.

    ``docs`` (documents files): check each task's text against its document at its offsets and make standoff
    records (no ``text``); without it records carry the task's text. Labels are checked against ``schema``.
    A task without an annotation, or whose annotations were all cancelled, is skipped and counted. A unit
    annotated more than once (several annotators, or several exports): ``keep="latest"`` keeps the most recently
    updated annotation (Label Studio's ``updated_at``; Doccano's exports carry no time, so among them the file
    named last); ``keep="all"`` keeps every annotator's latest, for agreement studies
    (:meth:`Imported.write_by_annotator`).
    """
    if keep not in KEEP:
        raise ValueError(f"keep must be one of {', '.join(KEEP)}, got {keep!r}")
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    if not paths:
        raise ValueError("no export files given")
    documents = _documents(docs)
    exports = [read_export(path, schema) for path in paths]
    answers: dict[tuple[str, int, int], list[tuple[tuple, Answer]]] = {}
    for file_number, export in enumerate(exports):
        for position, answer in enumerate(export.answers):
            if documents is not None:
                _check_text(answer, documents)
            answers.setdefault((answer.doc, answer.start, answer.end), []).append(
                ((answer.when, file_number, position), answer))
    kept: list[Answer] = []
    for unit_answers in answers.values():
        unit_answers.sort(key=lambda pair: pair[0])
        latest = {answer.source: answer for _, answer in unit_answers}  # each annotator's latest
        kept += [unit_answers[-1][1]] if keep == "latest" else list(latest.values())
    kept.sort(key=lambda a: (a.source if keep == "all" else "", a.doc, a.start))
    _check_overlaps(kept, by_source=keep == "all")
    records = [_record(answer, with_text=documents is None) for answer in kept]
    return Imported(records, sum(e.tasks for e in exports), sum(e.unannotated for e in exports),
                    sum(e.cancelled for e in exports), sum(len(a) > 1 for a in answers.values()),
                    {e.path: e.format for e in exports}, keep)


def _documents(docs: str | Path | Iterable[str | Path] | None) -> dict[str, Document] | None:
    if docs is None:
        return None
    return read_documents_files([docs] if isinstance(docs, (str, Path)) else list(docs))


def _check_text(answer: Answer, documents: dict[str, Document]) -> None:
    if answer.doc not in documents:
        raise AnnotationError(f"{answer.where}: document {answer.doc!r} is in no documents file given (--docs)")
    text = documents[answer.doc].text
    if answer.end > len(text) or text[answer.start:answer.end] != answer.text:
        raise AnnotationError(f"{answer.where}: the task's text differs from document {answer.doc!r} at "
                              f"[{answer.start}:{answer.end}] (was the task made from another version of it?)")


def _check_overlaps(answers: list[Answer], by_source: bool) -> None:
    """Two spans of one document written to one file may not overlap (``load_corpus`` would refuse them);
    ``answers`` are in offset order within each file (each annotator's, ``by_source``)."""
    last: dict[tuple[str, str], Answer] = {}
    for answer in answers:
        key = (answer.source if by_source else "", answer.doc)
        before = last.get(key)
        if before is not None and answer.start < before.end:
            raise AnnotationError(f"{answer.where}: overlaps {before.where}; the units of a document must not overlap")
        last[key] = answer


def _record(answer: Answer, with_text: bool) -> dict[str, Any]:
    record: dict[str, Any] = {"doc": answer.doc, "start": answer.start, "end": answer.end}
    if with_text:
        record["text"] = answer.text
    record.update(function=answer.function, measures=list(answer.measures), source=answer.source)
    return record

