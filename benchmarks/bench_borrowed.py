"""Speed and recall of ``lawnlp.find_borrowed`` on batches of 250, 500, 1,000 and 2,000 reports.

    python benchmarks/bench_borrowed.py --out borrowed.json

The batches are built from the seed reports and, where they are beside the project, the texts of
``../shared/corpora/reports`` and ``reports2``, each analysed once.  They are cycled to the batch's size; every
cycle after the first has its Chinese characters replaced by a permutation of its own (same lengths, same
formulas shared within the cycle, nothing shared with the other cycles), so a batch of 2,000 is not 2,000 copies
of a few hundred reports.  Into each batch, one sentence in ten reports (a body sentence of 20 characters or more,
every other one edited: one character replaced or its figures changed) is copied from one report into another;
recall counts those found, as a pair with their source or as boilerplate.  Each size is timed three times,
interleaved, keeping the fastest.  ``growth`` is the time per sentence of a batch over that of the batch half its
size: 1.0 is linear.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "annotations" / "seeds" / "docs.jsonl"
CORPORA = [ROOT.parent / "shared" / "corpora" / name / "reports.jsonl" for name in ("reports", "reports2")]
SIZES = (250, 500, 1000, 2000)
TRIALS = 3
_CJK = re.compile(r"[\u4e00-\u9fff]")


def base_reports() -> tuple[list, list[str]]:
    """Every available text analysed once, and the names of the files they came from."""
    import lawnlp

    files = [SEEDS] + [path for path in CORPORA if path.is_file()]
    texts = [json.loads(line)["text"] for path in files for line in path.read_text(encoding="utf-8").splitlines()]
    return [lawnlp.analyze(text, source=f"base{i}") for i, text in enumerate(texts)], [os.path.relpath(p, ROOT) for p in files]


def _disguise(report, table: dict[int, str] | None, name: str):
    """``report`` with its characters replaced through ``table`` (None: as it is)."""
    if table is None:
        return replace(report, source=name)
    swap = (lambda s: s.translate(table) if s else s)
    return replace(report, text="", title=swap(report.title), issuer=swap(report.issuer), source=name,
                   sentences=[replace(s, text=swap(s.text)) for s in report.sentences])


def build_batch(base: list, size: int, seed: int = 0) -> tuple[list, list[tuple[int, int, str]]]:
    """``size`` reports cycled from ``base``, and ``(source, target, text)`` of the copies injected."""
    from lawnlp.borrowed import considered_sentences
    from lawnlp.sections import heading_marker

    rng = random.Random(seed)
    chars = sorted({ch for r in base for s in r.sentences for ch in _CJK.findall(s.text)})
    tables: dict[int, dict | None] = {0: None}
    batch = []
    for i in range(size):
        cycle = i // len(base)
        if cycle not in tables:
            shuffled = chars[:]
            random.Random(cycle).shuffle(shuffled)
            tables[cycle] = str.maketrans(dict(zip(chars, shuffled)))
        batch.append(_disguise(base[i % len(base)], tables[cycle], f"r{i}"))
    injected = []
    for k in range(size // 10):
        source, target = rng.sample(range(size), 2)
        candidates = [batch[source].sentences[i] for i, form in considered_sentences(batch[source]).items()
                      if len(form) >= 20 and heading_marker(batch[source].sentences[i].text) is None]
        if not candidates:
            continue
        copy = rng.choice(candidates)
        text = copy.text if k % 2 == 0 else _edit(copy.text, rng)
        report = batch[target]
        batch[target] = replace(report, sentences=report.sentences + [replace(copy, text=text, section=[])])
        injected.append((source, target, text))
    return batch, injected


def _edit(text: str, rng: random.Random) -> str:
    if any(ch.isdigit() for ch in text) and rng.random() < 0.5:
        return "".join(str(rng.randrange(10)) if ch.isdigit() else ch for ch in text)
    middle = len(text) // 2
    return text[:middle] + "某" + text[middle + 1:]


def recall(found, injected) -> dict:
    pairs = {(b.report, b.other_report, b.text) for b in found if not b.boilerplate}
    boilerplate = {(b.report, b.text) for b in found if b.boilerplate}
    as_pair = sum((t, s, text) in pairs for s, t, text in injected)
    as_boilerplate = sum((t, text) in boilerplate for _, t, text in injected)
    return {"injected": len(injected), "found": as_pair + as_boilerplate, "found_as_boilerplate": as_boilerplate,
            "missed": len(injected) - as_pair - as_boilerplate,
            "recall": round((as_pair + as_boilerplate) / len(injected), 4) if injected else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the figures as JSON")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    args = parser.parse_args()

    from lawnlp.borrowed import considered_sentences, find_borrowed

    started = time.perf_counter()
    base, files = base_reports()
    print(f"analysed {len(base)} base reports in {time.perf_counter() - started:.1f} s")
    batches = {size: build_batch(base, size) for size in args.sizes}
    best: dict[int, float] = {}
    results: dict[int, list] = {}
    for _ in range(TRIALS):  # interleaved, fastest of each: other load only ever slows a trial down
        for size, (batch, _) in batches.items():
            started = time.perf_counter()
            results[size] = find_borrowed(batch)
            best[size] = min(best.get(size, float("inf")), time.perf_counter() - started)
    rows, previous = [], None
    for size, (batch, injected) in batches.items():
        sentences = sum(len(r.sentences) for r in batch)
        per_1000 = best[size] / sentences * 1000
        row = {"reports": size, "sentences": sentences,
               "compared_sentences": sum(len(considered_sentences(r)) for r in batch), "seconds": round(best[size], 3),
               "seconds_per_1000_sentences": round(per_1000, 4),
               "growth": round(per_1000 / previous, 3) if previous else None,
               "borrowings": len(results[size]),
               "boilerplate_borrowings": sum(b.boilerplate for b in results[size]), **recall(results[size], injected)}
        previous = per_1000
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False))
    report = {"command": "python benchmarks/bench_borrowed.py" + (f" --out {args.out}" if args.out else ""),
              "base_reports": len(base), "base_files": files, "trials": TRIALS, "batches": rows}
    if args.out:
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
