"""A worker's postings gathered in memory and written a term at a time with numpy.

Whoosh's ``SegmentWriter`` hands every posting of a segment to a
``PostingPool``: an external sort that pickles each posting to a temporary
run file, unpickles it again, merges the runs with ``heapq``, and then feeds
``FieldWriter.add_postings`` one posting at a time, which reads the field
length of the posting's document from the column it just wrote. On VNTC
articles (about 1,050 postings each) that took 46 ms an article: 73% of the
Whoosh engine's ingest, more than the whole Vietnamese analysis.

:class:`ArrayPool` stands in for the pool: it numbers each field's terms and
appends every posting to flat arrays (term number, document, weight, value
bytes). :func:`write_postings` then sorts each field's postings by term once
(numpy, stable: documents stay ascending within a term) and writes each term's
list as :class:`search.engines.whoosh.codec.ArrayPostingsWriter` would: the
same blocks, headers, term entries and inlined short lists, byte for byte
(tests/test_whoosh_inverter.py compares the files both ways write).
"""

from __future__ import annotations

import struct
import zlib
from array import array
from pickle import dumps
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import COMPRESSION_MIN_SIZE, WHOOSH3_HEADER_MAGIC
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

__all__ = ["ArrayPool", "ArraySegmentWriter", "write_postings"]

_TERM_INFO = struct.Struct("!BfIBBfII")  # whoosh3's W3TermInfo header
_LENGTH_OF_BYTE = np.array([byte_to_length(b) or 0 for b in range(256)], dtype=np.int64)


class _Field:
    """One field's postings in the order they came (documents ascending)."""

    __slots__ = ("terms", "term", "doc", "weight", "size", "values")

    def __init__(self) -> None:
        self.terms: dict[bytes, int] = {}
        self.term = array("I")
        self.doc = array("I")
        self.weight = array("d")
        self.size = array("I")  # bytes of each posting's value (0: none)
        self.values = bytearray()


class ArrayPool:
    """What ``SegmentWriter`` calls its pool: ``add`` a posting, ``cleanup``."""

    def __init__(self) -> None:
        self.fields: dict[str, _Field] = {}

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        name, text, doc, weight, value = item
        if doc < 0:  # whoosh's marker of a spelling word, which its writer drops too
            return
        field = self.fields.get(name)
        if field is None:
            field = self.fields[name] = _Field()
        term = field.terms.get(text)
        if term is None:
            term = field.terms[text] = len(field.terms)
        field.term.append(term)
        field.doc.append(doc)
        field.weight.append(weight)
        if value:
            field.size.append(len(value))
            field.values += value
        else:
            field.size.append(0)

    def cleanup(self) -> None:
        self.fields.clear()


