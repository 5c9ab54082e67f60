"""What reading through OpenCC loses: simplified texts put into traditional characters and read back by lawnlp.

    python training/traditional_roundtrip.py [DOCS.jsonl ...]

For docs/sample_report.txt (and each documents file given), each round trip (OpenCC s2t → lawnlp's auto, s2twp →
tw2sp, s2hk → hk2s, and s2t read with convert=None) against lawnlp on the simplified text: the share of units
with the same function and with the same measures.  Offsets of the traditional text's units are checked to be
exact.
"""

from __future__ import annotations

import argparse
import json
import warnings
from pathlib import Path

import opencc

import lawnlp

ROUND_TRIPS = (("s2t", "auto"), ("s2twp", "tw2sp"), ("s2hk", "hk2s"), ("s2t", None))


def agreement(texts: list[str], to_traditional: str, convert: str | None) -> dict:
    units = same_function = same_measures = 0
    converter = opencc.OpenCC(to_traditional)
    for text in texts:
        traditional = converter.convert(text)
        simplified = lawnlp.classify(text)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convert=None warns on every traditional text
            read = lawnlp.classify(traditional, convert=convert)
        if len(read) != len(simplified) or any(traditional[r.start:r.end] != r.text for r in read):
            raise AssertionError(f"the units of a {to_traditional} text do not match its simplified original")
        units += len(read)
        same_function += sum(a.function == b.function for a, b in zip(simplified, read))
        same_measures += sum(a.measures == b.measures for a, b in zip(simplified, read))
    return {"units": units, "same_function": round(same_function / units, 4),
            "same_measures": round(same_measures / units, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="*", type=Path, help="documents files ({'doc', 'text'} per line)")
    args = parser.parse_args()
    sets = {"docs/sample_report.txt": [Path("docs/sample_report.txt").read_text(encoding="utf-8")]}
    for path in args.docs:
        sets[str(path)] = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    for name, texts in sets.items():
        for to_traditional, convert in ROUND_TRIPS:
            print(name, to_traditional, convert, agreement(texts, to_traditional, convert), flush=True)


if __name__ == "__main__":
    main()
