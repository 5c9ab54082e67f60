"""Which units to annotate next: the ones the model is least sure of, spread over documents and kinds.

:func:`suggest` reads a corpus (report files, folders of them, documents files, texts), labels every unit with a
model and chooses the ``n`` units whose annotation should teach that model most, each pre-annotated with the
model's labels and scores and shown with the units around it.  :func:`select` is the choice itself, on arrays of
scores, for callers that hold scores already (a simulation of active learning).

How sure the model is (:func:`uncertainty`): the function part is one minus the margin between the two best
function scores; the measure part is how close the most doubtful measure score is to its threshold (1 at the
threshold, falling linearly to 0 at a score of 0 below it or 1 above it).  A unit's uncertainty is their weighted
mean (``measure_weight``, half each by default), in [0, 1].

How the units are chosen (:func:`select`): most uncertain first, except that

- a unit that nearly repeats one already chosen (or one already annotated) is set aside: the same text once
  normalised (:func:`lawnlp.borrowed.normalize_sentence`: widths, punctuation, digits), or sharing at least
  :data:`NEAR_COPY` of its character bigrams (Jaccard) with it, so boilerplate is chosen once;
- a document gives at most ``per_group`` units (by default twice its even share of ``n``), raised in steps of
  that much only where the documents run short of units;
- the kinds of document take turns in proportion to the number of their units raised to ``kind_balance``
  (0: each kind in turn; 1: in proportion to its units; 0.5 by default, between the two);
- units of fewer than :data:`MIN_CHARS` characters (once normalised) teach nothing and are left out.

>>> import numpy as np
>>> functions = np.array([[0.9, 0.05, 0.05], [0.4, 0.35, 0.25], [0.41, 0.34, 0.25], [0.5, 0.3, 0.2]])
>>> measures, thresholds = np.zeros((4, 0)), np.zeros(0)
>>> texts = ["全年调解纠纷90起。", "部分干部法治意识不强。", "部分干部法治意识不强。", "下一步将加强执法监督。"]
>>> select(functions, measures, thresholds, texts, ["a", "b", "c", "d"], [None] * 4, n=3).tolist()
[1, 3, 0]
"""

from __future__ import annotations

import json
import math
import warnings
from bisect import bisect_left
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Hashable, Iterable, Mapping, Sequence

import numpy as np

from .annotations import AnnotationError, _annotation_files, _json_lines, read_documents
from .borrowed import normalize_sentence
from .io import InputError, read
from .kinds import canonical_kind
from .report import build_report

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["Suggestion", "Suggestions", "Corpus", "suggest", "select", "uncertainty", "read_corpus", "read_annotated",
           "model_thresholds", "MIN_CHARS", "NEAR_COPY"]

#: Units shorter than this (characters of their normalised form) are never suggested: 一、, signatures, dates.
MIN_CHARS = 5
#: Share of character bigrams (Jaccard) from which a unit counts as a near copy of another.
NEAR_COPY = 0.6
#: Weight of the measure part of the uncertainty (the function part has the rest).
MEASURE_WEIGHT = 0.5
#: Exponent of a kind's number of units in its share of the turns (0: round-robin, 1: proportional).
KIND_BALANCE = 0.5
#: The default cap per document is this many times the document's even share of ``n``.
PER_GROUP_SLACK = 2
#: Suffixes of report files that a folder given as input stands for (documents files are named one by one).
REPORT_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")


@dataclass(frozen=True)
class Suggestion:
    """A unit worth annotating, pre-annotated with the model's labels and scores."""

    doc: str
    """The document's id: its id in a documents file, or the path of the file it was read from."""
    start: int
    end: int
    """Offsets of the unit in the document's text (as lawnlp read it)."""
    text: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    """The units around it, as context for the annotator."""
    function: str
    function_scores: dict[str, float]
    measures: tuple[str, ...]
    measure_scores: dict[str, float]
    kind: str | None
    """The document's kind (``lawnlp.labels.KINDS``): its documents file's ``kind``, else ``Report.kind``."""
    section: tuple[str, ...]
    uncertainty: float
    """How unsure the model is of this unit, 0 (sure) to 1."""

    def to_dict(self) -> dict:
        """A plain ``dict`` (JSON-ready)."""
        return asdict(self)


