"""Dates as news archives write them, kept at the precision the source gave.

Archives date articles in many notations: ISO timestamps, bare years, the
VnExpress line ``Thứ tư, 10/9/2025, 16:30 (GMT+7)``, ``ngày 10 tháng 9 năm
2025``.  A date known only to the month must stay a month (a filter for
"September 2025" must not pretend it was the 1st), so ``PartialDate`` keeps
``None`` for every part the source did not give.

Vietnamese numeric dates are day/month/year; a four-digit year first means
year/month/day.  Times are kept as the wall-clock time written in the source:
an offset (``+07:00``, ``Z``, ``(GMT+7)``) is accepted and dropped, never
converted, because readers search by the date printed on the article.
Seconds and fractions are dropped: the finest precision is the minute.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass

from search.vietnamese.text import fold

MIN_YEAR = 1800
MAX_YEAR = 2100
_MAX_INPUT = 200  # longer strings are text, not dates; also bounds regex work


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, month, day or minute.

    Parts are filled from the left: a day needs a month, a time needs a day,
    and hour and minute come together.  Construction checks this and the
    calendar (no 31/2), so every ``PartialDate`` has a valid ``iso()``.
    """

    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None

    def __post_init__(self) -> None:
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if self.day is None and self.hour is not None:
            raise ValueError("a time needs a day")
        if (self.hour is None) != (self.minute is None):
            raise ValueError("hour and minute go together")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]  # type: ignore[arg-type]
            if not 1 <= self.day <= last:
                raise ValueError(f"day out of range: {self.day}")
        if self.hour is not None and not (0 <= self.hour <= 23 and 0 <= self.minute <= 59):  # type: ignore[operator]
            raise ValueError(f"time out of range: {self.hour}:{self.minute}")

    def iso(self) -> str:
        """ISO 8601 text at the source's precision: "2024", "2024-01", "2024-01-02", "2024-01-02T16:30"."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.hour is not None:
            text += f"T{self.hour:02d}:{self.minute:02d}"
        return text


def parse_date(value: str | int | None) -> PartialDate | None:
    """Read a date in any notation listed in the module docstring.

    Returns None for empty, unparseable or impossible dates (month 13, 31/2,
    years outside 1800-2100).  Never raises on a str or int; an int is read as
    its digits (2024 is a year, 20210425 a compact date).
    """
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = _fold(str(value))
    if not text or len(text) > _MAX_INPUT:
        return None
    parts = _match_iso(text) or _match_local(text)
    if parts is None:
        return None
    return _build(*parts)


_Parts = tuple[int, "int | None", "int | None", "int | None", "int | None"]


def _fold(text: str) -> str:
    """Lower-case, strip Vietnamese diacritics and extra spaces: "Thứ Tư" -> "thu tu".

    Folding lets one pattern match accented, unaccented, NFC and NFD input;
    digits and punctuation are unchanged.
    """
    return " ".join(fold(unicodedata.normalize("NFC", text)).lower().split())


_TIME = r"(\d{1,2}):(\d{2})(?::\d{2}(?:[.,]\d+)?)?"
_OFFSET = r"(?:\s*(?:z|[+-]\d{2}(?::?\d{2})?))?"

# Year first: ISO and its relatives ("2024-01-02T10:30:00+07:00", "2024/1/2 10:30", "2024-01", "2024").
_ISO = re.compile(r"(\d{4})(?:([-/.])(\d{1,2})(?:\2(\d{1,2})(?:(?:t|\s+)" + _TIME + _OFFSET + r")?)?)?")
# Compact: "20210425", "20210425T1030", "20210425103000".
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:t?(\d{2})(\d{2})(?:\d{2})?" + _OFFSET + r")?")


def _match_iso(text: str) -> _Parts | None:
    """Year-first notations, which are unambiguous."""
    m = _ISO.fullmatch(text)
    if m:
        year, _, month, day, hour, minute = m.groups()
        return _ints(year, month, day, hour, minute)
    m = _COMPACT.fullmatch(text)
    if m:
        return _ints(*m.groups())
    return None


_WEEKDAY = re.compile(
    r"^(?:chu nhat|cn|thu (?:hai|ba|tu|nam|sau|bay|[2-7])|t[2-7]"
    r"|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*)\b\.?\s*[,\-]?\s*"
)
_ZONE = re.compile(r"\(?\s*(?:gmt|utc)\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?\s*\)?")
_CLOCK = re.compile(
    r"(?:luc\s*)?(?<!\d)(\d{1,2})\s*(?::|h(?![a-z])|gio\b)\s*(\d{2})?(?::\d{2})?(?:\s*phut\b)?"
)

# Day first, the Vietnamese order, once weekday, zone and time are removed.
_DMY = re.compile(r"(?:ngay\s*)?(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})")
_DMY_WORDS = re.compile(r"ngay\s*(?P<d>\d{1,2})\s*thang\s*(?P<m>\d{1,2})\s*(?:nam\s*)?(?P<y>\d{4})")
_MY = re.compile(r"(?:thang\s*)?(?P<m>\d{1,2})\s*(?:[/.\-]|\s+nam)\s*(?P<y>\d{4})")
_Y = re.compile(r"nam\s*(?P<y>\d{4})")


def _match_local(text: str) -> _Parts | None:
    """Day-first Vietnamese notations, with optional weekday, time and zone."""
    text = _ZONE.sub(" ", _WEEKDAY.sub("", text)).strip()
    if text != "" and text[0].isdigit() and (parts := _match_iso(text)):
        return parts  # "Monday, 2024-01-02"
    hour = minute = None
    clock = _CLOCK.search(text)
    if clock:
        hour, minute = clock.group(1), clock.group(2) or "0"
        text = text[: clock.start()] + " " + text[clock.end() :]
    text = " ".join(text.replace(",", " ").split())
    for pattern in (_DMY, _DMY_WORDS):
        m = pattern.fullmatch(text)
        if m:
            return _ints(m["y"], m["m"], m["d"], hour, minute)
    if hour is not None:
        return None  # a time without a day is not a date we can keep
    m = _MY.fullmatch(text)
    if m:
        return _ints(m["y"], m["m"], None, None, None)
    m = _Y.fullmatch(text)
    if m:
        return _ints(m["y"], None, None, None, None)
    return None


def _ints(*parts: str | None) -> _Parts:
    return tuple(None if p is None else int(p) for p in parts)  # type: ignore[return-value]


def _build(
    year: int, month: int | None, day: int | None, hour: int | None, minute: int | None
) -> PartialDate | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return PartialDate(year, month, day, hour, minute)
    except ValueError:
        return None
