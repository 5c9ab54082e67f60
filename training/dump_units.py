"""Print the library's sentence units of documents, for annotators to label.

Usage: python training/dump_units.py DOCS.jsonl [--doc ID ...] > units.jsonl

Each output line: {"doc", "i", "start", "end", "kind", "section", "text"}.
The output holds document text: keep it out of the project when the
documents are not the project's own.
"""

from __future__ import annotations

import argparse
import json
import sys

from lawnlp.sections import section_paths
from lawnlp.sentences import split_units


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", help="documents file: one {'doc', 'text'} object per line")
    parser.add_argument("--doc", nargs="*", help="only these doc ids")
    args = parser.parse_args()
    with open(args.docs, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if args.doc and record["doc"] not in args.doc:
                continue
            text = record["text"]
            units = split_units(text)
            paths = section_paths([(text[u.start:u.end], u.kind == "heading") for u in units])
            for i, (unit, path) in enumerate(zip(units, paths)):
                row = {"doc": record["doc"], "i": i, "start": unit.start, "end": unit.end,
                       "kind": unit.kind, "section": list(path), "text": text[unit.start:unit.end]}
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
