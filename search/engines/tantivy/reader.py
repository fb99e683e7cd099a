"""Reading a Tantivy index: our query tree compiled for Tantivy, filters, sorts, facets."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import tantivy
from tantivy import FieldType, Occur, Order, Query

from search.engines.base import Filters, Page
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


def _whoosh_idf(n: int, total: int) -> float:
    return math.log(total / (n + 1)) + 1.0


def _tantivy_idf(n: int, total: int) -> float:
    return math.log(1.0 + (total - n + 0.5) / (n + 0.5))


class _Compiler:
    """Our query tree as Tantivy queries, for one searcher."""

    def __init__(self, schema: tantivy.Schema, searcher: tantivy.Searcher) -> None:
        self.schema = schema
        self.searcher = searcher
        self.total = max(searcher.num_docs, 1)
        self._df: dict[tuple[str, str], int] = {}

    def df(self, field: str, term: str) -> int:
        key = (field, term)
        n = self._df.get(key)
        if n is None:
            n = self._df[key] = self.searcher.doc_freq(field, term)
        return n

    def _idf_ratio(self, field: str, words: tuple[str, ...]) -> float:
        """Whoosh's idf over Tantivy's: the boost that makes the scores equal."""
        dfs = [self.df(field, w) for w in words]
        if any(n == 0 for n in dfs):
            return 1.0  # matches nothing
        ours = sum(_whoosh_idf(n, self.total) for n in dfs)
        theirs = sum(_tantivy_idf(n, self.total) for n in dfs)
        return ours / theirs if theirs > 0 else 1.0

    def __call__(self, node: qt.Node) -> Query:
        if isinstance(node, qt.Term):
            option = "freq" if node.field.endswith("_fold2") else "position"
            q = Query.term_query(self.schema, node.field, node.text, index_option=option)
            return Query.boost_query(q, node.boost * self._idf_ratio(node.field, (node.text,)))
        if isinstance(node, qt.Phrase):
            q = Query.phrase_query(self.schema, node.field, list(node.words))
            return Query.boost_query(q, node.boost * self._idf_ratio(node.field, node.words))
        if isinstance(node, qt.And):
            return Query.boolean_query([(Occur.Must, self(c)) for c in node.children])
        if isinstance(node, qt.Or):
            return Query.boolean_query([(Occur.Should, self(c)) for c in node.children])
        if isinstance(node, qt.AtLeast):
            return Query.boolean_query(
                [(Occur.Should, self(c)) for c in node.children], minimum_number_should_match=node.count
            )
        if isinstance(node, qt.AndMaybe):
            return Query.boolean_query(
                [(Occur.Must, self(node.required)), (Occur.Should, self(node.optional))]
            )
        if isinstance(node, qt.AndNot):
            return Query.boolean_query(
                [(Occur.Must, self(node.positive)), (Occur.MustNot, self(node.negative))]
            )
        if isinstance(node, qt.Every):
            return Query.all_query()
        if isinstance(node, qt.Nothing):
            return Query.empty_query()
        raise TypeError(f"not a query node: {node!r}")


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
        return True

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
        for names in filters.speakers:  # one person: any of the names; every person required
            terms = [Query.term_query(self.schema, "speakers", name) for name in names]
            if len(terms) == 1:
                out.append(terms[0])
            else:
                out.append(
                    Query.boolean_query([(Occur.Should, t) for t in terms]) if terms else Query.empty_query()
                )
        return [(Occur.Must, Query.const_score_query(q, 0.0)) for q in out]

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
        return self._count(_Compiler(self.schema, self._searcher)(query))

    def search(
        self, query: qt.Node | None, filters: Filters, sort: str, offset: int, limit: int, facets: bool
    ) -> Page:
        text = _Compiler(self.schema, self._searcher)(query) if query is not None else None
        full = self._query(text, filters)
        if limit <= 0:  # Tantivy panics on limit=0
            page = Page(total=self._count(full), hits=[])
        else:
            k = offset + limit + TIE_MARGIN
            if sort == "relevance":
                found = self._searcher.search(full, k, count=True)
            elif sort == "newest":
                found = self._searcher.search(
                    full, k, count=True, order_by_field="date_new", order=Order.Desc
                )
            else:
                found = self._searcher.search(full, k, count=True, order_by_field="date_old", order=Order.Asc)
            hits = found.hits
            seqs = self._searcher.fast_field_values("seq", [addr for _, addr in hits]) if hits else []
            sign = 1 if sort == "oldest" else -1
            ranked = sorted(zip(hits, seqs, strict=True), key=lambda h: (sign * h[0][0], h[1] or 0))
            scored = sort == "relevance"
            page = Page(
                total=found.count,
                hits=[
                    (addr, float(score) if scored else 0.0)
                    for (score, addr), _ in ranked[offset : offset + limit]
                ],
            )
        if facets:
            year_query = self._query(text, filters.without_years())
            if filters.by_year or filters.speakers:
                years = self._terms(year_query, "year", missing=0)
                speakers = self._speakers(self._query(text, filters.without_speakers()))
            else:
                # No filter: both facets count the same matches, in one pass.
                both = self._aggregate(
                    year_query,
                    {
                        "year": _spec("year", missing=0),
                        "speakers": _spec(self._speaker_field, SPEAKERS_FIRST),
                    },
                )
                years = both["year"]
                speakers = self._speakers(year_query, both["speakers"])
            page.years = Counter()
            for key, count in years:
                page.years[_year_key(key)] += count
            page.speakers = speakers
            start = filters.year_start
            if start is not None and start == filters.year_end:
                in_year = Filters(start, start, None, filters.speakers)
                page.months = Counter(
                    {
                        int(k): c
                        for k, c in self._terms(self._query(text, in_year), "month")
                        if 1 <= int(k) <= 12
                    }
                )
        return page

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
