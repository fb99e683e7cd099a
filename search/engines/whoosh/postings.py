"""Whole posting lists and field lengths of a Whoosh index as numpy arrays.

Whoosh's matchers hand out one posting at a time, a few Python calls per
document per term: a query of common syllables on the whole VNTC (84,000
articles) cost a second that way. Here a term's postings are decoded a block
at a time (whoosh3 writes blocks of 128 postings: delta-coded ids, a float
array of weights, the encoded positions) into numpy arrays, numbered like
the index's documents, deleted documents dropped; positions are decoded for
a whole list at once (:mod:`search.engines.whoosh.positions`).

This reads the block layout of whoosh3 3.54 (pinned in setup.cfg): our
codec's blocks straight from memory maps of a segment's term and postings
files (:mod:`search.engines.whoosh.terms`, ``codec.blocks_in``), anything
else through ``W3LeafMatcher``'s block methods; tests/test_whoosh_arrays.py
compares every term of an index with what Whoosh's own matchers give.

Segments never change once written, so what is decoded from one is kept in
a cache shared by every open reader of the process (keyed by segment id),
bounded in bytes: the common syllables every query asks for are decoded once.
A term's lists of every segment, joined, are kept too (keyed by the segments
and their deletions), so a term asked for again costs no work per segment.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from search.engines.whoosh.chosen import positions_in
from search.engines.whoosh.codec import ArrayCodec, ArrayLeafMatcher, block_arrays, blocks_in, values_of
from search.engines.whoosh.positions import PositionLists, decode
from search.engines.whoosh.terms import posting_map, term_entry, term_info

__all__ = ["Postings", "cache_bytes", "joined_terms", "segment_terms"]

# Whoosh's length byte → length (its lossy logarithmic coding of field lengths).
_LENGTH_OF_BYTE = np.array([byte_to_length(b) or 0 for b in range(256)], dtype=np.float64)
_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_WEIGHTS = np.zeros(0, dtype=np.float64)
_MISSING = object()  # cached: the segment has no such term
_Values = tuple[np.ndarray, np.ndarray]  # encoded values: their bytes one after the other, their lengths
_Found = tuple[np.ndarray, np.ndarray, "_Values | None", int]  # ids, weights, positions (flat, offsets), df


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
# A phrase word's positions are read for its chosen documents only when they are
# fewer than this share of its list; else the whole list is read and kept.
CHOSEN_SHARE = 4


def cache_bytes() -> int:
    """Bytes held by the decoded-postings cache (for the benchmarks)."""
    return _CACHE.used


def _blocks(matcher: Any, values: bool) -> tuple[np.ndarray, np.ndarray, _Values | None]:
    """Every posting of one segment's term: ids, weights, and the encoded values if asked."""
    if isinstance(matcher, ArrayLeafMatcher):
        return _array_blocks(matcher, values)
    if not isinstance(matcher, W3LeafMatcher):  # postings inlined in the term info
        ids = np.asarray(list(matcher._ids), dtype=np.int64)
        weights = np.asarray(list(matcher._weights), dtype=np.float64)
        return ids, weights, (_joined(list(matcher._values)) if values else None)
    # An index written by whoosh3's own codec: pickled blocks.
    id_parts: list[np.ndarray] = []
    weight_parts: list[Any] = []
    value_list: list[bytes] = []
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
        if values:
            value_list.extend(encoded)
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    ids = id_parts[0] if len(id_parts) == 1 else np.concatenate(id_parts)
    weights = np.concatenate(weight_parts).astype(np.float64, copy=False)
    return ids, weights, (_joined(value_list) if values else None)


def _joined(values: list[bytes]) -> _Values:
    return np.frombuffer(b"".join(values), dtype=np.uint8), np.fromiter(
        map(len, values), np.int64, len(values)
    )


def _array_blocks(matcher: ArrayLeafMatcher, values: bool) -> tuple[np.ndarray, np.ndarray, _Values | None]:
    """As :func:`_blocks`, block by block through the matcher."""

    def each() -> Iterator[tuple[np.ndarray, np.ndarray | None, bytes, int]]:
        while True:
            yield block_arrays(matcher)
            if matcher._lastblock:
                return
            matcher._goto(matcher._nextoffset)

    return _joined_blocks(each(), values, matcher._fixedsize)


