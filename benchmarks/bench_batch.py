"""``analyze_many`` on one process, on a two-process ``lawnlp.Pool`` and on a two-worker Dask ``LocalCluster``.

    python benchmarks/bench_batch.py --out docs/results/batch.json [--megabytes 3] [--trials 2]

The corpus is the seed reports (``annotations/seeds/docs.jsonl``) and, where ``../shared/corpora/reports`` is
beside the project, its reports, cycled to about ``--megabytes`` of UTF-8.  Trials are interleaved (segmenter, one
process, a ``lawnlp.Pool(2)`` started beforehand, ``analyze_many(n_process=2)`` whose kept pool starts in the first
trial, Dask, then again) and the fastest of each is kept: other load on the machine only ever slows
a trial down.  Each figure is a ratio: chars/s over the segmenter's (spacy-pkuseg alone, one process, same texts)
and the speed-up over one process; beside them the CPU seconds that the run's processes used (this one and its
workers: on a busy machine this tells what the parallel runs cost, when their wall time cannot show it).  The
machine's idle share is read from ``/proc/stat``: for two seconds
before the runs (how idle the machine was without us) and during each run.  Needs ``lawnlp[dask]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import time
from pathlib import Path

from bench_calls import idle_ticks  # the scripts of benchmarks/ run from that folder

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "annotations" / "seeds" / "docs.jsonl"
REPORTS = ROOT.parent / "shared" / "corpora" / "reports" / "reports.jsonl"
MB = 1_000_000


def corpus(megabytes: float) -> tuple[list[str], list[str]]:
    """Texts cycled to ``megabytes`` of UTF-8, and the names of the files they came from."""
    files = [f for f in (SEEDS, REPORTS) if f.is_file()]
    pool = [json.loads(line)["text"] for f in files for line in f.read_text(encoding="utf-8").splitlines()]
    texts, size = [], 0
    while size < megabytes * MB:
        texts.append(pool[len(texts) % len(pool)])
        size += len(texts[-1].encode("utf-8"))
    return texts, [str(f.relative_to(ROOT.parent)) for f in files]


def process_cpu_seconds(pids) -> float:
    """User and system CPU seconds used so far by the processes ``pids`` (from ``/proc/<pid>/stat``)."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def timed(run, pids) -> tuple[float, float, float, object]:
    """``(seconds, idle share of the machine meanwhile, CPU seconds of the processes pids(), result)``."""
    idle, total = idle_ticks()
    cpu = process_cpu_seconds(pids())
    started = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - started
    idle_after, total_after = idle_ticks()
    return seconds, (idle_after - idle) / max(1, total_after - total), process_cpu_seconds(pids()) - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument("--megabytes", type=float, default=3.0)
    parser.add_argument("--trials", type=int, default=2)
    args = parser.parse_args()

    import pandas as pd
    from distributed import Client, LocalCluster

    import lawnlp
    from lawnlp import batch
    from lawnlp.pipeline import LEXICON_FILE, SEGMENTER_DIR, default_model_dir
    from lawnlp.segment import load_pkuseg

    texts, sources = corpus(args.megabytes)
    chars = sum(map(len, texts))
    idle_before = timed(lambda: time.sleep(2), list)[1]
    lawnlp.analyze_many(texts=texts[:2])  # load the model in this process, out of the timings
    segmenter = load_pkuseg(default_model_dir() / SEGMENTER_DIR, default_model_dir() / LEXICON_FILE)

    with contextlib.ExitStack() as stack:
        started = time.perf_counter()
        cluster = stack.enter_context(LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                                   dashboard_address=":0"))
        client = stack.enter_context(Client(cluster))
        lawnlp.analyze_many(texts=texts[:2], client=client)  # each worker loads the model once, out of the timings
        dask_start = time.perf_counter() - started
        started = time.perf_counter()
        pool = stack.enter_context(lawnlp.Pool(2))
        pool_start = time.perf_counter() - started
        here = [os.getpid()]
        dask_workers = list(client.run(os.getpid).values())
        pids = {  # the processes that do each run's work, for its CPU seconds
            "segmenter_alone": lambda: here, "n_process_1": lambda: here,
            "pool_2_warm": lambda: here + list(pool._executor._processes),
            "analyze_many_n_process_2": lambda: here + [p for kept in batch._shared.values() if kept._executor
                                                        for p in kept._executor._processes],
            "dask_localcluster_2": lambda: here + dask_workers,
        }
        runs = {
            "segmenter_alone": lambda: [segmenter.cut(t) for t in texts],
            "n_process_1": lambda: lawnlp.analyze_many(texts=texts, progress=False),
            "pool_2_warm": lambda: pool.analyze_many(texts=texts, progress=False),
            "analyze_many_n_process_2": lambda: lawnlp.analyze_many(texts=texts, n_process=2, progress=False),
            "dask_localcluster_2": lambda: lawnlp.analyze_many(texts=texts, client=client, progress=False),
        }
        best: dict[str, tuple[float, float, float]] = {}
        first: dict[str, float] = {}
        frames = {}
        for _ in range(args.trials):
            for name, run in runs.items():
                seconds, idle, cpu, result = timed(run, pids[name])
                first.setdefault(name, seconds)
                if name not in best or seconds < best[name][0]:
                    best[name] = (seconds, idle, cpu)
                frames[name] = result
    for name in ("pool_2_warm", "analyze_many_n_process_2", "dask_localcluster_2"):
        pd.testing.assert_frame_equal(frames[name], frames["n_process_1"])  # the same DataFrame, whatever ran it

    segmenter_rate = chars / best["segmenter_alone"][0]
    results = {
        "corpus": {"texts": len(texts), "chars": chars, "utf8_bytes": sum(len(t.encode("utf-8")) for t in texts),
                   "from": sources},
        "machine": {"cpus": os.cpu_count(), "idle_share_before": round(idle_before, 3)},
        "trials": args.trials,
        "start_up_seconds": {"pool_2": round(pool_start, 2), "dask_localcluster_2_with_model": round(dask_start, 2)},
        "runs": {name: {"seconds": round(seconds, 2), "first_trial_seconds": round(first[name], 2),
                        "chars_per_second": round(chars / seconds),
                        "vs_segmenter": round(chars / seconds / segmenter_rate, 3),
                        "speed_up_over_n_process_1": round(best["n_process_1"][0] / seconds, 3),
                        "idle_share_during": round(idle, 3), "cpu_seconds": round(cpu, 2),
                        "cpu_vs_n_process_1": round(cpu / best["n_process_1"][2], 3)}
                 for name, (seconds, idle, cpu) in best.items()},
        "same_dataframe_as_n_process_1": True,
    }
    text = json.dumps(results, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
