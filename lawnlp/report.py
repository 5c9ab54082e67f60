"""From sentences to reports: metadata, quantities, required-part checks, tables and an HTML view."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .checks import REQUIRED_PARTS, PartCheck, check_parts, review_figures
from .kinds import document_kind
from .metadata import read_metadata
from .quantities import Quantity, find_quantities
from .results import SentenceResult
from .schema import DEFAULT, Schema

if TYPE_CHECKING:
    import pandas

__all__ = ["Report", "QuantityResult", "build_report"]

_COLOURS = {"achievement": "#e3f2e1", "problem": "#fde2e1", "plan": "#e1ecfb", "other": "#f2f2f2"}
#: Characters of sentence text the notebook view shows; a longer report is cut there, with a note.
HTML_MAX_CHARS = 50_000


@dataclass(frozen=True)
class QuantityResult:
    """A quantity, the sentence it stands in and that sentence's measures."""

    quantity: Quantity
    sentence: int
    function: str
    measures: list[str]

    def to_dict(self) -> dict:
        return {**self.quantity.to_dict(), "sentence": self.sentence, "function": self.function,
                "measures": self.measures}


@dataclass
class Report:
    """A report read sentence by sentence: what ``lawnlp.analyze(text)`` returns."""

    text: str
    sentences: list[SentenceResult]
    title: str | None = None
    kind: str = "other"
    kind_score: float = 0.0
    issuer: str | None = None
    level: str | None = None
    year: int | None = None
    date: str | None = None
    quantities: list[QuantityResult] = field(default_factory=list)
    parts: list[PartCheck] = field(default_factory=list)
    source: str | None = None
    #: The OpenCC conversion (``t2s``, ``tw2sp``, ``hk2s``) the text was read through, ``None`` if it was not.
    converted: str | None = None
    #: The label set of the model that labelled the sentences (its display names for views and tables).
    schema: Schema = field(default=DEFAULT, repr=False, compare=False)

    @property
    def figures(self) -> dict:
        """Reviewer figures: problem share, specific/general problems, number of quantities."""
        return review_figures(self.sentences, len(self.quantities))

    @property
    def parts_required(self) -> bool:
        """Whether the document's kind requires parts (annual and disclosure annual reports do)."""
        return self.kind in REQUIRED_PARTS

    @property
    def missing_parts(self) -> list[str]:
        return [p.part for p in self.parts if not p.present]

    def sections(self) -> dict:
        """The section tree: ``{heading: {subheading: {...}}}`` in document order."""
        tree: dict = {}
        for sentence in self.sentences:
            node = tree
            for heading in sentence.section:
                node = node.setdefault(heading, {})
        return tree

    def to_dict(self) -> dict:
        return {"source": self.source, "converted": self.converted,
                "title": self.title, "kind": self.kind, "kind_score": self.kind_score,
                "issuer": self.issuer, "level": self.level, "year": self.year, "date": self.date,
                "required_parts": self.parts_required, "parts": [p.to_dict() for p in self.parts],
                "figures": self.figures,
                "quantities": [q.to_dict() for q in self.quantities],
                "sentences": [s.to_dict() for s in self.sentences]}

    def to_pandas(self) -> "pandas.DataFrame":
        """One row per sentence: the document's kind, issuer, level, year and date; the unit's offsets, text,
        kind (``unit_kind``: sentence, heading, debris), function, measures, section and score.  The model's
        measure ids, in order, are in ``df.attrs["measures"]``."""
        import pandas as pd

        rows = []
        for i, s in enumerate(self.sentences):
            rows.append({"source": self.source, "title": self.title, "kind": self.kind, "issuer": self.issuer,
                         "level": self.level, "year": self.year, "date": self.date, "sentence": i,
                         "start": s.start, "end": s.end, "text": s.text, "unit_kind": s.kind, "function": s.function,
                         "measures": s.measures, "section": " > ".join(s.section),
                         "function_score": s.function_scores[s.function],
                         "quantities": sum(1 for q in self.quantities if q.sentence == i)})
        df = pd.DataFrame(rows)
        df.attrs["measures"] = list(self.schema.measure_ids)
        return df

    def summary(self) -> str:
        """A few readable lines: title, year, parts found and missing, figures, quantities."""
        lines = [f"{self.source or '<text>'}: {self.title or '(no title found)'}",
                 f"  kind: {self.kind} ({self.kind_score:.2f})   issuer: {self.issuer or '-'}   "
                 f"level: {self.level or '-'}   year: {self.year or '-'}   date: {self.date or '-'}"]
        if self.converted:
            lines.append(f"  read in simplified characters (OpenCC {self.converted}), "
                         "text and offsets as the original's")
        if not self.parts_required:
            lines.append(f"  required parts: none for a {self.kind}")
        for part in self.parts:
            lines.append(f"  [{'x' if part.present else ' '}] {part.part}")
        figures = self.figures
        lines.append(f"  sentences: {figures['sentences']}   problem share: {figures['problem_share']:.0%}   "
                     f"problems specific/general: {figures['problems_specific']}/{figures['problems_general']}")
        shown = ", ".join(f"{q.quantity.text}({','.join(q.measures) or '-'})" for q in self.quantities)
        lines.append(f"  quantities ({len(self.quantities)}): {shown}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """Sentences coloured by function, with measure tags (for Jupyter); the first ``HTML_MAX_CHARS`` only."""
        legend = " ".join(f'<span style="background:{c};padding:1px 4px">{f} '
                          f'{html.escape(self.schema.function_name(f))}</span>' for f, c in _COLOURS.items())
        parts = [f"<div class='lawnlp-report'><h4>{html.escape(self.title or 'report')}</h4><p>{legend}</p>"]
        shown = 0
        for number, s in enumerate(self.sentences):
            if shown >= HTML_MAX_CHARS:
                parts.append(f"<p class='lawnlp-note'><em>… the first {number} of {len(self.sentences)} sentences "
                             f"shown; see report.to_pandas() or report.to_dict() for all.</em></p>")
                break
            shown += len(s.text)
            tags = "".join(f'<code class="measure" style="margin-left:4px" '
                           f'title="{html.escape(self.schema.measure_name(m))}">{m}</code>' for m in s.measures)
            weight = "font-weight:bold;" if s.kind == "heading" else ""
            parts.append(f'<p class="sentence" data-function="{s.function}" data-start="{s.start}" '
                         f'style="background:{_COLOURS[s.function]};{weight}margin:2px 0;padding:2px 4px">'
                         f"{html.escape(s.text)}{tags}</p>")
        parts.append("</div>")
        return "\n".join(parts)


def build_report(text: str, sentences: list[SentenceResult], source: str | None = None,
                 schema: Schema = DEFAULT) -> Report:
    """Assemble a :class:`Report` from sentences classified by a model of label set ``schema``."""
    facts = read_metadata(text, sentences)
    quantities = [QuantityResult(q, i, s.function, s.measures)
                  for i, s in enumerate(sentences) if s.kind != "debris"
                  for q in find_quantities(text, s.start, s.end)]
    kind, kind_score = document_kind([s.text for s in sentences if s.kind != "debris"])
    return Report(text=text, sentences=sentences, title=facts.title, kind=kind, kind_score=kind_score,
                  issuer=facts.issuer, level=facts.level, year=facts.year, date=facts.date, quantities=quantities,
                  parts=check_parts(sentences, facts.title, kind), source=source, schema=schema)
