"""The pkuseg word segmenter with lawnlp's own model and domain lexicon."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from .text import normalize

__all__ = ["load_pkuseg", "filter_lexicon", "normalize_words", "split_heldout", "HELDOUT_EVERY"]

#: Every fifth domain sentence (index % 5 == 4) is held out from training.
HELDOUT_EVERY = 5


def load_pkuseg(model_dir: str | Path, lexicon: str | Path | None):
    """Load a pkuseg model with ``lexicon`` as its only dictionary.

    ``spacy_pkuseg.pkuseg(model, user_dict=X)`` adds pkuseg's bundled general
    dictionary for any ``X`` but ``None``; that dictionary lowers accuracy on
    our data, so it is switched off and only the lexicon's terms are forced.
    """
    import spacy_pkuseg

    model_dir = Path(model_dir)
    for name in ("features.msgpack", "weights.npz"):
        if not (model_dir / name).is_file():
            raise FileNotFoundError(f"not a pkuseg model directory (no {name}): {model_dir}")
    segmenter = spacy_pkuseg.pkuseg(str(model_dir), user_dict=str(lexicon) if lexicon else None)
    postprocesser = segmenter.postprocesser
    postprocesser.do_process = False
    postprocesser.common_words = set()
    postprocesser.other_words = set()
    return segmenter


def normalize_words(words: Sequence[str]) -> list[str]:
    """Normalise a segmented sentence as a whole, keeping its word boundaries."""
    text = normalize("".join(words))
    out, position = [], 0
    for word in words:
        out.append(text[position:position + len(word)])
        position += len(word)
    return out


def split_heldout(sentences: list[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    """Split domain sentences into (train, held out): every fifth is held out."""
    train = [s for i, s in enumerate(sentences) if i % HELDOUT_EVERY != HELDOUT_EVERY - 1]
    heldout = [s for i, s in enumerate(sentences) if i % HELDOUT_EVERY == HELDOUT_EVERY - 1]
    return train, heldout


def filter_lexicon(terms: Sequence[str], sentences: Sequence[Sequence[str]]) -> tuple[list[str], list[str]]:
    """Split lexicon terms into (kept, dropped) by the segmented corpus ``sentences``.

    A term is dropped when the corpus splits it across words more often than
    it keeps it whole: forcing it would contradict the data the model learns from.
    """
    split: dict[str, int] = {}
    whole: dict[str, int] = {}
    for words in sentences:
        text = "".join(words)
        boundaries, position = set(), 0
        for word in words:
            boundaries.add(position)
            position += len(word)
        for term in terms:
            start = text.find(term)
            while start >= 0:
                crosses = any(start < b < start + len(term) for b in boundaries)
                counts = split if crosses else whole
                counts[term] = counts.get(term, 0) + 1
                start = text.find(term, start + 1)
    kept = [t for t in terms if split.get(t, 0) <= whole.get(t, 0)]
    return kept, [t for t in terms if t not in set(kept)]