class Suggestions(list):
    """The units :func:`suggest` chose (a list of :class:`Suggestion`, most useful first), with what it looked at:
    the ``corpus`` read (its texts, and the ``failures`` of inputs that could not be read), the ``units``
    scored, of ``documents`` documents with units; ``near_copies`` set aside as near copies of a chosen or
    annotated unit; ``annotated`` units left out as already annotated."""

    def __init__(self, chosen: Iterable[Suggestion], corpus: "Corpus", *, units: int, documents: int,
                 near_copies: int, annotated: int):
        super().__init__(chosen)
        self.corpus, self.units, self.documents = corpus, units, documents
        self.near_copies, self.annotated = near_copies, annotated

    @property
    def failures(self) -> list[tuple[str, str]]:
        """``(input, message)`` of the inputs that could not be read."""
        return self.corpus.failures

    def summary(self) -> str:
        """One line: how many units were scored, from how many documents, how many chosen and set aside."""
        documents, kinds = len({s.doc for s in self}), len({s.kind for s in self})
        line = (f"scored {_count(self.units, 'unit')} of {_count(self.documents, 'document')}, chose {len(self):,} "
                f"(from {_count(documents, 'document')}, {_count(kinds, 'kind')}), "
                f"set aside {_count(self.near_copies, 'near copy', 'near copies')}")
        if self.annotated:
            line += f" and {_count(self.annotated, 'unit')} already annotated"
        if self.failures:
            line += f"; {_count(len(self.failures), 'input')} could not be read"
        return line


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number:,} {one if number == 1 else many or one + 's'}"


@dataclass
class Corpus:
    """Documents to choose units from: ``texts`` by doc id (in input order), the ``kinds`` that documents files
    give, the ids of the documents read from report files (``from_files``: their paths as given) and the
    ``failures``, ``(input, message)``, of the inputs that could not be read."""

    texts: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    from_files: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def write_documents(self, path: str | Path) -> Path:
        """Write the texts read from report files as a documents file (``{"doc", "text"}`` lines), so that
        records of them can be checked and trained on (``lawnlp train … --docs``)."""
        path = Path(path)
        if not self.from_files:
            raise InputError(f"{path}: no texts read from report files to write (documents files have theirs)")
        if not path.parent.is_dir():
            raise InputError(f"{path}: no folder {path.parent} to write it in")
        with path.open("w", encoding="utf-8") as out:
            for doc in self.from_files:
                out.write(json.dumps({"doc": doc, "text": self.texts[doc]}, ensure_ascii=False) + "\n")
        return path

    def _add(self, doc: str, text: str, where: str) -> None:
        if doc in self.texts:
            self.failures.append((where, f"{where}: document {doc!r} is given twice; it is read once"))
        else:
            self.texts[doc] = text


def read_corpus(inputs: Iterable[str | Path] = (), *, texts: Mapping[str, str] | Iterable[str] = (),
                join_lines: bool = False) -> Corpus:
    """Read the documents of ``inputs`` and ``texts`` for :func:`suggest`.

    An input is a documents file (``.jsonl``: one ``{"doc", "text"}`` per line; its ``kind`` field, where it names
    one of ``lawnlp.labels.KINDS``, is kept), a report file (``.txt``/``.html``/``.docx``/``.pdf``, read with
    :func:`lawnlp.read`; its id is the path as given) or a folder (its report files).  ``texts`` are texts
    already held, by doc id, or a list (ids ``<text N>``).  An input that cannot be read is listed in
    ``failures`` and the others are read.
    """
    if isinstance(inputs, (str, bytes, Path)):
        raise TypeError(f"inputs must be a list of paths, got a single {type(inputs).__name__}: pass [path]")
    if isinstance(texts, (str, bytes)):
        raise TypeError("texts must be a list of texts or a mapping of doc id to text, got a single str")
    corpus = Corpus()
    for item in inputs:
        if not isinstance(item, (str, Path)):
            raise TypeError(f"inputs must be paths (str or Path), got {type(item).__name__}")
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in REPORT_SUFFIXES)
            if not found:
                corpus.failures.append((str(item), f"{item}: no report files ({', '.join(REPORT_SUFFIXES)}) in this "
                                                   "folder"))
            for report in found:
                _read_report(corpus, str(report), join_lines)
        elif path.suffix.lower() == ".jsonl":
            try:
                documents = read_documents(path)
            except AnnotationError as error:
                corpus.failures.append((str(item), str(error)))
                continue
            for doc, document in documents.items():
                corpus._add(doc, document.text, f"{item}: document {doc!r}")
                if (kind := canonical_kind(document.meta.get("kind"))) != "unknown":
                    corpus.kinds.setdefault(doc, kind)
        else:
            _read_report(corpus, str(item), join_lines)
    given = texts.items() if isinstance(texts, Mapping) else ((f"<text {i}>", t) for i, t in enumerate(texts))
    for doc, text in given:
        if not isinstance(text, str) or not isinstance(doc, str):
            raise TypeError(f"texts must be str with str doc ids, got {type(text).__name__} for {doc!r}")
        corpus._add(doc, text, doc)
    return corpus


