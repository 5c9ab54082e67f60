"""Reading annotation records and documents files (``labels.md`` §3), with clear errors."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .schema import DEFAULT, Schema

__all__ = ["AnnotationError", "Record", "Document", "read_documents", "read_documents_files", "read_records", "load_corpus"]


class AnnotationError(ValueError):
    """A bad annotation or documents file; the message names file and line."""


@dataclass(frozen=True)
class Record:
    """One labelled unit: ``doc``'s text from ``start`` to ``end``."""

    doc: str
    start: int
    end: int
    function: str
    measures: tuple[str, ...] | None
    """The unit's measures; ``None`` where they were not annotated (``"measures": null``)."""
    source: str = ""
    where: str = field(default="", compare=False)
    """The file and line the record was read from (``labels.jsonl:12``), for messages."""


@dataclass
class Document:
    """A document with its labelled units, in order."""

    doc: str
    text: str
    records: list[Record] = field(default_factory=list)
    meta: dict = field(default_factory=dict)


def _json_lines(path: Path) -> Iterable[tuple[int, dict]]:
    if not path.is_file():
        raise AnnotationError(f"{path}: no such file")
    count = 0
    for number, raw in enumerate(path.read_bytes().split(b"\n"), 1):
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")  # a byte-order mark is accepted
        except UnicodeDecodeError:
            raise AnnotationError(f"{path}:{number}: not UTF-8 (annotation files are UTF-8; if it is GBK, "
                                  f"convert it: iconv -f gbk -t utf-8)") from None
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as error:
            raise AnnotationError(f"{path}:{number}: not valid JSON ({error.msg})") from None
        if not isinstance(obj, dict):
            raise AnnotationError(f"{path}:{number}: expected a JSON object, got {type(obj).__name__}")
        count += 1
        yield number, obj
    if count == 0:
        raise AnnotationError(f"{path}: empty file, no records")


def read_documents(path: str | Path) -> dict[str, Document]:
    """Read a documents file: one ``{"doc", "text", ...}`` object per line."""
    path = Path(path)
    documents: dict[str, Document] = {}
    for number, obj in _json_lines(path):
        doc, text = obj.get("doc"), obj.get("text")
        if not isinstance(doc, str) or not isinstance(text, str):
            raise AnnotationError(f"{path}:{number}: a document needs string fields 'doc' and 'text'")
        if doc in documents:
            raise AnnotationError(f"{path}:{number}: document {doc!r} appears twice")
        documents[doc] = Document(doc, text, meta={k: v for k, v in obj.items() if k != "text"})
    return documents


def read_documents_files(files: Iterable[str | Path]) -> dict[str, Document]:
    """The documents of several documents files; a document id in two of them is an error naming the file."""
    documents: dict[str, Document] = {}
    for file in files:
        for doc_id, document in read_documents(file).items():
            if doc_id in documents:
                raise AnnotationError(f"{file}: document {doc_id!r} is also in another documents file")
            documents[doc_id] = document
    return documents


def read_records(path: str | Path, documents: dict[str, Document], schema: Schema = DEFAULT) -> list[Record]:
    """Read label records, checking offsets against ``documents`` and labels against ``schema``."""
    path = Path(path)
    records = []
    for number, obj in _json_lines(path):
        where = f"{path}:{number}"
        doc = obj.get("doc")
        if doc not in documents:
            raise AnnotationError(f"{where}: document {doc!r} is in no documents file (pass it with --docs)")
        text = documents[doc].text
        start, end = obj.get("start"), obj.get("end")
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end)):
            raise AnnotationError(f"{where}: offsets start={start!r} end={end!r} must be whole numbers of characters")
        if not 0 <= start < end <= len(text):
            raise AnnotationError(
                f"{where}: offsets start={start!r} end={end!r} fall outside document {doc!r} (length {len(text)})")
        if "text" in obj and obj["text"] != text[start:end]:
            raise AnnotationError(f"{where}: 'text' does not match document {doc!r} at [{start}:{end}]")
        try:
            function = schema.check_function(obj.get("function"))
            raw = obj.get("measures", [])
            measures = None if raw is None else tuple(schema.check_measures(raw))
        except ValueError as error:
            raise AnnotationError(f"{where}: {error}") from None
        if function == "other" and measures:
            raise AnnotationError(f"{where}: an 'other' unit takes no measures (labels.md §2)")
        records.append(Record(doc, start, end, function, measures, str(obj.get("source", "")), where))
    return records


def _annotation_files(path: Path) -> tuple[list[Path], list[Path]]:
    """(documents files, label files) named by a path: a file, or a directory of ``*.jsonl``."""
    if path.is_dir():
        files = sorted(path.rglob("*.jsonl"))
        return [f for f in files if f.name == "docs.jsonl"], [f for f in files if f.name != "docs.jsonl"]
    return [], [path]


def load_corpus(paths: Iterable[str | Path], docs: Iterable[str | Path] = (),
                schema: Schema = DEFAULT) -> list[Document]:
    """Read annotations into documents with their records, ordered by offset.

    ``paths`` are label files or directories (a directory's ``docs.jsonl``
    files are read as documents, every other ``*.jsonl`` as labels); ``docs``
    are further documents files, for standoff records that carry no text.
    Labels are checked against ``schema`` (default: ``labels.md``'s).
    """
    doc_files: list[Path] = [Path(d) for d in docs]
    label_files: list[Path] = []
    for path in map(Path, paths):
        if not path.exists():
            raise AnnotationError(f"{path}: no such file or directory")
        found_docs, found_labels = _annotation_files(path)
        doc_files += found_docs
        label_files += found_labels
    documents = read_documents_files(doc_files)
    if not label_files:
        raise AnnotationError("no label files found in " + ", ".join(map(str, paths)))
    for label_file in label_files:
        for record in read_records(label_file, documents, schema):
            documents[record.doc].records.append(record)
    labelled = [d for d in documents.values() if d.records]
    for document in labelled:
        document.records.sort(key=lambda r: r.start)
        for before, after in zip(document.records, document.records[1:]):
            if after.start < before.end:
                raise AnnotationError(
                    f"{after.where}: record [{after.start}:{after.end}] overlaps [{before.start}:{before.end}] "
                    f"of {before.where} in document {document.doc!r} (is it annotated twice?)")
    return labelled
