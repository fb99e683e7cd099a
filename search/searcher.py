"""Ranked search with filters, facets and pagination → plain dataclasses.

The web app and the CLI both call :meth:`Searcher.search` and print or
render what it returns; nothing above this module touches Whoosh.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from whoosh import collectors
from whoosh import query as wq

from .analysis import analyze
from .doctable import DocTable
from .equivalences import load_groups
from .errors import ConfigError
from .indexer import default_index_dir, open_index
from .query import DEFAULT_WEIGHTS, ParsedQuery, Weights, YearRange, build_query, parse_query, relaxed
from .schema import year_or_none
from .snippets import make_snippet
from .suggest import CONFIDENT, Suggestion, Vocabulary, load_vocabulary, suggest

__all__ = ["Facet", "Hit", "SearchResult", "Searcher", "SORTS"]

SORTS = ("relevance", "newest", "oldest")
MAX_LIMIT = 1000
SPEAKER_FACET_SIZE = 50


@dataclass
class Hit:
    id: str
    title: str
    date: str | None
    year: int | None
    speakers: list[str]
    source: str
    url: str
    score: float | None
    snippet: str  # HTML: escaped text with <mark> around matches
    snippet_text: str = ""  # the same as plain text

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("snippet_text")
        return d


@dataclass
class Facet:
    value: Any
    count: int


@dataclass
class SearchResult:
    query: str
    total: int
    offset: int
    limit: int
    suggestion: str | None
    hits: list[Hit]
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # how an odd query was read

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of ``vnsearch search --format json`` and ``/api/search``."""
        return {
            "query": self.query,
            "total": self.total,
            "offset": self.offset,
            "limit": self.limit,
            "suggestion": self.suggestion,
            "hits": [h.as_dict() for h in self.hits],
            "facets": {
                name: [{"value": f.value, "count": f.count} for f in facets]
                for name, facets in self.facets.items()
            },
        }


def _check_page(limit: int, offset: int) -> None:
    if not 0 <= limit <= MAX_LIMIT:
        raise ConfigError(f"--limit must be between 0 and {MAX_LIMIT}, not {limit}.")
    if offset < 0:
        raise ConfigError(f"--offset must be 0 or more, not {offset}.")


