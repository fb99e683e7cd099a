"""What a person said: the sentences one speaker said that hold a query's words, across the archive.

"What did X say about Y": :func:`quotes_of` searches the articles where X
speaks that match Y (with the results page's filters), reads each article's
stored ``speaker_info`` for X under any of X's names (the archive's canonical
name and its variants), and keeps the sentences X said that hold Y's words.

A sentence matches as the article did, but within the sentence: every word of
the query (each word as its syllables side by side, accent-exact when the
query has accents, an abbreviation as any of its spellings, a quoted phrase
whole) for a normal query; for ``A OR B`` every word of either side; for a
long pasted text (the engine's "enough" reading) enough of its words; for the
relaxed reading (nothing had every word) any one word. A sentence of X's in an
article that matches only elsewhere is left out. Excluded words (``-từ``) are
already absent from the article. With no words, every sentence X said.

The words are marked as the results page marks them (the search result's
``marks``, found by :func:`search.highlight.highlight_spans`).

Order: the articles' order (relevance, or newest/oldest), then text order in
each article. The work is capped (:data:`MAX_ARTICLES` articles read); the
result says when the cap was reached. An index built before sentences were
kept whole holds one sentence per speaker and article (``quote``): that one
is used, and counted in ``one_sentence``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from search.errors import ConfigError, SearchError
from search.query import DEFAULT_WEIGHTS, DateRange, YearRange, build_query
from search.query.build import Matching
from search.query.plan import QueryPlan, plan
from search.query.words import Unit
from search.results import Hit
from search.searcher import MAX_LIMIT, Person, Searcher
from search.snippets import Fragment, Snippet, highlight_spans
from search.vietnamese.text import fold

__all__ = [
    "MAX_ARTICLES",
    "QUOTE_COLUMNS",
    "Quote",
    "QuoteResult",
    "UnknownSpeaker",
    "quote_rows",
    "quotes_of",
]

MAX_ARTICLES = 2000  # articles read for one answer: enough for a person's archive, bounded work
OPENING_QUOTES = '"“«„'
CLOSING_QUOTES = '"”»'
QUOTE_COLUMNS = ("date", "speaker", "name", "role", "sentence", "id", "title", "source", "section", "url")


class UnknownSpeaker(SearchError):
    """No article of the archive names this speaker (under any of its names)."""

    def __init__(self, name: str, close: list[str] | None = None) -> None:
        maybe = f" Did you mean {' or '.join(map(repr, close))}?" if close else ""
        super().__init__(
            f"No speaker named {name!r} in the archive.{maybe} Check the spelling, or search for the name as words."
        )
        self.name = name
        self.close = close or []  # the archive's names spelt the same but for accents and case


@dataclass(frozen=True)
class Quote:
    """One sentence a person said, where, when and under which name."""

    sentence: Snippet  # the whole sentence, the query's words as match spans
    article_id: str
    title: str
    date: str | None
    source: str
    section: str
    url: str
    name: str  # the name the article gives the speaker (a variant, or the canonical name)
    role: str
    rank: int  # the article's place among the matching articles (0: first)
    position: int  # the sentence's place among the person's sentences in the article
    continued: bool = False  # a quotation opened in an earlier sentence ends in this one

    @property
    def text(self) -> str:
        return self.sentence.plain

    @property
    def html(self) -> str:
        """Escaped text with ``<mark>`` around the query's words."""
        return self.sentence.html


@dataclass
class QuoteResult:
    """A page of a person's sentences and what the whole answer holds."""

    person: Person
    query: str
    sort: str
    total: int  # matching sentences among the articles read
    offset: int
    limit: int
    quotes: list[Quote]
    articles: int  # articles that match the query and name the person
    read: int  # articles read (at most ``MAX_ARTICLES``)
    with_quotes: int = 0  # articles read that gave at least one sentence
    one_sentence: int = 0  # articles read from an older index: one sentence per speaker stored
    reading: dict[str, Any] | None = None  # how the query was read (Reading.as_dict); None: no words
    notes: list[Any] = field(default_factory=list)
    seconds: float = 0.0
    all_quotes: list[Quote] = field(default_factory=list, repr=False)  # every sentence found, in order

    @property
    def capped(self) -> bool:
        """More articles matched than were read: the sentences are those of the first ones."""
        return self.read < self.articles


