"""Where each unit stands in its document, and its neighbours' scores as features (stacked sequential learning).

A sentence of a work plan reads like one of an annual report ("深入推进……");
what tells them apart is often the document around it.  A first-stage model
scores every unit on its own; a second stage sees those scores for the unit,
its neighbours, its section and its document (Cohen & Carvalho 2005,
"Stacked sequential learning").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

__all__ = ["Layout", "neighbour_scores", "neighbour_width"]


@dataclass(frozen=True)
class Layout:
    """For each row: its document (rows of one document are contiguous and in order), section, and kind."""

    document: np.ndarray  # int: rows with the same value belong to one document
    section: np.ndarray  # int: rows with the same value share a top-level section (or the part before it) of one document
    kind: np.ndarray  # str: "sentence", "heading" or "debris"

    @classmethod
    def from_places(cls, places: Sequence[tuple[int, int, str]]) -> "Layout":
        """Layout from ``(position, section, kind)`` of each unit (see :class:`~lawnlp.features.UnitFeatures`),
        in the order :func:`lawnlp.features.doc_features` yields them, documents one after another."""
        positions = np.array([p[0] for p in places], dtype=np.int64)
        if len(places) and positions[0] != 0:
            raise ValueError("the first unit must start a document (position 0)")
        document = np.cumsum(positions == 0) - 1
        sections = np.array([p[1] for p in places], dtype=np.int64)
        _, section = np.unique(np.column_stack([document, sections]), axis=0, return_inverse=True)
        kind = np.array([p[2] for p in places], dtype=object)
        return cls(document, section.reshape(-1), kind)

    def __len__(self) -> int:
        return len(self.document)

    def take(self, rows: np.ndarray) -> "Layout":
        """The layout of some rows; whole documents should be taken for neighbours to be right."""
        compact = [np.unique(ids[rows], return_inverse=True)[1].reshape(-1) for ids in (self.document, self.section)]
        return Layout(*compact, self.kind[rows])


def _group_means(scores: np.ndarray, groups: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted mean of ``scores`` over each row's group (the plain mean where a group's weights sum to 0).

    ``groups`` are a :class:`Layout`'s ids: integers from 0 with none left out.
    """
    inverse = np.asarray(groups, dtype=np.int64).reshape(-1)
    totals = np.bincount(inverse, weights=weights)
    counts = np.bincount(inverse).astype(float)
    weighted = totals > 0
    means = np.empty((len(totals), scores.shape[1]))
    for j in range(scores.shape[1]):
        sums = np.bincount(inverse, weights=scores[:, j] * weights, minlength=len(totals))
        plain = np.bincount(inverse, weights=scores[:, j], minlength=len(totals))
        means[:, j] = np.where(weighted, sums / np.where(weighted, totals, 1), plain / counts)
    return means[inverse]


def neighbour_width(labels: int, window: int) -> int:
    """Columns of :func:`neighbour_scores` for ``labels`` scores per unit."""
    return labels * (2 * window + 3) + 2


def neighbour_scores(scores: np.ndarray, layout: Layout, window: int) -> np.ndarray:
    """Dense features from first-stage scores (one row per unit, one column per label).

    Columns: the unit's own scores; those of the ``window`` units before and
    after it in its document (zeros past either end); the mean over its
    document's sentences and over its top-level section (or over the units
    before the first heading); whether it is the first and the last unit.
    """
    scores = np.asarray(scores, dtype=float)
    if scores.shape[0] != len(layout):
        raise ValueError(f"scores have {scores.shape[0]} rows but the layout {len(layout)}")
    n, k = scores.shape
    parts = [scores]
    for offset in [*range(-window, 0), *range(1, window + 1)]:
        shifted = np.zeros((n, k))
        source = np.arange(n) + offset
        inside = (source >= 0) & (source < n)
        inside[inside] &= layout.document[source[inside]] == layout.document[inside]
        shifted[inside] = scores[source[inside]]
        parts.append(shifted)
    parts.append(_group_means(scores, layout.document, (layout.kind == "sentence").astype(float)))
    parts.append(_group_means(scores, layout.section, np.ones(n)))
    first = np.ones(n, dtype=bool)
    first[1:] = layout.document[1:] != layout.document[:-1]
    last = np.ones(n, dtype=bool)
    last[:-1] = layout.document[:-1] != layout.document[1:]
    parts.append(np.column_stack([first, last]).astype(float))
    return np.hstack(parts)
