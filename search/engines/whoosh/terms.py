"""A segment's term entries and posting lists read through memory maps of its files.

Each query looks up each of its terms in every segment's term table (a
whoosh3 ``OrderedHashReader``): Whoosh reads a lookup through two generators
and three seek-and-read calls on the file, about 90 µs, 15% of a typical
query's time on the whole VNTC. Here the same hash table is probed in one
function over a memory map of the file (``struct.unpack_from``, a slice for
the key): the same entries, found the same way (tests/test_whoosh_terms.py
compares every term of an index with Whoosh's own lookup).

The postings file is mapped too, so that a list's blocks are sliced out of
it (``codec.blocks_in``) instead of read by a matcher seeking block by block.

A file that is not a plain file of its own (a compound segment, a storage in
memory) is left to Whoosh's own reading.
"""

from __future__ import annotations

import contextlib
import mmap
import pickle
import struct
from collections.abc import Callable
from typing import Any

from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.filedb.filetables import OrderedHashReader
from whoosh.reading import TermNotFound

__all__ = ["posting_map", "term_entry", "term_info"]

_INFO = W3TermInfo._struct  # flags (1: postings inline), weight, df, lengths, top weight, ids
_OFFSET = struct.Struct("!q")  # where the list starts in the postings file (not inline)
_POINTER = struct.Struct("!Iq")  # a slot: the key's hash, where its entry starts (0: empty)
_LENGTHS = struct.Struct("!ii")  # an entry: key length, value length; then the key, the value
_ATTRIBUTE = "_vnsearch_terms"
_POSTINGS = "_vnsearch_postings"


class _Table:
    """One term file's hash tables over a memory map of it."""

    def __init__(self, index: OrderedHashReader) -> None:
        self.tables = index.tables
        self.hashfn = index.hashfn
        self.map = _mapped(index.dbfile)

    def value(self, key: bytes) -> bytes | None:
        """The entry stored under ``key``, None when there is none (``HashReader.ranges_for_key``)."""
        keyhash = self.hashfn(key)
        tablestart, numslots = self.tables[keyhash & 255]
        if not numslots:
            return None
        buf = self.map
        size = _POINTER.size
        end = tablestart + numslots * size
        slot = tablestart + ((keyhash >> 8) % numslots) * size
        n = len(key)
        for _ in range(numslots):
            slothash, item = _POINTER.unpack_from(buf, slot)
            if not item:
                return None
            if slothash == keyhash:
                keylen, datalen = _LENGTHS.unpack_from(buf, item)
                start = item + _LENGTHS.size
                if keylen == n and buf[start : start + n] == key:
                    return buf[start + n : start + n + datalen]
            slot += size
            if slot == end:
                slot = tablestart
        return None


def _mapped(dbfile: Any) -> mmap.mmap:
    return mmap.mmap(dbfile.file.fileno(), 0, access=mmap.ACCESS_READ)


def _once(terms: Any, attribute: str, make: Callable[[], Any]) -> Any:
    """``make()`` kept on the ``W3TermsReader`` ``terms``, made once; None (read through
    Whoosh) when the file cannot be mapped: no file number, an empty file."""
    value = terms.__dict__.get(attribute, False)
    if value is False:
        try:
            value = make()
        except (OSError, ValueError, AttributeError):
            value = None
        terms.__dict__[attribute] = value
        if value is not None:
            _close_with(terms, value.map if isinstance(value, _Table) else value)
    return value


def _close_with(terms: Any, mapped: mmap.mmap) -> None:
    """Close the map when Whoosh closes the reader (it holds a file descriptor of its own)."""
    close = terms.close

    def closing() -> None:
        with contextlib.suppress(BufferError):  # a list being read in another thread: left to the GC
            mapped.close()
        close()

    terms.close = closing


def posting_map(terms: Any) -> mmap.mmap | None:
    """A memory map of a ``W3TermsReader``'s postings file (None: read it through Whoosh)."""
    postfile = getattr(terms, "_postfile", None)
    return _once(terms, _POSTINGS, lambda: _mapped(postfile) if getattr(postfile, "is_real", False) else None)


def _table(terms: Any) -> _Table | None:
    """The memory-mapped table of a ``W3TermsReader`` (None: use Whoosh's lookup)."""
    index = getattr(terms, "_tindex", None)
    plain = (
        type(index) is OrderedHashReader
        and index.startoffset == 0
        and getattr(index.dbfile, "is_real", False)
    )
    return _once(terms, _ATTRIBUTE, lambda: _Table(index) if plain else None)


def term_info(terms: Any, field: str, term: bytes) -> W3TermInfo:
    """``terms.term_info(field, term)``, through the memory map when there is one."""
    table = _table(terms)
    if table is None:
        return terms.term_info(field, term)
    value = table.value(terms._keycoder(field, term))
    if value is None:
        raise TermNotFound(f"No term {field}:{term!r}")
    return W3TermInfo.from_bytes(value)


def term_entry(terms: Any, field: str, term: bytes) -> tuple[int, tuple | None, int] | None:
    """What a query reads of ``term``'s entry, without a ``W3TermInfo``: its document
    frequency, its postings when they are inline (ids, weights, values), else where its
    list starts. None when the term file is not mapped (ask :func:`term_info`).
    Raises TermNotFound."""
    table = _table(terms)
    if table is None:
        return None
    value = table.value(terms._keycoder(field, term))
    if value is None:
        raise TermNotFound(f"No term {field}:{term!r}")
    flags, _weight, df, *_ = _INFO.unpack_from(value)
    if flags:
        return df, pickle.loads(value[_INFO.size :]), 0
    return df, None, _OFFSET.unpack_from(value, _INFO.size)[0]
