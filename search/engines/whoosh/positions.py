"""Whoosh's Positions values decoded in bulk with numpy, and kept as flat arrays.

Each posting of a positional field holds its positions as Whoosh's
``Positions`` format writes them: the count (4 bytes, big-endian), then a
pickle (protocol 2) of the gaps between positions, the first from 0. Unpickled
one posting at a time that cost about a microsecond a posting, the most of a
typical query's time on the whole VNTC (the phrase checks). Almost every such
pickle has one layout: a header, the first gap as a 1-, 2- or 4-byte integer
opcode, every other gap as a 1-byte one (gaps under 256), a trailer. Those are
read here for every posting of a list at once; those with a later gap of 256
or more have their integers joined into one pickle, unpickled in one call; the
rare others (over 1,000 positions) go through ``pickle.loads`` one by one.
Lists of fewer than ``FEW`` values are unpickled one by one too (numpy's calls
cost more there). tests/test_whoosh_positions.py compares every way with
pickle's and Whoosh's own decoding.
"""

from __future__ import annotations

from pickle import loads

import numpy as np

__all__ = ["PositionLists", "decode", "decode_each"]

_INT_SIZE = 4  # the count before the pickle
# PROTO 2, EMPTY_LIST, BINPUT 0: how a pickled list of protocol 2 starts.
_HEADER = np.frombuffer(b"\x80\x02]q\x00", dtype=np.uint8)
_MARK, _APPENDS, _APPEND, _STOP = 0x28, 0x65, 0x61, 0x2E  # "(", "e", "a", "."
_BININT1, _BININT2, _BININT = 0x4B, 0x4D, 0x4A  # "K" 1-byte, "M" 2-byte, "J" 4-byte integers
_WIDTH = np.zeros(256, dtype=np.int64)  # an integer opcode's bytes, opcode included
_WIDTH[_BININT1], _WIDTH[_BININT2], _WIDTH[_BININT] = 2, 3, 5
_LOW = np.zeros(6, dtype=np.int64)  # by opcode width: the bits of the 4 bytes read that are the integer's
_LOW[2], _LOW[3], _LOW[5] = 0xFF, 0xFFFF, -1
_BATCH = 1000  # pickle writes longer lists as several MARK ... APPENDS batches
FEW = 200  # fewer values are quicker unpickled one by one than through numpy's many calls