def _read_report(corpus: Corpus, path: str, join_lines: bool) -> None:
    try:
        text = read(path, join_lines=join_lines).text
    except (OSError, ValueError) as error:
        corpus.failures.append((path, str(error)))
        return
    if path not in corpus.texts:
        corpus.from_files.append(path)
    corpus._add(path, text, path)


def read_annotated(paths: Iterable[str | Path]) -> dict[str, "Spans"]:
    """The spans of annotation records by doc id (files, or folders of ``*.jsonl`` records, their ``docs.jsonl``
    aside); only ``doc``, ``start`` and ``end`` are read."""
    if isinstance(paths, (str, bytes, Path)):
        raise TypeError(f"exclude must be a list of records files, got a single {type(paths).__name__}: pass [path]")
    found: dict[str, list[tuple[int, int]]] = {}
    for path in map(Path, paths):
        if not path.exists():
            raise AnnotationError(f"{path}: no such file or directory (records of units already annotated)")
        files = _annotation_files(path)[1]
        if not files:
            raise AnnotationError(f"{path}: no records files (*.jsonl) in this folder")
        for file in files:
            for number, obj in _json_lines(file):
                doc, start, end = obj.get("doc"), obj.get("start"), obj.get("end")
                if not isinstance(doc, str) or not all(isinstance(v, int) and not isinstance(v, bool)
                                                       for v in (start, end)):
                    raise AnnotationError(f"{file}:{number}: a record needs 'doc' (a string) and whole-number "
                                          f"offsets 'start' and 'end'")
                found.setdefault(doc, []).append((start, end))
    return {doc: Spans(spans) for doc, spans in found.items()}


