"""The timeline above the results: bars per year, per month of a chosen year, and per day,
week, month or year to fit a chosen day range, each bar a link to its own period."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import url_for

from search.searcher import SearchResult
from search.web.formats import date_label, vn_number
from search.web.params import SearchParams

__all__ = ["Bar", "timeline"]


@dataclass
class Bar:
    """One bar of the timeline; x and widths in percent of the chart, height in px."""

    label: str
    count: int
    title: str
    href: str | None
    selected: bool = False
    show_label: str = "always"  # always | wide | never
    slot_x: float = 0.0
    slot_w: float = 0.0
    x: float = 0.0
    cx: float = 0.0
    w: float = 0.0
    h: float = 0.0


CHART_HEIGHT = 96  # px of the tallest bar


def _label_classes(bars: list[Bar]) -> None:
    n = len(bars)
    narrow, wide = max(1, math.ceil(n / 8)), max(1, math.ceil(n / 16))
    for i, bar in enumerate(bars):
        bar.show_label = "always" if i % narrow == 0 else ("wide" if i % wide == 0 else "never")


# A day range is drawn per day up to this many days, then per week, per month, per year.
MAX_DAY_BARS, MAX_WEEK_BARS, MAX_MONTH_BARS, MAX_YEAR_BARS = 62, 26, 36, 40


def _day_bars(result: SearchResult, params: SearchParams) -> tuple[list[Bar], int, str, str] | None:
    """With a day range chosen: bars per day, week, month or year, the finest that
    fits the range in a readable number of bars; each links to its own days.
    None when no match is dated."""
    # The day facet counts under every filter but the days': keep the range's own days,
    # and say how many matches the range leaves out for having no date.
    low, high = params.date_from or "0000", params.date_to or "9999"
    counts = {
        date.fromisoformat(f.value): f.count
        for f in result.facets.get("day", [])
        if f.value and low <= f.value <= high
    }
    undated = sum(f.count for f in result.facets.get("day", []) if not f.value)
    if not counts:
        return None
    # The range chosen; an open end (or a range of more than MAX_YEAR_BARS years)
    # stops at the matches' own first or last day.
    first = date.fromisoformat(params.date_from) if params.date_from else min(counts)
    last = date.fromisoformat(params.date_to) if params.date_to else max(counts)
    if last.year - first.year >= MAX_YEAR_BARS:
        first, last = max(first, min(counts)), min(last, max(counts))
    span = (last - first).days + 1
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if span <= MAX_DAY_BARS:
        unit, starts = "ngày", [first + timedelta(days=i) for i in range(span)]
    elif span <= MAX_WEEK_BARS * 7:
        monday = first - timedelta(days=first.weekday())
        unit, starts = "tuần", [monday + timedelta(weeks=i) for i in range((last - monday).days // 7 + 1)]
    elif months <= MAX_MONTH_BARS:
        unit, starts, d = "tháng", [], first.replace(day=1)
        while d <= last:
            starts.append(d)
            d = (d + timedelta(days=32)).replace(day=1)
    else:
        unit, starts = "năm", [date(y, 1, 1) for y in range(first.year, last.year + 1)]
    bars = []
    for start in starts:
        if unit == "ngày":
            end = start
        elif unit == "tuần":
            end = start + timedelta(days=6)
        elif unit == "tháng":
            end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        else:
            end = date(start.year, 12, 31)
        # A bar's days within the range chosen (its link must not widen the range).
        if params.date_from:
            start = max(start, date.fromisoformat(params.date_from))
        if params.date_to:
            end = min(end, date.fromisoformat(params.date_to))
        n = sum(c for d, c in counts.items() if start <= d <= end)
        if unit == "ngày":
            label, title = f"{start.day}/{start.month}", f"Ngày {start.day}/{start.month}/{start.year}"
        elif unit == "tuần":
            label, title = f"{start.day}/{start.month}", f"Tuần từ {start.day}/{start.month}/{start.year}"
        elif unit == "tháng":
            label, title = f"T{start.month}/{start.year % 100:02d}", f"Tháng {start.month}/{start.year}"
        else:
            label, title = str(start.year), f"Năm {start.year}"
        here = (start.isoformat(), end.isoformat())
        href = None
        if n and here != (params.date_from, params.date_to):
            href = url_for("web.index", **params.args(date_from=here[0], date_to=here[1]))
        bars.append(Bar(label, n, f"{title}: {vn_number(n)} bài", href))
    shown = date_label(params.date_from, params.date_to)
    left_out = "không rõ ngày, không tính trong khoảng ngày đã chọn"
    return bars, undated, f"Số bài theo {unit}, {shown[0].lower()}{shown[1:]}", left_out


def timeline(result: SearchResult, params: SearchParams) -> dict[str, Any] | None:
    """Bars for the inline SVG chart: per year, per month when one year is selected,
    per day, week or month when a day range is."""
    year = params.single_year
    months = result.facets.get("month")
    by_days = _day_bars(result, params) if params.date_from or params.date_to else None
    if by_days is not None:
        bars, undated, title, undated_label = by_days
    elif year is not None and months:
        counts = {f.value: f.count for f in months if isinstance(f.value, int)}
        bars = [
            Bar(
                f"T{m}",
                counts.get(m, 0),
                f"Tháng {m}/{year}: {vn_number(counts.get(m, 0))} bài",
                url_for("web.index", **params.args(month=None if params.month == m else m))
                if counts.get(m)
                else None,
                selected=params.month == m,
            )
            for m in range(1, 13)
        ]
        undated = sum(f.count for f in months if not isinstance(f.value, int))
        title = f"Số bài theo tháng, năm {year}"
        undated_label = "không rõ tháng"
    else:
        counts = {f.value: f.count for f in result.facets.get("year", []) if f.value is not None}
        if not counts:
            return None
        years = range(min(counts), max(counts) + 1)
        selected = params.years

        def is_selected(y: int) -> bool:
            return selected is not None and (selected.start or 0) <= y <= (selected.end or 9999)

        bars = [
            Bar(
                str(y),
                counts.get(y, 0),
                f"Năm {y}: {vn_number(counts.get(y, 0))} bài",
                url_for(
                    "web.index", **params.args(year=None if params.single_year == y else str(y), month=None)
                )
                if counts.get(y)
                else None,
                selected=is_selected(y),
            )
            for y in years
        ]
        undated = sum(f.count for f in result.facets.get("year", []) if f.value is None)
        title = "Số bài theo năm"
        undated_label = "không rõ năm"
    if not bars:
        return None
    _label_classes(bars)
    top = max(b.count for b in bars) or 1
    slot = 100 / len(bars)
    for i, bar in enumerate(bars):
        bar.slot_x, bar.slot_w = round(i * slot, 3), round(slot, 3)
        bar.x, bar.w = round(i * slot + slot * 0.12, 3), round(slot * 0.76, 3)
        bar.cx = round((i + 0.5) * slot, 3)
        bar.h = max(1.0, round(bar.count / top * CHART_HEIGHT, 1)) if bar.count else 0.0
    return {
        "title": title,
        "bars": bars,
        "top": top,
        "undated": undated,
        "undated_label": undated_label,
        "show_counts": len(bars) <= 12,
        "reset": url_for("web.index", **params.args(year=None, month=None)) if year is not None else None,
        "reset_label": "Tất cả các năm",
    }
