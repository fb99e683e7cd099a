"""Reading a Whoosh index: our query tree run over its postings, filters, sorts, facets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh import sorting

from search.engines.base import Filters, Page, day_key
from search.engines.whoosh.doctable import DocTable
from search.engines.whoosh.evaluate import Evaluator, Matches
from search.engines.whoosh.index import (
    NAME,
    open_index,
)
from search.engines.whoosh.postings import Postings
from search.engines.whoosh.schema import year_or_none
from search.engines.whoosh.tablecache import TableCache
from search.query import tree as qt


class Reader:
    """An open Whoosh index; see :class:`search.engines.base.Reader`."""

    name = NAME

    def __init__(self, index_dir: str | Path) -> None:
        self.index_dir = Path(index_dir)
        self.ix = open_index(self.index_dir)
        self._generation = self.ix.latest_generation()  # read first: a later commit is seen next time
        self._searcher = self.ix.searcher()
        self._table: DocTable | None = None
        self._postings: Postings | None = None
        self._last: tuple[Any, Matches] | None = None

    @property
    def doc_count(self) -> int:
        return self._searcher.doc_count()

    def generation(self) -> int:
        return self.ix.latest_generation()

    def refresh(self) -> bool:
        latest = self.ix.latest_generation()
        if latest == self._generation:
            return False
        self._generation = latest
        # Whoosh's refresh fails on a reader of an empty index (TypeError),
        # keeps the old reader's segments that the new table of contents no
        # longer lists (after --rebuild: old articles twice, deleted files),
        # and keeps a segment's old deletions when only they changed (an
        # updated article: its replaced version still found). Reuse the open
        # segments only when every one is still listed with the same deletions.
        old = self._searcher
        segments = old.reader().segments()
        listed = {seg.segment_id(): seg.deleted_count() for seg in self.ix._segments()}
        if segments and all(listed.get(seg.segment_id(), -1) == seg.deleted_count() for seg in segments):
            fresh = old.refresh()
        else:
            fresh = self.ix.searcher()
            old.close()
        if fresh is old:
            return False
        self._searcher = fresh
        self._table = None
        self._postings = None
        self._last = None
        return True

    def close(self) -> None:
        self._searcher.close()

    def has_terms(self, field: str) -> bool:
        return field in self._searcher.reader().indexed_field_names()

    @property
    def table(self) -> DocTable:
        if self._table is None:
            cache = TableCache(self.index_dir, lambda: [seg.segment_id() for seg in self.ix._segments()])
            self._table = DocTable.shared(self._searcher.reader(), self.postings, cache)
        return self._table

    @property
    def postings(self) -> Postings:
        if self._postings is None:
            self._postings = Postings(self._searcher.reader())
        return self._postings

    def _matches(self, query: qt.Node | None) -> Matches:
        """Every matching document with its score (document numbers ascending);
        every document (score 0) for no query.

        The tree runs term at a time over whole posting lists
        (:mod:`search.engines.whoosh.evaluate`), giving Whoosh's own matches
        and scores: whoosh3's own top-k shortcut (TopCollector's matcher
        "replacement") uses per-branch score bounds that are wrong for nested
        OR queries like ours (measured on Dân Trí headlines it returned
        unrelated articles while the right one scored highest), and scoring
        every match through its matchers costs Python calls per posting. The
        facets need every match anyway.
        """
        if self._last is not None and self._last[0] == query:
            return self._last[1]
        if query is None:
            ids = np.flatnonzero(self.postings.live).astype(np.int64)
            matches: Matches = (ids, np.zeros(len(ids)))
        else:
            matches = Evaluator(self._searcher, self.postings).run(query)
        self._last = (query, matches)
        return matches

    def count(self, query: qt.Node) -> int:
        return len(self._matches(query)[0])

    def search(
        self,
        query: qt.Node | None,
        filters: Filters,
        sort: str,
        offset: int,
        limit: int,
        facets: bool,
        fold: bool = False,
        days: bool = False,
    ) -> Page:
        ids, scores = self._matches(query)
        table = self.table
        masks = self._masks(ids, filters)
        passing = np.ones(len(ids), dtype=bool)
        for mask in masks.values():
            passing &= mask
        kept, kept_scores = ids[passing], scores[passing]
        page = Page(total=int(passing.sum()), hits=[])
        if fold:
            self._fold(page, kept, kept_scores, sort, offset, limit)
        else:
            chosen = self._page(kept, kept_scores, sort, offset + limit)[offset:]
            page.hits = [(int(d), float(sc)) for d, sc in chosen]
        if facets:
            # Each facet counts the matches every *other* filter leaves.
            def leaving(facet: str) -> np.ndarray:
                others = [m for name, m in masks.items() if name != facet]
                return ids[np.logical_and.reduce(others)] if others else ids

            page.years = table.count_years(leaving("years"))
            page.speakers = table.count_speakers(leaving("speakers"))
            page.sources = table.count_values(table.source[leaving("sources")], table.source_names)
            page.sections = table.count_values(table.section[leaving("sections")], table.section_names)
            start = filters.year_start
            if start is not None and start == filters.year_end:
                in_year = leaving("years")
                page.months = table.count_months(in_year[table.year[in_year] == start])
            if days:
                page.days = table.count_days(leaving("dates"))
        return page

    def _masks(self, ids: np.ndarray, filters: Filters) -> dict[str, np.ndarray]:
        """Which of ``ids`` pass each active filter, by facet (``FACETS``; "group" too)."""
        table = self.table
        masks: dict[str, np.ndarray] = {}
        if filters.by_year:
            masks["years"] = table.in_years(ids, filters.year_start, filters.year_end, filters.month)
        if filters.by_date:
            start, end = day_key(filters.date_from), day_key(filters.date_to)
            masks["dates"] = table.in_days(ids, start or None, end or None)
        if filters.speakers:
            masks["speakers"] = table.speaker_mask(filters.speakers)[ids]
        if filters.sources:
            masks["sources"] = table.value_mask(table.source[ids], table.source_names, filters.sources)
        if filters.sections:
            masks["sections"] = table.value_mask(table.section[ids], table.section_names, filters.sections)
        if filters.group is not None:
            masks["group"] = table.group[ids] == filters.group
        return masks

    def _fold(
        self, page: Page, ids: np.ndarray, scores: np.ndarray, sort: str, offset: int, limit: int
    ) -> None:
        """One hit per near-duplicate group, the group's first in the order asked for."""
        group = self.table.group[ids]
        distinct, sizes = np.unique(group, return_counts=True)
        page.stories = len(distinct)
        want = offset + limit
        k = max(want * 4, 64)
        while True:
            ranked = self._page(ids, scores, sort, k)
            seen: set[int] = set()
            firsts: list[tuple[int, float]] = []
            numbers = self.table.group[np.array([d for d, _ in ranked], dtype=np.int64)] if ranked else []
            for (doc, score), number in zip(ranked, numbers, strict=True):
                if int(number) not in seen:
                    seen.add(int(number))
                    firsts.append((doc, score))
            if len(firsts) >= want or k >= len(ids):
                break
            k *= 4
        chosen = firsts[offset:want]
        page.hits = [(int(d), float(sc)) for d, sc in chosen]
        numbers = (
            self.table.group[np.array([d for d, _ in chosen], dtype=np.int64)] if chosen else np.zeros(0)
        )
        where = np.searchsorted(distinct, numbers)
        page.similar = [int(sizes[i]) - 1 for i in where]
        page.groups = [int(g) if g > 0 else 0 for g in numbers]

    def _page(self, ids: np.ndarray, scores: np.ndarray, sort: str, k: int) -> list[tuple[int, float]]:
        """The first ``k`` documents in the requested order (ties: document
        number); undated last by date."""
        if k <= 0 or not len(ids):
            return []
        if sort == "relevance":
            if k < len(ids):
                # Only the documents scoring at least the k-th best need sorting.
                threshold = np.partition(scores, len(scores) - k)[len(scores) - k]
                keep = scores >= threshold
                ids, scores = ids[keep], scores[keep]
            order = np.lexsort((ids, -scores))[:k]
        else:
            rank = self.table.date_rank[ids]
            undated = rank < 0
            order = np.lexsort((ids, -rank if sort == "newest" else rank, undated))[:k]
        return list(zip(ids[order].tolist(), scores[order].tolist(), strict=True))

    def stored(self, key: int) -> dict[str, Any]:
        return self._searcher.stored_fields(key)

    def get(self, article_id: str) -> dict[str, Any] | None:
        return self._searcher.document(id=article_id)

    def field_terms(self, field: str) -> Iterator[tuple[str, int]]:
        # Per segment: far faster than through the merged reader.
        for leaf, _ in self._searcher.reader().leaf_readers():
            if field not in leaf.indexed_field_names():
                continue
            for term, info in leaf.iter_field(field):
                yield (term.decode("utf-8") if isinstance(term, bytes) else term), info.doc_frequency()

    def value_counts(self, field: str) -> Counter:
        table, live = self.table, np.flatnonzero(self.postings.live)
        if field == "year":
            return table.count_years(live)
        if field in ("source", "section"):
            codes, names = (
                (table.source, table.source_names)
                if field == "source"
                else (table.section, table.section_names)
            )
            counts = table.count_values(codes[live], names)
            missing = int((codes[live] == 0).sum())
            if missing:
                counts[None] = missing
            return counts
        results = self._searcher.search(
            wq.Every(), limit=1, groupedby={field: sorting.FieldFacet(field)}, maptype=sorting.Count
        )
        counts: Counter = Counter()
        for value, count in results.groups(field).items():
            counts[year_or_none(value) if field == "year" else (value or None)] += count
        return counts

    def speaker_counts(self) -> Counter:
        return self.table.count_speakers(np.flatnonzero(self.postings.live))
