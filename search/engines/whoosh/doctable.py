"""Per-document facts held in memory for an open index, as numpy columns by
document number: year, month, day, the order of dates, source, section,
near-duplicate group, and who spoke.

Filtering by year and speaker, sorting by date and counting facets over a
query's matches are then array operations over the match arrays, done once
per query, instead of Whoosh facets that re-read a field's postings for
every query (its speaker facet read all 41,000 speaker postings per query on
8,000 articles) or a Python loop over every match. Built once per process
and set of segments, from each segment's columns as saved beside it
(:mod:`search.engines.whoosh.tablecache`); about 30 bytes per article and 16
per (article, speaker).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from itertools import chain
from typing import Any

import numpy as np

from search.engines.base import day_key
from search.engines.whoosh.postings import Postings, joined_terms
from search.engines.whoosh.tablecache import SegmentColumns, TableCache

__all__ = ["DocTable"]

_TABLES: dict[tuple, DocTable] = {}
_LOCK = threading.Lock()


class DocTable:
    """Columns of the index, indexed by global document number.

    ``year``/``month``: 0 where unknown. ``date_rank``: the position of the
    document's date among the index's distinct dates (ISO strings sort as
    dates), -1 when undated. Speakers: one entry per (document, name),
    ``entry_doc``/``entry_name``, names numbered in ``names``.
    """

    @classmethod
    def shared(cls, reader: Any, postings: Postings, cache: TableCache | None = None) -> DocTable:
        """The table of this set of segments, built once for every searcher of
        the process (the web's request threads each hold a searcher)."""
        key = tuple((segment, leaf._segment.deleted_count()) for leaf, _, segment in postings.leaves)
        with _LOCK:
            table = _TABLES.get(key)
            if table is None:
                table = cls(reader, postings, cache)
                _TABLES[key] = table
                while len(_TABLES) > 2:  # the current commit's and the one before
                    _TABLES.pop(next(iter(_TABLES)))
        return table

    def __init__(self, reader: Any, postings: Postings, cache: TableCache | None = None) -> None:
        """Joins the segments' columns (saved ones when ``cache`` has them) at their offsets."""
        cache = cache or TableCache(None)
        parts = [(offset, cache.columns(leaf, segment)) for leaf, offset, segment in postings.leaves]
        n = reader.doc_count_all()
        if any(offset + c.size > n for offset, c in parts):
            raise ValueError("segment columns beyond the reader's documents")
        self.size = n
        self.live = postings.live
        self.year = _joined(n, np.int32, [(o, c.year) for o, c in parts])
        self.month = _joined(n, np.int8, [(o, c.month) for o, c in parts])
        group = _joined(n, np.int64, [(o, c.group) for o, c in parts])
        # An ungrouped document is a group of its own (negative: never a real group's number).
        self.group = np.where(group > 0, group, -np.arange(1, n + 1, dtype=np.int64))
        # Dates: each document's rank among the index's distinct dates (ISO strings sort as dates).
        distinct = sorted({d for _, c in parts for d in c.dates} - {""})
        rank = {d: i for i, d in enumerate(distinct)}
        rank[""] = -1
        days = {d: day_key(d) for d in distinct}
        days[""] = 0
        self.date_rank = np.full(n, -1, dtype=np.int64)
        self.day = np.zeros(n, dtype=np.int32)
        for offset, c in parts:
            where = slice(offset, offset + c.size)
            self.date_rank[where] = np.array([rank[d] for d in c.dates], dtype=np.int64)[c.date_code]
            self.day[where] = np.array([days[d] for d in c.dates], dtype=np.int32)[c.date_code]
        self.source, self.source_names = _recoded(n, [(o, c.source_code, c.sources) for o, c in parts])
        self.section, self.section_names = _recoded(n, [(o, c.section_code, c.sections) for o, c in parts])
        self._number, self.entry_doc, self.entry_name = _speakers(parts, self.live)
        self.names = list(self._number)
        self._name_array = np.array(self.names, dtype=object)

    def in_years(self, ids: np.ndarray, start: int | None, end: int | None, month: int | None) -> np.ndarray:
        """Which of ``ids`` fall in the years (a month of a single year), as a mask."""
        year = self.year[ids]
        keep = year > 0
        if start is not None:
            keep &= year >= start
        if end is not None:
            keep &= year <= end
        if month is not None:
            keep &= self.month[ids] == month
        return keep

    def in_days(self, ids: np.ndarray, start: int | None, end: int | None) -> np.ndarray:
        """Which of ``ids`` are dated within the days (``day_key`` numbers, inclusive), as a mask."""
        day = self.day[ids]
        keep = day > 0
        if start is not None:
            keep &= day >= start
        if end is not None:
            keep &= day <= end
        return keep

    def speaker_mask(self, groups: Sequence[Sequence[str]]) -> np.ndarray:
        """Documents that hold any name of any group (a mask by document number)."""
        wanted = np.zeros(len(self.names) + 1, dtype=bool)
        for group in groups:
            for name in group:
                if name in self._number:
                    wanted[self._number[name]] = True
        has = np.zeros(self.size, dtype=bool)
        has[self.entry_doc[wanted[self.entry_name]]] = True
        return has

    @staticmethod
    def value_mask(codes: np.ndarray, names: list[str], values: Sequence[str]) -> np.ndarray:
        """Which ``codes`` stand for one of ``values`` (a source's or section's)."""
        wanted = np.zeros(len(names), dtype=bool)
        for value in values:
            if value in names[1:]:
                wanted[names.index(value)] = True
        return wanted[codes]

    @staticmethod
    def count_values(codes: np.ndarray, names: list[str]) -> Counter:
        counts = np.bincount(codes, minlength=len(names))
        return Counter({names[i]: int(counts[i]) for i in np.flatnonzero(counts) if i})

    def count_days(self, ids: np.ndarray) -> Counter:
        values, counts = np.unique(self.day[ids], return_counts=True)
        return Counter({int(d): int(c) for d, c in zip(values, counts, strict=True)})

    def count_years(self, ids: np.ndarray) -> Counter:
        values, counts = np.unique(self.year[ids], return_counts=True)
        return Counter({(int(y) or None): int(c) for y, c in zip(values, counts, strict=True)})

    def count_months(self, ids: np.ndarray) -> Counter:
        values, counts = np.unique(self.month[ids], return_counts=True)
        return Counter({int(m): int(c) for m, c in zip(values, counts, strict=True) if m})

    def count_speakers(self, ids: np.ndarray) -> Counter:
        if not len(self.names) or not len(ids):
            return Counter()
        chosen = np.zeros(self.size, dtype=bool)
        chosen[ids] = True
        counts = np.bincount(self.entry_name[chosen[self.entry_doc]], minlength=len(self.names))
        found = np.flatnonzero(counts)  # thousands of names for a common word: no Python loop
        return Counter(dict(zip(self._name_array[found].tolist(), counts[found].tolist(), strict=True)))


def _joined(n: int, dtype: Any, parts: list[tuple[int, np.ndarray]]) -> np.ndarray:
    """Segment columns placed at their offsets (0 where no segment: none are missing)."""
    out = np.zeros(n, dtype=dtype)
    for offset, column in parts:
        out[offset : offset + len(column)] = column
    return out


def _numbering(lists: list[list[str]], first: list[str]) -> tuple[dict[str, int], list[np.ndarray]]:
    """One numbering of several segments' names, by first appearance (segment order),
    as one pass over the documents numbered them; and each segment's names' numbers.
    Dictionaries built from iterators: no Python step per name (50,000 speakers)."""
    names = list(dict.fromkeys(chain(first, *lists)))
    numbers = dict(zip(names, range(len(names)), strict=True))
    maps = [np.fromiter(map(numbers.__getitem__, x), dtype=np.int32, count=len(x)) for x in lists]
    return numbers, maps


def _recoded(n: int, parts: list[tuple[int, np.ndarray, list[str]]]) -> tuple[np.ndarray, list[str]]:
    """A text column's codes over the whole index (0: none) and the values they stand for."""
    numbers, maps = _numbering([values for _, _, values in parts], [""])
    out = np.zeros(n, dtype=np.int32)
    for (offset, codes, _), number in zip(parts, maps, strict=True):
        out[offset : offset + len(codes)] = number[codes]
    return out, list(numbers)


def _speakers(
    parts: list[tuple[int, SegmentColumns]], live: np.ndarray
) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """The speaker names of every segment with their numbers, and one entry per (live
    document, name), as ``Postings.term_table`` gives them."""
    return joined_terms([(o, c.names, c.entry_doc, c.entry_name) for o, c in parts], live)
