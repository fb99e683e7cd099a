"""Ranked search with filters, facets and pagination → plain dataclasses.

The web app and the CLI both call :meth:`Searcher.search` and print or render what it returns.
This module builds the query tree, relaxes it when nothing matches, and turns the engine's page
into hits with snippets and facets; the engine (:mod:`search.engines`, recorded in the index
folder) only matches, scores, filters, sorts and counts. Nothing above this module knows which
engine answered.
"""

from __future__ import annotations

import heapq
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from search.config import default_index_dir
from search.engines import open_reader
from search.engines.base import SORTS, Filters, Page
from search.errors import ConfigError, ModelError
from search.meaning import rerank as meaning
from search.query import DEFAULT_WEIGHTS, DateRange, Weights, YearRange, build_query, value_key
from search.query.build import Matching, is_long
from search.query.equivalences import load_groups
from search.query.notes import note
from search.query.plan import QueryPlan, plan
from search.query.reading import Reading, fallback_note
from search.query.syntax import respelled
from search.query.tree import Node
from search.results import Facet, Hit, SearchResult, StoredArticle, stored_names
from search.snippets import Snippet, make_snippet
from search.speakers.archive import Person, SpeakerTable, load_speakers
from search.suggest import CONFIDENT, Suggestion, Vocabulary, load_vocabulary, load_word_pairs, suggest

__all__ = ["Facet", "Hit", "Person", "SORTS", "SearchResult", "Searcher", "StoredArticle"]

MAX_LIMIT = 1000
# A restored spelling ranks its accented forms first only above this confidence: the restorer's
# confidence runs high (most pasted headlines score over CONFIDENT), and a wrong restoration
# ("bảo nhiều tiên") ranks worse than none. The relevance benchmark's unaccented questions: 0.929
# at CONFIDENT (0.7), 0.937 here.
RANK_CONFIDENT = max(CONFIDENT, 0.85)
SPEAKER_FACET_SIZE = 50


def _iso_day(number: int) -> str:
    """20200317 → "2020-03-17"."""
    return f"{number // 10000:04d}-{number // 100 % 100:02d}-{number % 100:02d}"


def _check_page(limit: int, offset: int) -> None:
    if not 0 <= limit <= MAX_LIMIT:
        raise ConfigError(f"--limit must be between 0 and {MAX_LIMIT}, not {limit}.")
    if offset < 0:
        raise ConfigError(f"--offset must be 0 or more, not {offset}.")


