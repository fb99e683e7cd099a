"""Reading a Whoosh index: our query tree run over its postings, filters, sorts, facets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh import sorting

from search.engines.base import Filters, Page
from search.engines.whoosh.doctable import DocTable
from search.engines.whoosh.evaluate import Evaluator, Matches
from search.engines.whoosh.index import (
    NAME,
    open_index,
)
from search.engines.whoosh.postings import Postings
from search.engines.whoosh.schema import year_or_none
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
            self._table = DocTable.shared(self._searcher.reader(), self.postings)
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
        self, query: qt.Node | None, filters: Filters, sort: str, offset: int, limit: int, facets: bool
    ) -> Page:
        ids, scores = self._matches(query)
        table = self.table
        start, end, month = filters.year_start, filters.year_end, filters.month
        in_years = table.in_years(ids, start, end, month) if filters.by_year else np.ones(len(ids), bool)
        if filters.speakers:
            has_speakers = table.speaker_mask(filters.speakers)[ids]
        else:
            has_speakers = np.ones(len(ids), dtype=bool)
        passing = in_years & has_speakers
        chosen = self._page(ids[passing], scores[passing], sort, offset + limit)[offset:]
        page = Page(total=int(passing.sum()), hits=[(int(d), float(sc)) for d, sc in chosen])
        if facets:
            page.years = table.count_years(ids[has_speakers])
            page.speakers = table.count_speakers(ids[in_years])
            if start is not None and start == end:
                page.months = table.count_months(ids[(table.year[ids] == start) & has_speakers])
        return page

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
        results = self._searcher.search(
            wq.Every(), limit=1, groupedby={field: sorting.FieldFacet(field)}, maptype=sorting.Count
        )
        counts: Counter = Counter()
        for value, count in results.groups(field).items():
            counts[year_or_none(value) if field == "year" else (value or None)] += count
        return counts

    def speaker_counts(self) -> Counter:
        return self.table.count_speakers(np.flatnonzero(self.postings.live))
