"""How often lawnlp.kinds.document_kind gives a document the kind its documents file records.

    python training/eval_kinds.py ../shared/corpora/reports/reports.jsonl ../shared/corpora/reports2/reports.jsonl \
        ../shared/corpora/gwr/reports.jsonl

The rules were written looking at the odd-numbered documents' errors only, so the even-numbered ones are the
held-out figure.  The documents files' kinds are a start, not a checked annotation; kinds are mapped onto
lawnlp.labels.KINDS (lawnlp.kinds.canonical_kind).  Prints counts, accuracy per half and the commonest confusions.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

from lawnlp.kinds import canonical_kind, document_kind
from lawnlp.sentences import split_units


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="+", help="documents files with a 'kind' field")
    args = parser.parse_args()
    right, total, confusions = Counter(), Counter(), Counter()
    for path in args.docs:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                text = record["text"]
                kind, _ = document_kind([text[u.start:u.end] for u in split_units(text) if u.kind != "debris"])
                gold = canonical_kind(record.get("kind"))
                half = "odd (seen)" if int(record["doc"][1:]) % 2 else "even (held out)"
                total[half] += 1
                right[half] += kind == gold
                if kind != gold:
                    confusions[(gold, kind)] += 1
    for half in sorted(total):
        print(f"{half}: {right[half]} of {total[half]} = {right[half] / total[half]:.3f}")
    print("commonest confusions (recorded -> read):", confusions.most_common(6))


if __name__ == "__main__":
    main()