@dataclass(frozen=True)
class _Need:
    """One way a sentence matches: ``needed`` of these units' weights (every unit: their sum)."""

    units: tuple[tuple[tuple[str, ...], ...], ...]  # each unit as the spellings it matches as
    weights: tuple[int, ...]
    needed: int


def quotes_of(
    searcher: Searcher,
    speaker: str,
    q: str = "",
    *,
    years: YearRange | None = None,
    month: int | None = None,
    sources: Iterable[str] = (),
    sections: Iterable[str] = (),
    dates: DateRange | None = None,
    group: int | None = None,
    sort: str = "relevance",
    limit: int = 20,
    offset: int = 0,
    max_articles: int | None = None,
) -> QuoteResult:
    """The sentences ``speaker`` (any of its names) said that hold ``q``'s words, in
    articles under the filters (those of :meth:`Searcher.search`); a page of them.

    ``max_articles``: the articles read at most (default :data:`MAX_ARTICLES`).
    Raises :class:`UnknownSpeaker` when no article names the speaker.
    """
    started = time.perf_counter()
    max_articles = MAX_ARTICLES if max_articles is None else max_articles
    if limit < 0 or offset < 0 or max_articles < 0:
        raise ConfigError(
            f"limit, offset and max_articles must be 0 or more, not {limit}, {offset}, {max_articles}."
        )
    person = _person(searcher, speaker)
    table = searcher.speaker_table
    names = {person.name, *table.alternatives(person.name), *(n for n, _ in person.variants)}
    filters = dict(years=years, month=month, sources=list(sources), sections=list(sections), dates=dates)
    found: list[Quote] = []
    marks: list[tuple[str, ...]] = []
    needs: list[_Need] = []
    exact = False
    first = None
    read = with_quotes = one_sentence = 0
    while first is None or read < max_articles:
        page = searcher.search(
            q,
            speakers=[person.name],
            group=group,
            sort=sort,
            limit=min(MAX_LIMIT, max_articles - read),
            offset=read,
            facets=False,
            snippets=False,
            **filters,
        )
        if first is None:
            first = page
            marks = page.marks[0]  # what the results page's snippets mark for this reading
            needs, exact = _matching(searcher, q, page.reading, page.suggestion)
        for hit in page.hits:
            said, older = _sentences(searcher, hit.id, names, table.canonical)
            one_sentence += older
            kept = _kept(said, hit, read, marks, needs, exact)
            with_quotes += bool(kept)
            found += kept
            read += 1
        if not page.hits or read >= page.total:
            break
    return QuoteResult(
        person=person,
        query=q,
        sort=sort,
        total=len(found),
        offset=offset,
        limit=limit,
        quotes=found[offset : offset + limit],
        articles=first.total,
        read=read,
        with_quotes=with_quotes,
        one_sentence=one_sentence,
        reading=first.reading,
        notes=first.notes,
        seconds=time.perf_counter() - started,
        all_quotes=found,
    )


def _person(searcher: Searcher, name: str) -> Person:
    """The person ``name`` is one of the names of; typed without accents or capitals
    ("tran minh khoi"), the one archive name it can only be."""
    person = searcher.speaker(name)
    if person is not None:
        return person
    key = " ".join(fold(name).lower().split())
    close = sorted(n for n in searcher.speaker_table.counts if " ".join(fold(n).lower().split()) == key)
    canonical = {searcher.speaker_table.canonical(n) for n in close}
    if len(canonical) == 1 and (person := searcher.speaker(canonical.pop())) is not None:
        return person
    raise UnknownSpeaker(name, close[:5])


def quote_rows(result: QuoteResult) -> Iterator[list[str]]:
    """Every sentence of ``result`` as a row in :data:`QUOTE_COLUMNS` order (plain text)."""
    for one in result.all_quotes:
        yield [
            one.date or "",
            result.person.name,
            one.name,
            one.role,
            one.text,
            one.article_id,
            one.title,
            one.source,
            one.section,
            one.url,
        ]