class ArraySegmentWriter(SegmentWriter):
    """A ``SegmentWriter`` whose postings go through :class:`ArrayPool`."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.pool.cleanup()  # Whoosh's own pool: nothing in it yet
        self.pool = ArrayPool()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        try:
            write_postings(self.fieldwriter, self.schema, lengths, self.pool)
        finally:
            lengths.close()
        self.fieldwriter.close()


def _field_lengths(perdoc: Any, field: str, count: int) -> np.ndarray:
    """Each document's length of ``field`` as Whoosh's writer reads it back (0: none)."""
    codes = np.zeros(count, dtype=np.uint8)
    name = f"_{field}_len"
    if perdoc.has_column(name):
        colfile, offset, length = perdoc._get_column_file(name)
        try:
            raw = np.frombuffer(colfile.get(offset, min(length, count)), dtype=np.uint8)
        finally:
            colfile.close()
        codes[: len(raw)] = raw
    return _LENGTH_OF_BYTE[codes]


def write_postings(fieldwriter: Any, schema: Any, perdoc: Any, pool: ArrayPool) -> None:
    """Every field's postings, fields and terms in order, into ``fieldwriter``'s files."""
    for name in sorted(pool.fields):
        field = pool.fields[name]
        fieldobj = schema[name]
        fieldwriter.start_field(name, fieldobj)
        writer = fieldwriter._postwriter
        _write_field(
            fieldwriter, writer, fieldobj.format, field, _field_lengths(perdoc, name, perdoc.doc_count_all())
        )
        fieldwriter.finish_field()
    pool.cleanup()


def _write_field(fieldwriter: Any, writer: Any, fmt: Any, field: _Field, lengths: np.ndarray) -> None:
    texts = sorted(field.terms)
    rank = np.empty(len(texts), dtype=np.int64)
    rank[[field.terms[t] for t in texts]] = np.arange(len(texts))
    ranks = rank[np.frombuffer(field.term, dtype=np.uint32)]
    order = np.argsort(ranks, kind="stable")
    del ranks
    counts = np.bincount(rank[np.frombuffer(field.term, dtype=np.uint32)], minlength=len(texts))
    sizes = np.frombuffer(field.size, dtype=np.uint32).astype(np.int64)
    starts = (np.cumsum(sizes) - sizes)[order]
    sizes = sizes[order]
    # The values' bytes in term order, one after the other: a term's values are one slice.
    ends = np.cumsum(sizes)
    total = int(ends[-1]) if len(ends) else 0
    if total:
        at = np.repeat(starts - (ends - sizes), sizes) + np.arange(total)
        data = np.frombuffer(field.values, dtype=np.uint8)[at].tobytes()
        del at
    else:
        data = b""
    del starts
    docs = np.frombuffer(field.doc, dtype=np.uint32)[order]
    weights = np.frombuffer(field.weight, dtype=np.float64)[order]
    del order
    out = _Out(fieldwriter._postfile.tell(), writer, fmt.fixed_value_size())
    out.prepare(counts, docs, weights, lengths[docs], sizes, ends, data)
    key = pack_ushort(fieldwriter._fieldid)
    add = fieldwriter._tindex.add
    for number, text in enumerate(texts):
        add(key + text, out.term(number))
    fieldwriter._postfile.write(bytes(out.buffer))


_NO_LENGTH = np.iinfo(np.int64).max


def _per_block(ufunc: np.ufunc, values: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """``ufunc`` over each ``values[start:end]`` (the blocks are not side by side)."""
    at = np.empty(2 * len(starts), dtype=np.int64)
    at[0::2], at[1::2] = starts, ends
    padded = np.concatenate((values, values[:1]))  # an end may be the last posting's end
    return ufunc.reduceat(padded, at)[0::2]


class _Out:
    """Blocks and term entries as ``ArrayPostingsWriter`` and ``W3TermInfo`` write them.

    What every block and term needs is computed for all of them at once
    (``reduceat`` over the block boundaries); the loop over terms only
    assembles bytes. Short lists, written inside their term's entry, are
    handled in Python: a numpy call costs more than their one to three items.
    """

    def __init__(self, base: int, writer: Any, fixed: int | None) -> None:
        self.base = base
        self.buffer = bytearray()
        self.block_limit = writer._blocklimit
        self.inline_limit = writer._inlinelimit
        self.compression = writer._compression
        self.sized = fixed is None or fixed < 0

    def prepare(
        self,
        counts: np.ndarray,
        docs: np.ndarray,
        weights: np.ndarray,
        lengths: np.ndarray,
        sizes: np.ndarray,
        ends: np.ndarray,
        data: bytes,
    ) -> None:
        bounds = np.concatenate(([0], np.cumsum(counts)))
        self.bounds = bounds.tolist()
        self.data = data
        self.docs = docs
        self.w32 = weights.astype("<f4")
        self.sizes = sizes.astype("<u4")
        self.ends = ends
        inline = counts < self.inline_limit
        # The postings of inlined terms, as Python values, numbered apart.
        small = np.repeat(inline, counts)
        self.small_bounds = np.concatenate(([0], np.cumsum(np.where(inline, counts, 0)))).tolist()
        self.small_docs = docs[small].tolist()
        self.small_w32 = self.w32[small].tolist()
        self.small_weights = weights[small].tolist()
        self.small_lengths = lengths[small].tolist()
        self.small_ends = ends[small].tolist()
        self.small_begins = (ends - sizes)[small].tolist()
        self.inline = inline.tolist()
        # Blocks of the other terms: each term's postings cut every block_limit.
        big = np.flatnonzero(~inline)
        per_term = (counts[big] + self.block_limit - 1) // self.block_limit
        first = np.repeat(bounds[big], per_term)
        step = np.arange(len(first)) - np.repeat(np.cumsum(per_term) - per_term, per_term)
        block_starts = first + step * self.block_limit
        self.term_blocks = np.zeros(len(counts) + 1, dtype=np.int64)
        self.term_blocks[big + 1] = per_term
        self.term_blocks = np.cumsum(self.term_blocks).tolist()
        self.block_ends = np.minimum(
            block_starts + self.block_limit, np.repeat(bounds[big + 1], per_term)
        ).tolist()
        self.block_starts = block_starts.tolist()
        if len(block_starts):
            ends_ = np.asarray(self.block_ends, dtype=np.int64)
            w64 = self.w32.astype(np.float64)
            self.block_sum = _per_block(np.add, w64, block_starts, ends_).tolist()
            self.block_top = _per_block(np.maximum, weights, block_starts, ends_).tolist()
            low = _per_block(np.minimum, np.where(lengths > 0, lengths, _NO_LENGTH), block_starts, ends_)
            self.block_low = [None if x == _NO_LENGTH else x for x in low.tolist()]
            self.block_high = _per_block(np.maximum, lengths, block_starts, ends_).tolist()
            self.block_not_one = _per_block(
                np.add, (self.w32 != 1.0).astype(np.int64), block_starts, ends_
            ).tolist()
            self.block_valued = _per_block(np.add, (sizes > 0).astype(np.int64), block_starts, ends_).tolist()

    def term(self, number: int) -> bytes:
        """The term entry of term ``number``; its blocks are added to the buffer."""
        stats = _Stats()
        if self.inline[number]:
            lo, hi = self.small_bounds[number], self.small_bounds[number + 1]
            ids = tuple(self.small_docs[lo:hi])
            w32 = tuple(self.small_w32[lo:hi])
            present = [n for n in self.small_lengths[lo:hi] if n]
            top = max(self.small_weights[lo:hi])
            stats.add(
                ids[0],
                ids[-1],
                hi - lo,
                sum(w32),
                top,
                min(present) if present else None,
                max(present, default=0),
            )
            data = self.data
            values = tuple(
                data[b:e]
                for b, e in zip(self.small_begins[lo:hi], self.small_ends[lo:hi], strict=True)
                if e > b
            )
            return stats.pack(True) + dumps((ids, w32, values), 2)
        start = self.base + len(self.buffer)
        self.buffer += WHOOSH3_HEADER_MAGIC
        first, last = self.term_blocks[number], self.term_blocks[number + 1]
        for block in range(first, last):
            self._block(stats, block, block == last - 1)
        length = self.base + len(self.buffer) - start
        return stats.pack(False) + pack_long(start) + pack_int(length)

    def _block(self, stats: _Stats, block: int, last: bool) -> None:
        lo, hi = self.block_starts[block], self.block_ends[block]
        docs = self.docs[lo:hi]
        top = self.block_top[block]
        top = top if top > 0 else 0  # add_posting keeps a maximum from 0 (an int)
        low, high = self.block_low[block], self.block_high[block]
        first_id, last_id = int(docs[0]), int(docs[-1])
        stats.add(first_id, last_id, hi - lo, self.block_sum[block], top, low, high)
        parts = [np.diff(docs, prepend=np.uint32(0)).astype("<u4").tobytes()]
        uniform = not self.block_not_one[block]
        if not uniform:
            parts.append(self.w32[lo:hi].tobytes())
        valued = self.block_valued[block]
        if valued and valued != hi - lo:
            raise ValueError("a block with empty and non-empty values")  # as ArrayPostingsWriter
        if valued:
            if self.sized:
                parts.append(self.sizes[lo:hi].tobytes())
            parts.append(self.data[int(self.ends[lo] - self.sizes[lo]) : int(self.ends[hi - 1])])
        raw = b"".join(parts)
        comp = self.compression if len(raw) >= COMPRESSION_MIN_SIZE else 0
        if comp:
            raw = zlib.compress(raw, comp)
        header = dumps((hi - lo, last_id, top, (comp, uniform), length_to_byte(low), length_to_byte(high)), 2)
        size = len(header) + len(raw)
        self.buffer += pack_int(-size if last else size)
        self.buffer += header
        self.buffer += raw


class _Stats:
    """A term's statistics over its blocks, in ``W3TermInfo.add_block``'s order of operations."""

    __slots__ = ("weight", "df", "min_length", "max_length", "max_weight", "min_id", "max_id")

    def __init__(self) -> None:
        self.weight = 0.0
        self.df = 0
        self.min_length: int | None = None
        self.max_length = 0
        self.max_weight: float | int = 0
        self.min_id: int | None = None
        self.max_id = 0

    def add(
        self, first: int, last: int, count: int, weight: float, top: float, low: int | None, high: int
    ) -> None:
        """Add a block: its first and last ids, postings, summed weights, top weight and lengths."""
        self.weight += weight
        self.df += count
        if self.min_length is None:
            self.min_length = low
        elif low is not None:
            self.min_length = min(self.min_length, low)
        self.max_length = max(self.max_length, high)
        self.max_weight = max(self.max_weight, top if top > 0 else 0)
        if self.min_id is None:
            self.min_id = first
        self.max_id = last

    def pack(self, inlined: bool) -> bytes:
        return _TERM_INFO.pack(
            inlined,
            self.weight,
            self.df,
            0 if self.min_length is None else length_to_byte(self.min_length),
            length_to_byte(self.max_length),
            self.max_weight,
            0xFFFFFFFF if self.min_id is None else self.min_id,
            0xFFFFFFFF if self.max_id is None else self.max_id,
        )
