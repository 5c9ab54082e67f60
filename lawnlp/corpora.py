"""Readers for word-segmented corpora: CoNLL-U, IOB2 columns and ``词 词 词`` lines."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

__all__ = ["read_segmented"]

Sentence = list[str]


def _read_columns(path: Path) -> Iterator[Sentence]:
    """CoNLL-U or IOB2: word in column 2, a blank line between sentences."""
    words: Sentence = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip():
                if words:
                    yield words
                words = []
                continue
            if line.startswith("#"):
                continue
            columns = line.split("\t")
            if len(columns) < 2 or not columns[0].isdigit():  # ranges 1-2 and empty nodes 1.1
                continue
            words.append(columns[1])
    if words:
        yield words


def _read_lines(path: Path) -> Iterator[Sentence]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            words = line.split()
            if words:
                yield words


def read_segmented(path: str | Path) -> list[Sentence]:
    """Read a word-segmented corpus as a list of sentences (lists of words).

    ``.conllu`` and ``.iob2`` files are read by columns; anything else as one
    sentence per line with words separated by whitespace (SIGHAN gold, the
    project's own ``annotations/segmentation``).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"segmented corpus not found: {path}")
    reader = _read_columns if path.suffix in {".conllu", ".iob2"} else _read_lines
    sentences = list(reader(path))
    if not sentences:
        raise ValueError(f"no sentences in segmented corpus {path}")
    return sentences
