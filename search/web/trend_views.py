"""Compare over time: /xu-huong (SVG chart and table), /xu-huong.csv, /api/trends.

The views read up to five repeated ``q``, ``period`` (:data:`search.trends.PERIODS`),
``measure`` (``share`` or ``count``, the page's line) and the results page's
filters (:class:`SearchParams`), call :func:`search.trends.trends` and render
what it returns: the chart is drawn here, on the server, with no script.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from search import trends as trends_lib
from search.export import export_filename
from search.trends import MAX_QUERIES, PERIODS, Period, Trends, check_period, check_queries
from search.web.formats import date_label, vn_number
from search.web.params import ParameterError, SearchParams
from search.web.pool import SearcherPool

trends = Blueprint("trends", __name__)

MEASURES = {"share": "Tỉ lệ trên tổng số bài", "count": "Số bài"}
PERIOD_LABELS = {"auto": "Tự động", "year": "Năm", "month": "Tháng", "week": "Tuần"}
UNIT_WORDS = {"year": "năm", "month": "tháng", "week": "tuần"}
EXAMPLE = ("covid", "dịch bệnh")
_OWN = ("q", "period", "measure")  # this view's parameters; the rest are the results page's filters
# The chart: px from the top to the baseline, x in percent of the width.
TOP, BASE, LEFT, RIGHT = 18, 200, 7.0, 97.5


def _read() -> tuple[list[str], str, str, SearchParams]:
    cfg = current_app.config
    queries = check_queries(request.args.getlist("q"), "Parameter 'q'")
    period = check_period(request.args.get("period", ""), "Parameter 'period'")
    measure = request.args.get("measure", "").strip() or "share"
    if measure not in MEASURES:
        shown = measure if len(measure) <= 30 else measure[:30] + "…"
        raise ParameterError(
            "measure", f"Parameter 'measure' must be share or count, not {shown!r}. (Chọn share hoặc count.)"
        )
    rest = MultiDict([(k, v) for k, v in request.args.items(multi=True) if k not in _OWN])
    params = SearchParams.parse(rest, cfg["PAGE_SIZE"], cfg["API_MAX_SIZE"], cfg["MAX_OFFSET"])
    return queries, period, measure, params


def _compute(queries: list[str], period: str, params: SearchParams) -> tuple[SearchParams, Trends]:
    pool: SearcherPool = current_app.extensions["vnsearch"]
    with pool.searcher() as searcher:
        params = replace(params, speakers=tuple(searcher.speaker_table.names(params.speakers)))
        kwargs = params.search_kwargs()
        for name in ("fold", "sort"):
            kwargs.pop(name)
        return params, trends_lib.trends(searcher, queries, period=period, **kwargs)


def _required(queries: list[str]) -> None:
    if not queries:
        raise ParameterError(
            "q", f"Parameter 'q' is required: one to {MAX_QUERIES} queries, e.g. ?q=covid&q=dịch+bệnh."
        )


def _link(params: SearchParams, own: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """URL parameters of this page: the filters (with ``changes``), then ``own`` (q, period,
    measure; a change to them in ``changes`` too), defaults left out."""
    own = {**own, **{k: changes.pop(k) for k in list(changes) if k in ("q", "period", "measure")}}
    args = params.args(q=None, sort=None, size=None, fold=None, **changes)
    defaults = {"q": [], "period": "auto", "measure": "share"}
    args.update({k: v for k, v in own.items() if v != defaults[k]})
    return args


def _period_text(p: Period) -> tuple[str, str]:
    """A short label for the axis and a full name for titles and the table."""
    s, e = p.start, p.end
    if p.unit == "year":
        short, full = str(s.year), f"Năm {s.year}"
    elif p.unit == "month":
        short, full = f"T{s.month}/{s.year % 100:02d}", f"Tháng {s.month}/{s.year}"
    else:
        short, full = f"{s.day}/{s.month}", f"Tuần {s.day}/{s.month}–{e.day}/{e.month}/{e.year}"
    if p.partial and p.unit != "week":
        full += f" (từ {s.day}/{s.month} đến {e.day}/{e.month})"
    return short, full


def _nice_top(value: float) -> tuple[float, float]:
    """A round top for the y axis above ``value``, and its tick step (four steps)."""
    if value <= 0:
        return 1.0, 0.25
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return step * 4, step


def _value_text(value: float | None, measure: str) -> str:
    if value is None:
        return "–"
    if measure == "count":
        return vn_number(value)
    percent = value * 100
    return f"{vn_number(percent, 0 if percent >= 10 or percent == 0 else 1)} %"


def _chart(tr: Trends, measure: str, params: SearchParams) -> dict[str, Any] | None:
    """Lines, points, ticks and axis labels of the SVG chart (y in px, x in percent)."""
    n = len(tr.periods)
    if not n or not tr.series:
        return None
    values = [s.shares if measure == "share" else [float(c) for c in s.counts] for s in tr.series]
    top, step = _nice_top(max((v for vs in values for v in vs if v is not None), default=0))
    if measure == "count":
        top, step = (max(4.0, top), max(1.0, step)) if top < 4 else (top, step)

    def x(i: int) -> float:
        return round(50.0 if n == 1 else LEFT + (RIGHT - LEFT) * i / (n - 1), 3)

    def y(v: float) -> float:
        return round(BASE - (BASE - TOP) * v / top, 1)

    every_narrow, every_wide = max(1, math.ceil(n / 5)), max(1, math.ceil(n / 12))
    labels = []
    for i, p in enumerate(tr.periods):
        if i % every_wide == 0:
            labels.append({"x": x(i), "text": _period_text(p)[0], "narrow": i % every_narrow == 0})
    ticks = [{"y": y(k * step), "text": _value_text(k * step, measure)} for k in range(5)]
    lines = []
    for number, (s, vs) in enumerate(zip(tr.series, values, strict=True)):
        segments = [
            (x(i), y(a), x(i + 1), y(b))
            for i, (a, b) in enumerate(zip(vs, vs[1:], strict=False))
            if a is not None and b is not None
        ]
        points = []
        for i, (p, v) in enumerate(zip(tr.periods, vs, strict=True)):
            if v is None:
                continue
            count, full = s.counts[i], _period_text(p)[1]
            title = f"“{s.query}”, {full}: {vn_number(count)} bài"
            if s.articles[i]:
                title += f" trên {vn_number(s.articles[i])} bài của kỳ ({_value_text(s.shares[i], 'share')})"
            href = None
            if count:
                dates = {"date_from": p.start.isoformat(), "date_to": p.end.isoformat()}
                href = url_for("web.index", **params.args(q=s.query, sort=None, size=None, **dates))
            points.append({"x": x(i), "y": y(v), "title": title, "href": href})
        lines.append({"n": number, "query": s.query, "segments": segments, "points": points})
    return {"lines": lines, "ticks": ticks, "labels": labels, "single": n == 1}


def _table(tr: Trends, params: SearchParams) -> list[dict[str, Any]]:
    rows = []
    for i, p in enumerate(tr.periods):
        cells = []
        for s in tr.series:
            count = s.counts[i]
            dates = {"date_from": p.start.isoformat(), "date_to": p.end.isoformat()}
            href = (
                url_for("web.index", **params.args(q=s.query, sort=None, size=None, **dates))
                if count
                else None
            )
            cells.append({"count": count, "share": _value_text(s.shares[i], "share"), "href": href})
        articles = tr.series[0].articles[i] if tr.series else 0
        rows.append({"label": _period_text(p)[1], "key": p.key, "cells": cells, "articles": articles})
    return rows


def _chips(params: SearchParams, queries: list[str], period: str, measure: str) -> list[dict[str, str]]:
    """The filters in force, each with a link to this page without it."""
    own = {"q": queries, "period": period, "measure": measure}

    def without(**changes: Any) -> str:
        return url_for("trends.page", **_link(params, own, **changes))

    chips = []
    if params.year_text:
        chips.append({"label": f"Năm {params.year_text}", "href": without(year=None, month=None)})
    if params.month:
        chips.append({"label": f"Tháng {params.month}", "href": without(month=None)})
    for name, label, values in (
        ("speaker", "Người phát biểu", params.speakers),
        ("source", "Nguồn", params.sources),
        ("section", "Chuyên mục", params.sections),
    ):
        for v in values:
            chips.append({"label": f"{label}: {v}", "href": without(**{name: [o for o in values if o != v]})})
    if params.date_from or params.date_to:
        chips.append(
            {
                "label": date_label(params.date_from, params.date_to),
                "href": without(date_from=None, date_to=None),
            }
        )
    if params.group is not None:
        chips.append({"label": "Một nhóm bài tương tự", "href": without(group=None)})
    return chips


@trends.get("/xu-huong")
def page() -> str:
    queries, period, measure, params = _read()
    tr = None
    if queries:
        params, tr = _compute(queries, period, params)
    own = {"q": queries, "period": period, "measure": measure}

    def link(**changes: Any) -> str:
        return url_for("trends.page", **_link(params, own, **changes))

    unit = tr.unit if tr else None
    return render_template(
        "trends.html",
        params=params,
        queries=queries,
        tr=tr,
        period=period,
        measure=measure,
        unit_word=UNIT_WORDS.get(unit or "", ""),
        chart=_chart(tr, measure, params) if tr else None,
        rows=_table(tr, params) if tr else [],
        span=date_label(tr.periods[0].start.isoformat(), tr.periods[-1].end.isoformat())
        if tr and tr.periods
        else "",
        partial=bool(tr and any(p.partial for p in tr.periods)),
        chips=_chips(params, queries, period, measure),
        max_queries=MAX_QUERIES,
        hidden=_link(params, own, q=[]),
        removes=[link(q=[o for o in queries if o != q]) for q in queries],
        periods=[(p, PERIOD_LABELS[p], link(period=p), p == period) for p in PERIODS],
        measures=[(m, label, link(measure=m), m == measure) for m, label in MEASURES.items()],
        example_href=url_for("trends.page", q=list(EXAMPLE)),
        csv_href=url_for("trends.csv_file", **_link(params, own, measure="share")) if tr else None,
        api_href=url_for("trends.api", **_link(params, own, measure="share")) if tr else None,
        results_href=url_for(
            "web.index", **params.args(q=queries[0] if queries else "", sort=None, size=None)
        ),
    )


@trends.get("/xu-huong.csv")
def csv_file() -> Response:
    """The series as CSV: a row per query and period (matches, all articles, share), then the undated."""
    queries, period, _, params = _read()
    _required(queries)
    _, tr = _compute(queries, period, params)
    response = Response(tr.csv_text(bom=True).encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    name = export_filename("xu huong " + " ".join(queries), "csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@trends.get("/api/trends")
def api() -> Response:
    """The same numbers as JSON (the object of ``vnsearch trends --format json``)."""
    queries, period, _, params = _read()
    _required(queries)
    _, tr = _compute(queries, period, params)
    return jsonify(tr.as_dict())
