"""Numbers and dates the Vietnamese way, for every page."""

from __future__ import annotations

import re

__all__ = ["date_label", "vn_date", "vn_number"]


def vn_number(value: int | float, decimals: int = 0) -> str:
    """``80000`` → ``80.000``; ``0.0123`` with 3 decimals → ``0,012`` (Vietnamese separators)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2}))?)?)?")


def vn_date(value: str | None) -> str:
    """An ISO date at its precision, the Vietnamese way: ``23/9/2012``, ``tháng 5/2014``, ``2014``."""
    m = _DATE_RE.match(value or "")
    if not m:
        return "Không rõ ngày"
    year, month, day, hour, minute = m.groups()
    if day:
        text = f"{int(day)}/{int(month)}/{year}"
        return f"{text}, {hour}:{minute}" if hour else text
    if month:
        return f"tháng {int(month)}/{year}"
    return f"năm {year}"


def _vn_day(iso: str) -> str:
    return f"{int(iso[8:10])}/{int(iso[5:7])}/{iso[:4]}"


def date_label(start: str | None, end: str | None) -> str:
    if start and end:
        return f"Ngày {_vn_day(start)}" if start == end else f"Từ {_vn_day(start)} đến {_vn_day(end)}"
    return f"Từ ngày {_vn_day(start)}" if start else f"Đến ngày {_vn_day(end or '')}"
