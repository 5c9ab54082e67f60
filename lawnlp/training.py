"""Train the two estimators from annotations and write a model directory."""

from __future__ import annotations

import hashlib
import json
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from .annotations import Document, load_corpus
from .components import set_units
from .estimators import FunctionClassifier, MeasureTagger, UnitVectorizer
from .features import doc_features
from .kinds import canonical_kind
from .persistence import Estimators, save_estimators, write_meta
from .pipeline import LEXICON_FILE, SEGMENTER_DIR, default_model_dir, make_base
from .schema import DEFAULT, Schema, as_schema
from .sentences import units_from_spans

__all__ = ["Examples", "featurize", "fit", "train", "corpus_hash"]

#: Files that say under which licence a model's files are offered; copied with the segmenter they cover.
LICENSE_FILES = ("LICENSE", "NOTICE")

#: Sample weight of a unit's standalone copy, beside 1.0 for the unit in its document.
STANDALONE_WEIGHT = 0.3
#: Documents with more annotated units than this (government work reports) get no standalone copies:
#: their tens of thousands of units would otherwise outweigh every other document as single sentences.
STANDALONE_MAX_UNITS = 400
#: The most units a document weighs in training: a longer one's units share this weight, so that the 84 government
#: work reports (about 470 units each, 39,829 in all) do not outweigh the hundreds of short documents.
DOCUMENT_MAX_WEIGHT = 50


@dataclass
class Examples:
    """Features and gold labels of annotated units, with the document each comes from."""

    X: list[list[str]]
    functions: np.ndarray
    measures: np.ndarray  # 0/1, a column per measure of ``schema``, in its order
    docs: np.ndarray
    texts: list[str]
    spans: np.ndarray  # (start, end) of each unit in its document
    in_context: np.ndarray  # False for a unit's standalone copy (see featurize)
    measured: np.ndarray  # False where the unit's measures were not annotated ("measures": null)
    kinds: np.ndarray  # the kind of document each unit stands in (documents file's "kind" as a KINDS id, or "unknown")
    schema: Schema = DEFAULT  # the label set: its measures are the columns of ``measures``

    def subset(self, mask: np.ndarray) -> "Examples":
        index = np.flatnonzero(mask)
        return Examples([self.X[i] for i in index], self.functions[index], self.measures[index],
                        self.docs[index], [self.texts[i] for i in index], self.spans[index], self.in_context[index],
                        self.measured[index], self.kinds[index], self.schema)


def featurize(documents: Sequence[Document], model_dir: str | Path | None = None,
              schema: Schema = DEFAULT) -> Examples:
    """Features of every annotated unit, computed by the same pipeline that runs at inference.

    Gold spans replace the splitter's units, so labels always line up with
    the units they were given for.  Each unit is featurised twice: in its
    document, and alone (as when a user classifies one sentence), so the
    model also learns to label a sentence without context (documents of more
    than ``STANDALONE_MAX_UNITS`` units only in context).  Evaluation scores
    only the in-context copies.  The measure columns are those of ``schema``.
    """
    nlp = make_base(model_dir or default_model_dir())
    measure_ids = schema.measure_ids
    X, functions, measures, docs, texts, spans, in_context, measured, kinds = [], [], [], [], [], [], [], [], []
    for document in documents:
        doc = nlp.make_doc(document.text)
        set_units(doc, units_from_spans(document.text, [(r.start, r.end) for r in document.records]), document.text)
        alone = []
        alone_records = document.records if len(document.records) <= STANDALONE_MAX_UNITS else []
        for record in alone_records:
            text = document.text[record.start:record.end]
            single = nlp.make_doc(text)
            set_units(single, units_from_spans(text, [(0, len(text))]), text)
            alone.extend(doc_features(single))
        for features, context, records in ((list(doc_features(doc)), True, document.records),
                                           (alone, False, alone_records)):
            X.extend(features)
            for record in records:
                functions.append(record.function)
                measures.append([int(m in (record.measures or ())) for m in measure_ids])
                measured.append(record.measures is not None)
                kinds.append(canonical_kind(document.meta.get("kind")))
                docs.append(document.doc)
                texts.append(document.text[record.start:record.end])
                spans.append((record.start, record.end))
                in_context.append(context)
    return Examples(X, np.array(functions, dtype=object), np.array(measures, dtype=int).reshape(-1, len(measure_ids)),
                    np.array(docs, dtype=object), texts, np.array(spans, dtype=int).reshape(-1, 2),
                    np.array(in_context, dtype=bool), np.array(measured, dtype=bool), np.array(kinds, dtype=object),
                    schema)


def document_weights(examples: Examples) -> np.ndarray:
    """Per unit: 1, or ``DOCUMENT_MAX_WEIGHT / n`` for a document of ``n > DOCUMENT_MAX_WEIGHT`` units in context."""
    docs, counts = np.unique(examples.docs[examples.in_context], return_counts=True)
    per_doc = dict(zip(docs, np.minimum(1.0, DOCUMENT_MAX_WEIGHT / counts)))
    return np.array([per_doc.get(doc, 1.0) for doc in examples.docs])


