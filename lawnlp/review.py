"""The reviewer's desk offline: a table of reports, a workbook (openpyxl) and one self-contained HTML file.

A problem sentence is *specific* when it names at least one measure (the kind of work it is about) and
*general* when it names none (与群众期待相比还存在一定差距), as :func:`lawnlp.checks.review_figures` counts them.
A report's *copied share* is the share of its compared sentences (:func:`lawnlp.borrowed.considered_sentences`)
that also stand in another report of the batch, boilerplate left out.

>>> import lawnlp
>>> report = lawnlp.analyze("二、存在的问题\\n我们的工作与群众期待相比还存在一定差距。\\n行政执法案卷评查发现文书不规范问题3件。")
>>> row = report_rows([report], [])[0]
>>> row["problems_specific"], row["problems_general"], row["copied_share"]
(1, 1, 0.0)
"""

from __future__ import annotations

import html
import re
from importlib import resources
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from .borrowed import Borrowing, borrowed_frame, considered_sentences, find_borrowed
from .checks import REQUIRED_PARTS, PartCheck
from .report import _COLOURS, Report
from .schema import DEFAULT

if TYPE_CHECKING:
    from .batch import Failure

__all__ = ["report_rows", "sentence_rows", "problem_rows", "write_workbook", "write_html"]

#: Widest column of the workbook (in Excel's character widths) and the widest before text wraps.
MAX_COLUMN_WIDTH = 80
#: The most characters an Excel cell holds.
EXCEL_CELL_CHARS = 32_767
_WIDE = re.compile(r"[\u1100-\uffff]")


def _borrowings(reports: Sequence[Report], borrowings: Sequence[Borrowing] | None) -> Sequence[Borrowing]:
    return find_borrowed(reports) if borrowings is None else borrowings


def _name(report: Report, index: int) -> str:
    return report.source or f"<report {index}>"


def _copies_by_sentence(borrowings: Sequence[Borrowing]) -> dict[tuple[int, int], list[Borrowing]]:
    found: dict[tuple[int, int], list[Borrowing]] = defaultdict(list)
    for b in borrowings:
        found[(b.report, b.sentence)].append(b)
    return found


def report_rows(reports: Sequence[Report], borrowings: Sequence[Borrowing] | None = None) -> list[dict]:
    """One row per report: what it is, the required parts it lacks, its problems and figures, its copied share.

    ``borrowings`` are those :func:`lawnlp.find_borrowed` found in the same ``reports`` (found here when
    ``None``).  ``missing_parts`` joins the missing parts with ``；`` (empty when none is missing, and for kinds
    that require none: see ``parts_required``); ``copied_from`` names the reports the copied sentences also
    stand in.
    """
    copies = _copies_by_sentence(_borrowings(reports, borrowings))
    rows = []
    for index, report in enumerate(reports):
        figures = report.figures
        compared = considered_sentences(report)
        mine = [b for s in compared for b in copies.get((index, s), [])]
        copied = {b.sentence for b in mine if not b.boilerplate}
        sources = sorted({_name(reports[b.other_report], b.other_report) for b in mine if not b.boilerplate})
        rows.append({
            "report": index, "source": _name(report, index), "kind": report.kind, "title": report.title,
            "issuer": report.issuer, "level": report.level, "year": report.year,
            "parts_required": report.parts_required, "missing_parts": "；".join(report.missing_parts),
            "sentences": figures["sentences"], "problem_share": figures["problem_share"],
            "problems_specific": figures["problems_specific"], "problems_general": figures["problems_general"],
            "quantities": figures["quantities"], "copied_sentences": len(copied),
            "copied_share": round(len(copied) / len(compared), 3) if compared else 0.0,
            "boilerplate_sentences": len({b.sentence for b in mine if b.boilerplate}),
            "copied_from": "；".join(sources),
        })
    return rows


