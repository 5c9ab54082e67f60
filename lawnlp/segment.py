"""The pkuseg word segmenter with lawnlp's own model and domain lexicon."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Sequence

from .text import normalize

__all__ = ["load_pkuseg", "sha256", "filter_lexicon", "normalize_words", "split_heldout", "HELDOUT_EVERY"]

#: Every fifth domain sentence (index % 5 == 4) is held out from training.
HELDOUT_EVERY = 5


def sha256(path: Path) -> str:
    """Hex sha256 of a file."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_pkuseg(model_dir: str | Path, lexicon: str | Path | None):
    """Load a pkuseg model with ``lexicon`` as its only dictionary, reading data only.

    ``spacy_pkuseg.pkuseg(model, user_dict=X)`` would also load pkuseg's
    bundled general dictionary (a pickle, which lowers accuracy on our data
    and is thrown away), download a model whose path looks like one of its
    names, and fall back to pickled model files.  So the segmenter is put
    together here from exactly two data files: ``features.msgpack`` (msgpack)
    and ``weights.npz`` (arrays, read with ``allow_pickle=False``).
    """
    import numpy as np
    import spacy_pkuseg
    from spacy_pkuseg.feature_extractor import FeatureExtractor
    from spacy_pkuseg.model import Model

    model_dir = Path(model_dir)
    for name in ("features.msgpack", "weights.npz"):
        if not (model_dir / name).is_file():
            raise FileNotFoundError(f"not a pkuseg model directory (no {name}): {model_dir}")
    segmenter = spacy_pkuseg.pkuseg.__new__(spacy_pkuseg.pkuseg)
    segmenter.postag = False
    segmenter.preprocesser = spacy_pkuseg.Preprocesser(str(lexicon) if lexicon else None)
    segmenter.postprocesser = spacy_pkuseg.Postprocesser(None, None)  # no post-processing dictionaries
    segmenter.postprocesser.common_words, segmenter.postprocesser.other_words = set(), set()
    segmenter.feature_extractor = FeatureExtractor.load(str(model_dir))
    with np.load(model_dir / "weights.npz", allow_pickle=False) as npz:
        sizes, weights = npz["sizes"], npz["w"]
    if sizes.dtype.kind not in "iu" or weights.dtype.kind != "f" or sizes.shape != (2,) or weights.ndim != 1:
        raise ValueError("weights.npz must hold integer 'sizes' (2) and float weights 'w'")
    model = Model.__new__(Model)
    model.n_tag, model.n_feature = int(sizes[0]), int(sizes[1])
    model.n_transition_feature = model.n_tag * (model.n_feature + model.n_tag)
    if weights.shape[0] != model.n_transition_feature:
        raise ValueError(f"weights.npz has {weights.shape[0]} weights, its sizes imply {model.n_transition_feature}")
    model.w = weights
    segmenter.model = model
    extractor = segmenter.feature_extractor
    segmenter.idx_to_tag = {idx: tag for tag, idx in extractor.tag_to_idx.items()}
    segmenter.n_feature = len(extractor.feature_to_idx)
    segmenter.n_tag = len(extractor.tag_to_idx)
    if segmenter.n_tag != model.n_tag or segmenter.n_feature != model.n_feature:
        raise ValueError("features.msgpack and weights.npz do not belong to the same model")
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
