"""What a search returns, the same from every engine: hits, facets, the result, a stored article.

Plain dataclasses with ``as_dict`` for the JSON of the CLI and the API;
:mod:`search.searcher` fills them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from search.snippets import Snippet

__all__ = ["Facet", "Hit", "SearchResult", "StoredArticle", "stored_names"]


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
    excerpt: Snippet = field(default_factory=lambda: Snippet([], 0))  # fragments with their match spans
    section: str = ""
    group: int = 0  # near-duplicate group; 0: none
    similar: int = 0  # other matches of its group, folded under it

    @property
    def snippet(self) -> str:
        """HTML: escaped text with <mark> around matches."""
        return self.excerpt.html

    @property
    def snippet_text(self) -> str:
        """The same as plain text."""
        return self.excerpt.plain

    def as_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "excerpt"}
        d["speakers"] = list(self.speakers)
        d["snippet"] = self.snippet
        return d


def stored_names(value: Any) -> list[str]:
    """A stored list of names, or the comma-separated text an older writer stored."""
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value or [] if str(v).strip()]


@dataclass(frozen=True)
class StoredArticle:
    """One article as the index stores it, the same from every engine."""

    id: str
    title: str = ""
    lead: str = ""
    body: str = ""
    date: str | None = None
    year: int | None = None
    source: str = ""
    section: str = ""
    url: str = ""
    author: str = ""
    group: int = 0
    tags: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # speaker → the role last seen
    title_derived: bool = False

    @classmethod
    def from_stored(cls, stored: dict[str, Any]) -> StoredArticle:
        info = [i for i in stored.get("speaker_info") or [] if isinstance(i, dict)]
        return cls(
            id=str(stored["id"]),
            title=stored.get("title") or "",
            lead=stored.get("lead") or "",
            body=stored.get("body") or "",
            date=stored.get("date") or None,
            year=stored.get("year"),
            source=stored.get("source") or "",
            section=stored.get("section") or "",
            url=stored.get("url") or "",
            author=stored.get("author") or "",
            group=int(stored.get("group") or 0),
            tags=stored_names(stored.get("tags")),
            speakers=stored_names(stored.get("speakers")),
            roles={i["name"]: i["role"] for i in info if i.get("name") and i.get("role")},
            title_derived=bool(stored.get("title_derived")),
        )


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
    reading: dict[str, Any] | None = None  # which set this is (Reading.as_dict); None: no words
    stories: int | None = None  # near-duplicate groups among the matches, when folded
    # What the snippets mark, for views that mark the same spans (keyword in context, quotes):
    # the query's units of syllables and whether accents must match. Not part of the JSON.
    marks: tuple[list[tuple[str, ...]], bool] = field(default=([], False), repr=False)

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of ``vnsearch search --format json`` and ``/api/search``."""
        return {
            "query": self.query,
            "total": self.total,
            "stories": self.stories,
            "offset": self.offset,
            "limit": self.limit,
            "suggestion": self.suggestion,
            "reading": self.reading,
            "notes": [str(n) for n in self.notes],
            "hits": [h.as_dict() for h in self.hits],
            "facets": {
                name: [{"value": f.value, "count": f.count} for f in facets]
                for name, facets in self.facets.items()
            },
        }