def _joined_blocks(
    blocks: Iterable[tuple[np.ndarray, np.ndarray | None, bytes, int]], values: bool, fixed: int | None
) -> tuple[np.ndarray, np.ndarray, _Values | None]:
    """A list's blocks joined; a block's values are sliced out of it as one array when they vary."""
    id_parts, weight_parts = [], []
    byte_parts: list[np.ndarray] = []
    length_parts: list[np.ndarray] = []
    for ids, weights, data, start in blocks:
        n = len(ids)
        id_parts.append(ids)
        weight_parts.append(np.ones(n) if weights is None else weights.astype(np.float64))
        if not values:
            pass
        elif (fixed is None or fixed < 0) and start < len(data):
            length_parts.append(np.frombuffer(data, dtype="<u4", count=n, offset=start))
            byte_parts.append(np.frombuffer(data, dtype=np.uint8, offset=start + 4 * n))
        else:
            buf, lengths = _joined([v or b"" for v in values_of(data, start, n, fixed)])
            byte_parts.append(buf)
            length_parts.append(lengths)
    raw: _Values | None = None
    if values:
        raw = (_one(byte_parts), _one(length_parts).astype(np.int64))
    return _one(id_parts), _one(weight_parts), raw


def _one(parts: list[np.ndarray]) -> np.ndarray:
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


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
        self._key = tuple((segment, leaf._segment.deleted_count()) for leaf, _, segment in self.leaves)
        self._lengths: dict[str, np.ndarray] = {}

    def _segment_term(self, leaf: Any, segment: str, field: str, term: bytes, values: bool) -> _Found | None:
        key = (segment, field, term, values)
        found = _CACHE.get(key)
        if found is not None:
            return found if found is not _MISSING else None
        terms = leaf._terms
        try:
            ids, weights, raw, df = self._postings(leaf, terms, field, term, values)
        except TermNotFound:
            _CACHE.put(key, _MISSING, 64)
            return None
        where = decode(*raw) if raw is not None else None  # every position, decoded once
        found = (ids, weights, where, df)
        size = 64 + ids.nbytes + weights.nbytes + (where[0].nbytes + where[1].nbytes if where else 0)
        _CACHE.put(key, found, size)
        return found

    @staticmethod
    def _postings(
        leaf: Any, terms: Any, field: str, term: bytes, values: bool
    ) -> tuple[np.ndarray, np.ndarray, _Values | None, int]:
        """One segment's list of ``term``: ids, weights, encoded values (if asked), df.
        Raises TermNotFound. Read from the memory-mapped files where the segment has them."""
        fixed = leaf.schema[field].format.fixed_value_size()
        postfile = posting_map(terms) if type(terms._codec) is ArrayCodec else None
        found = term_entry(terms, field, term) if postfile is not None else None
        if found is not None:
            df, inlined, offset = found
            if inlined is None:
                return (*_joined_blocks(blocks_in(postfile, offset, values), values, fixed), df)
            ids, weights, encoded = inlined
            raw = _joined(list(encoded)) if values else None
            return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64), raw, df
        info = term_info(terms, field, term)
        matcher = terms._codec.postings_reader(terms._postfile, info, leaf.schema[field].format)
        return (*_blocks(matcher, values), info.doc_frequency())

    def term(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray, int]:
        """(document numbers, weights) of every live document holding ``text``
        in ``field``, and the term's document frequency as Whoosh counts it
        (deleted documents included)."""
        ids, weights, _, df = self._read(field, text, values=False)
        return ids, weights, df

    def term_with_positions(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray, PositionLists, int]:
        """As :meth:`term`, with each posting's positions (:meth:`PositionLists.take`)."""
        ids, weights, where, df = self._read(field, text, values=True)
        return ids, weights, where or PositionLists([]), df

    def positions(self, field: str, text: str, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every position of ``text`` in ``docs`` (ascending, each holding it), document after
        document, and how many each has. For a few of the term's documents only their blocks are
        read (:mod:`.chosen`); for many, the whole list, which is kept for the next query."""
        whole = _CACHE.get((self._key, field, text, True))
        if whole is None and len(docs) * CHOSEN_SHARE < len(self._read(field, text, False)[0]):
            found = positions_in(self.leaves, field, text, docs)
            if found is not None:
                return found
        ids, _, where, _ = whole or self._read(field, text, True)
        return where.take(np.searchsorted(ids, docs))

    def _read(
        self, field: str, text: str, values: bool
    ) -> tuple[np.ndarray, np.ndarray, PositionLists | None, int]:
        """The term over every segment, kept whole in the cache too: a typical query
        asks for the same common syllables as the last, in every segment."""
        key = (self._key, field, text, values)
        found = _CACHE.get(key)
        if found is None and not values:
            found = _CACHE.get((self._key, field, text, True))
        if found is None:
            found = self._gather(field, text, values)
            ids, weights, where, _ = found
            ids.flags.writeable = weights.flags.writeable = False  # shared by every query
            size = 64 + ids.nbytes + weights.nbytes + (where.nbytes if where is not None else 0)
            _CACHE.put(key, found, size)
        return found

    def _gather(
        self, field: str, text: str, values: bool
    ) -> tuple[np.ndarray, np.ndarray, PositionLists | None, int]:
        term = text.encode("utf-8")
        id_parts, weight_parts, position_parts = [], [], []
        df = 0
        for leaf, offset, segment in self.leaves:
            found = self._segment_term(leaf, segment, field, term, values)
            if found is None:
                continue
            ids, weights, where, count = found
            df += count
            id_parts.append(ids + offset)
            weight_parts.append(weights)
            if where is not None:
                position_parts.append(where)
        if not id_parts:
            return _EMPTY_IDS, _EMPTY_WEIGHTS, PositionLists([]) if values else None, 0
        ids = np.concatenate(id_parts)
        weights = np.concatenate(weight_parts)
        where = PositionLists(position_parts) if values else None
        if self.has_deletions:
            keep = self.live[ids]
            if not keep.all():
                ids, weights = ids[keep], weights[keep]
                if where is not None:
                    where = where.only(keep)
        return ids, weights, where, df

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
        segments is one term)."""
        parts = [(offset, *segment_terms(leaf, field)) for leaf, offset, _ in self.leaves]
        numbers, docs, terms = joined_terms(parts, self.live)
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


def segment_terms(leaf: Any, field: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Every (document, term) posting of ``field`` in one segment, deleted documents
    too: its terms in order, and for each posting its document (the segment's own
    number) and its term's number. One pass over the term dictionary: most speaker
    names hold a few articles, whose postings are in the term info itself, read
    without opening a matcher (3x faster than a matcher per term)."""
    names: list[str] = []
    small_docs: list[int] = []
    small_terms: list[int] = []
    big_docs: list[np.ndarray] = []
    big_terms: list[np.ndarray] = []
    if field in leaf.indexed_field_names():
        fmt = leaf.schema[field].format
        for term, info in leaf.iter_field(field):
            n = len(names)
            names.append(term.decode("utf-8"))
            inlined = getattr(info, "_inlined", None)
            if inlined is not None:
                small_docs.extend(inlined[0])
                small_terms.extend([n] * len(inlined[0]))
            else:
                ids, _, _ = _blocks(leaf._terms.matcher(field, term, fmt), values=False)
                big_docs.append(ids)
                big_terms.append(np.full(len(ids), n, dtype=np.int64))
    docs = np.concatenate([np.asarray(small_docs, dtype=np.int64), *big_docs])
    terms = np.concatenate([np.asarray(small_terms, dtype=np.int64), *big_terms])
    return names, docs, terms


def joined_terms(
    parts: list[tuple[int, list[str], np.ndarray, np.ndarray]], live: np.ndarray
) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """Segments' ``(offset, names, docs, terms)`` as one table of the index: the names
    numbered by first appearance (a name of several segments is one), each live
    posting's document number and name number. Dictionaries built from iterators:
    no Python step per name (50,000 speakers)."""
    numbers = dict.fromkeys(chain.from_iterable(names for _, names, _, _ in parts))
    numbers = dict(zip(numbers, range(len(numbers)), strict=True))
    docs = [np.zeros(0, dtype=np.int64)]
    terms = [np.zeros(0, dtype=np.int32)]
    for offset, names, segment_docs, segment_terms_ in parts:
        renumber = np.fromiter(map(numbers.__getitem__, names), dtype=np.int32, count=len(names))
        docs.append(np.asarray(segment_docs, dtype=np.int64) + offset)
        terms.append(renumber[segment_terms_])
    entry_doc, entry_term = np.concatenate(docs), np.concatenate(terms)
    if len(entry_doc) and not live.all():
        keep = live[entry_doc]
        entry_doc, entry_term = entry_doc[keep], entry_term[keep]
    return numbers, entry_doc, entry_term
