"""What every engine provides: the interfaces and the plain data they exchange.

Reading: :class:`Reader` runs a query tree (:mod:`search.query.tree`) with
:class:`Filters`, a sort and a page, and returns a :class:`Page` — the total,
the page's documents with scores, and facet counts computed the same way in
every engine (each facet counts what the *other* filters leave).

Writing: worker processes analyse articles and hand the engine's
:class:`WorkerSide` neutral documents (:class:`Doc`); the parent process owns
the engine's :class:`Sink`, the only writer, which adds what the workers
produced, deletes replaced articles and commits in batches, checking counts.
An engine is a module with the attributes of :class:`EngineModule`; the
registry (:mod:`search.engines.registry`) loads it by name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from search.query.tree import Node

__all__ = [
    "FACETS",
    "Doc",
    "EngineModule",
    "Filters",
    "Page",
    "day_key",
    "Reader",
    "SORTS",
    "Sink",
    "WorkerSide",
]

SORTS = ("relevance", "newest", "oldest")


FACETS = ("years", "speakers", "sources", "sections", "dates")


@dataclass(frozen=True)
class Filters:
    """What narrows a result set; OR within a facet, AND across facets.

    Years: an inclusive range (either end open), ``month`` a month of a single
    year. ``speakers``: the people chosen, any of them will do; a person is
    the names an article may hold them under: ``(("Lê Xuân Tình", "Xuân
    Tình"), ("Tô Lâm",))``. ``sources``/``sections``: any of the values.
    ``date_from``/``date_to``: inclusive ISO days ("2020-03-01"); an article
    dated to the month or year counts as its first day, an undated one is
    left out. ``group``: only the articles of one near-duplicate group.
    """

    year_start: int | None = None
    year_end: int | None = None
    month: int | None = None
    speakers: tuple[tuple[str, ...], ...] = ()
    sources: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    group: int | None = None

    @property
    def by_year(self) -> bool:
        return self.year_start is not None or self.year_end is not None

    @property
    def by_date(self) -> bool:
        return self.date_from is not None or self.date_to is not None

    def without(self, facet: str) -> Filters:
        """The same filters but one facet's (``FACETS``): what that facet's counts are taken under."""
        if facet == "years":
            return replace(self, year_start=None, year_end=None, month=None)
        if facet == "dates":
            return replace(self, date_from=None, date_to=None)
        if facet in ("speakers", "sources", "sections"):
            return replace(self, **{facet: ()})
        raise ValueError(f"unknown facet {facet!r}, expected one of {FACETS}")

    def without_years(self) -> Filters:
        return self.without("years")

    def without_speakers(self) -> Filters:
        return self.without("speakers")


def day_key(iso: str | None) -> int:
    """An ISO date at any precision as the number of its (first) day:
    "2020-03-17T09:30" → 20200317, "2020-03" → 20200301, "2020" → 20200101; 0 when undated."""
    if not iso or len(iso) < 4 or not iso[:4].isdigit():
        return 0
    month = iso[5:7] if len(iso) >= 7 and iso[5:7].isdigit() else "01"
    day = iso[8:10] if len(iso) >= 10 and iso[8:10].isdigit() else "01"
    return int(iso[:4] + month + day)


@dataclass
class Page:
    """One page of results. Facet counters are None unless asked for.

    ``years``: year → count (None for undated), under every filter but the
    year's; ``speakers``/``sources``/``sections``: value → count under every
    filter but that facet's; ``months``: month → count within the single year
    chosen (any month); ``days``: day number (``day_key``, 0 undated) →
    count under every filter but the day range's, asked for with a date range.

    Folded pages (``fold``): ``hits`` holds one article per near-duplicate
    group, ``stories`` counts the groups among all the matches and
    ``similar`` gives, for each hit, how many other matches its group has.
    """

    total: int
    hits: list[tuple[Any, float]]  # (engine's document key, score)
    years: Counter | None = None
    speakers: Counter | None = None
    months: Counter | None = None
    sources: Counter | None = None
    sections: Counter | None = None
    days: Counter | None = None
    stories: int | None = None
    similar: list[int] | None = None
    groups: list[int] | None = None


@dataclass
class Doc:
    """An analysed article as the workers hand it to an engine.

    ``values``: the plain fields (id, fingerprint, date, year, month, source,
    url, author, origin, title_derived, tags, speakers, speaker_info);
    ``texts``: the original cleaned text of each part (title, lead, body),
    stored and shown; ``tokens``: per indexed text field, the engine's
    encoding of its tokens (see ``WorkerSide.encode``).
    """

    values: dict[str, Any]
    texts: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, Any] = field(default_factory=dict)


class Reader(Protocol):
    """An open index, answering many queries; cheap to :meth:`refresh`."""

    name: str  # the engine's name, as the registry knows it

    def __init__(self, index_dir: Any) -> None: ...

    @property
    def doc_count(self) -> int: ...

    def generation(self) -> Any:
        """Changes whenever a commit lands (a cheap check for the web's searcher pool)."""

    def refresh(self) -> bool:
        """See the latest commit; True if it changed anything."""

    def close(self) -> None: ...

    def has_terms(self, field: str) -> bool:
        """Does any document have a term in ``field``?"""

    def search(
        self,
        query: Node | None,
        filters: Filters,
        sort: str,
        offset: int,
        limit: int,
        facets: bool,
        fold: bool = False,
        days: bool = False,
    ) -> Page:
        """Matches of ``query`` (None: every document) passing ``filters``;
        ``fold``: one hit per near-duplicate group (``offset`` counts groups);
        ``days``: with facets, count the matches per day too."""

    def count(self, query: Node) -> int:
        """Matches of ``query`` without any filter."""

    def stored(self, key: Any) -> dict[str, Any]:
        """The stored fields of a document from a :class:`Page`."""

    def get(self, article_id: str) -> dict[str, Any] | None: ...

    def field_terms(self, field: str) -> Iterator[tuple[str, int]]:
        """Every term of ``field`` with its document frequency (did-you-mean)."""

    def value_counts(self, field: str) -> Counter:
        """Documents per value of ``year`` or ``source`` over the whole index."""

    def speaker_counts(self) -> Counter:
        """Documents per speaker name over the whole index (the archive's speaker table)."""


class WorkerSide(Protocol):
    """Per worker process: recognise unchanged articles, encode tokens, write batches."""

    def unchanged(self, fingerprint: str) -> bool: ...

    def encode(self, field: str, kind: str, text: str) -> Any: ...

    def write(self, docs: Iterable[Doc]) -> tuple[Any, int]:
        """The batch in a form the parent's :class:`Sink` takes, and its document count.

        ``docs`` is consumed to its end (it analyses as it goes); with no
        document at all the count is 0 and the payload is not used."""


class Sink(Protocol):
    """The parent's single writer."""

    pending: int  # changes since the last commit; an add that brings it to commit_every commits

    def has_id(self, article_id: str) -> bool: ...

    def replace(self, article_id: str) -> None:
        """The article comes again in a later batch: delete its indexed version."""

    def add(self, payload: Any, doc_count: int) -> None: ...

    def commit(self) -> None: ...

    def cancel(self) -> None: ...

    def close(self) -> None: ...

    @property
    def doc_count(self) -> int: ...

    def reader(self) -> Reader: ...


class EngineModule(Protocol):
    """What an engine module provides (``search.engines.whoosh.engine``, ...)."""

    NAME: str
    # How many articles a worker analyses before handing them to the Sink
    # (memory grows with it).
    BATCH_SIZE: int
    Reader: type[Reader]
    WorkerSide: type[WorkerSide]
    Sink: type[Sink]

    def exists(self, path: Path) -> bool:
        """Does ``path`` hold this engine's index?"""

    def create(self, path: Path) -> None:
        """Make an empty index in ``path``."""

    def clear(self, path: Path) -> None:
        """Remove this engine's files from ``path``, keeping the folder (--rebuild)."""
