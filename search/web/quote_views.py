"""What a person said: ``/loi-phat-bieu`` and its CSV, the sentences a speaker said that match a query.

``/loi-phat-bieu?ten=X&q=Y`` takes the results page's filters (year, month,
dates, source, section, sort, page, size); ``speaker`` and ``fold`` are not
used (the speaker is ``ten``; every article counts, near-duplicates too).
The work is :func:`search.quotes.quotes_of`; this module reads the request
and renders. ``/loi-phat-bieu.csv`` holds every sentence found.
"""

from __future__ import annotations

import csv
import io
import math
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request, url_for
from werkzeug.exceptions import NotFound

from search.export import BOM, export_filename, neutralise
from search.quotes import QUOTE_COLUMNS, QuoteResult, UnknownSpeaker, quote_rows, quotes_of
from search.web.formats import date_label
from search.web.params import ParameterError, SearchParams
from search.web.present import SORT_LABELS, safe_url

quotes = Blueprint("quotes", __name__)

PAGE_SIZE = 20  # sentences per page: short items, more of them than articles
NAME_CHARS = 200


def _name() -> str:
    """The speaker asked for (``ten``): 400 naming the parameter when missing."""
    name = " ".join(request.args.get("ten", "").split())[:NAME_CHARS]
    if not name:
        raise ParameterError(
            "ten",
            "Cần có tên người phát biểu, ví dụ /loi-phat-bieu?ten=Tô Lâm&q=giao thông. "
            "(Parameter 'ten' is required: the speaker's name.)",
        )
    return name


def _params() -> SearchParams:
    cfg = current_app.config
    size = min(PAGE_SIZE, cfg["API_MAX_SIZE"])
    return SearchParams.parse(request.args, size, cfg["API_MAX_SIZE"], cfg["MAX_OFFSET"])


def _said(params: SearchParams, name: str, everything: bool = False) -> QuoteResult:
    kwargs: dict[str, Any] = {
        "years": params.years,
        "month": params.month,
        "sources": params.sources,
        "sections": params.sections,
        "dates": params.dates,
        "group": params.group,
        "sort": params.sort,
        "limit": 0 if everything else params.size,
        "offset": 0 if everything else params.offset,
    }
    try:
        with current_app.extensions["vnsearch"].searcher() as searcher:
            return quotes_of(searcher, name, params.q, **kwargs)
    except UnknownSpeaker as exc:
        maybe = " hay ".join(f"“{n}”" for n in exc.close)
        raise NotFound(
            f"Không có người phát biểu nào tên “{name}” trong kho. "
            + (f"Có phải bạn muốn tìm {maybe}? " if maybe else "")
            + "Kiểm tra lại cách viết "
            "(tên đầy đủ, có dấu, ví dụ “Tô Lâm”), chọn tên trong mục “Người phát biểu” của trang "
            "kết quả tìm kiếm, hoặc tìm tên này như một từ khóa. (No speaker of that name in the archive.)"
        ) from None


def _args(params: SearchParams, name: str, **changes: Any) -> dict[str, Any]:
    """URL parameters of this page: the query and filters, the speaker as ``ten``."""
    args = params.args(**changes)
    args.pop("speaker", None)
    args.pop("fold", None)
    return {"ten": name, **args}


def _link(params: SearchParams, name: str, **changes: Any) -> str:
    return url_for("quotes.page", **_args(params, name, **changes))


def _pages(params: SearchParams, name: str, total: int) -> dict[str, Any] | None:
    last = max(1, math.ceil(total / params.size))
    page = params.page
    if last <= 1 and page == 1:
        return None
    shown = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    items: list[dict[str, Any] | None] = []
    for n, p in enumerate(shown):
        if n and p - shown[n - 1] > 1:
            items.append(None)
        items.append({"n": p, "href": _link(params, name, page=p), "current": p == page})
    return {
        "items": items,
        "prev": _link(params, name, page=page - 1) if page > 1 else None,
        "next": _link(params, name, page=page + 1) if page < last else None,
    }