class _Desc:
    """Sort key wrapper reversing the order of strings (newest date first)."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __lt__(self, other: _Desc) -> bool:
        return self.value > other.value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Desc) and self.value == other.value


def _can_relax(pq: ParsedQuery, weights: Weights) -> bool:
    """Would reading the words loosely (any of them, no exact phrases, no
    adjacent pair needed) match more?"""
    syllables = len(analyze(pq.text).syl) if pq.text else 0
    if pq.phrases:
        return True
    if len(pq.alternatives) > 1:
        return False
    return 1 < syllables <= weights.all_required_up_to or 0 < weights.pairs_select < syllables


def _highlight_terms(pq: ParsedQuery) -> list[str]:
    terms = [t[0] for t in analyze(pq.text).syl] if pq.text else []
    for phrase in pq.phrases:
        terms += [t[0] for t in analyze(phrase).syl]
    return terms


class Searcher:
    """An open index, ready to answer many queries (reuses its Whoosh searcher)."""

    def __init__(self, index_dir: str | Path | None = None) -> None:
        self.index_dir = Path(index_dir) if index_dir is not None else default_index_dir()
        self.ix = open_index(self.index_dir)
        self._searcher = self.ix.searcher()
        self._vocab: Vocabulary | None = None
        self.groups = load_groups(str(self.index_dir))
        self._parts: set[str] | None = None
        self._table: DocTable | None = None

    @property
    def vocabulary(self) -> Vocabulary:
        if self._vocab is None:
            self._vocab = load_vocabulary(self.index_dir)
        return self._vocab

    def suggest(self, q: str) -> Suggestion | None:
        """An accented reading of an unaccented query, from this index's vocabulary."""
        return self._suggest(parse_query(q))

    def _suggest(self, pq: ParsedQuery) -> Suggestion | None:
        if pq.accented or not pq.text.strip():
            return None
        return suggest([t[0] for t in analyze(pq.text).fold], self.vocabulary)

    def close(self) -> None:
        self._searcher.close()

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def refresh(self) -> None:
        """See the latest commit (cheap when nothing changed)."""
        fresh = self._searcher.refresh()
        if fresh is not self._searcher:
            self._searcher = fresh
            self._parts = None
            self._table = None
            self._vocab = None

    @property
    def doc_count(self) -> int:
        return self._searcher.doc_count()

    def search(
        self,
        q: str,
        *,
        years: YearRange | None = None,
        month: int | None = None,
        speakers: Iterable[str] = (),
        sort: str = "relevance",
        limit: int = 10,
        offset: int = 0,
        facets: bool = True,
        weights: Weights | None = None,
    ) -> SearchResult:
        """Search; ``years``/``speakers`` add to any filters written in ``q``.

        ``month`` (1-12) narrows a single-year filter to that month.
        """
        started = time.perf_counter()
        if sort not in SORTS:
            raise ConfigError(f"--sort must be one of {', '.join(SORTS)}, not {sort!r}.")
        _check_page(limit, offset)
        pq = parse_query(q)
        years = years or pq.years
        single_year = years is not None and years.start is not None and years.start == years.end
        if month is not None and not (1 <= month <= 12 and single_year):
            raise ConfigError(f"A month filter needs a single year and a month from 1 to 12, not {month}.")
        speakers = [*speakers, *pq.speakers]
        suggestion = self._suggest(pq)
        confident = suggestion.text if suggestion and suggestion.confidence >= CONFIDENT else None
        weights = self._for_this_index(weights or DEFAULT_WEIGHTS)
        text_query = build_query(pq, weights, suggestion=confident, groups=self.groups)
        matches = self._matches(text_query)
        if not matches and text_query is not None and _can_relax(pq, weights):
            # Nothing has every word (or the exact phrase): show what has
            # some of them rather than nothing, and say so.
            pq = relaxed(pq)
            loose = replace(weights, all_required_up_to=0, pairs_select=0)
            matches = self._matches(build_query(pq, loose, suggestion=confident, groups=self.groups))
            if matches:
                pq.notes.append("No article has all the words: showing those with some of them.")
        table = self.table
        if years is None:
            in_years = lambda d: True  # noqa: E731
        elif month is None:
            in_years = lambda d: table.in_years(d, years.start, years.end)  # noqa: E731
        else:
            in_years = lambda d: table.year[d] == years.start and table.month[d] == month  # noqa: E731
        has_speakers = (lambda d: table.has_speakers(d, speakers)) if speakers else (lambda d: True)
        passing = [(d, sc) for d, sc in matches if in_years(d) and has_speakers(d)]
        page = self._page(
            passing, "newest" if text_query is None and sort == "relevance" else sort, offset + limit
        )[offset:]
        terms = _highlight_terms(pq)
        scored = sort == "relevance" and text_query is not None
        result = SearchResult(
            query=q,
            total=len(passing),
            offset=offset,
            limit=limit,
            suggestion=suggestion.text if suggestion else None,
            hits=[self._hit(d, sc, terms, scored, pq.accented) for d, sc in page],
            notes=pq.notes,
        )
        if facets:
            # Each facet counts what the *other* active filters leave, as
            # faceted search does: with a year chosen, the year list still
            # shows the other years and their counts.
            def docs(by_year: bool, by_speaker: bool) -> Iterator[int]:
                return (
                    d
                    for d, _ in matches
                    if (not by_year or in_years(d)) and (not by_speaker or has_speakers(d))
                )

            result.facets = {
                "year": self._year_facet(table.count_years(docs(by_year=False, by_speaker=True))),
                "speaker": self._speaker_facet(table.count_speakers(docs(by_year=True, by_speaker=False))),
            }
            if single_year:
                # Months of the chosen year, whichever month is chosen.
                months = table.count_months(
                    d for d, _ in matches if table.year[d] == years.start and has_speakers(d)
                )
                result.facets["month"] = [Facet(m, c) for m, c in sorted(months.items())]
        result.seconds = time.perf_counter() - started
        return result

    @property
    def table(self) -> DocTable:
        if self._table is None:
            self._table = DocTable(self._searcher.reader())
        return self._table

    def _matches(self, query: wq.Query | None) -> list[tuple[int, float]]:
        """Every matching document with its score; all documents (score 0)
        for no query.

        Every match is scored: whoosh3's top-k shortcut (TopCollector's
        matcher "replacement") uses per-branch score bounds that are wrong for
        nested OR queries like ours; measured on Dân Trí headlines it returned
        unrelated articles while the right one scored highest (MRR@10 0.21
        instead of 0.72). We need every match for the facets anyway.
        """
        if query is None:
            return [(d, 0.0) for d in self._searcher.reader().all_doc_ids()]
        collector = collectors.UnlimitedCollector()
        self._searcher.search_with_collector(query, collector)
        return [(docnum, score) for score, docnum in collector.items]

    def _page(self, docs: list[tuple[int, float]], sort: str, k: int) -> list[tuple[int, float]]:
        """The first ``k`` documents in the requested order; undated last by date."""
        if sort == "relevance":
            return heapq.nsmallest(k, docs, key=lambda ds: (-ds[1], ds[0]))
        dates = self.table.date
        if sort == "newest":
            return heapq.nsmallest(k, docs, key=lambda ds: (dates[ds[0]] == "", _Desc(dates[ds[0]]), ds[0]))
        return heapq.nsmallest(k, docs, key=lambda ds: (dates[ds[0]] == "", dates[ds[0]], ds[0]))

    def _for_this_index(self, weights: Weights) -> Weights:
        """No clauses for parts no article has (often titles and leads): each
        would cost a matcher per query term and find nothing."""
        if self._parts is None:
            names = set(self._searcher.reader().indexed_field_names())
            self._parts = {p for p in ("title", "lead") if p in names}
        absent = {p: 0.0 for p in ("title", "lead") if p not in self._parts}
        return replace(weights, **absent) if absent else weights

    @staticmethod
    def _year_facet(groups: dict[Any, int]) -> list[Facet]:
        counts: dict[Any, int] = {}
        for value, count in groups.items():
            key = year_or_none(value)
            counts[key] = counts.get(key, 0) + count
        dated = sorted((k for k in counts if k is not None), reverse=True)
        out = [Facet(y, counts[y]) for y in dated]
        if None in counts:
            out.append(Facet(None, counts[None]))
        return out

    @staticmethod
    def _speaker_facet(groups: dict[Any, int]) -> list[Facet]:
        items = [(v, c) for v, c in groups.items() if v]
        items.sort(key=lambda vc: (-vc[1], vc[0]))
        return [Facet(v, c) for v, c in items[:SPEAKER_FACET_SIZE]]

    def _hit(self, docnum: int, score: float, terms: list[str], scored: bool, exact: bool) -> Hit:
        stored = self._searcher.stored_fields(docnum)
        body = stored.get("body") or stored.get("lead") or ""
        snippet = make_snippet(body, terms, exact=exact)
        if not snippet.matches and stored.get("lead"):
            lead_snippet = make_snippet(stored["lead"], terms, exact=exact)
            if lead_snippet.matches:
                snippet = lead_snippet
        return Hit(
            id=stored["id"],
            title=stored.get("title") or "",
            date=stored.get("date") or None,
            year=stored.get("year"),
            speakers=list(stored.get("speakers") or []),
            source=stored.get("source") or "",
            url=stored.get("url") or "",
            score=round(float(score), 4) if scored else None,
            snippet=snippet.html,
            snippet_text=snippet.plain,
        )

    def get(self, article_id: str) -> dict[str, Any] | None:
        """The stored fields of one article, or None."""
        return self._searcher.document(id=article_id)
