"""What a request asks for: its parameters read, checked and turned back into links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from werkzeug.datastructures import MultiDict

from search.errors import ConfigError, SearchError
from search.query import DateRange, YearRange, parse_date_range, parse_year_range
from search.searcher import SORTS

__all__ = ["MAX_SPEAKERS", "ParameterError", "SearchParams"]


class ParameterError(ConfigError):
    """A request parameter has a value we cannot use (HTTP 400, named in the answer)."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


MAX_SPEAKERS = MAX_VALUES = 20  # values of one repeatable parameter
_INT_RE = re.compile(r"^\s*[0-9]+\s*$")
_YEAR_RE = re.compile(r"^\s*[0-9]{4}\s*$")
# Whole numbers longer than this are read as this (a page or size that large
# is refused or capped anyway; int() of thousands of digits is slow, then refused).
_HUGE = 10**18


def _shown(value: str, limit: int = 60) -> str:
    """``value`` quoted for an error message, cut short: a message never echoes 10 kB."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def _int(args: MultiDict, name: str, default: int, minimum: int = 1) -> int:
    """A whole number parameter; any number of digits (huge ones saturate at ``_HUGE``)."""
    value = args.get(name, "")
    if not value.strip():
        return default
    if not _INT_RE.match(value):
        raise ParameterError(
            name, f"Parameter '{name}' must be a whole number of {minimum} or more, not {_shown(value)}."
        )
    digits = value.strip().lstrip("0") or "0"
    number = int(digits) if len(digits) < 19 else _HUGE
    if number < minimum:
        raise ParameterError(
            name, f"Parameter '{name}' must be a whole number of {minimum} or more, not {_shown(value)}."
        )
    return number


def _values(args: MultiDict, name: str) -> tuple[str, ...]:
    """A repeatable parameter (``speaker=A&speaker=B``), blanks and repeats left out."""
    values = tuple(dict.fromkeys(v.strip() for v in args.getlist(name) if v.strip()))
    if len(values) > MAX_VALUES:
        raise ParameterError(name, f"Parameter '{name}' is given {len(values)} times; {MAX_VALUES} at most.")
    return values


def _dates(args: MultiDict) -> DateRange | None:
    """``date_from``/``date_to`` (a day, month or year each; either may be left out), or ``date=D1..D2``."""
    date = args.get("date", "").strip()
    date_from, date_to = args.get("date_from", "").strip(), args.get("date_to", "").strip()
    if date and (date_from or date_to):
        raise ParameterError(
            "date", "Parameter 'date' cannot be used with 'date_from'/'date_to': use one or the other."
        )
    if date:
        if len(date) > 40:
            raise ParameterError("date", f"Parameter 'date' cannot be read: {_shown(date)}.")
        try:
            return parse_date_range(date)
        except SearchError as exc:
            raise ParameterError("date", f"Parameter 'date': {exc}") from None
    if not date_from and not date_to:
        return None
    ends = []
    for name, value, last in (("date_from", date_from, False), ("date_to", date_to, True)):
        if not value:
            ends.append(None)
            continue
        if len(value) > 40:
            raise ParameterError(
                name, f"Parameter '{name}' must be a day like 2020-03-01, not {_shown(value)}."
            )
        try:
            one = parse_date_range(value)
        except SearchError as exc:
            raise ParameterError(name, f"Parameter '{name}': {exc}") from None
        ends.append(one.end if last else one.start)
    if ends[0] and ends[1] and ends[0] > ends[1]:
        raise ParameterError(
            "date_to", f"Parameter 'date_to' ({date_to}) is before 'date_from' ({date_from})."
        )
    return DateRange(ends[0], ends[1])


@dataclass(frozen=True)
class SearchParams:
    """What a request asks for: the query, filters, sort and page."""

    q: str = ""
    years: YearRange | None = None
    month: int | None = None
    speakers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    group: int | None = None
    fold: bool | None = None  # fold=1 / fold=0; None: the page folds, the API does not
    sort: str = "relevance"
    page: int = 1
    size: int = 10
    default_size: int = 10

    @classmethod
    def parse(cls, args: MultiDict, default_size: int, max_size: int, max_offset: int) -> SearchParams:
        q = args.get("q", "").strip()
        years = None
        year = args.get("year", "").strip()
        year_from, year_to = args.get("year_from", "").strip(), args.get("year_to", "").strip()
        if year and (year_from or year_to):
            raise ParameterError(
                "year", "Parameter 'year' cannot be used with 'year_from'/'year_to': use one or the other."
            )
        if year:
            try:
                if len(year) > 40:  # no year range is that long; keep the message short
                    raise SearchError(f"Cannot read the year {_shown(year)}: use a year like 2019.")
                years = parse_year_range(year)
            except SearchError as exc:
                raise ParameterError("year", f"Parameter 'year': {exc}") from None
        elif year_from or year_to:
            for name, value in (("year_from", year_from), ("year_to", year_to)):
                if value and not _YEAR_RE.match(value):
                    raise ParameterError(
                        name, f"Parameter '{name}' must be a year like 2019, not {_shown(value)}."
                    )
            years = YearRange(int(year_from) if year_from else None, int(year_to) if year_to else None)
            if years.start is not None and years.end is not None and years.start > years.end:
                raise ParameterError(
                    "year_to", f"Parameter 'year_to' ({year_to}) is before 'year_from' ({year_from})."
                )
        month = None
        if args.get("month", "").strip():
            month = _int(args, "month", 0)
            if not 1 <= month <= 12:
                shown = _shown(args.get("month", "").strip())
                raise ParameterError("month", f"Parameter 'month' must be between 1 and 12, not {shown}.")
            if years is None or years.start is None or years.start != years.end:
                raise ParameterError("month", "Parameter 'month' needs a single year: add year=YYYY.")
        speakers, sources, sections = (_values(args, name) for name in ("speaker", "source", "section"))
        dates = _dates(args)
        group = _int(args, "group", 0) if args.get("group", "").strip() else None
        fold_text = args.get("fold", "").strip().lower()
        if fold_text not in ("", "0", "1"):
            raise ParameterError("fold", f"Parameter 'fold' must be 0 or 1, not {_shown(fold_text)}.")
        sort = args.get("sort", "").strip() or "relevance"
        if sort not in SORTS:
            raise ParameterError(
                "sort", f"Parameter 'sort' must be one of {', '.join(SORTS)}, not {_shown(sort)}."
            )
        size = min(_int(args, "size", default_size), max_size)
        page = _int(args, "page", 1)
        if (page - 1) * size > max_offset:
            shown = page if page < _HUGE else f"{_HUGE}+"
            raise ParameterError(
                "page",
                f"Parameter 'page' goes too deep ({shown}): pages stop at result {max_offset}; "
                "narrow the search or export all results.",
            )
        return cls(
            q,
            years,
            month,
            speakers,
            sources,
            sections,
            dates.start if dates else None,
            dates.end if dates else None,
            group,
            {"": None, "0": False, "1": True}[fold_text],
            sort,
            page,
            size,
            default_size,
        )

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def single_year(self) -> int | None:
        y = self.years
        return y.start if y is not None and y.start is not None and y.start == y.end else None

    @property
    def year_text(self) -> str | None:
        y = self.years
        if y is None:
            return None
        if y.start is not None and y.start == y.end:
            return str(y.start)
        return f"{y.start or ''}..{y.end or ''}"

    @property
    def has_filters(self) -> bool:
        return (
            self.years is not None
            or bool(self.speakers or self.sources or self.sections)
            or self.date_from is not None
            or self.date_to is not None
            or self.group is not None
        )

    @property
    def dates(self) -> DateRange | None:
        return DateRange(self.date_from, self.date_to) if self.date_from or self.date_to else None

    def search_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "years": self.years,
            "speakers": list(self.speakers),
            "sources": list(self.sources),
            "sections": list(self.sections),
            "dates": self.dates,
            "group": self.group,
            "fold": self.fold is not False,  # the page folds unless told not to
            "sort": self.sort,
        }
        if self.month is not None:
            kwargs["month"] = self.month
        return kwargs

    def args(self, **changes: Any) -> dict[str, Any]:
        """URL parameters for a link: these parameters with ``changes``, page reset on any filter change."""
        values: dict[str, Any] = {
            "q": self.q,
            "year": self.year_text,
            "month": self.month,
            "speaker": list(self.speakers),
            "source": list(self.sources),
            "section": list(self.sections),
            "date_from": self.date_from,
            "date_to": self.date_to,
            "group": self.group,
            "fold": None if self.fold is None else int(self.fold),
            "sort": None if self.sort == "relevance" else self.sort,
            "size": None if self.size == self.default_size else self.size,
            "page": None,  # any change starts again at page 1 unless it says otherwise
        }
        values.update(changes)
        if values.get("sort") == "relevance":
            values["sort"] = None
        if values.get("page") == 1:
            values["page"] = None
        return {k: v for k, v in values.items() if v not in (None, "", [])}