def _chips(params: SearchParams, name: str) -> list[dict[str, str]]:
    """The filters in use, each with the link that drops it."""
    chips = []
    if params.years is not None:
        chips.append({"label": f"Năm {params.year_text}", "href": _link(params, name, year=None, month=None)})
    if params.month is not None:
        chips.append(
            {"label": f"Tháng {params.month}/{params.single_year}", "href": _link(params, name, month=None)}
        )
    for key, label, values in (
        ("source", "Nguồn", params.sources),
        ("section", "Chuyên mục", params.sections),
    ):
        for value in values:
            others = [v for v in values if v != value]
            chips.append({"label": f"{label}: {value}", "href": _link(params, name, **{key: others})})
    if params.date_from or params.date_to:
        chips.append(
            {
                "label": date_label(params.date_from, params.date_to),
                "href": _link(params, name, date_from=None, date_to=None),
            }
        )
    if params.group is not None:
        chips.append({"label": "Chỉ nhóm bài tương tự", "href": _link(params, name, group=None)})
    return chips


def _reading(result: QuoteResult) -> str | None:
    """How a sentence was chosen, in words."""
    reading = result.reading
    if not reading:
        return None
    units = ", ".join(f"“{u}”" for u in reading["units"][:8])
    accents = " (đúng dấu đã gõ)" if reading["accents"] == "exact" else " (mọi cách viết dấu)"
    if reading["words"] == "enough":
        return f"Các câu chứa đủ nhiều từ của câu tìm ({reading['needed']} trên {reading['count']})."
    if reading["words"] == "any":
        return f"Các câu chứa ít nhất một trong các từ {units}{accents}."
    if len(reading["units"]) == 1:
        return f"Các câu chứa {units}{accents}."
    return f"Các câu chứa đủ các từ {units}{accents}."


@quotes.get("/loi-phat-bieu")
def page() -> str:
    """The sentences ``ten`` said that hold ``q``'s words (everything ``ten`` said without ``q``)."""
    name = _name()
    params = _params()
    result = _said(params, name)
    person = result.person.name
    sorts = [
        (key, label, _link(params, person, sort=key), key == params.sort)
        for key, label in SORT_LABELS.items()
        if params.q or key != "relevance"
    ]
    if not params.q and params.sort == "relevance":
        sorts = [(k, label, href, k == "newest") for k, label, href, _ in sorts]
    search_args = {k: v for k, v in _args(params, person).items() if k not in ("ten", "size")}
    return render_template(
        "quotes.html",
        params=params,
        q_value=params.q,
        result=result,
        person=result.person,
        asked=name if name != person else "",
        quotes=[
            {
                "html": one.html,
                "continued": one.continued,
                "name": one.name if one.name != person else "",
                "role": one.role,
                "date": one.date,
                "source": one.source,
                "section": one.section,
                "title": one.title or one.article_id,
                "href": url_for("web.article", article_id=one.article_id, q=params.q or None),
                "source_url": safe_url(one.url),
            }
            for one in result.quotes
        ],
        reading=_reading(result),
        chips=_chips(params, person),
        clear_all=url_for("quotes.page", ten=person, q=params.q or None),
        sorts=sorts,
        pages=_pages(params, person, result.total),
        csv_href=url_for("quotes.export_csv", **_args(params, person, page=None, size=None)),
        results_href=url_for("web.index", **{**search_args, "speaker": [person]}),
        person_href=url_for("web.person", ten=person),
        hidden=[(k, v) for k, v in _args(params, person, q=None).items() if k not in ("q", "ten")],
    )


@quotes.get("/loi-phat-bieu.csv")
def export_csv() -> Response:
    """Every sentence found (not one page), as CSV for a spreadsheet (UTF-8 with BOM)."""
    name = _name()
    params = _params()
    result = _said(params, name, everything=True)
    buf = io.StringIO()
    buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([*QUOTE_COLUMNS, "permalink"])
    for row in quote_rows(result):
        link = url_for("web.article", article_id=row[5], _external=True)
        writer.writerow([neutralise(cell) for cell in row] + [link])
    response = Response(buf.getvalue().encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    filename = export_filename(f"loi {result.person.name} {params.q}", "csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Total-Count"] = str(result.total)
    response.headers["X-Articles-Read"] = str(result.read)
    response.headers["Cache-Control"] = "no-store"
    return response
