"""Positions of a term in chosen documents only, inflating only the blocks that hold them.

A phrase needs the positions of its words only in the documents that hold
every word. Decoding a common syllable's whole list for that ("cho" in
"cho hđnd": 80,000 postings over 17 segments) cost a quarter of a second,
where the documents that hold both words are a dozen. Here the blocks of
each segment's list are walked by their headers (each says its last
document), and only a block holding a chosen document is inflated; of it,
only the chosen postings' positions are decoded.

Segments not written by :class:`ArrayCodec` (or without memory maps) are
not read here: :func:`positions_in` returns None and the caller reads the
whole list.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from whoosh.reading import TermNotFound

from search.engines.whoosh.codec import ArrayCodec, arrays_of, block_spans, inflate
from search.engines.whoosh.positions import _spans, decode, decode_each
from search.engines.whoosh.terms import posting_map, term_entry

__all__ = ["positions_in"]

_Leaf = tuple[Any, int, str]  # a segment's reader, its first document number, its id


def positions_in(
    leaves: list[_Leaf], field: str, text: str, docs: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """Every position of ``text`` in ``docs`` (ascending document numbers of the reader, each
    holding the term), document after document, and how many each has; as
    :meth:`PositionLists.take` gives them. None when a segment cannot be read this way."""
    term = text.encode("utf-8")
    found: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    bounds = [offset for _, offset, _ in leaves] + [np.iinfo(np.int64).max]
    cuts = np.searchsorted(docs, bounds)
    for (leaf, offset, _), lo, hi in zip(leaves, cuts, cuts[1:], strict=False):
        if hi == lo:
            continue
        terms = leaf._terms
        if type(terms._codec) is not ArrayCodec:
            return None
        postfile = posting_map(terms)
        if postfile is None:
            return None
        try:
            entry = term_entry(terms, field, term)
        except TermNotFound:
            entry = None
        if entry is None:
            return None
        local = docs[lo:hi] - offset
        _, inlined, start = entry
        if inlined is not None:
            ids, _, values = inlined
            at = np.searchsorted(np.asarray(ids, dtype=np.int64), local)
            flat, ends = decode_each([values[i] for i in at.tolist()])  # one to three postings
        else:
            flat, ends = _from_blocks(postfile, start, local)
        if len(ends) - 1 != len(local):
            raise ValueError(f"{field}:{text!r} is not in every document asked for")
        found.append(flat.astype(np.int64))
        counts.append(np.diff(ends))
    if not found:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(found), np.concatenate(counts)


def _from_blocks(postfile: Any, offset: int, local: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions of the postings of ``local`` (a segment's own document numbers) in the
    list at ``offset``: flat, and where each posting's start (as :func:`decode`)."""
    values: list[np.ndarray] = []
    lengths: list[np.ndarray] = []
    for data, ids, start in _chosen_blocks(postfile, offset, local):
        n = len(ids)
        rows = np.searchsorted(ids, local[(local >= ids[0]) & (local <= ids[-1])])
        sizes = np.frombuffer(data, dtype="<u4", count=n, offset=start).astype(np.int64)
        begins = start + 4 * n + np.cumsum(sizes) - sizes
        raw = np.frombuffer(data, dtype=np.uint8)
        values.append(raw[_spans(begins[rows], sizes[rows])])
        lengths.append(sizes[rows])
    return decode(np.concatenate(values), np.concatenate(lengths))


def _chosen_blocks(postfile: Any, offset: int, local: np.ndarray) -> Iterator[tuple[bytes, np.ndarray, int]]:
    """The blocks of the list at ``offset`` holding any of ``local``: bytes, ids, where values start."""
    previous = -1
    for n, last, body, compressed, uniform in block_spans(postfile, offset):
        # Any chosen document after the last block's and up to this one's last?
        if np.searchsorted(local, last, side="right") > np.searchsorted(local, previous, side="right"):
            ids, _, data, start = arrays_of(inflate(body, compressed), n, uniform)
            yield data, ids, start
        previous = last
