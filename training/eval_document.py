"""How often lawnlp reads a document's kind, title, issuer, level, year and date right.

    python training/eval_document.py ../shared/corpora/reports/reports.jsonl ../shared/corpora/reports2/reports.jsonl \
        ../shared/corpora/gwr/reports.jsonl annotations/seeds/docs.jsonl --gold annotations/metadata \
        --out docs/results/metadata.json

With ``--gold``, against the project's metadata annotation (docs/annotation.md §7: spans and labels read from each
text); every field of every annotated document is scored, ``null`` included (right when nothing is read).
Without it, against the fields the documents files record (a start, not a checked annotation), each where the
text can give it:

- kind: every document (mapped onto lawnlp.labels.KINDS by lawnlp.kinds.canonical_kind);
- title: right when equal to the recorded title ignoring whitespace, where that title stands in the text;
  where the file records none, right when none is read;
- issuer: where the recorded name stands in the text, right when equal (``part`` counts a shorter name it
  contains, as 桂花坪街道 for 长沙市天心区桂花坪街道办事处); names the file marks as inferred are left out;
- level: where the issuer is scored; year: every document (``null`` recorded: right when none is read, except
  that a title's range (2021—2025年) gives its first year, as lawnlp.metadata reads it).

The rules were written looking at the odd-numbered documents' errors (against the documents files) only, so the
even-numbered ones are the held-out figure.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from lawnlp.kinds import canonical_kind, document_kind
from lawnlp.labels import KINDS
from lawnlp.metadata import read_metadata
from lawnlp.sentences import split_units

FIELDS = ("kind", "title", "issuer", "level", "year", "date")
KINDS_SET = set(KINDS)
_RANGE = re.compile(r"((?:19|20)\d\d)年?[—–\-－~～至]+(?:19|20)\d\d")


def _flat(value: str | None) -> str:
    return re.sub(r"\s+", "", value or "")


def read_document(text: str) -> tuple[str, object]:
    """lawnlp's reading of a text: its kind and its :class:`lawnlp.metadata.Metadata`."""
    units = split_units(text)
    kind, _ = document_kind([text[u.start:u.end] for u in units if u.kind != "debris"])
    return kind, read_metadata(text, units)


def load_gold(paths: list[str], texts: dict[str, str]) -> dict[str, dict]:
    """Metadata records by doc id, checked against their texts (spans inside, labels known)."""
    gold: dict[str, dict] = {}
    files = [f for p in map(Path, paths) for f in (sorted(p.glob("*.jsonl")) if p.is_dir() else [p])]
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            record = json.loads(line)
            where = f"{path}:{number}"
            text = texts.get(record["doc"])
            if text is None:
                raise SystemExit(f"{where}: document {record['doc']!r} is in no documents file given")
            if record["kind"] not in KINDS_SET:
                raise SystemExit(f"{where}: unknown kind {record['kind']!r}")
            for field in ("title", "issuer"):
                spans = record[field] or []
                if any(not 0 <= s < e <= len(text) for s, e in spans):
                    raise SystemExit(f"{where}: {field} span outside the text")
                record[field] = "".join(text[s:e] for s, e in spans) or None
            gold[record["doc"]] = record
    return gold


def score_against_gold(text: str, gold: dict) -> dict[str, str]:
    """``{field: "right" | "wrong"}`` for every field of one annotated document."""
    kind, facts = read_document(text)
    read = {"kind": kind, **facts.to_dict()}
    return {field: "right" if (_flat(read[field]) == _flat(gold[field]) if field in ("title", "issuer")
                               else read[field] == gold[field]) else "wrong" for field in FIELDS}


def score_document(record: dict) -> dict[str, str]:
    """``{field: "right" | "part" | "wrong"}`` for the fields this document can be scored on."""
    text = record["text"]
    kind, facts = read_document(text)
    flat_text = _flat(text)
    scores = {"kind": "right" if kind == canonical_kind(record.get("kind")) else "wrong"}
    gold_title = _flat(record.get("title"))
    if not gold_title:
        scores["title"] = "right" if facts.title is None else "wrong"
    elif gold_title in flat_text:
        scores["title"] = "right" if _flat(facts.title) == gold_title else "wrong"
    gold_issuer = _flat(record.get("issuer"))
    if gold_issuer and "推断" not in gold_issuer and gold_issuer in flat_text:
        read = _flat(facts.issuer)
        scores["issuer"] = "right" if read == gold_issuer else "part" if read and read in gold_issuer else "wrong"
        scores["level"] = "right" if facts.level == record.get("level") else "wrong"
    gold_year = record.get("year")
    if gold_year is None and (match := _RANGE.search(gold_title)):
        gold_year = int(match.group(1))  # the file records no year for a plan's range; lawnlp gives its first
    scores["year"] = "right" if facts.year == gold_year else "wrong"
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="+", help="documents files with kind/title/issuer/level/year fields")
    parser.add_argument("--gold", nargs="*", help="metadata annotation files or folders (docs/annotation.md §7)")
    parser.add_argument("--out", help="write the counts as JSON here")
    parser.add_argument("--errors", action="store_true", help="print the odd-numbered documents' errors (ids only)")
    args = parser.parse_args()
    counts: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    errors: dict[str, list[str]] = defaultdict(list)
    records = [json.loads(line) for path in args.docs for line in Path(path).read_text(encoding="utf-8").splitlines()]
    gold = load_gold(args.gold, {r["doc"]: r["text"] for r in records}) if args.gold else None
    for record in records:
        if gold is not None and record["doc"] not in gold:
            continue
        half = "odd (seen)" if int(re.search(r"\d+", record["doc"]).group()) % 2 else "even (held out)"
        scores = score_against_gold(record["text"], gold[record["doc"]]) if gold else score_document(record)
        for field, score in scores.items():
            counts[half][field][score] += 1
            if score != "right" and half.startswith("odd"):
                errors[field].append(record["doc"])
    result = {}
    for half in sorted(counts):
        result[half] = {}
        for field in FIELDS:
            c = counts[half][field]
            n = sum(c.values())
            if not n:
                continue
            result[half][field] = {"scored": n, "right": c["right"], "part": c["part"],
                                   "accuracy": round(c["right"] / n, 3) if n else None}
            print(f"{half:16} {field:7} {c['right']:4} of {n:4} = {c['right'] / max(n, 1):.3f}"
                  + (f"   (part {c['part']})" if c["part"] else ""))
    if args.errors:
        for field, docs in errors.items():
            print(field, " ".join(docs))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            json.dump(result, handle, indent=1)
            handle.write("\n")


if __name__ == "__main__":
    main()
