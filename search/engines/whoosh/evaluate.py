"""Our query tree run term at a time over whole posting lists, with numpy.

Each node gives every matching document with its score, as two arrays
(document numbers, ascending, and scores). A term's score is Whoosh's BM25F
(B 0.75, K1 1.2, its idf and average field length over the whole index)
times the term's boost, computed in the same order of operations as
``whoosh.scoring.bm25``; a compound node adds up its matching children, a
phrase the scores of its words where they stand next to each other, as
Whoosh's matchers do. So the matches and the scores are Whoosh's own
(tests/test_whoosh_arrays.py compares them on many queries), at the cost of a
few numpy operations per posting list instead of Python calls per posting.

Documents that cannot matter are left out early: an AND narrows its later
children to what its first matched, the optional part of an AND-MAYBE and the
negative part of an AND-NOT to what the required part matched.
"""

from __future__ import annotations

from math import log
from typing import Any

import numpy as np

from search.engines.whoosh.postings import Postings
from search.query import tree as qt

__all__ = ["Evaluator", "Matches"]

B = 0.75
K1 = 1.2
Matches = tuple[np.ndarray, np.ndarray]  # (document numbers ascending, scores)
_NONE: Matches = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


class Evaluator:
    """Runs query trees against one open Whoosh searcher."""

    def __init__(self, searcher: Any, postings: Postings) -> None:
        self.searcher = searcher
        self.postings = postings
        self.size = postings.size
        self._avg: dict[str, float] = {}

    def run(self, node: qt.Node) -> Matches:
        """Every live document ``node`` matches, with its score."""
        return self._eval(node, None)

    # -- scoring

    def _avg_length(self, field: str) -> float:
        found = self._avg.get(field)
        if found is None:
            found = self._avg[field] = self.searcher.avg_field_length(field) or 1
        return found

    def _idf(self, df: int) -> float:
        """Whoosh's idf of a term held by ``df`` documents."""
        return log(self.searcher.doc_count_all() / (df + 1)) + 1

    def _bm25(self, field: str, df: int, ids: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Whoosh's BM25F of a term of ``field`` held by ``df`` documents (its idf, its average length)."""
        idf = self._idf(df)
        avgfl = self._avg_length(field)
        fl = self.postings.lengths(field)[ids]
        return idf * ((weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * fl / avgfl)))

    # -- the nodes

    def _eval(self, node: qt.Node, within: np.ndarray | None) -> Matches:
        """``within``: a mask of the documents still possible (None: all)."""
        if isinstance(node, qt.Term):
            return self._term(node, within)
        if isinstance(node, qt.Phrase):
            return self._phrase(node, within)
        if isinstance(node, qt.Or):
            return self._combine([self._eval(c, within) for c in node.children], 1)
        if isinstance(node, qt.AtLeast):
            if node.count < 1:
                return _NONE
            return self._combine([self._eval(c, within) for c in node.children], node.count)
        if isinstance(node, qt.And):
            return self._and(node.children, within)
        if isinstance(node, qt.AndMaybe):
            return self._and_maybe(node, within)
        if isinstance(node, qt.AndNot):
            ids, scores = self._eval(node.positive, within)
            if not len(ids):
                return _NONE
            neg, _ = self._eval(node.negative, self._mask(ids))
            keep = ~np.isin(ids, neg, assume_unique=True)
            return ids[keep], scores[keep]
        if isinstance(node, qt.Every):
            live = self.postings.live if within is None else self.postings.live & within
            ids = np.flatnonzero(live).astype(np.int64)
            return ids, np.ones(len(ids))  # Whoosh's Every scores 1 a document
        if isinstance(node, qt.Nothing):
            return _NONE
        raise TypeError(f"not a query node: {node!r}")

    def _mask(self, ids: np.ndarray) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[ids] = True
        return mask

    def _term(self, node: qt.Term, within: np.ndarray | None) -> Matches:
        ids, weights, df = self.postings.term(node.field, node.text)
        if within is not None and len(ids):
            keep = within[ids]
            ids, weights = ids[keep], weights[keep]
        if not len(ids):
            return _NONE
        if node.flat:
            return ids, np.full(len(ids), node.boost * self._idf(df))
        scores = self._bm25(node.field, df, ids, weights)
        if node.boost != 1.0:
            scores = scores * node.boost
        return ids, scores

    def _combine(self, parts: list[Matches], need: int) -> Matches:
        """Documents matched by at least ``need`` of ``parts``, scored by the sum of those."""
        parts = [p for p in parts if len(p[0])]
        if len(parts) < need:
            return _NONE
        if len(parts) == 1:
            return parts[0]
        ids = np.concatenate([p[0] for p in parts])
        scores = np.concatenate([p[1] for p in parts])
        if len(ids) * 16 < self.size:
            # Few postings: sum over the distinct documents, not the whole index.
            docs, where = np.unique(ids, return_inverse=True)
            counts = np.bincount(where, minlength=len(docs))
            sums = np.bincount(where, weights=scores, minlength=len(docs))
            hit = counts >= need
            return docs[hit], sums[hit]
        counts = np.bincount(ids, minlength=self.size)
        sums = np.bincount(ids, weights=scores, minlength=self.size)
        docs = np.flatnonzero(counts >= need)
        return docs.astype(np.int64, copy=False), sums[docs]

    def _and(self, children: tuple[qt.Node, ...], within: np.ndarray | None) -> Matches:
        parts: list[Matches] = []
        for child in children:
            ids, scores = self._eval(child, within)
            if not len(ids):
                return _NONE
            parts.append((ids, scores))
            within = self._mask(ids) if within is None else within & self._mask(ids)
        return self._combine(parts, len(parts))

    def _and_maybe(self, node: qt.AndMaybe, within: np.ndarray | None) -> Matches:
        ids, scores = self._eval(node.required, within)
        if not len(ids):
            return _NONE
        extra, extra_scores = self._eval(node.optional, self._mask(ids))
        if len(extra):
            scores = scores.copy()
            scores[np.searchsorted(ids, extra)] += extra_scores
        return ids, scores

    def _phrase(self, node: qt.Phrase, within: np.ndarray | None) -> Matches:
        words = node.words
        lists = []
        for word in words:
            ids, weights, df = self.postings.term(node.field, word)
            if not len(ids):
                return _NONE
            lists.append((ids, weights, df))
        docs = lists[0][0]
        if within is not None:
            docs = docs[within[docs]]
        for ids, _, _ in lists[1:]:
            docs = _intersect(docs, ids)
        if not len(docs):
            return _NONE
        if len(words) > 1:
            docs = self._adjacent(docs, node.field, words)
            if not len(docs):
                return _NONE
        total = np.zeros(len(docs))
        for ids, weights, df in lists:
            at = np.searchsorted(ids, docs)
            total = total + self._bm25(node.field, df, docs, weights[at])
        if node.boost != 1.0:
            total = total * node.boost
        return docs, total

    def _adjacent(self, docs: np.ndarray, field: str, words: tuple[str, ...]) -> np.ndarray:
        """Of ``docs`` (holding every word), those where the words stand in order, each right after the last."""
        starts: np.ndarray | None = None
        alive = np.arange(len(docs), dtype=np.int64)  # the candidates still possible
        for i, word in enumerate(words):
            found, counts = self.postings.positions(field, word, docs[alive])
            # key: candidate number × 2^32 + where the phrase would start (ascending: positions are)
            keys = np.repeat(alive << 32, counts) + (found - i)
            starts = keys if starts is None else _intersect(starts, keys)
            if not len(starts):
                return docs[:0]
            alive = np.unique(starts >> 32)
        return docs[alive]


def _intersect(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The values in both ascending arrays of distinct values (ascending)."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return a
    at = np.searchsorted(b, a)
    at[at == len(b)] = 0
    return a[b[at] == a]
