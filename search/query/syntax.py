"""The query syntax: what a person types → a :class:`ParsedQuery` (free text,
phrases, exclusions, filters, and notes on how an odd query was read).

The syntax is small on purpose, so that any text a person types is a valid
query:

* free words — kept as one text (never split on spaces first), so the
  analysis meets "bộ công an" as the word ``bộ_công_an`` and its syllables;
* ``"quoted phrase"`` — the syllables in that order;
* ``-word`` or ``-"phrase"`` — articles containing it are left out;
* ``a OR b`` — either;
* ``year:2019`` or ``year:2019..2021``, ``speaker:"Tô Lâm"`` — filters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from search.errors import QueryError
from search.query.notes import Note, note
from search.vietnamese.text import has_diacritics, normalize

__all__ = ["MAX_QUERY_CHARS", "ParsedQuery", "YearRange", "parse_query", "parse_year_range", "relaxed"]

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32


@dataclass(frozen=True)
class YearRange:
    """Inclusive; either end may be open."""

    start: int | None
    end: int | None


@dataclass
class ParsedQuery:
    """What the user asked for, before it becomes a query tree."""

    raw: str
    text: str = ""  # the free text, normalised
    alternatives: list[str] = field(default_factory=list)  # free text split at OR
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    years: YearRange | None = None
    speakers: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # how an odd query was read (English; .vi)

    @property
    def accented(self) -> bool:
        return has_diacritics(" ".join([self.text, *self.phrases]))


_YEAR_RE = re.compile(r"^\s*(\d{4})?\s*(?:(\.\.|-|–)\s*(\d{4})?)?\s*$")


def parse_year_range(value: str) -> YearRange:
    """``2019`` → 2019..2019; ``2019..2021``; ``2019..`` and ``..2021`` are open."""
    m = _YEAR_RE.match(value or "")
    if not m or not (m.group(1) or m.group(3)):
        raise QueryError(f"Cannot read the year {value!r}: use a year like 2019 or a range like 2019..2021.")
    start = int(m.group(1)) if m.group(1) else None
    end = int(m.group(3)) if m.group(3) else (None if m.group(2) else start)
    if start is not None and end is not None and start > end:
        raise QueryError(f"The year range {value!r} ends before it starts: write {end}..{start}.")
    return YearRange(start, end)


_TOKEN_RE = re.compile(
    r"""(?P<neg>-)?(?:(?P<field>(?i:year|speaker|nam|năm|nguoi|người)):)?"""
    r"""(?:"(?P<quoted>[^"]*)(?P<closed>")?|(?P<bare>\S+))"""
)
_FILTER_NAMES = {
    "year": "year",
    "nam": "year",
    "năm": "year",
    "speaker": "speaker",
    "nguoi": "speaker",
    "người": "speaker",
}


def parse_query(raw: str) -> ParsedQuery:
    """Split a query string into free text, phrases, exclusions and filters.

    Never fails: whatever cannot be read as syntax is read as words, and
    ``notes`` says so (an unclosed quote, a stray operator, a bad year).
    """
    pq = ParsedQuery(raw=raw)
    if len(raw) > MAX_QUERY_CHARS:
        raw = raw[:MAX_QUERY_CHARS]
        pq.notes.append(note("truncated", n=MAX_QUERY_CHARS))
    text = normalize(raw.replace("\u201c", '"').replace("\u201d", '"'))
    groups: list[list[str]] = [[]]
    for m in _TOKEN_RE.finditer(text):
        neg, fname, quoted, bare = m.group("neg"), m.group("field"), m.group("quoted"), m.group("bare")
        value = quoted if quoted is not None else bare
        if quoted is not None and m.group("closed") is None:
            pq.notes.append(note("unclosed_quote", text=quoted.strip()))
        if fname:
            _add_filter(pq, _FILTER_NAMES[fname.lower()], value)
        elif neg and value and value.strip("-"):
            pq.excluded.append(value)
        elif neg or (bare is not None and not bare.strip("-")):
            pq.notes.append(note("lone_minus"))
        elif quoted is not None:
            if quoted.strip():
                pq.phrases.append(quoted)
        elif bare == "OR":
            if not groups[-1]:
                pq.notes.append(note("or_first"))
            else:
                groups.append([])
        else:
            groups[-1].append(m.group(0))
    if len(groups) > 1 and not groups[-1]:
        groups.pop()
        pq.notes.append(note("or_last"))
    pq.alternatives = [" ".join(g) for g in groups if g]
    pq.text = " ".join(pq.alternatives)
    return pq


def relaxed(pq: ParsedQuery) -> ParsedQuery:
    """The same query with its phrases read as plain words."""
    words = " ".join([pq.text, *pq.phrases]).strip()
    return replace(pq, text=words, alternatives=[words] if words else [], phrases=[], notes=list(pq.notes))


def _add_filter(pq: ParsedQuery, kind: str, value: str) -> None:
    if kind == "year":
        try:
            pq.years = parse_year_range(value)
        except QueryError as exc:
            pq.notes.append(note("bad_year", error=exc, value=value))
    elif value.strip():
        pq.speakers.append(value.replace("_", " ").strip())