def sentence_rows(reports: Sequence[Report], borrowings: Sequence[Borrowing] | None = None) -> list[dict]:
    """One row per sentence unit of every report: where it stands, its labels and scores, where else it stands."""
    copies = _copies_by_sentence(_borrowings(reports, borrowings))
    rows = []
    for index, report in enumerate(reports):
        for i, s in enumerate(report.sentences):
            also = copies.get((index, i), [])
            rows.append({
                "report": index, "source": _name(report, index), "sentence": i, "section": " > ".join(s.section),
                "unit_kind": s.kind, "text": s.text, "function": s.function,
                "function_score": round(s.function_scores[s.function], 3), "measures": ", ".join(s.measures),
                "measure_scores": ", ".join(f"{m} {s.measure_scores[m]:.2f}" for m in s.measures),
                "copied_from": "；".join(f"{_name(reports[b.other_report], b.other_report)} #{b.other_sentence}"
                                        f"{' (boilerplate)' if b.boilerplate else ''}" for b in also),
            })
    return rows


def problem_rows(reports: Sequence[Report]) -> list[dict]:
    """One row per problem sentence (headings left out): specific (names a measure) or general (names none)."""
    rows = []
    for index, report in enumerate(reports):
        for i, s in enumerate(report.sentences):
            if s.function == "problem" and s.kind != "heading":
                rows.append({"report": index, "source": _name(report, index), "sentence": i,
                             "section": " > ".join(s.section), "text": s.text,
                             "specific": "specific" if s.measures else "general", "measures": ", ".join(s.measures),
                             "function_score": round(s.function_scores["problem"], 3)})
    return rows


def _width(value: object) -> int:
    text = "" if value is None else str(value)
    return len(text) + len(_WIDE.findall(text))  # CJK characters are two columns wide


def _sheet(workbook, title: str, rows: Iterable[dict], columns: Sequence[str]) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [_width(c) + 3 for c in columns]
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(columns, start=1):
            value = row.get(column)
            if isinstance(value, str):  # control characters are dropped; Excel holds 32,767 characters a cell
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
                value = value if len(value) <= EXCEL_CELL_CHARS else value[:EXCEL_CELL_CHARS - 1] + "…"
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text: a report's "=…" is never a formula
                if _width(value) > MAX_COLUMN_WIDTH:
                    cell.alignment = wrap
            widths[c - 1] = max(widths[c - 1], min(MAX_COLUMN_WIDTH, _width(value) + 2))
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, sheet.max_row)}"


_REPORT_COLUMNS = ["report", "source", "kind", "title", "issuer", "level", "year", "parts_required", "missing_parts",
                   "sentences", "problem_share", "problems_specific", "problems_general", "quantities",
                   "copied_sentences", "copied_share", "boilerplate_sentences", "copied_from"]
_SENTENCE_COLUMNS = ["report", "source", "sentence", "section", "unit_kind", "text", "function", "function_score",
                     "measures", "measure_scores", "copied_from"]
_PROBLEM_COLUMNS = ["report", "source", "sentence", "section", "text", "specific", "measures", "function_score"]


def write_workbook(reports: Sequence[Report], path: str | Path, borrowings: Sequence[Borrowing] | None = None, *,
                   failures: Sequence["Failure"] = ()) -> Path:
    """Write the review workbook: sheets ``reports`` (:func:`report_rows`), ``sentences`` (:func:`sentence_rows`),
    ``problems`` (:func:`problem_rows`) and ``copied`` (:func:`lawnlp.borrowed.borrowed_frame`), and ``errors``
    (source, error) when some inputs ``failures`` could not be read.  Each sheet's header row is frozen and
    filtered.  Returns the path written.
    """
    try:
        from openpyxl import Workbook
    except ImportError:
        raise ImportError("write_workbook needs openpyxl: pip install 'lawnlp[review]'") from None

    borrowings = _borrowings(reports, borrowings)
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, "reports", report_rows(reports, borrowings), _REPORT_COLUMNS)
    _sheet(workbook, "sentences", sentence_rows(reports, borrowings), _SENTENCE_COLUMNS)
    _sheet(workbook, "problems", problem_rows(reports), _PROBLEM_COLUMNS)
    copied = borrowed_frame(borrowings, reports)
    _sheet(workbook, "copied", copied.to_dict("records"), list(copied.columns))
    if failures:
        _sheet(workbook, "errors", [{"source": f.source, "error": f.error} for f in failures], ["source", "error"])
    path = Path(path)
    workbook.save(path)
    return path


_STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5em;line-height:1.5;color:#222}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;
vertical-align:top}th{background:#f4f4f4;cursor:pointer}section.report{border-top:2px solid #888;margin-top:2em}
p.sentence{margin:2px 0;padding:2px 4px}p.unit-heading{font-weight:bold}p.unit-debris{color:#888;font-size:small}
p.copied{border-left:4px solid #d9822b}p.boilerplate{border-left:4px dotted #999}
code.measure{margin-left:4px;font-size:small;background:#fff;border:1px solid #bbb;padding:0 3px}
.note{font-size:small;color:#555}.missing{color:#b00020;font-weight:bold}.found{color:#2e7d32}
.general{color:#b00020}.error{background:#fde2e1}
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _report_table(rows: list[dict]) -> str:
    columns = [("source", "report"), ("kind", "kind"), ("issuer", "issuer"), ("year", "year"),
               ("missing_parts", "missing parts"), ("problem_share", "problem share"),
               ("problems_specific", "specific problems"), ("problems_general", "general problems"),
               ("quantities", "quantities"), ("copied_share", "copied share")]
    out = ['<table class="sortable" id="reports"><thead><tr>',
           "".join(f"<th>{_e(label)}</th>" for _, label in columns), "</tr></thead><tbody>"]
    for row in rows:
        cells = []
        for key, _ in columns:
            value = row[key]
            shown = f"{value:.0%}" if key in ("problem_share", "copied_share") else _e(value)
            if key == "source":
                shown = f'<a href="#report-{row["report"]}">{_e(value)}</a>'
            if key == "missing_parts" and not row["parts_required"]:
                shown = '<span class="note">none required</span>'
            elif key == "missing_parts" and not value:
                shown = '<span class="found">all found</span>'
            cells.append(f'<td data-value="{_e(value)}">{shown}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _evidence(report: Report, part: PartCheck) -> int | None:
    """Index of the unit that shows a required part: its heading, else the first sentence of its function."""
    if part.heading is not None:
        return next((i for i, s in enumerate(report.sentences) if s.text == part.heading), None)
    words, function = REQUIRED_PARTS[report.kind][part.part]
    return next((i for i, s in enumerate(report.sentences) if s.kind != "heading" and s.function == function
                 and (not part.part.startswith("党政主要负责人") or re.search(words, s.text))), None)


def _report_section(index: int, report: Report, row: dict, reports: Sequence[Report],
                    copies: dict[tuple[int, int], list[Borrowing]]) -> str:
    anchor = f"report-{index}"
    out = [f'<section class="report" id="{anchor}"><h2>{_e(report.title or row["source"])}</h2>',
           f'<p class="note">{_e(row["source"])} · kind: {_e(report.kind)} · issuer: {_e(report.issuer or "-")} · '
           f'level: {_e(report.level or "-")} · year: {_e(report.year or "-")} · date: {_e(report.date or "-")} · '
           f'<a href="#reports">back to the table</a></p>']
    if report.parts:
        out.append("<h3>Required parts</h3><ul>")
        for part in report.parts:
            first = _evidence(report, part)
            shown = part.heading or f"{part.sentences} sentences"
            where = f' — <a href="#{anchor}-s{first}">{_e(shown)}</a>' if part.present and first is not None else ""
            status = '<span class="found">found</span>' if part.present else '<span class="missing">missing</span>'
            out.append(f"<li>{status} {_e(part.part)}{where}</li>")
        out.append("</ul>")
    else:
        out.append(f'<p class="note">A {_e(report.kind)} has no required parts.</p>')
    out.append(f"<p>problem share {row['problem_share']:.0%} · problems specific / general: "
               f"{row['problems_specific']} / {row['problems_general']} · quantities: {row['quantities']} · "
               f"copied share {row['copied_share']:.0%}</p>")
    problems = [(i, s) for i, s in enumerate(report.sentences) if s.function == "problem" and s.kind != "heading"]
    if problems:
        out.append("<h3>Problems</h3><ul>")
        out += [f'<li><a href="#{anchor}-s{i}">{_e(s.text)}</a>'
                f'{" " + _e(", ".join(s.measures)) if s.measures else " <span class=general>(general)</span>"}</li>'
                for i, s in problems]
        out.append("</ul>")
    if report.quantities:
        out.append("<h3>Quantities</h3><p>" + "；".join(
            f'<a href="#{anchor}-s{q.sentence}">{_e(q.quantity.text)}</a>' for q in report.quantities) + "</p>")
    out.append("<h3>Sentences</h3>")
    for i, s in enumerate(report.sentences):
        also = copies.get((index, i), [])
        classes = ["sentence", f"unit-{s.kind}"] + (["boilerplate" if all(b.boilerplate for b in also) else "copied"]
                                          if also else [])
        tags = "".join(f'<code class="measure" title="{_e(report.schema.measure_name(m))}">{_e(m)}</code>'
                       for m in s.measures)
        notes = "".join(
            f' <span class="note">{"boilerplate, in " + str(b.shared_by) + " reports, e.g." if b.boilerplate else "also in"} '
            f'<a href="#report-{b.other_report}-s{b.other_sentence}">{_e(_name(reports[b.other_report], b.other_report))}'
            f"</a> ({b.similarity:.0%})</span>" for b in also)
        out.append(f'<p id="{anchor}-s{i}" class="{" ".join(classes)}" data-function="{_e(s.function)}" '
                   f'style="background:{_COLOURS[s.function]}" title="{_e(s.function)} '
                   f'{s.function_scores[s.function]:.2f}">{_e(s.text)}{tags}{notes}</p>')
    out.append("</section>")
    return "\n".join(out)


def write_html(reports: Sequence[Report], path: str | Path, borrowings: Sequence[Borrowing] | None = None, *,
               failures: Sequence["Failure"] = ()) -> Path:
    """Write the review as one self-contained HTML file (no external CSS, script or fonts; every text escaped):
    the table of reports (sortable by a click on a column), inputs that could not be read, then each report with
    its parts found or missing, its problems, quantities and sentences coloured by function with their measure
    tags and where else they stand.  Returns the path written.
    """
    borrowings = _borrowings(reports, borrowings)
    rows = report_rows(reports, borrowings)
    copies = _copies_by_sentence(borrowings)
    schema = reports[0].schema if reports else DEFAULT  # the legend names the functions as the model does
    legend = " ".join(f'<span style="background:{c};padding:1px 4px">{_e(f)} {_e(schema.function_name(f))}</span>'
                      for f, c in _COLOURS.items())
    out = ['<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>lawnlp review: {len(reports)} reports</title><style>{_STYLE}</style></head><body>",
           f"<h1>Review of {len(reports)} reports</h1><p>{legend} <span class='note'>orange bar: also in another "
           "report; dotted bar: boilerplate</span></p>", _report_table(rows)]
    if failures:
        out.append("<h2>Inputs not read</h2><table><thead><tr><th>source</th><th>error</th></tr></thead><tbody>")
        out += [f'<tr class="error"><td>{_e(f.source)}</td><td>{_e(f.error)}</td></tr>' for f in failures]
        out.append("</tbody></table>")
    out += [_report_section(i, report, row, reports, copies) for i, (report, row) in enumerate(zip(reports, rows))]
    sort_script = resources.files("lawnlp.web").joinpath("static/sort.js").read_text(encoding="utf-8")
    out.append(f"<script>{sort_script}</script></body></html>")  # the review page's own sorting, inlined
    path = Path(path)
    path.write_text("\n".join(out), encoding="utf-8")
    return path
