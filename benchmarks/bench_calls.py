"""Speed where users call lawnlp, as ratios to the segmenter alone on the same texts, measured side by side.

    python benchmarks/bench_calls.py [--docs ../shared/corpora/reports/reports.jsonl] --out docs/results/calls.json

Texts: the four seed reports (and the documents of ``--docs`` files) cycled to about 0.7 MB.  Each trial
times, interleaved: pkuseg alone (whole texts), ``[lawnlp.classify(t) for t in texts]``, ``nlp.pipe(texts)``,
and one sentence through pkuseg and through ``classify``; the fastest of ``--trials`` is kept for each.  A
ratio is chars/s of the call over chars/s of pkuseg in the same run; the one-sentence figure is the extra
milliseconds over pkuseg.  Also: seconds from ``import lawnlp`` to the first result in fresh processes, and
the machine's idle share during the run (from /proc/stat).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "annotations" / "seeds" / "docs.jsonl"
SENTENCE = "下一步，我局将持续推进行政复议规范化建设，全面提升行政执法水平。"
FIRST_RESULT = ("import time; t = time.perf_counter(); import lawnlp; "
                "lawnlp.classify('二、存在的问题'); print(time.perf_counter() - t)")


def texts(docs: list[Path], chars: int) -> list[str]:
    pool = [json.loads(line)["text"] for path in [SEEDS, *docs] for line in path.read_text(encoding="utf-8").splitlines()]
    out, size = [], 0
    while size < chars:
        out.append(pool[len(out) % len(pool)])
        size += len(out[-1])
    return out


def idle_ticks() -> tuple[int, int]:
    """(idle, total) CPU ticks since boot: idle counts iowait; total is user..steal (guest time is within user)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return fields[3] + fields[4], sum(fields[:8])


def best_seconds(call, trials: list[float]) -> None:
    start = time.perf_counter()
    call()
    trials.append(time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", nargs="*", default=[], type=Path)
    parser.add_argument("--chars", type=int, default=700_000)
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    import lawnlp

    nlp = lawnlp.load()
    segmenter = nlp.tokenizer.pkuseg_seg
    corpus = texts(args.docs, args.chars)
    chars = sum(map(len, corpus))
    lawnlp.classify(corpus[0])
    repeats = 300
    timings: dict[str, list[float]] = {k: [] for k in ("pkuseg", "classify", "pipe", "pkuseg_sentence",
                                                        "classify_sentence")}
    idle0, total0 = idle_ticks()
    for _ in range(args.trials):
        best_seconds(lambda: [segmenter.cut(t) for t in corpus], timings["pkuseg"])
        best_seconds(lambda: [lawnlp.classify(t) for t in corpus], timings["classify"])
        best_seconds(lambda: list(nlp.pipe(corpus)), timings["pipe"])
        best_seconds(lambda: [segmenter.cut(SENTENCE) for _ in range(repeats)], timings["pkuseg_sentence"])
        best_seconds(lambda: [lawnlp.classify(SENTENCE) for _ in range(repeats)], timings["classify_sentence"])
    idle1, total1 = idle_ticks()
    best = {k: min(v) for k, v in timings.items()}
    first = [float(subprocess.run([sys.executable, "-c", FIRST_RESULT], capture_output=True, text=True,
                                  check=True).stdout) for _ in range(3)]
    result = {
        "chars": chars, "texts": len(corpus), "trials": args.trials,
        "pkuseg_chars_per_second": round(chars / best["pkuseg"]),
        "ratio_classify": round(best["pkuseg"] / best["classify"], 3),
        "ratio_pipe": round(best["pkuseg"] / best["pipe"], 3),
        "sentence_ms_pkuseg": round(best["pkuseg_sentence"] / repeats * 1e3, 3),
        "sentence_ms_classify": round(best["classify_sentence"] / repeats * 1e3, 3),
        "import_to_first_result_seconds": round(min(first), 2),
        "idle_share": round((idle1 - idle0) / max(total1 - total0, 1), 3),
        "all_trials_seconds": {k: [round(x, 3) for x in v] for k, v in timings.items()},
    }
    print(json.dumps(result, indent=1))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
