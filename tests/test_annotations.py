import json
import re
import subprocess
from pathlib import Path

import pytest

from lawnlp.annotations import AnnotationError, load_corpus
from lawnlp.labels import FUNCTIONS, MEASURES

from conftest import CORPORA, REPORTS_FILE, ROOT

ANNOTATIONS = ROOT / "annotations"


def test_seed_and_written_annotations_load_and_cover_their_documents():
    documents = load_corpus([ANNOTATIONS / "seeds", ANNOTATIONS / "written"])
    assert {d.doc for d in documents} >= {"000_a96ddfb8e6442cfd", "001_263b3df54a746a2b", "002_1fe5bcb0e46deceb",
                                          "003_3ef2ffa63908b0bd"}
    for document in documents:
        covered = set()
        for r in document.records:
            covered.update(range(r.start, r.end))
        missing = [i for i, ch in enumerate(document.text) if not ch.isspace() and i not in covered]
        assert not missing, (document.doc, missing[:5])
        assert all(r.source for r in document.records)


def test_label_counts_reach_the_minimums(reports):
    documents = load_corpus([ANNOTATIONS / "seeds", ANNOTATIONS / "written", ANNOTATIONS / "reports"], [REPORTS_FILE])
    records = [r for d in documents for r in d.records]
    for function in FUNCTIONS:
        assert sum(r.function == function for r in records) >= 150, function
    for measure in MEASURES:
        assert sum(measure in r.measures for r in records) >= 60, measure


def test_standoff_records_have_no_text_and_lie_inside_their_documents(corpora):
    texts = {doc: text for corpus in corpora.values() for doc, text in corpus.items()}
    seeds = (ANNOTATIONS / "seeds" / "docs.jsonl").read_text(encoding="utf-8").splitlines()
    texts.update((d["doc"], d["text"]) for d in map(json.loads, seeds))
    counts = {}
    for folder in [*corpora, "agreement", "metadata"]:
        for path in sorted((ANNOTATIONS / folder).glob("*.jsonl")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                record = json.loads(line)
                where = f"{path.relative_to(ROOT)}:{number}"
                assert "text" not in record, f"{where} carries text"
                assert record.get("source"), f"{where} has no source"
                assert record["doc"] in texts, f"{where} names unknown doc {record['doc']}"
                if folder == "metadata":  # title and issuer: lists of spans, or null
                    spans = [*(record["title"] or []), *(record["issuer"] or [])]
                else:
                    spans = [(record["start"], record["end"])]
                for start, end in spans:
                    assert 0 <= start < end <= len(texts[record["doc"]]), where
                counts[folder] = counts.get(folder, 0) + 1
    from lawnlp.sentences import split_units

    for name, path in CORPORA.items():
        if not any((ANNOTATIONS / name).glob("*.jsonl")):
            continue
        documents = load_corpus([ANNOTATIONS / name], [path])  # checks labels, offsets and overlaps
        if name == "reports":
            assert {d.doc for d in documents} == set(corpora[name]), "not every document of reports is annotated"
        for document in documents:  # an annotated document has every unit labelled
            covered = {i for r in document.records for i in range(r.start, r.end)}
            units = split_units(document.text)
            assert all(u.start in covered for u in units), f"{name}/{document.doc} has units without labels"
    assert counts["reports"] > 1000 and counts["reports2"] > 2000


def test_no_project_file_contains_a_sentence_of_the_corpora(corpora):
    from lawnlp.sentences import split_units

    width = 20
    sentences = {text[u.start:u.end] for corpus in corpora.values() for text in corpus.values()
                 for u in split_units(text) if u.end - u.start >= width}
    by_opening: dict[str, list[str]] = {}
    for sentence in sentences:
        if re.search(r"[\u4e00-\u9fff]{8}", sentence):
            by_opening.setdefault(sentence[:width], []).append(sentence)
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in tracked:
        path = ROOT / name
        if path.suffix in {".npz", ".joblib", ".msgpack", ".png", ".xlsx"} or not path.is_file():
            continue
        content = path.read_text(encoding="utf-8", errors="ignore")
        windows = {content[i:i + width] for i in range(len(content) - width + 1)}
        found = [s for opening in windows & by_opening.keys() for s in by_opening[opening] if s in content]
        assert not found, f"{name} contains corpus text: {found[0][:30]}"


def _write(path: Path, lines: list[dict]) -> Path:
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return path


@pytest.fixture
def docs_file(tmp_path):
    return _write(tmp_path / "docs.jsonl", [{"doc": "d1", "text": "一、主要举措\n全年调解纠纷9起。"}])


def test_unknown_label_names_file_and_line(tmp_path, docs_file):
    labels = _write(tmp_path / "labels.jsonl", [
        {"doc": "d1", "start": 0, "end": 6, "function": "achievement", "measures": []},
        {"doc": "d1", "start": 7, "end": 16, "function": "achievement", "measures": ["arbitration"]}])
    with pytest.raises(AnnotationError, match=r"labels.jsonl:2: unknown measure label"):
        load_corpus([labels], [docs_file])


def test_offsets_that_do_not_match_the_text(tmp_path, docs_file):
    labels = _write(tmp_path / "labels.jsonl", [
        {"doc": "d1", "start": 0, "end": 5, "text": "一、主要举措", "function": "achievement", "measures": []}])
    with pytest.raises(AnnotationError, match=r"labels.jsonl:1: 'text' does not match"):
        load_corpus([labels], [docs_file])


def test_offsets_outside_the_document_and_missing_doc(tmp_path, docs_file):
    outside = _write(tmp_path / "a.jsonl", [{"doc": "d1", "start": 5, "end": 99, "function": "other", "measures": []}])
    with pytest.raises(AnnotationError, match=r"a.jsonl:1: offsets start=5 end=99 fall outside document 'd1'"):
        load_corpus([outside], [docs_file])
    missing = _write(tmp_path / "b.jsonl", [{"doc": "zz", "start": 0, "end": 1, "function": "other", "measures": []}])
    with pytest.raises(AnnotationError, match=r"b.jsonl:1: document 'zz' is in no documents file"):
        load_corpus([missing], [docs_file])


def test_empty_and_broken_files(tmp_path, docs_file):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match="empty.jsonl: empty file"):
        load_corpus([empty], [docs_file])
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"doc": "d1", \n', encoding="utf-8")
    with pytest.raises(AnnotationError, match="broken.jsonl:1: not valid JSON"):
        load_corpus([broken], [docs_file])


def test_other_with_measures_is_rejected(tmp_path, docs_file):
    labels = _write(tmp_path / "labels.jsonl", [
        {"doc": "d1", "start": 0, "end": 6, "function": "other", "measures": ["mediation"]}])
    with pytest.raises(AnnotationError, match="takes no measures"):
        load_corpus([labels], [docs_file])
