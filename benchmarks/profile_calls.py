"""Where ``lawnlp.classify`` spends its time: cProfile over the texts of ``bench_calls``, by cumulative time.

    python benchmarks/profile_calls.py --docs ../shared/corpora/reports/reports.jsonl --chars 300000

Profiling slows Python code more than the segmenter's compiled parts, so shares are indicative; speed figures come
from ``bench_calls.py``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
from pathlib import Path

from bench_calls import texts  # the scripts of benchmarks/ run from that folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", nargs="*", default=[], type=Path)
    parser.add_argument("--chars", type=int, default=300_000)
    parser.add_argument("--top", type=int, default=30, help="how many functions to list")
    args = parser.parse_args()
    import lawnlp

    corpus = texts(args.docs, args.chars)
    lawnlp.classify(corpus[0])  # load the model outside the profile
    profile = cProfile.Profile()
    profile.runcall(lambda: [lawnlp.classify(t) for t in corpus])
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
