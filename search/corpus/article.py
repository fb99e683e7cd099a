"""The two things a reader yields: an ``Article``, or a ``Skipped`` item and why."""

from __future__ import annotations

from dataclasses import dataclass, field

from search.vietnamese.dates import PartialDate


@dataclass
class Article:
    """One article as read; the indexer normalises the text."""

    id: str
    body: str
    title: str = ""
    lead: str = ""
    date: PartialDate | None = None
    url: str = ""
    source: str = ""
    section: str = ""
    author: str = ""
    tags: list[str] = field(default_factory=list)
    origin: str = ""
    title_derived: bool = False
    group: int = 0  # near-duplicate group (search.indexing.duplicates); 0: not grouped


@dataclass
class Skipped:
    """An item that could not be read, and why, for the user to fix."""

    origin: str
    reason: str


Item = Article | Skipped
