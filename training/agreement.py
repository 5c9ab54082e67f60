"""Inter-annotator agreement between two passes over the same documents.

    python training/agreement.py annotations/agreement/pass1.jsonl annotations/agreement/pass2.jsonl \
        --docs ../shared/corpora/reports/reports.jsonl --out docs/results/agreement.json

Units are matched by identical offsets (units whose boundaries differ are
counted, not compared).  Reports Cohen's kappa and raw agreement for the
function, micro-F1 between the passes for the measures (pass 1 as reference),
and lists every disagreement by doc id and offsets (no text).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from lawnlp.annotations import load_corpus
from lawnlp.labels import FUNCTIONS


def cohen_kappa(a: list[str], b: list[str]) -> float:
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b)) / n
    count_a, count_b = Counter(a), Counter(b)
    expected = sum(count_a[label] * count_b[label] for label in FUNCTIONS) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description="Agreement between two annotation passes.")
    parser.add_argument("first", type=Path, help="pass 1: label file or directory")
    parser.add_argument("second", type=Path, help="pass 2: label file or directory")
    parser.add_argument("--docs", nargs="*", default=[], type=Path, help="documents files")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    second = {d.doc: d for d in load_corpus([args.second], args.docs)}
    first = {d.doc: d for d in load_corpus([args.first], args.docs) if d.doc in second}
    f1s, f2s, tp, n1, n2, unmatched, total = [], [], 0, 0, 0, 0, 0
    disagreements = []
    both = sorted(second.keys() & first.keys())  # documents annotated in both passes
    for doc_id in both:
        one = {(r.start, r.end): r for r in first[doc_id].records}
        two = {(r.start, r.end): r for r in second[doc_id].records}
        total += len(one.keys() | two.keys())
        unmatched += len(one.keys() ^ two.keys())
        for span in sorted(one.keys() & two.keys()):
            a, b = one[span], two[span]
            f1s.append(a.function)
            f2s.append(b.function)
            tp += len(set(a.measures) & set(b.measures))
            n1 += len(a.measures)
            n2 += len(b.measures)
            if a.function != b.function or set(a.measures) != set(b.measures):
                disagreements.append({"doc": doc_id, "start": span[0], "end": span[1],
                                      "pass1": [a.function, list(a.measures)], "pass2": [b.function, list(b.measures)]})
    report = {
        "documents": len(both), "documents_only_in_pass2": sorted(second.keys() - first.keys()),
        "matched_units": len(f1s), "units_with_different_boundaries": unmatched,
        "all_units": total,
        "function_kappa": round(cohen_kappa(f1s, f2s), 4),
        "function_agreement": round(sum(x == y for x, y in zip(f1s, f2s)) / len(f1s), 4),
        "measures_micro_f1": round(2 * tp / (n1 + n2), 4) if n1 + n2 else 1.0,
        "disagreements": disagreements,
    }
    text = json.dumps(report, ensure_ascii=False, indent=1)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "disagreements"}, indent=1),
          f"\n{len(disagreements)} disagreements")


if __name__ == "__main__":
    main()
