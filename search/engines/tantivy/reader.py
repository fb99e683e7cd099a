"""Reading a Tantivy index: filters, sorts, counts and facets around the compiled query tree."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from tantivy import FieldType, Occur, Order, Query

from search.engines.base import Filters, Page, day_key
from search.engines.groups import shared_groups
from search.engines.tantivy.compiler import Compiler
from search.engines.tantivy.index import (
    FACET_SIZE,
    MAX_BUCKETS,
    NAME,
    SPEAKER_IDS,
    SPEAKERS_FIRST,
    SPEAKERS_SHOWN,
    STORED,
    TIE_MARGIN,
    folder_of,
    has_field,
    open_index,
    speaker_id,
)
from search.query import tree as qt


def _spec(field: str, size: int = FACET_SIZE, missing: Any = None) -> dict[str, Any]:
    """An exact terms aggregation: every segment reports all its terms."""
    spec: dict[str, Any] = {"field": field, "size": size, "segment_size": FACET_SIZE}
    if missing is not None:
        spec["missing"] = missing
    return spec


def _year_key(value: Any) -> int | None:
    year = int(value)
    return year if 1 <= year <= 9999 else None


class Reader:
    """An open Tantivy index; see :class:`search.engines.base.Reader`."""

    name = NAME

    def __init__(self, index_dir: str | Path) -> None:
        self.index_dir = Path(index_dir)
        self.ix = open_index(self.index_dir)
        self.schema = self.ix.schema
        self._searcher = self.ix.searcher()
        self._generation = self.generation()
        self._speaker_field = SPEAKER_IDS if has_field(self.index_dir, SPEAKER_IDS) else "speakers"
        self._names: dict[int, str] | None = None  # speaker_id -> name
        self._shared: tuple[Any, Query] | None = None  # the shared groups and their term set
        self._df: dict[tuple[str, str], int] = {}  # (field, term) -> this searcher's document frequency

    @property
    def doc_count(self) -> int:
        return self._searcher.num_docs

    def generation(self) -> int:
        try:
            return (folder_of(self.index_dir) / "meta.json").stat().st_mtime_ns
        except OSError:
            return 0

    def refresh(self) -> bool:
        generation = self.generation()
        if generation == self._generation:
            return False
        self.ix.reload()
        self._searcher = self.ix.searcher()
        self._generation = generation
        self._names = None
        self._df = {}
        return True

    def _compiler(self) -> Compiler:
        return Compiler(self.schema, self._searcher, self._df)

    def _matcher(self, query: qt.Node) -> Query:
        """What ``query`` matches, without what only scores: counts and facets read
        far fewer postings (the same documents; see :func:`search.query.tree.matching`)."""
        return Compiler(self.schema, self._searcher, self._df, scoring=False)(qt.matching(query))

    def close(self) -> None:
        self._searcher = None  # type: ignore[assignment]

    def has_terms(self, field: str) -> bool:
        return bool(self._searcher.terms_with_prefix(field, "", limit=1))

    # Filters are zero-score clauses: they narrow without changing the ranking.
    def _filter_clauses(self, filters: Filters) -> list[tuple[Occur, Query]]:
        out: list[Query] = []
        if filters.month is not None:
            out.append(Query.term_query(self.schema, "year", filters.year_start))
            out.append(Query.term_query(self.schema, "month", filters.month))
        elif filters.by_year:
            out.append(
                Query.range_query(
                    self.schema,
                    "year",
                    FieldType.Integer,
                    filters.year_start if filters.year_start is not None else 1,
                    filters.year_end if filters.year_end is not None else 9999,
                )
            )
        if filters.by_date:
            start, end = day_key(filters.date_from), day_key(filters.date_to)
            out.append(
                Query.range_query(self.schema, "day", FieldType.Integer, start or 1, end or 99_991_231)
            )
        names = [name for person in filters.speakers for name in person]  # any name of any person
        if filters.speakers:
            out.append(self._any_of("speakers", names))
        if filters.sources:
            out.append(self._any_of("source", filters.sources))
        if filters.sections:
            out.append(self._any_of("section", filters.sections))
        if filters.group is not None:
            out.append(Query.term_query(self.schema, "group", filters.group))
        return [(Occur.Must, Query.const_score_query(q, 0.0)) for q in out]

    def _any_of(self, field: str, values: tuple[str, ...] | list[str]) -> Query:
        terms = [Query.term_query(self.schema, field, value) for value in values]
        if not terms:
            return Query.empty_query()
        return terms[0] if len(terms) == 1 else Query.boolean_query([(Occur.Should, t) for t in terms])

    def _query(self, text: Query | None, filters: Filters) -> Query:
        clauses = self._filter_clauses(filters)
        if text is None:
            if not clauses:
                return Query.all_query()
            text = Query.all_query()
            return Query.boolean_query([(Occur.Must, Query.const_score_query(text, 0.0)), *clauses])
        return Query.boolean_query([(Occur.Must, text), *clauses]) if clauses else text

    def _count(self, query: Query) -> int:
        return self._searcher.search(query, 1, count=True).count

    def count(self, query: qt.Node) -> int:
        return self._count(self._matcher(query))

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
        # What matches, for counts and facets; compiled only when one is wanted.
        matcher = self._matcher(query) if query is not None and (limit <= 0 or fold or facets) else None
        matches = self._query(matcher, filters) if limit <= 0 or fold else None
        if limit <= 0:  # Tantivy panics on limit=0
            page = Page(total=self._count(matches), hits=[])
        else:
            full = self._query(self._compiler()(query) if query is not None else None, filters)
            if fold:
                page = self._folded(full, matches, sort, offset, limit)
            else:
                total, ranked = self._ranked(full, sort, offset + limit)
                page = Page(total=total, hits=ranked[offset : offset + limit])
        if fold and page.stories is None:
            page.stories = page.total - sum(n - 1 for n in self._group_sizes(matches).values())
        if facets:
            self._facets(page, matcher, filters, days)
        return page

    def _ranked(self, full: Query, sort: str, k: int) -> tuple[int, list[tuple[Any, float]]]:
        """The total and the first ``k`` hits in the order asked for (ties: the order added)."""
        k += TIE_MARGIN
        if sort == "relevance":
            found = self._searcher.search(full, k, count=True)
        elif sort == "newest":
            found = self._searcher.search(full, k, count=True, order_by_field="date_new", order=Order.Desc)
        else:
            found = self._searcher.search(full, k, count=True, order_by_field="date_old", order=Order.Asc)
        hits = found.hits
        seqs = self._searcher.fast_field_values("seq", [addr for _, addr in hits]) if hits else []
        sign = 1 if sort == "oldest" else -1
        ranked = sorted(zip(hits, seqs, strict=True), key=lambda h: (sign * h[0][0], h[1] or 0))
        scored = sort == "relevance"
        return found.count, [
            (addr, float(score) if scored else 0.0) for (score, addr), _ in ranked[: k - TIE_MARGIN]
        ]

    def _folded(self, full: Query, matches: Query, sort: str, offset: int, limit: int) -> Page:
        """One hit per near-duplicate group, the group's first in the order asked for."""
        want = offset + limit
        k = max(want * 4, 64)
        while True:
            total, ranked = self._ranked(full, sort, k)
            numbers = (
                self._searcher.fast_field_values("group", [addr for addr, _ in ranked]) if ranked else []
            )
            firsts: dict[int, tuple[Any, float]] = {}
            for hit, number in zip(ranked, numbers, strict=True):
                firsts.setdefault(int(number), hit)
            if len(firsts) >= want or k >= total:
                break
            k *= 4
        chosen = list(firsts.items())[offset:want]
        sizes = self._group_sizes(matches)
        page = Page(total=total, hits=[hit for _, hit in chosen])
        page.stories = total - sum(n - 1 for n in sizes.values())
        page.similar = [sizes.get(number, 1) - 1 for number, _ in chosen]
        page.groups = [max(number, 0) for number, _ in chosen]
        return page

    def _group_sizes(self, matches: Query) -> dict[int, int]:
        """Matches per near-duplicate group of more than one article (from the
        archive's groups: counting every group would make a bucket per article)."""
        multi = shared_groups(self.index_dir)
        if not len(multi):
            return {}
        if self._shared is None or self._shared[0] is not multi:  # the file changed: build it again
            self._shared = (multi, Query.term_set_query(self.schema, "group", multi.tolist()))
        within = self._shared[1]
        query = Query.boolean_query(
            [(Occur.Must, matches), (Occur.Must, Query.const_score_query(within, 0.0))]
        )
        return {int(key): count for key, count in self._terms(query, "group") if count > 1}

    def _facets(self, page: Page, text: Query | None, filters: Filters, days: bool) -> None:
        """Each facet counts the matches every *other* filter leaves (``text``: the
        query's matcher, as it only counts)."""
        unfiltered = not (
            filters.by_year or filters.speakers or filters.sources or filters.sections or filters.by_date
        )
        if unfiltered:
            # No filter: every facet counts the same matches, in one pass.
            every = self._aggregate(
                self._query(text, filters),
                {
                    "year": _spec("year", missing=0),
                    "speakers": _spec(self._speaker_field, SPEAKERS_FIRST),
                    "source": _spec("source"),
                    "section": _spec("section"),
                },
            )
            years, sources, sections = every["year"], every["source"], every["section"]
            page.speakers = self._speakers(self._query(text, filters), every["speakers"])
        else:
            years = self._terms(self._query(text, filters.without("years")), "year", missing=0)
            sources = self._terms(self._query(text, filters.without("sources")), "source")
            sections = self._terms(self._query(text, filters.without("sections")), "section")
            page.speakers = self._speakers(self._query(text, filters.without("speakers")))
        page.years = Counter()
        for key, count in years:
            page.years[_year_key(key)] += count
        page.sources = Counter({key: count for key, count in sources if key})
        page.sections = Counter({key: count for key, count in sections if key})
        start = filters.year_start
        if start is not None and start == filters.year_end:
            in_year = replace(filters.without("years"), year_start=start, year_end=start)
            page.months = Counter(
                {int(k): c for k, c in self._terms(self._query(text, in_year), "month") if 1 <= int(k) <= 12}
            )
        if days:
            page.days = Counter(
                {
                    int(k): c
                    for k, c in self._terms(self._query(text, filters.without("dates")), "day", missing=0)
                }
            )

    def _aggregate(self, query: Query, specs: dict[str, dict[str, Any]]) -> dict[str, list[tuple[Any, int]]]:
        result = self._searcher.aggregate(query, {name: {"terms": spec} for name, spec in specs.items()})
        return {name: [(b["key"], b["doc_count"]) for b in result[name]["buckets"]] for name in specs}

    def _terms(
        self, query: Query, field: str, size: int = FACET_SIZE, missing: Any = None
    ) -> list[tuple[Any, int]]:
        return self._aggregate(query, {"t": _spec(field, size, missing)})["t"]

    def _speakers(self, query: Query, first: list[tuple[Any, int]] | None = None) -> Counter:
        # Facet lists show the top names, ties by name: ask for a few hundred
        # and for all of them only when the ties at the list's end run past that.
        field = self._speaker_field
        buckets = first if first is not None else self._terms(query, field, size=SPEAKERS_FIRST)
        if len(buckets) == SPEAKERS_FIRST and buckets[-1][1] >= buckets[SPEAKERS_SHOWN - 1][1]:
            buckets = self._terms(query, field)
        if field == "speakers":
            return Counter(dict(buckets))
        names = self._speaker_names()
        return Counter({names[key]: count for key, count in buckets if key in names})

    def _speaker_names(self) -> dict[int, str]:
        """The name of each speaker_id, from the index's own speaker terms (once per commit)."""
        if self._names is None:
            self._names = {speaker_id(name): name for name, _ in self.field_terms("speakers")}
        return self._names

    def speaker_counts(self) -> Counter:
        """Exact counts from one aggregation while the names fit in its buckets; past
        that, the term dictionary's document frequencies (which count an updated
        article's replaced version until its segment is merged)."""
        frequencies: Counter = Counter()
        for name, df in self.field_terms("speakers"):
            frequencies[name] += df
        if len(frequencies) > MAX_BUCKETS:
            return frequencies
        return self._speakers(Query.all_query(), self._terms(Query.all_query(), self._speaker_field))

    def stored(self, key: Any) -> dict[str, Any]:
        return json.loads(self._searcher.doc(key).get_first(STORED))

    def get(self, article_id: str) -> dict[str, Any] | None:
        found = self._searcher.search(Query.term_query(self.schema, "id", article_id), 1).hits
        return self.stored(found[0][1]) if found else None

    def field_terms(self, field: str) -> Iterator[tuple[str, int]]:
        yield from self._searcher.terms_with_prefix(field, "", limit=None)

    def value_counts(self, field: str) -> Counter:
        counts: Counter = Counter()
        if field == "year":
            for key, count in self._terms(Query.all_query(), "year", missing=0):
                counts[_year_key(key)] += count
        else:
            total = self.doc_count
            for key, count in self._terms(Query.all_query(), field):
                counts[key or None] += count
                total -= count
            if total > 0:
                counts[None] += total
        return counts
