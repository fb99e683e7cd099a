"""Compare over time: how often up to five queries match, per year, month or week.

:func:`trends` asks the searcher once per query (and once for the archive's
volume, the empty query) for its matches' days, groups them into periods and
gives, per period, the count and the share of all articles of that period
under the same filters. The share is the honest line: an archive holds more
articles some years than others. Undated matches cannot be placed on a time
axis: each series says how many it leaves out. The web view, the JSON API and
``vnsearch trends`` all show what this module returns.
"""

from __future__ import annotations

import csv
import io
import json
import time
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from search.errors import ConfigError
from search.query import DateRange, YearRange, parse_query
from search.searcher import Searcher

__all__ = [
    "MAX_PERIODS",
    "MAX_QUERIES",
    "PERIODS",
    "Period",
    "Series",
    "Trends",
    "TrendsError",
    "check_period",
    "check_queries",
    "choose_unit",
    "periods_between",
    "trends",
]

PERIODS = ("auto", "year", "month", "week")
MAX_QUERIES = 5
# Automatic periods: weeks up to this many days, months up to this many months, else years.
AUTO_WEEK_DAYS, AUTO_MONTHS = 26 * 7, 36
MAX_PERIODS = 520  # points on one line (ten years of weeks); a finer choice is refused
_OPEN_START = "0001-01-01"  # a day range open at both ends still asks the engine for days


class TrendsError(ConfigError):
    """A trends request the library cannot answer; ``parameter`` names the web parameter."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


def check_queries(queries: Iterable[str], name: str = "QUERY") -> list[str]:
    """The queries asked, blanks and repeats left out; more than ``MAX_QUERIES`` is an error
    naming ``name`` (the web's ``Parameter 'q'``, the command line's ``QUERY``)."""
    kept = list(dict.fromkeys(" ".join(q.split()) for q in queries if q and q.strip()))
    if len(kept) > MAX_QUERIES:
        raise TrendsError(
            "q",
            f"{name} is given {len(kept)} times; at most {MAX_QUERIES} queries can be compared. "
            f"(Tối đa {MAX_QUERIES} từ khóa.)",
        )
    return kept


def check_period(period: str, name: str = "--period") -> str:
    """``period`` if it is one of :data:`PERIODS` (blank: auto), else an error naming ``name``."""
    value = (period or "auto").strip().lower()
    if value not in PERIODS:
        shown = period if len(period) <= 30 else period[:30] + "…"
        raise TrendsError(
            "period",
            f"{name} must be one of {', '.join(PERIODS)}, not {shown!r}. (Chu kỳ: năm, tháng hoặc tuần.)",
        )
    return value


@dataclass(frozen=True)
class Period:
    """One point of the time axis: its unit, its first and last day (inclusive), both within
    the range asked for; ``partial`` when that range cuts the period short."""

    unit: str  # year | month | week
    start: date
    end: date
    partial: bool = False

    @property
    def key(self) -> str:
        """``2020``, ``2020-03`` or ``2020-W12`` (ISO week of the period's Monday)."""
        if self.unit == "year":
            return f"{self.start.year}"
        if self.unit == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        monday = self.start - timedelta(days=self.start.weekday())
        year, week, _ = monday.isocalendar()
        return f"{year}-W{week:02d}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "date_from": self.start.isoformat(),
            "date_to": self.end.isoformat(),
            "partial": self.partial,
        }


def _unit_start(day: date, unit: str) -> date:
    if unit == "year":
        return date(day.year, 1, 1)
    if unit == "month":
        return day.replace(day=1)
    return day - timedelta(days=day.weekday())


def _next_start(start: date, unit: str) -> date:
    if unit == "year":
        return date(start.year + 1, 1, 1)
    if unit == "month":
        return (start + timedelta(days=31)).replace(day=1)
    return start + timedelta(days=7)


