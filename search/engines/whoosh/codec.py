"""Whoosh 3's codec with posting blocks numpy reads without unpickling.

whoosh3 writes each block of postings as one pickled tuple of Python ids,
weights and value strings: reading a block's document numbers unpickles all
of it, the positions too (about 0.8 µs a posting; a query of common
syllables on the whole VNTC read two million postings that way). Here a
block is raw arrays: the id deltas (uint32), the weights (float32, left out
when all are 1), then the values, their lengths (uint32) before their bytes
when they vary; zlib-compressed as whoosh3 does. Blocks hold up to 1,024
postings (whoosh3: 128), as nothing skips inside a list any more.

Everything else is whoosh3's: the block header (count, last id, top weight,
compression, length bytes), the term entries (short lists inlined), the
matcher interface Whoosh's own searcher uses (tests/test_whoosh_arrays.py
checks both ways of reading give the same). The codec is recorded in each
segment, so an index keeps being read with the codec that wrote it.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from collections.abc import Iterator
from io import BytesIO
from pickle import dumps
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import (
    COMPRESSION_MIN_SIZE,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3LeafMatcher,
    W3PostingsWriter,
    W3TermInfo,
)
from whoosh.reading import CorruptIndexError
from whoosh.util.numeric import length_to_byte

__all__ = [
    "ArrayCodec",
    "ArrayLeafMatcher",
    "arrays_of",
    "block_arrays",
    "block_spans",
    "blocks_in",
    "inflate",
    "values_of",
]

_INT = struct.Struct("!i")  # a block's size, negative for the last block of a list

BLOCK_LIMIT = 1024
# Lists of fewer postings are written inside the term's entry: most terms
# of a segment (pairs, words, rare syllables) are in one to three of its
# articles, and a block costs a header, a seek and its own compression.
INLINE_LIMIT = 4

# whoosh3 3.54 calls ``set_inline`` on the term info, a method it names
# ``set_inlined``: without this its inlining fails (its default leaves it off).
if not hasattr(W3TermInfo, "set_inline"):
    W3TermInfo.set_inline = W3TermInfo.set_inlined


class ArrayCodec(W3Codec):
    def __init__(self, blocklimit: int = BLOCK_LIMIT, compression: int = 3, inlinelimit: int = INLINE_LIMIT):
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        cls = W3PostingsWriter if byteids else ArrayPostingsWriter
        return cls(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None):
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return ArrayLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class ArrayPostingsWriter(W3PostingsWriter):
    def _write_block(self, last: bool = False) -> None:
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids = np.frombuffer(self._ids, dtype=np.uint32)
        parts = [np.diff(ids, prepend=np.uint32(0)).astype("<u4").tobytes()]
        weights = self._weights
        uniform = all(w == 1.0 for w in weights)
        if not uniform:
            parts.append(np.frombuffer(weights, dtype=np.float32).astype("<f4").tobytes())
        values = self._values
        fixed = self._format.fixed_value_size()
        if values and len(values) != len(ids):
            raise ValueError("a block with empty and non-empty values")  # whoosh3 drops empty ones
        if values and (fixed is None or fixed < 0):
            parts.append(np.fromiter(map(len, values), dtype="<u4", count=len(values)).tobytes())
        parts.extend(values)
        data = b"".join(parts)
        comp = self._compression if len(data) >= COMPRESSION_MIN_SIZE else 0
        if comp:
            data = zlib.compress(data, comp)
        # The header's compression slot also says whether weights are stored.
        info = dumps(
            (
                len(ids),
                int(ids[-1]),
                self._maxweight,
                (comp, uniform),
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            ),
            2,
        )
        size = len(info) + len(data)
        self._postfile.write_int(-size if last else size)
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()


def block_arrays(matcher: ArrayLeafMatcher) -> tuple[np.ndarray, np.ndarray | None, bytes, int]:
    """The current block: document numbers (int64), weights (None when all
    are 1), the raw bytes and where its values start in them."""
    return arrays_of(matcher._block_bytes(), matcher._blocklength, matcher._uniform)


def arrays_of(data: bytes, n: int, uniform: bool) -> tuple[np.ndarray, np.ndarray | None, bytes, int]:
    """A block's ``n`` document numbers (gaps, summed), weights (None when ``uniform``: all 1),
    its bytes and where its values start."""
    ids = np.cumsum(np.frombuffer(data, dtype="<u4", count=n), dtype=np.int64)
    if uniform:
        return ids, None, data, 4 * n
    return ids, np.frombuffer(data, dtype="<f4", count=n, offset=4 * n), data, 8 * n


def values_of(data: bytes, start: int, n: int, fixed: int | None) -> tuple[Any, ...]:
    """The ``n`` values of a block's bytes ``data`` that start at ``start``, for a format
    whose values have ``fixed`` bytes (None or negative: each its own length)."""
    if fixed is None or fixed < 0:
        if start == len(data):  # no values written (an empty value each)
            return (b"",) * n
        lengths = np.frombuffer(data, dtype="<u4", count=n, offset=start)
        ends = (start + 4 * n + np.cumsum(lengths)).tolist()
        begins = [start + 4 * n, *ends[:-1]]
        return tuple(data[b:e] for b, e in zip(begins, ends, strict=True))
    if fixed == 0:
        return (None,) * n
    return tuple(data[i : i + fixed] for i in range(start, start + fixed * n, fixed))


def block_spans(buf: Any, offset: int) -> Iterator[tuple[int, int, memoryview, bool, bool]]:
    """Each block of the posting list at ``offset`` in ``buf`` (the postings file, a memory
    map of it), from its header: its count, its last document, its bytes as written,
    whether they are compressed, whether its weights are all 1. The last block's size
    is negative (the term entry's length is not used: whoosh3 reads it back as a tuple)."""
    if buf[offset : offset + 4] != WHOOSH3_HEADER_MAGIC:
        raise CorruptIndexError(f"Bad postings block tag at offset {offset}: rebuild the index.")
    position = offset + 4
    view = memoryview(buf)
    while True:
        (size,) = _INT.unpack_from(buf, position)
        start, stop = position + 4, position + 4 + abs(size)
        if stop > len(buf):
            raise CorruptIndexError(
                f"A postings block past the end of the file at {position}: rebuild the index."
            )
        reader = BytesIO(view[start:stop])
        n, last, _maxweight, (compression, uniform), _mn, _mx = pickle.load(reader)
        yield n, last, view[start + reader.tell() : stop], bool(compression), uniform
        if size < 0:
            return
        position = stop


def inflate(body: memoryview, compressed: bool, prefix: int | None = None) -> bytes:
    """A block's bytes as written, uncompressed; only the first ``prefix`` of them if given."""
    if not compressed:
        return bytes(body)
    if prefix is None:
        return zlib.decompress(body)
    return zlib.decompressobj().decompress(body, prefix)


def blocks_in(
    buf: Any, offset: int, values: bool = True
) -> Iterator[tuple[np.ndarray, np.ndarray | None, bytes, int]]:
    """Every block of the posting list at ``offset`` in ``buf``, as :func:`block_arrays` gives
    the current block of a matcher: one loop over the bytes instead of a matcher's seek, read
    and unpickling per block. Without ``values`` only the ids and weights at the start of a
    block are inflated (the positions after them are most of its bytes), and the bytes given
    hold no values."""
    for n, _last, body, compressed, uniform in block_spans(buf, offset):
        data = inflate(body, compressed, None if values else (4 if uniform else 8) * n)
        yield arrays_of(data, n, uniform)


class ArrayLeafMatcher(W3LeafMatcher):
    """whoosh3's leaf matcher over :class:`ArrayPostingsWriter` blocks."""

    def _goto(self, position: int) -> None:
        super()._goto(position)
        self._compression, self._uniform = self._compression
        self._bytes: bytes | None = None

    def _block_bytes(self) -> bytes:
        if self._bytes is None:
            data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
            self._bytes = zlib.decompress(data) if self._compression else data
        return self._bytes

    def block_values(self, data: bytes, start: int) -> tuple[Any, ...]:
        """The current block's values, from its bytes (:func:`block_arrays`)."""
        return values_of(data, start, self._blocklength, self._fixedsize)

    def _read_data(self) -> None:
        ids, weights, data, start = block_arrays(self)
        n = self._blocklength
        weights_list = [1.0] * n if weights is None else weights.tolist()
        self._data = (ids.tolist(), weights_list, self.block_values(data, start))

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        self._ids = self._data[0]

    def _read_weights(self) -> None:
        if self._data is None:
            self._read_data()
        self._weights = self._data[1]

    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        self._values = self._data[2]