def _spans(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Indexes of every element of the spans [start, start + length), one span after the other."""
    total = int(lengths.sum())
    before = np.cumsum(lengths) - lengths
    return np.repeat(starts - before, lengths) + np.arange(total, dtype=np.int64)


def decode(buf: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions of consecutive Positions values (``buf``: their bytes one
    after the other, uint8; ``lengths``: each value's bytes): every position,
    value after value (int32), and where each value's positions start (``n + 1`` offsets)."""
    lengths = np.asarray(lengths, dtype=np.int64)
    n = len(lengths)
    if n < FEW:
        ends = np.cumsum(lengths).tolist()
        data = np.asarray(buf, dtype=np.uint8).tobytes()
        return decode_each([data[e - k : e] for e, k in zip(ends, lengths.tolist(), strict=True)])
    offsets = np.zeros(n + 1, dtype=np.int64)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    buf = np.concatenate([np.asarray(buf, dtype=np.uint8), np.zeros(16, dtype=np.uint8)])  # reads stay inside
    head = buf[starts[:, None] + np.arange(_INT_SIZE + len(_HEADER))]
    counts = np.ascontiguousarray(head[:, :_INT_SIZE]).view(">u4")[:, 0].astype(np.int64)
    offsets[1:] = np.cumsum(counts)
    many = counts > 1
    first = starts + _INT_SIZE + len(_HEADER) + many  # the first gap's opcode
    last = ends - 2  # the APPEND(S) opcode after the gaps
    width = _WIDTH[buf[first]]
    framed = (  # a list of 1 to 1,000 integers, pickled as Positions does
        (lengths >= _INT_SIZE + len(_HEADER) + 4)
        & (head[:, _INT_SIZE:] == _HEADER).all(axis=1)
        & (counts >= 1)
        & (counts <= _BATCH)
        & (~many | (buf[first - 1] == _MARK))
        & (buf[last] == np.where(many, _APPENDS, _APPEND))
        & (buf[ends - 1] == _STOP)
        & (width > 0)
    )
    regular = framed & (last - first == width + 2 * (counts - 1))  # every later gap a 1-byte integer
    gaps = np.zeros(int(offsets[-1]), dtype=np.int64)
    _regular_gaps(buf, np.flatnonzero(regular), first, width, counts, offsets, gaps)
    mixed = np.flatnonzero(framed & ~regular)
    if len(mixed):
        # Their integers, one pickle of them all: unpickled in one call.
        stream = buf[_spans(first[mixed], last[mixed] - first[mixed])].tobytes()
        codes = loads(b"\x80\x02](" + stream + b"e.")
        if len(codes) == int(counts[mixed].sum()):
            gaps[_spans(offsets[mixed], counts[mixed])] = codes
        else:
            framed[mixed] = False
    for i in np.flatnonzero(~framed).tolist():
        value = buf[starts[i] + _INT_SIZE : ends[i]].tobytes()
        codes = loads(value if value.endswith(b".") else value + b".")
        if len(codes) != counts[i]:
            raise ValueError(f"a Positions value of {counts[i]} positions holds {len(codes)}")
        gaps[offsets[i] : offsets[i + 1]] = codes
    running = np.cumsum(gaps)
    # Each value's gaps start from 0: take away the running sum before it.
    inner = offsets[1:-1]
    before = np.zeros(n, dtype=np.int64)
    before[1:] = np.where(inner > 0, running[np.maximum(inner - 1, 0)], 0)
    return (running - np.repeat(before, counts)).astype(np.int32), offsets


def _regular_gaps(
    buf: np.ndarray,
    ok: np.ndarray,
    first: np.ndarray,
    width: np.ndarray,
    counts: np.ndarray,
    offsets: np.ndarray,
    gaps: np.ndarray,
) -> None:
    """The gaps of the values ``ok`` (of the one layout), into ``gaps``."""
    at, w = first[ok], width[ok]
    # The first gap: 1, 2 or 4 little-endian bytes after its opcode (4: signed).
    four = np.ascontiguousarray(buf[(at + 1)[:, None] + np.arange(4)]).view("<i4")[:, 0]
    gaps[offsets[ok]] = four.astype(np.int64) & _LOW[w]
    # The others: an opcode and a byte each.
    rest = counts[ok] - 1
    owner = np.repeat(np.arange(len(ok)), rest)
    within = np.arange(len(owner), dtype=np.int64) - np.repeat(np.cumsum(rest) - rest, rest)
    opcode_at = (at + w)[owner] + 2 * within
    if not (buf[opcode_at] == _BININT1).all():  # ruled out by the length check
        raise ValueError("a Positions value with an unexpected integer")
    gaps[(offsets[ok] + 1)[owner] + within] = buf[opcode_at + 1]


def decode_each(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """As :func:`decode`, a value at a time (Whoosh's own way, quicker for a few values)."""
    gaps: list[int] = []
    offsets = [0]
    for value in values:
        codes = loads(value[_INT_SIZE:] if value.endswith(b".") else value[_INT_SIZE:] + b".")
        gaps.extend(codes)
        offsets.append(len(gaps))
    running = np.cumsum(np.asarray(gaps, dtype=np.int64))
    ends = np.asarray(offsets, dtype=np.int64)
    before = np.zeros(len(values), dtype=np.int64)
    if len(values) > 1:
        inner = ends[1:-1]
        before[1:] = np.where(inner > 0, running[np.maximum(inner - 1, 0)], 0)
    return (running - np.repeat(before, np.diff(ends))).astype(np.int32), ends


class PositionLists:
    """The positions of a term's postings over several segments, as each
    segment's flat arrays; ``rows``: which of their postings (numbered one
    segment after the other) are the term's postings, in order (None: all)."""

    def __init__(self, parts: list[tuple[np.ndarray, np.ndarray]], rows: np.ndarray | None = None) -> None:
        self.parts = parts
        self.rows = rows
        self._bounds = np.cumsum([0] + [len(offsets) - 1 for _, offsets in parts])

    @property
    def nbytes(self) -> int:
        rows = self.rows.nbytes if self.rows is not None else 0
        return rows + sum(flat.nbytes + offsets.nbytes for flat, offsets in self.parts)

    def only(self, keep: np.ndarray) -> PositionLists:
        """These lists with only the postings where ``keep`` (a mask of them) is true."""
        rows = np.flatnonzero(keep) if self.rows is None else self.rows[keep]
        return PositionLists(self.parts, rows)

    def take(self, postings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every position of the given postings (ascending numbers), posting
        after posting, and how many each has."""
        rows = np.asarray(postings, dtype=np.int64)
        if self.rows is not None:
            rows = self.rows[rows]
        found: list[np.ndarray] = []
        counts: list[np.ndarray] = []
        cuts = np.searchsorted(rows, self._bounds)
        for (flat, offsets), bound, lo, hi in zip(self.parts, self._bounds, cuts, cuts[1:], strict=False):
            if hi == lo:
                continue
            local = rows[lo:hi] - bound
            begin = offsets[local]
            count = offsets[local + 1] - begin
            found.append(flat[_spans(begin, count)])
            counts.append(count)
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        if len(found) == 1:
            return found[0].astype(np.int64), counts[0]
        return np.concatenate(found).astype(np.int64), np.concatenate(counts)