class Spans:
    """Character spans ``(start, end)`` of one document, to tell whether a unit overlaps one of them."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self.spans = sorted(spans)
        self._starts = [start for start, _ in self.spans]
        self._reach = list(np.maximum.accumulate([end for _, end in self.spans]))  # furthest end so far

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect_left(self._starts, end)  # the spans that start before ``end``
        return before > 0 and self._reach[before - 1] > start


def model_thresholds(nlp: "Language", measure_ids: Sequence[str]) -> np.ndarray:
    """The thresholds from which the model ``nlp`` gives each of ``measure_ids`` (the ids of its results'
    ``measure_scores``, in their order)."""
    thresholds = np.asarray(nlp.get_pipe("lawnlp_classifier").predictor.thresholds, dtype=float)
    if thresholds.shape != (len(measure_ids),):
        raise ValueError(f"the model has {thresholds.size} measure thresholds for {len(measure_ids)} measures")
    return thresholds


def uncertainty(function_scores: np.ndarray, measure_scores: np.ndarray, thresholds: np.ndarray, *,
                measure_weight: float = MEASURE_WEIGHT) -> np.ndarray:
    """How unsure a model is of each unit, from 0 (sure) to 1 (see the module's description).

    >>> uncertainty(np.array([[0.5, 0.5], [1.0, 0.0]]), np.array([[0.3], [0.0]]), np.array([0.3])).tolist()
    [1.0, 0.0]
    """
    function_scores, measure_scores, thresholds = _checked_scores(function_scores, measure_scores, thresholds)
    if not 0 <= measure_weight <= 1:
        raise ValueError(f"measure_weight must be in [0, 1], got {measure_weight!r}")
    top = np.sort(function_scores, axis=1)
    function_part = 1 - (top[:, -1] - top[:, -2])
    if not measure_scores.shape[1]:  # a model without measures: the function part alone
        return np.clip(function_part, 0.0, 1.0)
    t = np.clip(thresholds, 1e-6, 1 - 1e-6)
    closeness = np.where(measure_scores < t, measure_scores / t, (1 - measure_scores) / (1 - t))
    return np.clip((1 - measure_weight) * function_part + measure_weight * closeness.max(axis=1), 0.0, 1.0)


def _checked_scores(function_scores, measure_scores, thresholds) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    function_scores = np.asarray(function_scores, dtype=float)
    measure_scores = np.asarray(measure_scores, dtype=float)
    thresholds = np.asarray(thresholds, dtype=float)
    if function_scores.ndim != 2 or function_scores.shape[1] < 2:
        raise ValueError(f"function_scores must be an array (units, functions) of at least two functions, "
                         f"got shape {function_scores.shape}")
    if measure_scores.ndim != 2 or len(measure_scores) != len(function_scores):
        raise ValueError(f"measure_scores must be an array ({len(function_scores)} units, measures), "
                         f"got shape {measure_scores.shape}")
    if thresholds.shape != (measure_scores.shape[1],):
        raise ValueError(f"thresholds must give one number per measure ({measure_scores.shape[1]}), "
                         f"got shape {thresholds.shape}")
    for name, values in (("function_scores", function_scores), ("measure_scores", measure_scores),
                         ("thresholds", thresholds)):
        if values.size and not (np.isfinite(values).all() and values.min() >= 0 and values.max() <= 1):
            raise ValueError(f"{name} must be probabilities in [0, 1]")
    return function_scores, measure_scores, thresholds


def select(function_scores: np.ndarray, measure_scores: np.ndarray, thresholds: np.ndarray, texts: Sequence[str],
           groups: Sequence[Hashable], kinds: Sequence[str | None], n: int, *, seed: int = 0,
           per_group: int | None = None, kind_balance: float = KIND_BALANCE, measure_weight: float = MEASURE_WEIGHT,
           annotated: Iterable[str] = ()) -> np.ndarray:
    """Indices of the ``n`` units (fewer where there are not so many) most worth annotating, most useful first.

    ``function_scores`` is ``(units, functions)``, ``measure_scores`` ``(units, measures)`` with one threshold
    each in ``thresholds``; ``texts``, ``groups`` (the document of each unit) and ``kinds`` (its kind, or
    ``None``) have one entry per unit.  Leave out units that cannot teach before (web debris, whose function
    is fixed by rule).  ``annotated`` are texts already annotated: their near copies are set aside too.
    ``per_group``, ``kind_balance`` and ``measure_weight`` are described in the module's description; ``seed``
    breaks ties of uncertainty, so a seed always gives the same choice.
    """
    _check_count("n", n)
    scores = uncertainty(function_scores, measure_scores, thresholds, measure_weight=measure_weight)
    return _choose(scores, texts, groups, kinds, n, seed=seed, per_group=per_group, kind_balance=kind_balance,
                   annotated=annotated)[0]


def _choose(scores: np.ndarray, texts: Sequence[str], groups: Sequence[Hashable], kinds: Sequence[str | None],
            n: int, *, seed: int, per_group: int | None, kind_balance: float,
            annotated: Iterable[str]) -> tuple[np.ndarray, int]:
    """:func:`select`'s indices, from the units' uncertainty, and the number of units set aside as near copies."""
    _check_count("n", n)
    if per_group is not None:
        _check_count("per_group", per_group)
    if not 0 <= kind_balance <= 1:
        raise ValueError(f"kind_balance must be in [0, 1], got {kind_balance!r}")
    for name, values in (("texts", texts), ("groups", groups), ("kinds", kinds)):
        if isinstance(values, str) or len(values) != len(scores):
            raise ValueError(f"{name} must have one entry per unit ({len(scores)}), got "
                             f"{'a str' if isinstance(values, str) else len(values)}")
    rng = np.random.default_rng(seed)
    order = np.lexsort((rng.permutation(len(scores)), -scores))  # most uncertain first, ties in a seeded order
    queues: dict[str | None, list[int]] = {}
    for i in order.tolist():
        queues.setdefault(kinds[i], []).append(i)
    weights = {kind: len(queue) ** kind_balance for kind, queue in queues.items()}
    step = per_group or max(1, math.ceil(PER_GROUP_SLACK * n / max(1, len(set(groups)))))
    cap = step
    copies = _NearCopies(NEAR_COPY)
    for text in annotated:
        copies.add(normalize_sentence(text))
    chosen: list[int] = []
    taken: Counter = Counter()
    per_kind: Counter = Counter()
    set_aside = 0
    heads = {kind: 0 for kind in queues}  # next place to look in each kind's queue
    deferred: dict[str | None, list[int]] = {kind: [] for kind in queues}  # over the cap, for a higher cap
    rank = {kind: r for r, kind in enumerate(queues)}  # kinds tied for a turn: the one with the most uncertain unit
    while len(chosen) < n:
        open_kinds = [kind for kind in queues if heads[kind] < len(queues[kind])]
        if not open_kinds:
            if not any(deferred.values()):
                break
            queues, heads, deferred = deferred, {kind: 0 for kind in deferred}, {kind: [] for kind in deferred}
            cap += step
            continue
        kind = min(open_kinds, key=lambda k: ((per_kind[k] + 1) / weights[k], rank[k]))
        i = queues[kind][heads[kind]]
        heads[kind] += 1
        if taken[groups[i]] >= cap:
            deferred[kind].append(i)
            continue
        form = normalize_sentence(texts[i])
        if len(form) < MIN_CHARS:
            continue
        if copies.repeats(form):
            set_aside += 1
            continue
        chosen.append(i)
        copies.add(form)
        taken[groups[i]] += 1
        per_kind[kind] += 1
    return np.array(chosen, dtype=int), set_aside


def _check_count(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ValueError(f"{name} must be a positive whole number of units, got {value!r}")


class _NearCopies:
    """Normalised forms of units, to tell whether another nearly repeats one of them (bigram Jaccard)."""

    def __init__(self, similarity: float):
        self.similarity = similarity
        self.forms: set[str] = set()
        self.sizes: list[int] = []
        self.postings: dict[str, list[int]] = {}

    def add(self, form: str) -> None:
        if form in self.forms:
            return
        self.forms.add(form)
        grams = _bigrams(form)
        for gram in grams:
            self.postings.setdefault(gram, []).append(len(self.sizes))
        self.sizes.append(len(grams))

    def repeats(self, form: str) -> bool:
        if form in self.forms:
            return True
        grams = _bigrams(form)
        shared = Counter(j for gram in grams for j in self.postings.get(gram, ()))
        return any(count / (len(grams) + self.sizes[j] - count) >= self.similarity for j, count in shared.items())


def _bigrams(form: str) -> set[str]:
    return {form[i:i + 2] for i in range(max(1, len(form) - 1))}


def suggest(inputs: Iterable[str | Path] | Corpus = (), n: int = 50, *, texts: Mapping[str, str] | Iterable[str] = (),
            model: str | Path | None = None, context: int = 1, exclude: Iterable[str | Path] = (), seed: int = 0,
            per_doc: int | None = None, join_lines: bool = False) -> Suggestions:
    """The ``n`` units of a corpus whose annotation would teach ``model`` (default: the shipped one) most.

    ``inputs`` are documents files, report files and folders (see :func:`read_corpus`), or a :class:`Corpus`
    read already; ``texts`` are texts by doc id (or a list).  Every unit is labelled by the model, and the
    units are chosen by :func:`select` (most uncertain first, near copies once, at most ``per_doc`` a document,
    kinds in turn), leaving out web debris and the units that overlap a record of ``exclude`` (records files or
    folders of them: the units annotated already).  Each :class:`Suggestion` has the model's labels and scores
    and ``context`` units on each side.  An input that cannot be read is warned about, listed in ``failures``,
    and the others are read.

    >>> chosen = suggest(texts={"a": "一、主要举措\\n全年调解纠纷90起。\\n二、存在的问题\\n部分干部法治意识不强。"}, n=2)
    >>> chosen.summary()
    'scored 4 units of 1 document, chose 2 (from 1 document, 1 kind), set aside 0 near copies'
    >>> best = chosen[0]
    >>> best.text == chosen.corpus.texts["a"][best.start:best.end], 0 <= best.uncertainty <= 1
    (True, True)
    """
    from . import _pipeline, classify

    _check_count("n", n)
    if isinstance(context, bool) or not isinstance(context, int) or context < 0:
        raise ValueError(f"context must be a whole number of units (0 or more), got {context!r}")
    nlp = _pipeline(model)  # a refused model stops before any input is read
    annotated_spans = read_annotated(exclude)
    if isinstance(inputs, Corpus):
        corpus = inputs
        if texts:
            raise TypeError("give texts in the Corpus or beside paths, not beside a Corpus")
    else:
        corpus = read_corpus(inputs, texts=texts, join_lines=join_lines)
        for _, message in corpus.failures:
            warnings.warn(f"suggest: skipped {message}", UserWarning, stacklevel=2)
    units, annotated_texts, left_out, scored = [], [], 0, 0
    documents: dict[str, tuple[list, str]] = {}
    for doc, text in corpus.texts.items():
        results = classify(text, model=model)
        if not results:
            continue
        kind = corpus.kinds.get(doc) or build_report(text, results).kind
        documents[doc] = (results, kind)
        scored += len(results)
        spans = annotated_spans.get(doc)
        if spans is not None:
            annotated_texts += [text[s:e] for s, e in spans.spans if 0 <= s < e <= len(text)]
        for position, result in enumerate(results):
            if result.kind == "debris":
                continue
            if spans is not None and spans.overlaps(result.start, result.end):
                left_out += 1
                continue
            units.append((doc, position))
    if not units:
        _nothing(corpus, "none with a unit that is not web debris" + (" or annotated already" if left_out else ""))
    results_of = [documents[doc][0][position] for doc, position in units]
    function_ids, measure_ids = list(results_of[0].function_scores), list(results_of[0].measure_scores)
    function_scores = np.array([[r.function_scores[f] for f in function_ids] for r in results_of])
    measure_scores = np.array([[r.measure_scores[m] for m in measure_ids] for r in results_of]).reshape(
        len(results_of), len(measure_ids))
    scores = uncertainty(function_scores, measure_scores, model_thresholds(nlp, measure_ids))
    chosen, set_aside = _choose(scores, [r.text for r in results_of], [doc for doc, _ in units],
                                [documents[doc][1] for doc, _ in units], n, seed=seed, per_group=per_doc,
                                kind_balance=KIND_BALANCE, annotated=annotated_texts)
    if not len(chosen):
        _nothing(corpus, f"their {_count(len(units), 'unit')} are all too short to teach (under {MIN_CHARS} "
                         "characters) or near copies of annotated ones")
    suggestions = []
    for i in chosen.tolist():
        doc, position = units[i]
        results, kind = documents[doc]
        r = results[position]
        suggestions.append(Suggestion(
            doc=doc, start=r.start, end=r.end, text=r.text,
            before=tuple(x.text for x in results[max(0, position - context):position]),
            after=tuple(x.text for x in results[position + 1:position + 1 + context]),
            function=r.function, function_scores=dict(r.function_scores), measures=tuple(r.measures),
            measure_scores=dict(r.measure_scores), kind=kind, section=tuple(r.section),
            uncertainty=round(float(scores[i]), 4)))
    return Suggestions(suggestions, corpus, units=scored, documents=len(documents), near_copies=set_aside,
                       annotated=left_out)


def _nothing(corpus: Corpus, why: str) -> None:
    """Raise the :class:`~lawnlp.io.InputError` that says why there is nothing to suggest."""
    raise InputError(f"no units to suggest: {_count(len(corpus.texts), 'document')} read, {why}"
                     + "".join(f"; {message}" for _, message in corpus.failures))
