"""How often lawnlp reads a document's kind, title, issuer, level and year as its documents file records them.

    python training/eval_document.py ../shared/corpora/reports/reports.jsonl ../shared/corpora/reports2/reports.jsonl \
        ../shared/corpora/gwr/reports.jsonl --out docs/results/document.json

The rules were written looking at the odd-numbered documents' errors only, so the even-numbered ones are the
held-out figure.  The documents files' fields are a start, not a checked annotation, and they say more than
some texts do, so each field is scored where the text can give it:

- kind: every document (mapped onto lawnlp.labels.KINDS by lawnlp.kinds.canonical_kind);
- title: right when equal to the recorded title ignoring whitespace, where that title stands in the text;
  where the file records none, right when none is read;
- issuer: where the recorded name stands in the text, right when equal (``part`` counts a shorter name it
  contains, as 桂花坪街道 for 长沙市天心区桂花坪街道办事处); names the file marks as inferred are left out;
- level: where the issuer is scored; year: every document (``null`` recorded: right when none is read, except
  that a title's range (2021—2025年) gives its first year, as lawnlp.metadata reads it).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict

from lawnlp.kinds import canonical_kind, document_kind
from lawnlp.metadata import read_metadata
from lawnlp.sentences import split_units

FIELDS = ("kind", "title", "issuer", "level", "year")
_RANGE = re.compile(r"((?:19|20)\d\d)年?[—–\-－~～至]+(?:19|20)\d\d")


def _flat(value: str | None) -> str:
    return re.sub(r"\s+", "", value or "")


def score_document(record: dict) -> dict[str, str]:
    """``{field: "right" | "part" | "wrong"}`` for the fields this document can be scored on."""
    text = record["text"]
    units = split_units(text)
    facts = read_metadata(text, units)
    kind, _ = document_kind([text[u.start:u.end] for u in units if u.kind != "debris"])
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
    parser.add_argument("--out", help="write the counts as JSON here")
    parser.add_argument("--errors", action="store_true", help="print the odd-numbered documents' errors (ids only)")
    args = parser.parse_args()
    counts: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    errors: dict[str, list[str]] = defaultdict(list)
    for path in args.docs:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                half = "odd (seen)" if int(record["doc"][1:]) % 2 else "even (held out)"
                for field, score in score_document(record).items():
                    counts[half][field][score] += 1
                    if score != "right" and half.startswith("odd"):
                        errors[field].append(record["doc"])
    result = {}
    for half in sorted(counts):
        result[half] = {}
        for field in FIELDS:
            c = counts[half][field]
            n = sum(c.values())
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