def choose_unit(first: date, last: date) -> str:
    """The finest unit that keeps the line readable: week, month or year."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if (last - first).days + 1 <= AUTO_WEEK_DAYS:
        return "week"
    return "month" if months <= AUTO_MONTHS else "year"


def periods_between(first: date, last: date, unit: str) -> list[Period]:
    """The periods from ``first`` to ``last`` (inclusive); the first and last are cut to them."""
    out: list[Period] = []
    start = _unit_start(first, unit)
    while start <= last:
        following = _next_start(start, unit)
        low, high = max(start, first), min(following - timedelta(days=1), last)
        out.append(Period(unit, low, high, partial=(low, high) != (start, following - timedelta(days=1))))
        start = following
    return out


@dataclass
class Series:
    """One query's line: matches and all articles (the share's denominator) per period,
    plus the matches and articles left out for having no date."""

    query: str
    counts: list[int]
    articles: list[int]
    undated: int = 0
    articles_undated: int = 0
    notes: list[Any] = field(default_factory=list)  # how the query was read (search.query.notes.Note)

    @property
    def total(self) -> int:
        """Matches placed on the axis."""
        return sum(self.counts)

    @property
    def shares(self) -> list[float | None]:
        """Matches ÷ all articles of each period; None where the period has no article."""
        return [c / a if a else None for c, a in zip(self.counts, self.articles, strict=True)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "undated": self.undated,
            "counts": self.counts,
            "articles": self.articles,
            "shares": [None if s is None else round(s, 6) for s in self.shares],
            "articles_undated": self.articles_undated,
            "notes": [str(n) for n in self.notes],
        }


@dataclass
class Trends:
    """The answer: the periods (one unit) and one series per query, in the order asked."""

    queries: list[str]
    period: str  # as asked: auto, year, month or week
    unit: str | None  # as chosen; None when nothing in the range is dated
    periods: list[Period]
    series: list[Series]
    filters: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of ``/api/trends`` and ``vnsearch trends --format json``."""
        return {
            "queries": self.queries,
            "period": self.period,
            "unit": self.unit,
            "filters": self.filters,
            "periods": [p.as_dict() for p in self.periods],
            "series": [s.as_dict() for s in self.series],
        }

    def rows(self) -> list[list[Any]]:
        """One row per query and period, then one per query for its undated matches
        (period ``undated``, no days): the CSV's body."""
        out: list[list[Any]] = []
        for s in self.series:
            for p, n, a, share in zip(self.periods, s.counts, s.articles, s.shares, strict=True):
                out.append([s.query, p.key, p.start.isoformat(), p.end.isoformat(), n, a, _share(share)])
            ratio = s.undated / s.articles_undated if s.articles_undated else None
            out.append([s.query, "undated", "", "", s.undated, s.articles_undated, _share(ratio)])
        return out

    def csv_text(self, bom: bool = False) -> str:
        """The series as CSV (a BOM first for spreadsheets when ``bom``)."""
        buf = io.StringIO()
        buf.write("\ufeff" if bom else "")
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for row in self.rows():
            # A query such as -"ma túy" must not run as a spreadsheet formula.
            cell = row[0]
            row[0] = "'" + cell if cell.startswith(("=", "+", "-", "@", "\t", "\r")) else cell
            writer.writerow(row)
        return buf.getvalue()

    def json_text(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n"

    def text(self) -> str:
        """A plain table for the terminal: a row per period, per query its count and share."""
        if not self.series:
            return "No query given.\n"
        head = ["period", *(s.query for s in self.series), "all articles"]
        body = []
        for i, p in enumerate(self.periods):
            cells = [p.key + ("*" if p.partial else "")]
            for s in self.series:
                share = s.shares[i]
                cells.append(f"{s.counts[i]} ({'-' if share is None else f'{share:.1%}'})")
            body.append([*cells, str(self.series[0].articles[i])])
        widths = [max(len(r[c]) for r in [head, *body]) for c in range(len(head))]
        lines = [
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in [head, *body]
        ]
        if not self.periods:
            lines.append("(no dated article in this range)")
        unit = self.unit or "-"
        lines.append(f"\nPer {unit}: matches (share of all articles of the period).")
        if any(p.partial for p in self.periods):
            lines.append("* the range cuts this period short.")
        for s in self.series:
            extra = "".join(f"; {n}" for n in s.notes)
            lines.append(f"{s.query}: {s.total} dated matches, {s.undated} undated left out{extra}")
        return "\n".join(lines) + "\n"


CSV_COLUMNS = ["query", "period", "date_from", "date_to", "matches", "articles", "share"]


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}"


def _window(
    dates: DateRange | None, years: YearRange | None, month: int | None
) -> tuple[date | None, date | None]:
    """The days asked for by the filters (either end open)."""
    low = date.fromisoformat(dates.start) if dates and dates.start else None
    high = date.fromisoformat(dates.end) if dates and dates.end else None
    if years is not None:
        if years.start is not None:
            first = date(years.start, month or 1, 1)
            low = max(low, first) if low else first
        if years.end is not None:
            last = _next_start(date(years.end, month or 12, 1), "month") - timedelta(days=1)
            high = min(high, last) if high else last
    return low, high


def _days(
    searcher: Searcher, q: str, window: tuple[date | None, date | None], **filters: Any
) -> tuple[dict[date, int], int, list[Any]]:
    """Per day, the articles ``q`` matches within ``window`` under ``filters``; the undated ones; notes."""
    low, high = window
    dates = DateRange(low.isoformat() if low else _OPEN_START, high.isoformat() if high else None)
    result = searcher.search(q, dates=dates, limit=0, facets=True, fold=False, **filters)
    days: dict[date, int] = {}
    undated = 0
    for facet in result.facets.get("day", []):
        if not facet.value:
            undated += facet.count
            continue
        day = date.fromisoformat(facet.value)
        if (low is None or day >= low) and (high is None or day <= high):
            days[day] = days.get(day, 0) + facet.count
    return days, undated, list(result.notes)