def _sentences(
    searcher: Searcher, article_id: str, names: set[str], canonical: Any
) -> tuple[list[tuple[str, str, str]], int]:
    """(sentence, name, role) the person says in the article, in text order, each once; and
    1 when the article was stored by an older index (one sentence per speaker), else 0."""
    stored = searcher.reader.get(article_id) or {}
    info = [i for i in stored.get("speaker_info") or [] if isinstance(i, dict)]
    body = stored.get("body") or ""
    mine = [i for i in info if i.get("name") in names or canonical(str(i.get("name") or "")) in names]
    out: dict[str, tuple[str, str, str]] = {}
    older = 0
    for entry in mine:
        sentences = entry.get("quotes")
        if sentences is None:  # an index built before "quotes" was stored
            older = 1
            sentences = [entry.get("quote")] if entry.get("quote") else []
        for sentence in sentences:
            if isinstance(sentence, str) and sentence.strip() and sentence not in out:
                out[sentence] = (sentence, str(entry.get("name") or ""), str(entry.get("role") or ""))
    place = {s: (body.find(s) if body.find(s) >= 0 else len(body), k) for k, s in enumerate(out)}
    return sorted(out.values(), key=lambda item: place[item[0]]), older


def _kept(
    said: list[tuple[str, str, str]],
    hit: Hit,
    rank: int,
    marks: list[tuple[str, ...]],
    needs: list[_Need],
    exact: bool,
) -> list[Quote]:
    """The article's sentences that hold the query's words, marked."""
    out = []
    for position, (sentence, name, role) in enumerate(said):
        text = " ".join(sentence.split())
        if needs and not any(_holds(text, need, exact) for need in needs):
            continue
        spans = [(a, b) for a, b, _ in highlight_spans(text, marks, exact)] if marks else []
        out.append(
            Quote(
                sentence=Snippet([Fragment(text, spans, 0, len(text))], len(text)),
                article_id=hit.id,
                title=hit.title,
                date=hit.date,
                source=hit.source,
                section=hit.section,
                url=hit.url,
                name=name,
                role=role,
                rank=rank,
                position=position,
                continued=_continued(text),
            )
        )
    return out


def _holds(text: str, need: _Need, exact: bool) -> bool:
    got = 0
    for forms, weight in zip(need.units, need.weights, strict=True):
        if highlight_spans(text, forms, exact):
            got += weight
            if got >= need.needed:
                return True
    return got >= need.needed


def _continued(text: str) -> bool:
    """The sentence closes a quotation it does not open: the quotation began before it."""
    opened = 0
    for k, char in enumerate(text):
        if char == '"':  # straight quotes: opening after a space (or first), closing after a word
            char = "“" if k == 0 or text[k - 1].isspace() or text[k - 1] in "([" else "”"
        if char in OPENING_QUOTES:
            opened += 1
        elif char in CLOSING_QUOTES:
            if not opened:
                return True
            opened -= 1
    return False


def _forms(qp: QueryPlan, unit: Unit) -> tuple[tuple[str, ...], ...]:
    """The spellings a unit matches as (a group's variants, else its syllables): as highlights see it."""
    if unit.group is None:
        return (unit.syllables,)
    return tuple(f for f in (tuple(qp.terms(v.text, "syl")) for v in unit.group.searched(unit.typed)) if f)


def _matching(
    searcher: Searcher, q: str, reading: dict[str, Any] | None, suggestion: str | None
) -> tuple[list[_Need], bool]:
    """The ways a sentence matches ``q`` as the searcher read it (any of them), and whether
    accents must match; nothing when ``q`` has no words."""
    if reading is None:
        return [], False
    text = reading.get("searched") or q
    words = reading.get("words")
    whole = plan(text)
    if reading.get("phrases_as_words") or words == "any" or (words == "enough" and whole.parsed.phrases):
        whole = whole.relaxed()
    exact = reading.get("accents") == "exact"
    restored = suggestion if suggestion and not whole.accented and fold(suggestion) == fold(text) else None

    def matching() -> Matching:
        return Matching(
            exact=exact, restored=restored, any_word=words == "any", known_pairs=searcher.known_pairs
        )

    build_query(whole, DEFAULT_WEIGHTS, suggestion=None, groups=searcher.groups, match=matching())
    pq = whole.parsed
    needs = []
    for alternative in pq.alternatives or [pq.text]:
        side = plan(replace(pq, text=alternative, alternatives=[alternative] if alternative else []))
        side._analyses = whole._analyses  # the same texts: analysed once
        match = matching()
        build_query(side, DEFAULT_WEIGHTS, suggestion=None, groups=searcher.groups, match=match)
        units = side.matched_units
        if not units:
            continue
        weights = tuple(min(2, len(u.syllables)) if match.kind == "enough" else 1 for u in units)
        needed = {"any": 1, "enough": match.needed}.get(match.kind, sum(weights))
        needs.append(_Need(tuple(_forms(side, u) for u in units), weights, max(1, needed)))
    return needs, exact
