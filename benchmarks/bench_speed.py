"""Speed and memory of lawnlp, in one run, on the four seed reports repeated to a given size.

    python benchmarks/bench_speed.py --out docs/results/speed.json

Measures (a) spacy-pkuseg segmentation alone with the shipped model and lexicon, (b) the full
pipeline (``nlp.pipe``) — both three times, interleaved, keeping the best of each — (c) ``analyze_many`` with 1 and 2 processes, each in characters and
sentences per second on about 2 MB (UTF-8) of text; the time from ``import lawnlp`` to the first
result (best of three fresh processes); and time and peak memory of ``lawnlp.classify`` on one text of 0.2, 2 and 20 MB, each in a
fresh process, three times interleaved, keeping the fastest of each size.  The seeds are read from ``annotations/seeds/docs.jsonl``.
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
MB = 1_000_000
TRIALS = 3


def seed_texts() -> list[str]:
    return [json.loads(line)["text"] for line in SEEDS.read_text(encoding="utf-8").splitlines()]


def corpus(megabytes: float) -> list[str]:
    """Seed reports repeated until their UTF-8 size reaches ``megabytes``."""
    texts, size, seeds = [], 0, seed_texts()
    while size < megabytes * MB:
        text = seeds[len(texts) % len(seeds)]
        texts.append(text)
        size += len(text.encode("utf-8"))
    return texts


def rate(chars: int, sentences: int, seconds: float) -> dict:
    return {"seconds": round(seconds, 2), "chars_per_second": round(chars / seconds),
            "sentences_per_second": round(sentences / seconds)}


def throughput(megabytes: float) -> dict:
    import lawnlp
    from lawnlp.pipeline import LEXICON_FILE, SEGMENTER_DIR, default_model_dir
    from lawnlp.segment import load_pkuseg

    texts = corpus(megabytes)
    chars = sum(map(len, texts))
    nlp = lawnlp.load()
    sentences = sum(len(nlp(t)._.lawnlp_units) for t in texts[:4]) * len(texts) // 4
    segmenter = load_pkuseg(default_model_dir() / SEGMENTER_DIR, default_model_dir() / LEXICON_FILE)
    segmentation, pipeline = [], []
    for _ in range(TRIALS):  # interleaved, best of each: other load on the machine only ever slows a trial down
        started = time.perf_counter()
        for text in texts:
            segmenter.cut(text)
        segmentation.append(time.perf_counter() - started)
        started = time.perf_counter()
        for _ in nlp.pipe(texts):
            pass
        pipeline.append(time.perf_counter() - started)
    results = {"texts": len(texts), "chars": chars, "trials": TRIALS,
               "segmentation_only": rate(chars, sentences, min(segmentation)),
               "full_pipeline": rate(chars, sentences, min(pipeline))}
    results["pipeline_vs_segmentation"] = round(
        results["full_pipeline"]["chars_per_second"] / results["segmentation_only"]["chars_per_second"], 3)
    for n_process in (1, 2):
        started = time.perf_counter()
        df = lawnlp.analyze_many(texts=texts, n_process=n_process, progress=False)
        results[f"analyze_many_n_process_{n_process}"] = rate(chars, len(df), time.perf_counter() - started)
    return results


_CHILD = """
import json, resource, sys, time
started = time.perf_counter()
import lawnlp
lawnlp.classify("一、主要举措和成效")
first = time.perf_counter() - started
seeds = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
size, parts = 0, []
while size < float(sys.argv[2]) * 1_000_000:
    parts.append(seeds[len(parts) % len(seeds)]); size += len(parts[-1].encode("utf-8"))
text = "\\n".join(parts)
started = time.perf_counter()
n = len(lawnlp.classify(text)) if float(sys.argv[2]) > 0 else 0
seconds = time.perf_counter() - started
print(json.dumps({"chars": len(text), "sentences": n, "seconds": round(seconds, 2), "first_result_seconds": round(first, 2),
                  "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
"""


def in_fresh_process(megabytes: float) -> dict:
    output = subprocess.run([sys.executable, "-c", _CHILD, str(SEEDS), str(megabytes)], check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def scaling(sizes: list[float]) -> dict:
    """Each size in a fresh process, trials interleaved across sizes; the fastest trial of each size is kept."""
    trials: dict[float, list[dict]] = {mb: [] for mb in sizes}
    for _ in range(TRIALS):
        for mb in sizes:
            trials[mb].append(in_fresh_process(mb))
    return {f"{mb} MB": {**min(runs, key=lambda r: r["seconds"]), "trials": len(runs)} for mb, runs in trials.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark lawnlp's speed and memory.")
    parser.add_argument("--megabytes", type=float, default=2.0, help="corpus size for the throughput runs")
    parser.add_argument("--scaling", type=float, nargs="*", default=[0.2, 2, 20], help="single-text sizes in MB")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    import platform

    report = {"machine": f"{platform.processor() or platform.machine()}, {platform.python_version()}",
              "throughput": throughput(args.megabytes),
              "import_to_first_result_seconds": min(in_fresh_process(0)["first_result_seconds"] for _ in range(TRIALS)),
              "scaling": scaling(args.scaling)}
    sizes = [f"{mb} MB" for mb in args.scaling]
    for small, large in zip(sizes, sizes[1:]):
        report["scaling"][f"{large} / {small} time"] = round(
            report["scaling"][large]["seconds"] / report["scaling"][small]["seconds"], 2)
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