def _per_period(days: dict[date, int], periods: Sequence[Period]) -> list[int]:
    starts = [p.start for p in periods]
    counts = [0] * len(periods)
    for day, n in days.items():
        i = bisect_right(starts, day) - 1
        if i >= 0 and day <= periods[i].end:
            counts[i] += n
    return counts


def trends(
    searcher: Searcher,
    queries: Iterable[str],
    *,
    period: str = "auto",
    years: YearRange | None = None,
    month: int | None = None,
    speakers: Iterable[str] = (),
    sources: Iterable[str] = (),
    sections: Iterable[str] = (),
    dates: DateRange | None = None,
    group: int | None = None,
) -> Trends:
    """Each query's matches per period, and all articles per period under the same filters.

    The axis runs over the days the filters allow, cut to the first and last dated
    article there. Filters written inside a query (``source:…``, ``year:…``) narrow
    that query's matches and its share's denominator alike.
    """
    started = time.perf_counter()
    asked = check_queries(queries)
    period = check_period(period)
    speakers, sources, sections = list(speakers), list(sources), list(sections)
    common = {"years": years, "month": month, "speakers": speakers, "sources": sources, "sections": sections}
    common["group"] = group
    window = _window(dates, years, month)
    # The archive's volume under the page's filters sets the axis: from the period of its
    # first dated article to that of its last (no article, no share), cut to the range asked.
    volume, volume_undated, _ = _days(searcher, "", window, **common)
    unit: str | None = None
    axis: list[Period] = []
    if volume:
        # The range asked for; an open end stops at the first or last dated article there.
        unit = period
        if period == "auto":
            unit = choose_unit(window[0] or min(volume), window[1] or max(volume))
        data = (_unit_start(min(volume), unit), _next_start(_unit_start(max(volume), unit), unit))
        axis = periods_between(window[0] or data[0], window[1] or data[1] - timedelta(days=1), unit)
        if len(axis) > MAX_PERIODS:  # centuries asked for: the archive's own span
            axis = [p for p in axis if data[0] <= p.start < data[1]]
        if len(axis) > MAX_PERIODS:
            raise TrendsError(
                "period",
                f"Too many points ({len(axis)} by {unit}; {MAX_PERIODS} at most): choose a longer period "
                f"or a narrower date range. (Quá nhiều điểm: chọn chu kỳ dài hơn.)",
            )
    baselines: dict[tuple[Any, ...], tuple[list[int], int]] = {
        (): (_per_period(volume, axis), volume_undated)
    }
    series = []
    for q in asked:
        own = parse_query(q)
        key: tuple[Any, ...] = (own.years, *own.speakers, "|", *own.sources, "|", *own.sections, own.dates)
        key = key if own.years or own.speakers or own.sources or own.sections or own.dates else ()
        own_window = _window(dates or own.dates, years or own.years, month) if key else window
        counts, undated, notes = _days(searcher, q, own_window, **common)
        if key not in baselines:  # the query's own filters narrow its denominator too
            kwargs = {
                **common,
                "years": years or own.years,
                "speakers": [*speakers, *own.speakers],
                "sources": [*sources, *own.sources],
                "sections": [*sections, *own.sections],
            }
            base, base_undated, _ = _days(searcher, "", own_window, **kwargs)
            baselines[key] = (_per_period(base, axis), base_undated)
        articles, articles_undated = baselines[key]
        series.append(Series(q, _per_period(counts, axis), list(articles), undated, articles_undated, notes))
    return Trends(
        asked,
        period,
        unit,
        axis,
        series,
        _filters(years, month, speakers, sources, sections, dates, group),
        time.perf_counter() - started,
    )


def _filters(
    years: YearRange | None,
    month: int | None,
    speakers: list[str],
    sources: list[str],
    sections: list[str],
    dates: DateRange | None,
    group: int | None,
) -> dict[str, Any]:
    """The filters in force, as the JSON shows them (those not given left out)."""
    year = None
    if years is not None:
        year = str(years.start) if years.start == years.end else f"{years.start or ''}..{years.end or ''}"
    values = {
        "year": year,
        "month": month,
        "speakers": speakers,
        "sources": sources,
        "sections": sections,
        "date_from": dates.start if dates else None,
        "date_to": dates.end if dates else None,
        "group": group,
    }
    return {k: v for k, v in values.items() if v not in (None, [], "")}
