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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from search.query.tree import Node

__all__ = ["Doc", "EngineModule", "Filters", "Page", "Reader", "SORTS", "Sink", "WorkerSide"]

SORTS = ("relevance", "newest", "oldest")


@dataclass(frozen=True)
class Filters:
    """Inclusive year range (either end open), a month of a single year, speakers.

    ``speakers``: one entry per person, every entry required; an entry is the
    names an article may hold that person under (any of them will do):
    ``(("Lê Xuân Tình", "Xuân Tình"), ("Tô Lâm",))``.
    """

    year_start: int | None = None
    year_end: int | None = None
    month: int | None = None
    speakers: tuple[tuple[str, ...], ...] = ()

    @property
    def by_year(self) -> bool:
        return self.year_start is not None or self.year_end is not None

    def without_years(self) -> Filters:
        return Filters(speakers=self.speakers)

    def without_speakers(self) -> Filters:
        return Filters(self.year_start, self.year_end, self.month)


@dataclass
class Page:
    """One page of results. Facet counters are None unless asked for.

    ``years``: year → count (None for undated), under every filter but the
    year's; ``speakers``: name → count under every filter but the speakers';
    ``months``: month → count within the single year chosen (any month).
    """

    total: int
    hits: list[tuple[Any, float]]  # (engine's document key, score)
    years: Counter | None = None
    speakers: Counter | None = None
    months: Counter | None = None


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
        self, query: Node | None, filters: Filters, sort: str, offset: int, limit: int, facets: bool
    ) -> Page:
        """Matches of ``query`` (None: every document) passing ``filters``."""

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
