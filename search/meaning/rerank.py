"""A long query's first results re-ordered by the engine's score and the meaning's closeness.

Each of the first DEPTH results scores ``s / s_best + WEIGHT × (cos − cos_best)``: the engine's
score relative to the best, plus how much less close to the query the article's closer passage
(its opening, or the 60 words after) is than the closest one's. Only the order of those DEPTH
changes: the set, the counts and the facets are the engine's. DEPTH and WEIGHT were chosen on
the tuning half of VNTC's headlines (benchmarks/results-relevance-ideas.md); articles without a
vector get the mean closeness.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from search.meaning.model import embed_query
from search.meaning.store import Vectors, has_vectors

__all__ = [
    "DEPTH",
    "MIN_WORDS",
    "WEIGHT",
    "arranged",
    "rerank",
    "rerank_page",
    "vectors_for",
    "wanted",
]

DEPTH = 30
WEIGHT = 6.0  # with one passage, 4 was best


def rerank(scores: list[float], closeness: list[float | None]) -> list[int]:
    """The new order (indexes into ``scores``) of results given in the engine's order."""
    known = [c for c in closeness if c is not None]
    if len(scores) < 2 or not known:
        return list(range(len(scores)))
    mean = sum(known) / len(known)
    cos = np.array([mean if c is None else c for c in closeness], dtype=np.float64)
    s = np.array(scores, dtype=np.float64)
    best = s[0] if s[0] > 0 else 1.0
    fused = s / best + WEIGHT * (cos - cos.max())
    return [int(i) for i in np.argsort(-fused, kind="stable")]


MIN_WORDS = 4  # shorter queries keep the engine's order (and cost nothing more)


def wanted(text: str, offset: int) -> bool:
    """Is the query long enough to be re-ranked on meaning (a headline, a question), and is the
    page asked for among the first DEPTH results?"""
    return len(text.split()) >= MIN_WORDS and offset < DEPTH


def vectors_for(index_dir: Any, text: str, offset: int) -> tuple[Vectors | None, bool]:
    """The index's vectors when ``text`` is to be re-ranked on them (None: the engine's order),
    and whether it has vectors an older version made (one passage an article: not read)."""
    if not wanted(text, offset):
        return None, False
    vectors = Vectors.load(index_dir)
    if vectors is None:
        return None, has_vectors(index_dir)
    return (vectors if vectors else None), False


def rerank_page(
    page: Any, stored: Callable[[Any], dict], vectors: Vectors, text: str, offset: int, limit: int
) -> Any:
    """``page`` (the engine's first results, DEPTH or more) with its first DEPTH hits re-ordered
    by their closeness to ``text``, then cut to ``offset`` and ``limit``; the facets and
    counts are left as they are. ``stored(key)`` is the engine's stored article."""
    query = embed_query(text)  # first: without the model, no stored article is read for nothing
    ids = [stored(key)["id"] for key, _ in page.hits[:DEPTH]]
    closeness = vectors.closeness(ids, query)
    order = rerank([score for _, score in page.hits[: len(ids)]], closeness)
    return arranged(page, order, offset, limit)


def arranged(page: Any, order: list[int], offset: int, limit: int) -> Any:
    """``page`` with its first hits in ``order`` (the rest as they were), cut to ``offset`` and
    ``limit``; with the engine's order when the model is missing."""
    order = order + list(range(len(order), len(page.hits)))

    def cut(values: list | None) -> list | None:
        return None if values is None else [values[i] for i in order][offset : offset + limit]

    return replace(page, hits=cut(page.hits), similar=cut(page.similar), groups=cut(page.groups))
