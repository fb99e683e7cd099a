"""Ranked search with filters, facets and pagination → plain dataclasses.

The web app and the CLI both call :meth:`Searcher.search` and print or
render what it returns; nothing above this module touches Whoosh.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from whoosh import collectors, sorting
from whoosh import query as wq

from .analysis import analyze
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


def _filters(years: YearRange | None, speakers: Iterable[str]) -> wq.Query | None:
    parts: list[wq.Query] = []
    if years is not None:
        parts.append(wq.NumericRange("year", years.start, years.end))
    parts.extend(wq.Term("speakers", s) for s in speakers)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _can_relax(pq: ParsedQuery, weights: Weights) -> bool:
    """Would reading the words loosely (any of them, no exact phrases) match more?"""
    syllables = len(analyze(pq.text).syl) if pq.text else 0
    return bool(pq.phrases) or len(pq.alternatives) <= 1 and 1 < syllables <= weights.all_required_up_to


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

    @property
    def vocabulary(self) -> Vocabulary:
        if self._vocab is None:
            self._vocab = load_vocabulary(self.index_dir)
        return self._vocab

    def suggest(self, q: str) -> Suggestion | None:
        """An accented reading of an unaccented query, from this index's vocabulary."""
        pq = parse_query(q)
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
        self._searcher = self._searcher.refresh()
        self._parts = None

    @property
    def doc_count(self) -> int:
        return self._searcher.doc_count()

    def search(
        self,
        q: str,
        *,
        years: YearRange | None = None,
        speakers: Iterable[str] = (),
        sort: str = "relevance",
        limit: int = 10,
        offset: int = 0,
        facets: bool = True,
        weights: Weights | None = None,
    ) -> SearchResult:
        """Search; ``years``/``speakers`` add to any filters written in ``q``."""
        started = time.perf_counter()
        if sort not in SORTS:
            raise ConfigError(f"--sort must be one of {', '.join(SORTS)}, not {sort!r}.")
        _check_page(limit, offset)
        pq = parse_query(q)
        years = years or pq.years
        speakers = [*speakers, *pq.speakers]
        suggestion = self.suggest(q)
        confident = suggestion.text if suggestion and suggestion.confidence >= CONFIDENT else None
        text_query = build_query(
            pq, self._for_this_index(weights or DEFAULT_WEIGHTS), suggestion=confident, groups=self.groups
        )
        query = text_query if text_query is not None else wq.Every()
        kwargs: dict[str, Any] = {"filter": _filters(years, speakers)}
        if sort == "newest":
            kwargs["sortedby"] = sorting.FieldFacet("date", reverse=True)
        elif sort == "oldest":
            kwargs["sortedby"] = sorting.FieldFacet("date_asc")
        elif text_query is None:
            kwargs["sortedby"] = sorting.FieldFacet("date", reverse=True)
        single_year = years is not None and years.start is not None and years.start == years.end
        if facets:
            # Each facet counts what the *other* active filters leave, as
            # faceted search does: with a year chosen, the year list still
            # shows the other years. Facets whose own filter is active are
            # counted by a separate unscored pass below.
            groups: dict[str, sorting.FacetType] = {}
            if years is None:
                groups["year"] = sorting.FieldFacet("year")
            if not speakers:
                groups["speaker"] = sorting.FieldFacet("speakers", allow_overlap=True)
            if single_year:
                groups["month"] = sorting.FieldFacet("month")
            if groups:
                kwargs["groupedby"] = groups
                kwargs["maptype"] = sorting.Count
        results = self._run(query, max(1, offset + limit), kwargs)
        if len(results) == 0 and text_query is not None and _can_relax(pq, weights or DEFAULT_WEIGHTS):
            # Nothing has every word (or the exact phrase): show what has
            # some of them rather than nothing, and say so.
            pq = relaxed(pq)
            loose = replace(self._for_this_index(weights or DEFAULT_WEIGHTS), all_required_up_to=0)
            query = build_query(pq, loose, suggestion=confident, groups=self.groups) or query
            results = self._run(query, max(1, offset + limit), kwargs)
            if len(results):
                pq.notes.append("No article has all the words: showing those with some of them.")
        terms = _highlight_terms(pq)
        scored = sort == "relevance" and text_query is not None
        hits = (
            [self._hit(h, terms, scored, pq.accented) for h in results[offset : offset + limit]]
            if limit
            else []
        )
        result = SearchResult(
            query=q,
            total=len(results),
            offset=offset,
            limit=limit,
            suggestion=suggestion.text if suggestion else None,
            hits=hits,
            notes=pq.notes,
        )
        if facets:
            year_groups = (
                results.groups("year")
                if years is None
                else self._count(query, "year", sorting.FieldFacet("year"), _filters(None, speakers))
            )
            speaker_groups = (
                results.groups("speaker")
                if not speakers
                else self._count(
                    query, "speaker", sorting.FieldFacet("speakers", allow_overlap=True), _filters(years, [])
                )
            )
            result.facets = {
                "year": self._year_facet(year_groups),
                "speaker": self._speaker_facet(speaker_groups),
            }
            if single_year:
                result.facets["month"] = [
                    Facet(m, c)
                    for m, c in sorted(results.groups("month").items())
                    if isinstance(m, int) and 1 <= m <= 12
                ]
        result.seconds = time.perf_counter() - started
        return result

    def _count(self, query: wq.Query, name: str, facet: Any, filter_query: wq.Query | None) -> dict[Any, int]:
        """Counts of one facet over the query's matches, unscored."""
        collector = self._searcher.collector(
            limit=None, scored=False, groupedby={name: facet}, maptype=sorting.Count, filter=filter_query
        )
        self._searcher.search_with_collector(query, collector)
        return collector.results().groups(name)

    def _for_this_index(self, weights: Weights) -> Weights:
        """No clauses for parts no article has (often titles and leads): each
        would cost a matcher per query term and find nothing."""
        if self._parts is None:
            names = set(self._searcher.reader().indexed_field_names())
            self._parts = {p for p in ("title", "lead") if p in names}
        absent = {p: 0.0 for p in ("title", "lead") if p not in self._parts}
        return replace(weights, **absent) if absent else weights

    def _run(self, query: wq.Query, limit: int, kwargs: dict[str, Any]) -> Any:
        """Whoosh's search, minus its top-k shortcut.

        whoosh3's TopCollector periodically "replaces" the matcher tree using
        each branch's maximum possible score, and for nested OR queries like
        ours those bounds are wrong: measured on Dân Trí headlines, the
        shortcut returned unrelated articles while the right one scored
        highest (MRR@10 0.21 instead of 0.69). We score every match.
        """
        searcher = self._searcher
        collector = searcher.collector(limit=limit, optimize=False, **kwargs)
        inner = collector
        while hasattr(inner, "child"):
            inner = inner.child
        if isinstance(inner, collectors.TopCollector):
            inner.replace = 0
            inner.usequality = False
        searcher.search_with_collector(query, collector)
        return collector.results()

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

    def _hit(self, hit: Any, terms: list[str], scored: bool, exact: bool) -> Hit:
        stored = hit.fields()
        body = stored.get("body") or stored.get("lead") or ""
        snippet = make_snippet(body, terms, exact=exact)
        if not snippet.matches and stored.get("lead"):
            lead_snippet = make_snippet(stored["lead"], terms, exact=exact)
            if lead_snippet.matches:
                snippet = lead_snippet
        speakers = stored.get("speakers") or []
        if isinstance(speakers, str):
            speakers = [s.strip() for s in speakers.split(",") if s.strip()]
        return Hit(
            id=stored["id"],
            title=stored.get("title") or "",
            date=stored.get("date") or None,
            year=stored.get("year"),
            speakers=list(speakers),
            source=stored.get("source") or "",
            url=stored.get("url") or "",
            score=round(float(hit.score), 4) if scored and hit.score is not None else None,
            snippet=snippet.html,
            snippet_text=snippet.plain,
        )

    def get(self, article_id: str) -> dict[str, Any] | None:
        """The stored fields of one article, or None."""
        return self._searcher.document(id=article_id)
