"""The ``lawnlp`` command line: thin over the Python API."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


REPORT_SUFFIXES = {".txt", ".html", ".htm", ".docx", ".pdf"}
EXAMPLES = """examples:
  lawnlp classify report.txt                      label every sentence (table)
  lawnlp classify --format jsonl a.txt b.txt      one JSON object per sentence
  cat report.txt | lawnlp classify -              read standard input
  lawnlp analyze reports/*.txt                    title, year, required parts, quantities
  lawnlp review reports/ --out review.xlsx --html review.html   a workbook and a page for reviewers
  lawnlp suggest reports/ --n 50 --out tasks.json --docs-out docs.jsonl   what to annotate next (Label Studio)
  lawnlp import-annotations export.json --out records.jsonl --docs docs.jsonl   the annotators' answers
  lawnlp serve                                    the review page at http://127.0.0.1:8000/
  lawnlp train annotations/seeds annotations/written annotations/reports \\
      --docs ../shared/corpora/reports/reports.jsonl --out my-model
  lawnlp evaluate annotations/seeds annotations/reports annotations/written \\
      --docs ../shared/corpora/reports/reports.jsonl --train-only annotations/written --folds 5
"""


def _read_text(path: str, join_lines: bool = False) -> str:
    """A file's text, or standard input's for ``-``, through the same encoding and binary checks."""
    from .io import join_wrapped_lines, read, read_bytes

    if path != "-":
        return read(path, join_lines=join_lines).text
    text = read_bytes(sys.stdin.buffer.read(), "<stdin>").text
    return join_wrapped_lines(text) if join_lines else text


def cmd_classify(args: argparse.Namespace) -> int:
    from . import _pipeline, classify

    _pipeline(args.model)  # a refused model stops before any file is read, once
    paths, empty = _expand(args.files)
    write = _row_writer(args.format)
    unreadable = 0
    for path in paths:
        name = "<stdin>" if path == "-" else path
        try:
            results = classify(_read_text(path, args.join_lines), model=args.model, convert=_conversion(args))
        except (OSError, ValueError) as error:
            unreadable += 1
            print(f"lawnlp classify: error: {error}", file=sys.stderr)
            continue
        for result in results:
            write({"file": name, **result.to_dict()})
        sys.stdout.flush()  # each file's rows are out as soon as it is done
    # An input that cannot be read is an error (2); a folder without reports is worth saying (1).
    return 2 if unreadable else 1 if _say_empty("classify", empty) else 0


def _row_writer(fmt: str):
    """A function that prints one ``classify`` row in ``fmt`` (a CSV writer prints its header first)."""
    if fmt == "jsonl":
        return lambda row: print(json.dumps(row, ensure_ascii=False))
    if fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(["file", "start", "end", "function", "measures", "section", "text"])
        return lambda row: writer.writerow([row["file"], row["start"], row["end"], row["function"],
                                            ";".join(row["measures"]), " > ".join(row["section"]), row["text"]])

    def table(row: dict) -> None:
        measures = ",".join(row["measures"]) or "-"
        print(f"{row['file']}\t{row['start']}-{row['end']}\t{row['function']:<11}\t{measures}\t{row['text'][:60]}")

    return table


def _say_empty(command: str, folders: list[str]) -> int:
    """Say which folders hold no report file; return how many."""
    for folder in folders:
        print(f"lawnlp {command}: {folder}: no report files ({', '.join(sorted(REPORT_SUFFIXES))}) in this folder",
              file=sys.stderr)
    return len(folders)


def _add_convert(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--convert", choices=["auto", "none", "t2s", "tw2sp", "hk2s"], default="auto",
                        help="read traditional characters through OpenCC: auto (t2s where the text is in traditional "
                             "characters, the default), none, or always with t2s, tw2sp (Taiwan) or hk2s (Hong Kong)")


def _add_join_lines(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--join-lines", action="store_true",
                        help="join lines broken at a fixed width back into paragraphs (text files copied from a PDF "
                             "or wrapped by an editor; PDFs are always joined)")


def _conversion(args: argparse.Namespace) -> str | None:
    """The ``convert`` argument of :func:`lawnlp.classify` that ``--convert`` names."""
    return None if args.convert == "none" else args.convert


def _expand(paths: list[str]) -> tuple[list[str], list[str]]:
    """Files named on the command line (a directory stands for its report files), and the folders holding none."""
    out, empty = [], []
    for path in paths:
        if path != "-" and Path(path).is_dir():
            found = sorted(str(p) for p in Path(path).iterdir() if p.suffix.lower() in REPORT_SUFFIXES)
            out += found
            empty += [] if found else [path]
        else:
            out.append(path)
    return out, empty


def cmd_analyze(args: argparse.Namespace) -> int:
    from . import _pipeline, analyze

    _pipeline(args.model)  # a refused model stops before any file is read, once
    paths, empty = _expand(args.files)
    failed = _say_empty("analyze", empty)
    for path in paths:
        try:
            text = _read_text(path, args.join_lines)
            report = analyze(text, model=args.model, source="<stdin>" if path == "-" else path,
                             convert=_conversion(args))
        except (OSError, ValueError) as error:
            failed += 1
            print(f"lawnlp analyze: skipped {path}: {error}", file=sys.stderr)
            continue
        print(json.dumps({k: v for k, v in report.to_dict().items() if k != "sentences"}, ensure_ascii=False)
              if args.format == "json" else report.summary() + "\n")
    if failed:
        print(f"lawnlp analyze: {failed} of {len(paths) + len(empty)} inputs failed", file=sys.stderr)
    return 1 if failed else 0


def cmd_review(args: argparse.Namespace) -> int:
    from . import _pipeline, analyze
    from .batch import Failure
    from .borrowed import find_borrowed
    from .io import InputError
    from .review import write_html, write_workbook

    for out, suffix in ((args.out, ".xlsx"), (args.html, ".html")):
        if out is not None and out.suffix.lower() != suffix:
            raise InputError(f"{out}: the file to write must end in {suffix}")
        if out is not None and not out.parent.is_dir():
            raise InputError(f"{out}: no folder {out.parent} to write it in")
    _pipeline(args.model)  # a refused model stops the review before any file is read
    paths, empty = _expand(args.files)
    _say_empty("review", empty)
    reports, failures = [], [Failure(folder, "no report files in this folder") for folder in empty]
    for path in paths:
        name = "<stdin>" if path == "-" else path
        try:
            reports.append(analyze(_read_text(path, args.join_lines), model=args.model, source=name))
        except (OSError, ValueError) as error:
            failures.append(Failure(name, str(error)))
            print(f"lawnlp review: skipped {path}: {error}", file=sys.stderr)
    borrowings = find_borrowed(reports)
    written = [write_workbook(reports, args.out, borrowings, failures=failures)]
    if args.html:
        written.append(write_html(reports, args.html, borrowings, failures=failures))
    copied = len({(b.report, b.sentence) for b in borrowings if not b.boilerplate})
    print(f"reviewed {len(reports)} of {len(paths) + len(empty)} inputs, {copied} copied sentences: "
          f"wrote {', '.join(map(str, written))}")
    if failures:
        print(f"lawnlp review: {len(failures)} of {len(paths) + len(empty)} inputs failed (listed in the sheet errors)",
              file=sys.stderr)
    return 1 if failures else 0


def cmd_suggest(args: argparse.Namespace) -> int:
    from . import _pipeline
    from .exchange import write_tasks
    from .io import InputError
    from .suggest import read_corpus, suggest

    if args.n <= 0:
        raise ValueError(f"--n must be a positive number of units, got {args.n}")
    for out in (args.out, args.docs_out):
        if out is not None and not out.parent.is_dir():
            raise InputError(f"{out}: no folder {out.parent} to write it in")
    nlp = _pipeline(args.model)  # a refused model stops before any file is read
    corpus = read_corpus(args.inputs, join_lines=args.join_lines)
    for _, message in corpus.failures:
        print(f"lawnlp suggest: error: {message}", file=sys.stderr)
    if args.docs_out and not corpus.from_files:
        raise InputError(f"{args.docs_out}: no report files among the inputs to write as documents "
                         "(documents files are already that)")
    suggestions = suggest(corpus, args.n, model=args.model, context=args.context, exclude=args.exclude,
                          seed=args.seed, per_doc=args.per_doc)
    written = write_tasks(suggestions, args.out, format=args.format, schema=nlp.get_pipe("lawnlp_classifier").schema,
                          model_version=f"{nlp.meta['name']} {nlp.meta.get('version', '')}".strip())
    if args.docs_out:
        written.append(corpus.write_documents(args.docs_out))
    print(f"lawnlp suggest: {suggestions.summary()}; wrote {', '.join(map(str, written))}", file=sys.stderr)
    return 2 if corpus.failures else 0


def cmd_import_annotations(args: argparse.Namespace) -> int:
    from .exchange import import_annotations
    from .schema import DEFAULT, read_schema

    schema = read_schema(args.schema) if args.schema else DEFAULT
    imported = import_annotations(args.exports, docs=args.docs, schema=schema, keep=args.keep)
    written = imported.write_by_annotator(args.out) if args.keep == "all" else [imported.write(args.out)]
    print(f"{imported.summary()}; wrote {', '.join(map(str, written))}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .io import InputError

    try:
        from .server import serve
    except ImportError as error:
        raise InputError(str(error)) from None
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"lawnlp serve: listening on {args.host}: anyone who reaches this machine can upload reports",
              file=sys.stderr)
    serve(args.host, args.port, args.model, max_files=args.max_files, max_bytes=int(args.max_mb * 1024 * 1024))
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from .io import InputError
    from .training import train

    out = args.out
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: is a file; --out names the model directory to write")
    if out.is_dir() and any(out.iterdir()) and not (out / "meta.json").is_file():
        raise InputError(f"{out}: exists, is not empty and is not a lawnlp model directory; choose an empty --out")
    extra = {"metrics": headline_metrics(json.loads(args.metrics.read_text(encoding="utf-8")))} if args.metrics else None
    out = train(args.annotations, args.out, docs=args.docs, base_model=args.base_model, extra_meta=extra,
                schema=args.schema)
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    data = meta["training_data"]
    labels = f" (schema {meta['schema']['name']!r}, {len(meta['measures'])} measures)" if args.schema else ""
    print(f"trained on {data['units']} units of {data['documents']} documents{labels}; model written to {out}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    report = evaluate_from_args(args)
    print(report_table(report))
    return 0


def evaluate_from_args(args: argparse.Namespace) -> dict:
    """Run :func:`lawnlp.evaluation.evaluate` with parsed ``lawnlp evaluate`` arguments."""
    from .evaluation import evaluate

    subsets = dict(spec.partition("=")[::2] for spec in args.subset)
    return evaluate(args.annotations, docs=args.docs, train_only=args.train_only, evaluate_docs=args.evaluate_docs,
                    folds=args.folds, baselines=args.baselines, ablate=args.ablate,
                    learning_curve=args.learning_curve, subsets=subsets, by_kind=args.by_kind, base_model=args.base_model, out=args.out,
                    plot=args.plot, schema=args.schema)


def headline_metrics(report: dict, system: str = "lawnlp") -> dict:
    """The cross-validated figures of one system of an evaluation report, for a model's meta.json."""
    return {"evaluation": report.get("command", ""), "folds": report["folds"], "documents": report["documents"],
            **{subset: {"function_macro_f1": report["systems"][system][subset]["function"]["macro_f1"],
                        "measures_micro_f1": report["systems"][system][subset]["measures"]["micro_f1"],
                        "measures_macro_f1": report["systems"][system][subset]["measures"]["macro_f1"]}
               for subset in report["subsets"]}}


def report_table(report: dict) -> str:
    """A Markdown table of the headline figures of an evaluation report."""
    lines = []
    for subset in report["subsets"]:
        lines.append(f"\n{subset} ({report['systems'][next(iter(report['systems']))][subset]['units']} units)\n")
        lines.append("| system | function macro-F1 | function accuracy | measures micro-F1 | measures macro-F1 |")
        lines.append("|---|---|---|---|---|")
        for name, entry in report["systems"].items():
            s = entry[subset]
            lines.append(f"| {name} | {s['function']['macro_f1']:.3f} | {s['function']['accuracy']:.3f} | "
                         f"{s['measures']['micro_f1']:.3f} | {s['measures']['macro_f1']:.3f} |")
    return "\n".join(lines)


SCHEMA_HELP = ("a label set of one's own (.toml or .json): labels.md's, with measures added and function display "
               "names renamed; records may use its labels (default: labels.md's; see docs/annotation.md)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lawnlp", description="Label the sentences of Chinese rule-of-law reports.",
                                     epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    from ._version import __version__

    parser.add_argument("--version", action="version", version=f"lawnlp {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("classify", help="label every sentence of reports", epilog=EXAMPLES,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", help="text files (.txt/.html/.docx/.pdf), or - for standard input")
    p.add_argument("--format", choices=["table", "jsonl", "csv"], default="table")
    p.add_argument("--model", type=Path, help="model directory (default: the shipped model)")
    _add_convert(p)
    _add_join_lines(p)
    p.set_defaults(func=cmd_classify)

    p = sub.add_parser("analyze", help="summarise reports: title, year, required parts, quantities",
                       epilog="example:\n  lawnlp analyze reports/        every .txt/.html/.docx/.pdf in a folder",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", help="report files or folders, or - for standard input")
    p.add_argument("--format", choices=["summary", "json"], default="summary")
    p.add_argument("--model", type=Path, help="model directory (default: the shipped model)")
    _add_convert(p)
    _add_join_lines(p)
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("review", help="a review workbook (and HTML page) of reports: parts, problems, copied text",
                       epilog="example:\n  lawnlp review reports/ --out review.xlsx --html review.html",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="+", help="report files or folders, or - for standard input")
    p.add_argument("--out", required=True, type=Path, help="the workbook to write (.xlsx)")
    p.add_argument("--html", type=Path, help="also write the review as one self-contained HTML file")
    p.add_argument("--model", type=Path, help="model directory (default: the shipped model)")
    _add_join_lines(p)
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("suggest", help="choose the units most worth annotating next, as Label Studio or Doccano tasks",
                       epilog="example:\n  lawnlp suggest reports/ --n 50 --out tasks.json --docs-out docs.jsonl\n"
                              "  lawnlp suggest corpus.jsonl --n 50 --out round2.json --exclude round1.jsonl",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", help="report files (.txt/.html/.docx/.pdf), folders of them, or documents "
                                             "files (.jsonl, one {\"doc\", \"text\"} a line)")
    p.add_argument("--n", type=int, default=50, help="how many units to choose (default: 50)")
    p.add_argument("--out", required=True, type=Path, help="the tasks file to write")
    p.add_argument("--format", choices=["label-studio", "doccano"], default="label-studio",
                   help="Label Studio tasks (JSON, the default) or Doccano text classification (JSONL)")
    p.add_argument("--model", type=Path, help="model directory (default: the shipped model)")
    p.add_argument("--context", type=int, default=1, help="units shown on each side of a unit (default: 1)")
    p.add_argument("--exclude", nargs="*", default=[],
                   help="records files (or folders of them) of units annotated already: not suggested again")
    p.add_argument("--docs-out", type=Path,
                   help="also write the report files' texts as a documents file, for import-annotations and train")
    p.add_argument("--per-doc", type=int, help="most units from one document (default: twice its share of --n)")
    p.add_argument("--seed", type=int, default=0, help="breaks ties of uncertainty (default: 0)")
    _add_join_lines(p)
    p.set_defaults(func=cmd_suggest)

    p = sub.add_parser("import-annotations", help="Label Studio or Doccano exports of suggested tasks as records",
                       epilog="example:\n  lawnlp import-annotations export.json --out records.jsonl --docs docs.jsonl",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("exports", nargs="+", help="Label Studio JSON exports, Doccano JSONL exports (or Doccano's .zip)")
    p.add_argument("--out", required=True, type=Path,
                   help="the records file to write (with --keep all: a folder, one file per annotator)")
    p.add_argument("--docs", nargs="+", help="documents files: check the tasks' texts and write standoff records")
    p.add_argument("--schema", type=Path, help=SCHEMA_HELP)
    p.add_argument("--keep", choices=["latest", "all"], default="latest",
                   help="a unit annotated more than once: keep the latest annotation (default) or every annotator's")
    p.set_defaults(func=cmd_import_annotations)

    p = sub.add_parser("serve", help="the review page in a browser: upload reports, see them, download the workbook",
                       epilog="example:\n  lawnlp serve --port 8000     then open http://127.0.0.1:8000/",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: this machine only)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--model", type=Path, help="model directory (default: the shipped model)")
    p.add_argument("--max-files", type=int, default=50, help="most files in one upload (default: 50)")
    p.add_argument("--max-mb", type=float, default=50, help="largest upload in MB, all files together (default: 50)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("train", help="train a model directory from annotation files")
    p.add_argument("annotations", nargs="+", help="label files or directories of *.jsonl (docs.jsonl = documents)")
    p.add_argument("--docs", nargs="*", default=[], help="documents files for standoff records")
    p.add_argument("--out", required=True, type=Path, help="output model directory")
    p.add_argument("--base-model", type=Path, help="model whose segmenter and lexicon to use (default: shipped)")
    p.add_argument("--metrics", type=Path, help="a `lawnlp evaluate --out` report whose figures go into meta.json")
    p.add_argument("--schema", type=Path, help=SCHEMA_HELP)
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("evaluate", help="grouped cross-validation by document, beside baselines")
    p.add_argument("annotations", nargs="+")
    p.add_argument("--docs", nargs="*", default=[])
    p.add_argument("--train-only", nargs="*", default=[], help="annotation paths always in training, never evaluated")
    p.add_argument("--evaluate-docs", help="regular expression: evaluate only documents whose id matches")
    p.add_argument("--folds", type=int, default=5, help="number of folds; 0 = one document per fold")
    p.add_argument("--baselines", nargs="*", choices=["rules", "textcat"],
                   help="also run these baselines (the flag alone: the rule baseline and spaCy textcat)")
    p.add_argument("--ablate", nargs="*", default=[], help="annotation paths: also train a model without each")
    p.add_argument("--learning-curve", help="annotation path whose documents are added 0/25/50/100%%")
    p.add_argument("--subset", nargs="*", default=[], help="NAME=REGEX: also report on documents matching")
    p.add_argument("--by-kind", action="store_true", help="also report each kind of document (documents files' kind)")
    p.add_argument("--out", type=Path, help="write the full report as JSON")
    p.add_argument("--plot", type=Path, help="draw the learning curve to this PNG")
    p.add_argument("--base-model", type=Path)
    p.add_argument("--schema", type=Path, help=SCHEMA_HELP)
    p.set_defaults(func=cmd_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")  # JSONL and CSV are UTF-8 whatever the terminal's locale
    from .annotations import AnnotationError
    from .io import InputError
    from .persistence import ModelError

    try:
        return args.func(args)
    except (AnnotationError, ModelError, InputError, FileNotFoundError, UnicodeDecodeError, IsADirectoryError,
            PermissionError, ValueError) as error:
        print(f"lawnlp {args.command}: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
