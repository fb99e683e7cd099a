"""Whole posting lists and field lengths of a Whoosh index as numpy arrays.

Whoosh's matchers hand out one posting at a time, a few Python calls per
document per term: a query of common syllables on the whole VNTC (84,000
articles) cost a second that way. Here a term's postings are decoded a block
at a time (whoosh3 writes blocks of 128 postings: delta-coded ids, a float
array of weights, the encoded positions) into numpy arrays, numbered like
the index's documents, deleted documents dropped.

This reads the block layout of whoosh3 3.54 (pinned in setup.cfg) through
``W3LeafMatcher``'s block methods; tests/test_whoosh_arrays.py compares
every term of an index with what Whoosh's own matchers give.

Segments never change once written, so what is decoded from one is kept in
a cache shared by every open reader of the process (keyed by segment id),
bounded in bytes: the common syllables every query asks for are decoded once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from pickle import loads
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from search.engines.whoosh.codec import ArrayLeafMatcher, block_arrays

__all__ = ["Postings", "cache_bytes"]

# Whoosh's length byte → length (its lossy logarithmic coding of field lengths).
_LENGTH_OF_BYTE = np.array([byte_to_length(b) or 0 for b in range(256)], dtype=np.float64)
_INT_SIZE = 4  # a Positions value starts with the frequency as an unsigned int
_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_WEIGHTS = np.zeros(0, dtype=np.float64)
_MISSING = object()  # cached: the segment has no such term
_Found = tuple[np.ndarray, np.ndarray, "list[bytes] | None", int]


class _Cache:
    """A least-recently-used map bounded by the bytes of its numpy values."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self._items: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        with self._lock:
            entry = self._items.get(key)
            if entry is None:
                return None
            self._items.move_to_end(key)
            return entry[0]

    def put(self, key: Any, value: Any, size: int) -> None:
        if size > self.budget // 4:
            return  # one list would push out everything else
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (value, size)
            self.used += size
            while self.used > self.budget:
                _, (_, freed) = self._items.popitem(last=False)
                self.used -= freed


_CACHE = _Cache(192 * 1024 * 1024)


def cache_bytes() -> int:
    """Bytes held by the decoded-postings cache (for the benchmarks)."""
    return _CACHE.used


def _blocks(matcher: Any, values: bool) -> tuple[np.ndarray, np.ndarray, list[bytes] | None]:
    """Every posting of one segment's term: ids, weights, and the encoded values if asked."""
    if isinstance(matcher, ArrayLeafMatcher):
        return _array_blocks(matcher, values)
    if not isinstance(matcher, W3LeafMatcher):  # postings inlined in the term info
        ids = np.asarray(list(matcher._ids), dtype=np.int64)
        weights = np.asarray(list(matcher._weights), dtype=np.float64)
        return ids, weights, (list(matcher._values) if values else None)
    # An index written by whoosh3's own codec: pickled blocks.
    id_parts: list[np.ndarray] = []
    weight_parts: list[Any] = []
    value_list: list[bytes] | None = [] if values else None
    while True:
        if matcher._data is None:
            matcher._read_data()
        deltas, weights, encoded = matcher._data
        count = matcher._blocklength
        id_parts.append(np.cumsum(np.asarray(deltas, dtype=np.int64)))
        if weights is None:
            weight_parts.append(np.ones(count, dtype=np.float64))
        elif isinstance(weights, float):
            weight_parts.append(np.full(count, weights, dtype=np.float64))
        else:
            weight_parts.append(np.asarray(weights, dtype=np.float64))
        if value_list is not None:
            value_list.extend(encoded)
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    ids = id_parts[0] if len(id_parts) == 1 else np.concatenate(id_parts)
    return ids, np.concatenate(weight_parts).astype(np.float64, copy=False), value_list


