"""The query syntax: what a person types → a :class:`ParsedQuery` (free text,
phrases, exclusions, filters, and notes on how an odd query was read).

The syntax is small on purpose, so that any text a person types is a valid
query:

* free words — kept as one text (never split on spaces first), so the
  analysis meets "bộ công an" as the word ``bộ_công_an`` and its syllables;
* ``"quoted phrase"`` — the syllables in that order;
* ``-word`` or ``-"phrase"`` — articles containing it are left out;
* ``a OR b`` — either;
* filters: ``year:2019`` or ``year:2019..2021``; ``date:2020-03-01..2020-06-30``
  (a day, month or year at either end; either end open); ``speaker:"Tô Lâm"``,
  ``source:dantri.com.vn``, ``section:"Thể thao"`` — several of one kind
  are alternatives (either speaker), different kinds all apply. Vietnamese
  names: ``năm:``, ``ngày:``, ``người:``, ``nguồn:``, ``mục:`` (accents optional).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from search.errors import QueryError
from search.query.notes import Note, note
from search.vietnamese.text import SYLLABLE_RE, fold, has_diacritics, normalize

__all__ = [
    "MAX_QUERY_CHARS",
    "DateRange",
    "ParsedQuery",
    "YearRange",
    "parse_date_range",
    "parse_query",
    "parse_year_range",
    "relaxed",
    "respelled",
    "value_key",
]

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32


@dataclass(frozen=True)
class YearRange:
    """Inclusive; either end may be open."""

    start: int | None
    end: int | None


@dataclass(frozen=True)
class DateRange:
    """Inclusive ISO days ("2020-03-01"); either end may be open."""

    start: str | None
    end: str | None


# Between free words that something else stood between: a comma, so that no word, unit
# or adjacent pair is read across it (search.vietnamese.analysis breaks pairs at it).
BREAK = ","


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
    sources: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    dates: DateRange | None = None
    notes: list[Note] = field(default_factory=list)  # how an odd query was read (English; .vi)
    typed: str = ""  # the query as read (normalised, cut to MAX_QUERY_CHARS)
    free_spans: list[tuple[int, int]] = field(default_factory=list)  # the free words' places in ``typed``

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


_DAY_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _day(value: str, last: bool) -> str:
    """ "2020", "2020-03" or "2020-03-17" as one ISO day: the period's first day, or its last."""
    m = _DAY_RE.match(value.strip())
    if not m:
        raise QueryError(f"Cannot read the date {value!r}: write a day like 2020-03-17, or 2020-03, or 2020.")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    first_month, last_month = (int(month), int(month)) if month else (1, 12)
    if not 1 <= first_month <= 12:
        raise QueryError(f"Cannot read the date {value!r}: the month must be from 1 to 12.")
    month_n = last_month if last else first_month
    days_in = calendar.monthrange(year, month_n)[1]
    if day:
        if not 1 <= int(day) <= days_in:
            raise QueryError(f"Cannot read the date {value!r}: {year}-{month_n:02d} has {days_in} days.")
        day_n = int(day)
    else:
        day_n = days_in if last else 1
    return f"{year:04d}-{month_n:02d}-{day_n:02d}"


def parse_date_range(value: str) -> DateRange:
    """``2020-03-01..2020-06-30``; one day, month or year alone is that period;
    ``2020-03..`` and ``..2020-06`` are open; a month or year at an end stands for its first
    (start) or last (end) day."""
    text = (value or "").strip()
    start_text, sep, end_text = text.partition("..")
    if not sep:
        start_text = end_text = text
    if not start_text.strip() and not end_text.strip():
        raise QueryError(f"Cannot read the dates {value!r}: write a range like 2020-03-01..2020-06-30.")
    start = _day(start_text, last=False) if start_text.strip() else None
    end = _day(end_text, last=True) if end_text.strip() else None
    if start is not None and end is not None and start > end:
        raise QueryError(f"The date range {value!r} ends before it starts: write {end_text}..{start_text}.")
    return DateRange(start, end)


_TOKEN_RE = re.compile(
    r"""(?P<neg>-)?(?:(?P<field>(?i:year|speaker|source|section|date|nam|năm|nguoi|người|nguon|nguồn|muc|mục|ngay|ngày)):)?"""
    r"""(?:"(?P<quoted>[^"]*)(?P<closed>")?|(?P<bare>\S+))"""
)
_FILTER_NAMES = {
    "year": "year",
    "nam": "year",
    "năm": "year",
    "speaker": "speaker",
    "nguoi": "speaker",
    "người": "speaker",
    "source": "source",
    "nguon": "source",
    "nguồn": "source",
    "section": "section",
    "muc": "section",
    "mục": "section",
    "date": "date",
    "ngay": "date",
    "ngày": "date",
}


def value_key(value: str) -> str:
    """A source's or section's name as typed values are compared with it: no case, no accents,
    single spaces ("dan tri" and "Dân  Trí" are one)."""
    return " ".join(fold(value).lower().split())


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
    pq.typed = text
    groups: list[list[str]] = [[]]
    for m in _TOKEN_RE.finditer(text):
        neg, fname, quoted, bare = m.group("neg"), m.group("field"), m.group("quoted"), m.group("bare")
        if groups[-1] and groups[-1][-1] != BREAK and not fname and (quoted is not None or neg):
            # A phrase or an exclusion stands between free words: the words on either side were
            # never next to each other ('loạt "sao" tỏa sáng' holds no word "loạt tỏa"). A filter
            # is no text, and the words around it stay as typed.
            groups[-1].append(BREAK)
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
            pq.free_spans.append(m.span())
    if len(groups) > 1 and not groups[-1]:
        groups.pop()
        pq.notes.append(note("or_last"))
    for group in groups:
        while group and group[-1] == BREAK:
            group.pop()
    pq.alternatives = [" ".join(g) for g in groups if g]
    pq.text = " ".join(pq.alternatives)
    return pq


def respelled(pq: ParsedQuery, words: Iterable[str]) -> str:
    """The query as typed with its free words' syllables, in order, spelt as ``words`` ("did
    you mean": accents restored, a typo corrected) and everything else kept: phrases,
    exclusions, filters, OR. ``words`` holds one entry a syllable of :attr:`ParsedQuery.text`."""
    out, end, todo = [], 0, iter(words)
    for start, stop in pq.free_spans:
        out.append(pq.typed[end:start])
        part = pq.typed[start:stop]
        done = 0
        for m in SYLLABLE_RE.finditer(part):
            out.append(part[done : m.start()] + next(todo, m.group()))
            done = m.end()
        out.append(part[done:])
        end = stop
    out.append(pq.typed[end:])
    return "".join(out)


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
    elif kind == "date":
        try:
            pq.dates = parse_date_range(value)
        except QueryError as exc:
            pq.notes.append(note("bad_date", error=exc, value=value))
    elif value.strip():
        named = {"speaker": pq.speakers, "source": pq.sources, "section": pq.sections}[kind]
        named.append(value.replace("_", " ").strip() if kind == "speaker" else value.strip())