class Searcher:
    """An open index, ready to answer many queries (reuses its engine's reader)."""

    def __init__(self, index_dir: str | Path | None = None) -> None:
        self.index_dir = Path(index_dir) if index_dir is not None else default_index_dir()
        self.reader = open_reader(self.index_dir)
        self._vocab: Vocabulary | None = None
        self.groups = load_groups(str(self.index_dir))
        self._parts: set[str] | None = None
        self._pairs: frozenset[str] | None = None
        self._table: SpeakerTable | None = None
        self._values: dict[str, dict[str, str]] = {}
        self._loading = threading.Lock()  # the site's threads share a Searcher: one reads at a time

    @property
    def engine(self) -> str:
        return self.reader.name

    @property
    def vocabulary(self) -> Vocabulary:
        with self._loading:  # numpy's header parsing in many threads at once failed on Python 3.11
            if self._vocab is None:
                self._vocab = load_vocabulary(self.index_dir)
        return self._vocab

    @property
    def known_pairs(self) -> frozenset[str] | None:
        """Folded syllable pairs inside the archive's words ("cong_an"); None
        for an index counted before they were (every reading's words count)."""
        with self._loading:
            if self._pairs is None:
                self._pairs = load_word_pairs(self.index_dir) or frozenset()
        return self._pairs or None

    @property
    def speaker_table(self) -> SpeakerTable:
        """The archive's canonical speaker names (``speakers.tsv``, read again when rewritten)."""
        with self._loading:
            self._table = load_speakers(self.index_dir, self._table)
            return self._table

    def speaker(self, name: str) -> Person | None:
        """The person behind ``name`` or its variants: canonical name, variants, articles; None if unknown."""
        return self.speaker_table.person(name.strip(), self._speaker_count)

    def _speaker_count(
        self, names: tuple[str, ...], query: Node | None = None, filters: Filters | None = None
    ) -> int:
        """Articles matching ``query`` under ``filters`` (but their speakers') holding one of ``names``."""
        narrowed = replace(filters or Filters(), speakers=(names,))
        return self.reader.search(query, narrowed, "relevance", 0, 0, False).total

    def suggest(self, q: str) -> Suggestion | None:
        """A better reading of the query from this index's statistics: accents restored,
        a typo corrected or Telex/VNI decoded (``kind``); None when it reads fine as typed."""
        return self._suggest(plan(q))

    def _suggest(self, qp: QueryPlan) -> Suggestion | None:
        if not qp.parsed.text.strip():
            return None
        return suggest(qp.parsed.text, self.vocabulary)

    def close(self) -> None:
        self.reader.close()

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def generation(self) -> Any:
        """Changes whenever a commit lands (cheap)."""
        return self.reader.generation()

    def refresh(self) -> None:
        """See the latest commit (cheap when nothing changed)."""
        if self.reader.refresh():
            self._parts = None
            self._values = {}
            self._vocab = None
            self._pairs = None

    @property
    def doc_count(self) -> int:
        return self.reader.doc_count

    def search(
        self,
        q: str,
        *,
        years: YearRange | None = None,
        month: int | None = None,
        speakers: Iterable[str] = (),
        sources: Iterable[str] = (),
        sections: Iterable[str] = (),
        dates: DateRange | None = None,
        group: int | None = None,
        fold: bool = False,
        sort: str = "relevance",
        limit: int = 10,
        offset: int = 0,
        facets: bool = True,
        weights: Weights | None = None,
        snippets: bool = True,
    ) -> SearchResult:
        """Search; the filters given add to any written in ``q`` (several speakers, sources or
        sections: any of them; different kinds: all).

        ``month`` (1-12) narrows a single-year filter to that month; ``dates`` (inclusive days)
        narrows to a day range; ``group`` shows one near-duplicate group's matches. ``fold``: one
        hit per group of near-duplicates (``offset`` and ``limit`` count groups), each hit's
        ``similar`` saying how many more the group has among the matches. ``snippets=False``:
        hits without excerpts, for callers that read the articles themselves (kwic, quotes).
        """
        started = time.perf_counter()
        if sort not in SORTS:
            raise ConfigError(f"--sort must be one of {', '.join(SORTS)}, not {sort!r}.")
        _check_page(limit, offset)
        weights = self._for_this_index(weights or DEFAULT_WEIGHTS)
        qp = plan(q)  # the query analysed once, for every use below
        if qp.parsed.phrases and is_long(qp, qp.parsed.text, weights, self.groups):
            qp = qp.relaxed()  # quotes in a pasted headline are punctuation, not a phrase to require
        pq = qp.parsed
        years = years or pq.years
        single_year = years is not None and years.start is not None and years.start == years.end
        if month is not None and not (1 <= month <= 12 and single_year):
            raise ConfigError(f"A month filter needs a single year and a month from 1 to 12, not {month}.")
        table = self.speaker_table  # a speaker is any of its names; a variant is read as its canonical name
        dates = dates or pq.dates
        filters = Filters(
            year_start=years.start if years else None,
            year_end=years.end if years else None,
            month=month,
            speakers=tuple(table.alternatives(name) for name in table.names([*speakers, *pq.speakers])),
            sources=self._known("source", [*sources, *pq.sources]),
            sections=self._known("section", [*sections, *pq.sections]),
            date_from=dates.start if dates else None,
            date_to=dates.end if dates else None,
            group=group,
        )
        fold = fold and group is None
        suggestion = self._suggest(qp)
        reading, text_query = self._read(qp, weights, suggestion, Matching(exact=pq.accented))
        order = "newest" if text_query is None and sort == "relevance" else sort
        by_day = facets and filters.by_date
        pages = (filters, order, offset, limit, facets, fold, by_day)
        page = self._page(text_query, qp, suggestion, pq.notes, *pages)
        if page.total == 0 and text_query is not None and self.reader.count(text_query) == 0:
            # Nothing anywhere has the words as typed (not just under these
            # filters): another, labelled reading — never mixed with the first.
            for fallback in self._fallbacks(qp, weights, suggestion, reading):
                if fallback is None:
                    continue
                other, other_query, other_qp = fallback
                if self.reader.count(other_query):
                    reading, text_query, qp = other, other_query, other_qp
                    page = self._page(text_query, qp, suggestion, pq.notes, *pages)
                    pq.notes.append(fallback_note(reading, q, page.total))
                    break
        units = qp.highlight_units()
        scored = sort == "relevance" and text_query is not None
        if reading.kind == "enough" and not any(n.kind == "enough" for n in pq.notes):
            pq.notes.append(note("enough", needed=reading.needed, words=reading.count))
        result = SearchResult(
            query=q,
            total=page.total,
            offset=offset,
            limit=limit,
            suggestion=respelled(pq, suggestion.words) if suggestion else None,  # as typed, not a fallback's
            hits=[
                self._hit(key, score, units if snippets else None, scored, qp.exact, similar)
                for (key, score), similar in zip(page.hits, page.similar or [0] * len(page.hits), strict=True)
            ],
            notes=pq.notes,
            reading=reading.as_dict() if text_query is not None else None,
            stories=page.stories,
            marks=(units, qp.exact) if text_query is not None else ([], False),
        )
        if facets:
            # Each facet counts what the other filters leave: a year chosen, the others still show.
            result.facets = {
                "year": self._year_facet(page.years or Counter()),
                "speaker": self._speaker_facet(page.speakers or Counter(), text_query, filters),
                "source": self._value_facet(page.sources or Counter(), filters.sources),
                "section": self._value_facet(page.sections or Counter(), filters.sections),
            }
            if by_day:
                days = page.days or Counter()
                result.facets["day"] = [Facet(_iso_day(d), days[d]) for d in sorted(days) if d] + (
                    [Facet(None, days[0])] if days.get(0) else []
                )
            if single_year:
                result.facets["month"] = [Facet(m, c) for m, c in sorted((page.months or Counter()).items())]
        result.seconds = time.perf_counter() - started
        return result

    def _page(
        self, tree: Node | None, qp: QueryPlan, suggestion: Suggestion | None, notes: list, *args: Any
    ) -> Page:
        """The engine's page (``args``: filters, order, offset, limit, facets, fold, days), a long
        query's first results re-ordered on meaning when the index has vectors (--meaning)."""
        filters, order, offset, limit, *rest = args
        text, ranked = qp.parsed.text, tree is not None and order == "relevance"
        vectors, stale = meaning.vectors_for(self.index_dir, text, offset) if ranked else (None, False)
        if vectors is None:  # the engine's order; an older version's vectors: a note to embed again
            if stale and all(n.kind != "meaning_stale" for n in notes):
                notes.append(note("meaning_stale"))
            return self.reader.search(tree, *args)
        page = self.reader.search(tree, filters, order, 0, max(meaning.DEPTH, offset + limit), *rest)
        if not qp.parsed.accented and suggestion is not None and suggestion.kind == "accents":
            text = suggestion.text  # the model reads Vietnamese with its accents
        try:
            return meaning.rerank_page(page, self.reader.stored, vectors, text, offset, limit)
        except ModelError:  # the engine's order, and a note saying what to install
            notes += [] if any(n.kind == "meaning_missing" for n in notes) else [note("meaning_missing")]
            return meaning.arranged(page, list(range(len(page.hits))), offset, limit)

    def _read(
        self, qp: QueryPlan, weights: Weights, suggestion: Suggestion | None, match: Matching
    ) -> tuple[Reading, Node | None]:
        """The query tree of one reading of ``qp``, and how it reads."""
        restored = suggestion.text if suggestion is not None and suggestion.kind == "accents" else None
        confident = restored if suggestion is not None and suggestion.confidence >= RANK_CONFIDENT else None
        match.restored = restored
        match.known_pairs = self.known_pairs
        tree = build_query(qp, weights, suggestion=confident, groups=self.groups, match=match)
        units = [u.text for u in qp.matched_units]
        reading = Reading(
            "exact" if match.exact else "folded", match.kind, units, None, match.needed, match.words
        )
        return reading, tree

    def _fallbacks(
        self, qp: QueryPlan, weights: Weights, suggestion: Suggestion | None, first: Reading
    ) -> Iterator[tuple[Reading, Node, QueryPlan] | None]:
        """Other readings of a query that found nothing anywhere, in the order tried: without its
        accents, its words apart where Title Case joined them into a name, as the archive spells
        it (a typo, Telex), its quoted phrases as plain words, any of its words."""
        if first.accents == "exact":
            other = plan(qp.parsed)
            reading, tree = self._read(other, weights, suggestion, Matching(exact=False))
            yield (reading, tree, other) if tree is not None else None
        if first.words == "all":
            # Title Case joins capitalised syllables into one name ("Sushi Quang
            # Hanh"): the words as pyvi and the archive read them, same accents.
            other = plan(qp.parsed)
            reading, tree = self._read(other, weights, suggestion, Matching(exact=qp.exact, titled=False))
            reading.names_split = True
            apart = tree is not None and reading.units != first.units
            yield (reading, tree, other) if apart else None
        if suggestion is not None and suggestion.kind != "accents":
            # The query respelt, with its phrases, exclusions and filters as typed
            # ("covd -\"hà nội\"" is "covid -\"hà nội\"", not every article on covid).
            other = plan(respelled(qp.parsed, suggestion.words))
            again = self._suggest(other)
            reading, tree = self._read(other, weights, again, Matching(exact=other.accented))
            reading.searched = other.parsed.typed
            yield (reading, tree, other) if tree is not None else None
        if qp.parsed.phrases:
            other = qp.relaxed()
            reading, tree = self._read(other, weights, suggestion, Matching(exact=False))
            reading.phrases_as_words = True
            yield (reading, tree, other) if tree is not None else None
        if first.words == "all" and (len(first.units) > 1 or qp.parsed.phrases):
            other = qp.relaxed()
            reading, tree = self._read(other, weights, suggestion, Matching(exact=False, any_word=True))
            yield (reading, tree, other) if tree is not None else None

    def _for_this_index(self, weights: Weights) -> Weights:
        """No clauses for parts no article has (often titles and leads): each
        would cost a matcher per query term and find nothing."""
        if self._parts is None:
            self._parts = {p for p in ("title", "lead") if self.reader.has_terms(p)}
        absent = {p: 0.0 for p in ("title", "lead") if p not in self._parts}
        return replace(weights, **absent) if absent else weights

    def _known(self, field: str, asked: Iterable[str]) -> tuple[str, ...]:
        """The archive's own spelling of each source or section asked for (case, accents and
        spaces aside: "dan tri" finds "Dân Trí"); a value it does not hold is kept as typed."""
        values = [v.strip() for v in asked if v and v.strip()]
        if not values:
            return ()
        if field not in self._values:
            self._values[field] = {
                value_key(v): v for v in self.reader.value_counts(field) if isinstance(v, str) and v
            }
        known = self._values[field]
        return tuple(dict.fromkeys(known.get(value_key(v), v) for v in values))

    @staticmethod
    def _value_facet(counts: Counter, chosen: tuple[str, ...]) -> list[Facet]:
        """Most articles first; a chosen value stays listed even when nothing is left of it."""
        items = sorted(((v, c) for v, c in counts.items() if v), key=lambda vc: (-vc[1], vc[0]))
        listed = {v for v, _ in items}
        return [Facet(v, c) for v, c in items] + [Facet(v, 0) for v in chosen if v not in listed]

    @staticmethod
    def _year_facet(counts: Counter) -> list[Facet]:
        dated = sorted((k for k in counts if k is not None), reverse=True)
        out = [Facet(y, counts[y]) for y in dated]
        if None in counts:
            out.append(Facet(None, counts[None]))
        return out

    def _speaker_facet(self, counts: Counter, query: Node | None, filters: Filters) -> list[Facet]:
        """Speakers by canonical name, their variants' counts merged in."""
        merged = self.speaker_table.merge(
            counts, lambda names: self._speaker_count(names, query, filters), self._speaker_count
        )
        merged.pop("", None)
        if len(merged) > SPEAKER_FACET_SIZE:  # thousands of names: sort only those that can be listed
            least = heapq.nlargest(SPEAKER_FACET_SIZE, merged.values())[-1]
            merged = Counter({v: c for v, c in merged.items() if c >= least})
        items = sorted(((v, c) for v, c in merged.items() if v and c), key=lambda vc: (-vc[1], vc[0]))
        return [Facet(v, c) for v, c in items[:SPEAKER_FACET_SIZE]]

    def _hit(
        self,
        key: Any,
        score: float,
        units: list[tuple[str, ...]] | None,
        scored: bool,
        exact: bool,
        similar: int = 0,
    ) -> Hit:
        stored = self.reader.stored(key)
        body = stored.get("body") or stored.get("lead") or ""
        if units is None:  # no excerpt wanted
            snippet = Snippet([], 0)
        else:
            snippet = make_snippet(body, units, exact=exact)
        if units is not None and not snippet.matches and stored.get("lead"):
            lead_snippet = make_snippet(stored["lead"], units, exact=exact)
            if lead_snippet.matches:
                snippet = lead_snippet
        return Hit(
            id=stored["id"],
            title=stored.get("title") or "",
            date=stored.get("date") or None,
            year=stored.get("year"),
            speakers=(self._table or self.speaker_table).names(stored_names(stored.get("speakers"))),
            source=stored.get("source") or "",
            section=stored.get("section") or "",
            group=int(stored.get("group") or 0),
            url=stored.get("url") or "",
            score=round(float(score), 4) if scored else None,
            excerpt=snippet,
            similar=similar,
        )

    def get(self, article_id: str) -> StoredArticle | None:
        """One article as stored, or None."""
        stored = self.reader.get(article_id)
        if stored is None:
            return None
        article, table = StoredArticle.from_stored(stored), self.speaker_table
        roles = {table.canonical(name): role for name, role in reversed(article.roles.items())}
        return replace(article, speakers=table.names(article.speakers), roles=roles)