def _array_blocks(
    matcher: ArrayLeafMatcher, values: bool
) -> tuple[np.ndarray, np.ndarray, list[bytes] | None]:
    id_parts, weight_parts = [], []
    value_list: list[bytes] | None = [] if values else None
    while True:
        ids, weights, data, start = block_arrays(matcher)
        id_parts.append(ids)
        weight_parts.append(np.ones(len(ids)) if weights is None else weights.astype(np.float64))
        if value_list is not None:
            value_list.extend(matcher.block_values(data, start))
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    if len(id_parts) == 1:
        return id_parts[0], weight_parts[0], value_list
    return np.concatenate(id_parts), np.concatenate(weight_parts), value_list


class Postings:
    """Bulk reads over an open Whoosh reader (one segment or several).

    Document numbers are the reader's own (a segment's offset plus its
    number), as Whoosh's searcher and stored fields use them.
    """

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.leaves: list[tuple[Any, int, str]] = [
            (leaf, offset, leaf._segment.segment_id())
            for leaf, offset in reader.leaf_readers()
            if leaf.doc_count_all()  # an empty index's reader has no segment
        ]
        self.size = reader.doc_count_all()
        self.live = np.ones(self.size, dtype=bool)
        for leaf, offset, _ in self.leaves:
            deleted = leaf.deleted_docs_set
            if deleted:
                self.live[offset + np.fromiter(deleted, dtype=np.int64)] = False
        self.has_deletions = not bool(self.live.all())
        self._lengths: dict[str, np.ndarray] = {}

    def _segment_term(self, leaf: Any, segment: str, field: str, term: bytes, values: bool) -> _Found | None:
        key = (segment, field, term, values)
        found = _CACHE.get(key)
        if found is not None:
            return found if found is not _MISSING else None
        terms = leaf._terms
        try:
            info = terms.term_info(field, term)
        except TermNotFound:
            _CACHE.put(key, _MISSING, 64)
            return None
        matcher = terms._codec.postings_reader(terms._postfile, info, leaf.schema[field].format)
        ids, weights, encoded = _blocks(matcher, values)
        found = (ids, weights, encoded, info.doc_frequency())
        size = 64 + ids.nbytes + weights.nbytes + (sum(len(v) + 40 for v in encoded) if encoded else 0)
        _CACHE.put(key, found, size)
        return found

    def term(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray, int]:
        """(document numbers, weights) of every live document holding ``text``
        in ``field``, and the term's document frequency as Whoosh counts it
        (deleted documents included)."""
        ids, weights, _, df = self._read(field, text, values=False)
        return ids, weights, df

    def term_with_positions(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray, list[bytes], int]:
        """As :meth:`term`, with each posting's encoded positions (:func:`positions`)."""
        ids, weights, encoded, df = self._read(field, text, values=True)
        return ids, weights, encoded or [], df

    def _read(
        self, field: str, text: str, values: bool
    ) -> tuple[np.ndarray, np.ndarray, list[bytes] | None, int]:
        term = text.encode("utf-8")
        id_parts, weight_parts, value_parts = [], [], []
        df = 0
        for leaf, offset, segment in self.leaves:
            found = self._segment_term(leaf, segment, field, term, values)
            if found is None:
                continue
            ids, weights, encoded, count = found
            df += count
            id_parts.append(ids + offset)
            weight_parts.append(weights)
            if encoded is not None:
                value_parts.append(encoded)
        if not id_parts:
            return _EMPTY_IDS, _EMPTY_WEIGHTS, [] if values else None, 0
        ids = np.concatenate(id_parts)
        weights = np.concatenate(weight_parts)
        encoded = [v for part in value_parts for v in part] if values else None
        if self.has_deletions:
            keep = self.live[ids]
            if not keep.all():
                ids, weights = ids[keep], weights[keep]
                if encoded is not None:
                    encoded = [encoded[i] for i in np.flatnonzero(keep)]
        return ids, weights, encoded, df

    def every_term(self, field: str) -> Iterator[tuple[str, np.ndarray]]:
        """Each term of ``field`` with the live documents holding it (ascending within a segment)."""
        names, docs, number = self.term_table(field)
        order = np.argsort(number, kind="stable")
        bounds = np.searchsorted(number[order], np.arange(len(names) + 1))
        for n, name in enumerate(names):
            ids = docs[order[bounds[n] : bounds[n + 1]]]
            if len(ids):
                yield name, ids

    def term_table(self, field: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Every (live document, term) posting of ``field``: the terms, and for each posting
        its document number and its term's number in that list (a term of several
        segments is one term). One pass over the term dictionary: most speaker names
        hold a few articles, whose postings are in the term info itself, read without
        opening a matcher (3x faster than a matcher per term)."""
        numbers: dict[str, int] = {}
        small_docs: list[int] = []
        small_terms: list[int] = []
        big_docs: list[np.ndarray] = []
        big_terms: list[np.ndarray] = []
        for leaf, offset, _ in self.leaves:
            if field not in leaf.indexed_field_names():
                continue
            fmt = leaf.schema[field].format
            for term, info in leaf.iter_field(field):
                n = numbers.setdefault(term.decode("utf-8"), len(numbers))
                inlined = getattr(info, "_inlined", None)
                if inlined is not None:
                    small_docs.extend(d + offset for d in inlined[0])
                    small_terms.extend([n] * len(inlined[0]))
                else:
                    ids, _, _ = _blocks(leaf._terms.matcher(field, term, fmt), values=False)
                    big_docs.append(ids + offset)
                    big_terms.append(np.full(len(ids), n, dtype=np.int32))
        docs = np.concatenate([np.asarray(small_docs, dtype=np.int64), *big_docs])
        terms = np.concatenate([np.asarray(small_terms, dtype=np.int32), *big_terms])
        if self.has_deletions and len(docs):
            keep = self.live[docs]
            docs, terms = docs[keep], terms[keep]
        return list(numbers), docs, terms

    def lengths(self, field: str) -> np.ndarray:
        """Each document's length of ``field`` as Whoosh's scorer sees it (its length byte decoded)."""
        found = self._lengths.get(field)
        if found is not None:
            return found
        parts = []
        for leaf, _, segment in self.leaves:
            key = (segment, "_len", field)
            column = _CACHE.get(key)
            if column is None:
                column = _segment_lengths(leaf, field)
                _CACHE.put(key, column, column.nbytes)
            parts.append(column)
        found = np.concatenate(parts) if parts else np.zeros(0)
        self._lengths[field] = found
        return found


def _segment_lengths(leaf: Any, field: str) -> np.ndarray:
    count = leaf.doc_count_all()
    codes = np.zeros(count, dtype=np.uint8)
    perdoc = leaf._perdoc
    name = f"_{field}_len"
    if perdoc.has_column(name):
        colfile, offset, length = perdoc._get_column_file(name)
        try:
            raw = np.frombuffer(colfile.get(offset, min(length, count)), dtype=np.uint8)
        finally:
            colfile.close()
        codes[: len(raw)] = raw
    return _LENGTH_OF_BYTE[codes]


def positions(encoded: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """The positions of several Positions-format posting values: every
    position, one value after the other, and how many each value has."""
    deltas: list[int] = []
    counts = np.empty(len(encoded), dtype=np.int64)
    for i, value in enumerate(encoded):
        codes = loads(value[_INT_SIZE:])
        deltas.extend(codes)
        counts[i] = len(codes)
    running = np.cumsum(np.asarray(deltas, dtype=np.int64))
    # Each value's deltas start from 0: take away the running sum before it.
    ends = np.cumsum(counts)
    before = np.zeros(len(counts), dtype=np.int64)
    if len(counts) > 1:
        before[1:] = running[ends[:-1] - 1]
    return running - np.repeat(before, counts), counts