def fit(examples: Examples) -> Estimators:
    """Fit the vectorizer and both estimators on ``examples`` (the measure tagger on its schema's measures)."""
    if len(examples.X) == 0:
        raise ValueError("no annotated units to train on")
    weights = np.where(examples.in_context, 1.0, STANDALONE_WEIGHT) * document_weights(examples)
    vectorizer = UnitVectorizer().fit(examples.X)
    blocks = vectorizer.transform(examples.X)
    # Units whose measures were not annotated stay in place (their neighbours count) but teach no measure.
    return Estimators(
        vectorizer,
        FunctionClassifier().fit(blocks, examples.functions, groups=examples.docs, sample_weight=weights),
        MeasureTagger(measures=examples.schema.measure_ids).fit(blocks, examples.measures, groups=examples.docs,
                                                                sample_weight=weights * examples.measured))


def corpus_hash(documents: Iterable[Document]) -> str:
    """sha256 over the texts and labels the model is trained on."""
    digest = hashlib.sha256()
    for document in sorted(documents, key=lambda d: d.doc):
        digest.update(document.doc.encode() + hashlib.sha256(document.text.encode()).digest())
        for r in document.records:
            measures = "null" if r.measures is None else ",".join(r.measures)
            digest.update(f"{r.start}:{r.end}:{r.function}:{measures};".encode())
    return digest.hexdigest()


def train(annotations: Sequence[str | Path], out: str | Path, *, docs: Sequence[str | Path] = (),
          base_model: str | Path | None = None, extra_meta: dict | None = None,
          schema: Schema | str | Path | None = None) -> Path:
    """Train on annotation files and write a model directory that :func:`lawnlp.load` takes.

    The segmenter and lexicon are copied from ``base_model`` (default: the
    shipped model).  ``schema`` is the label set (a :class:`~lawnlp.Schema` or
    a schema file, :func:`~lawnlp.read_schema`; default: ``labels.md``'s): the
    records' labels must be its labels, the model learns its measures and
    records it in ``meta.json``.  Returns the output directory.

    >>> out = train(["annotations/seeds", "my_labels.jsonl"], "my-model", schema="my_labels.toml")  # doctest: +SKIP
    >>> lawnlp.classify("二、存在的问题", model=out)  # doctest: +SKIP
    """
    schema = as_schema(schema)
    base = Path(base_model) if base_model else default_model_dir()
    documents = load_corpus(annotations, docs, schema)
    examples = featurize(documents, base, schema)
    _warn_unlearnable(examples)
    estimators = fit(examples)
    out = Path(out)
    same = out.exists() and base.resolve() == out.resolve()
    if out.exists() and any(out.iterdir()) and not (out / "meta.json").is_file() and not same:
        raise FileExistsError(f"{out} exists and is not a lawnlp model directory; choose an empty --out")
    out.mkdir(parents=True, exist_ok=True)
    if not same:
        shutil.copytree(base / SEGMENTER_DIR, out / SEGMENTER_DIR, dirs_exist_ok=True)
        for name in (LEXICON_FILE, *LICENSE_FILES):
            if (base / name).is_file():
                shutil.copy(base / name, out / name)
    save_estimators(out, estimators)
    sources: dict[str, int] = {}
    for document in documents:
        for record in document.records:
            sources[record.source] = sources.get(record.source, 0) + 1
    meta = {
        "name": out.name,
        "training_data": {"documents": len(documents), "units": int(examples.in_context.sum()),
                          "sha256": corpus_hash(documents),
                          "units_by_source": sources,
                          "annotations": [Path(p).as_posix() for p in annotations],
                          "documents_files": [Path(p).name for p in docs]},
        "segmenter": _segmenter_info(out),
        "components": _components(out, annotations, docs),
        "schema": schema.to_dict(),
        "thresholds": dict(zip(schema.measure_ids, map(float, estimators.measures.thresholds_))),
        **(extra_meta or {}),
    }
    write_meta(out, meta)
    return out


def _warn_unlearnable(examples: Examples) -> None:
    """Warn about measures added by the schema with too few annotated units for the model ever to predict them."""
    needed = MeasureTagger().threshold_folds
    counts = examples.measures.sum(axis=0)  # as MeasureTagger counts them: standalone copies too
    added = [(m, int(n)) for m, n in zip(examples.schema.measure_ids, counts) if m not in DEFAULT.measures]
    scarce = [f"{m} ({n} examples)" for m, n in added if n < needed]
    if scarce:
        warnings.warn(f"measures of schema {examples.schema.name!r} with fewer than {needed} training examples (a unit "
                      f"counts in its document and alone), which the model will never predict: {', '.join(scarce)}",
                      UserWarning, stacklevel=3)


def _components(model_dir: Path, annotations: Sequence[str | Path], docs: Sequence[str | Path]) -> dict:
    """What each part of the model is, what it was made from, and its licence (``LICENSE``, ``NOTICE``)."""
    segmenter = _segmenter_info(model_dir)
    return {
        "segmenter": {"files": [f"{SEGMENTER_DIR}/"], "license": segmenter.get("license", "CC-BY-SA-4.0"),
                      "sources": [t.get("path") for t in segmenter.get("trained_on", [])],
                      "attribution": "UD Chinese GSDSimp (Universal Dependencies; train part via Universal NER)"},
        "classifiers": {"files": ["vectorizer.", "function.", "measures."], "license": "MIT",
                        "sources": [Path(p).as_posix() for p in annotations] + [Path(p).name for p in docs]},
        "lexicon": {"files": [LEXICON_FILE], "license": "MIT", "sources": ["lawnlp/resources/lexicon.txt"]},
        "notices": {"files": [*LICENSE_FILES], "license": "MIT", "sources": []},
    }


def _segmenter_info(model_dir: Path) -> dict:
    info = model_dir / SEGMENTER_DIR / "training.json"
    return json.loads(info.read_text(encoding="utf-8")) if info.is_file() else {}
