"""Keyword in context: /kwic (the page), /kwic.csv (every line), /api/kwic (a page as JSON).

The views read the results page's query and filters (:class:`SearchParams`)
plus their own ``sort`` (:data:`search.kwic.SORTS`), ``page`` and ``size``
(lines per page), call :func:`search.kwic.concordance` and render it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from search import kwic as kwic_lib
from search.export import export_filename
from search.kwic import CONTEXT_CHARS, PARTS, SORTS, Concordance, concordance, csv_chunks, page_of, sort_lines
from search.web.formats import date_label
from search.web.params import ParameterError, SearchParams
from search.web.pool import SearcherPool
from search.web.present import SORT_LABELS

kwic = Blueprint("kwic", __name__)

PAGE_SIZE = 50  # lines per page
MAX_ARTICLES, MAX_LINES = kwic_lib.MAX_ARTICLES, kwic_lib.MAX_LINES  # the caps (tests lower them)
MAX_SIZE = 500
_OWN = ("sort", "page", "size")  # this view's parameters; the rest are the results page's
_WHOLE = re.compile(r"^\s*[0-9]{1,9}\s*$")


def _number(name: str, default: int) -> int:
    value = request.args.get(name, "")
    if not value.strip():
        return default
    if not _WHOLE.match(value) or int(value) < 1:
        shown = value if len(value) <= 30 else value[:30] + "…"
        raise ParameterError(name, f"Parameter '{name}' must be a whole number of 1 or more, not {shown!r}.")
    return int(value)


def _read() -> tuple[SearchParams, str, int, int]:
    """The results page's parameters, and this view's sort, page and size."""
    cfg = current_app.config
    rest = MultiDict([(k, v) for k, v in request.args.items(multi=True) if k not in _OWN])
    params = SearchParams.parse(rest, cfg["PAGE_SIZE"], cfg["API_MAX_SIZE"], cfg["MAX_OFFSET"])
    sort = request.args.get("sort", "").strip() or "relevance"
    if sort not in SORTS:
        shown = sort if len(sort) <= 30 else sort[:30] + "…"
        raise ParameterError("sort", f"Parameter 'sort' must be one of {', '.join(SORTS)}, not {shown!r}.")
    return params, sort, _number("page", 1), min(_number("size", PAGE_SIZE), MAX_SIZE)


def _concordance(params: SearchParams, sort: str) -> tuple[SearchParams, Concordance]:
    pool: SearcherPool = current_app.extensions["vnsearch"]
    with pool.searcher() as searcher:
        params = replace(params, speakers=tuple(searcher.speaker_table.names(params.speakers)))
        kwargs = params.search_kwargs()
        kwargs.pop("sort")
        found = (
            concordance(
                searcher, params.q, sort=sort, max_articles=MAX_ARTICLES, max_lines=MAX_LINES, **kwargs
            )
            if params.q
            else None
        )
    return params, found or Concordance(params.q, [], 0, 0)


def _page(found: Concordance, sort: str, page: int, size: int) -> tuple[list[Any], int]:
    if found.lines and (page - 1) * size >= len(found.lines):
        last = -(-len(found.lines) // size)
        raise ParameterError(
            "page", f"Parameter 'page' ({page}) is past the last page ({last}) of {len(found.lines)} lines."
        )
    return page_of(sort_lines(found.lines, sort), page if found.lines else 1, size)


def _args(
    params: SearchParams, sort: str = "relevance", page: int = 1, size: int = PAGE_SIZE, **filters: Any
) -> dict[str, Any]:
    """URL parameters: the results page's query and filters (with ``filters`` changed), this view's own."""
    args = params.args(sort=None, size=None, **filters)
    own = {"sort": (sort, "relevance"), "page": (page, 1), "size": (size, PAGE_SIZE)}
    args.update({name: value for name, (value, default) in own.items() if value != default})
    return args


def _filters(params: SearchParams) -> list[str]:
    """The filters in force, in words (the results page's chips, without their links)."""
    out = [f"Năm {params.year_text}"] if params.year_text else []
    out += [f"Tháng {params.month}"] if params.month else []
    for label, values in (("Người phát biểu", params.speakers), ("Nguồn", params.sources)):
        out += [f"{label}: {v}" for v in values]
    out += [f"Chuyên mục: {v}" for v in params.sections]
    if params.date_from or params.date_to:
        out.append(date_label(params.date_from, params.date_to))
    return out + (["Một nhóm bài tương tự"] if params.group is not None else [])


@kwic.get("/kwic")
def page() -> str:
    params, sort, number, size = _read()
    params, found = _concordance(params, sort)
    lines, pages = _page(found, sort, number, size)

    def link(**changes: Any) -> str:
        return url_for(
            "kwic.page", **_args(params, **{"sort": sort, "page": number, "size": size, **changes})
        )

    return render_template(
        "kwic.html",
        params=params,
        found=found,
        lines=lines,
        page=number,
        pages=pages,
        first=(number - 1) * size + 1,
        sort=sort,
        parts=PARTS,
        filters=_filters(params),
        context_chars=CONTEXT_CHARS,
        sorts=[(key, label, link(sort=key, page=1), key == sort) for key, label in SORTS.items()],
        prev_href=link(page=number - 1) if number > 1 else None,
        next_href=link(page=number + 1) if number < pages else None,
        csv_href=url_for("kwic.csv_file", **_args(params, sort=sort)),
        results_href=url_for("web.index", **params.args(sort=sort if sort in SORT_LABELS else None)),
        fold_href=link(page=1, fold=None if params.fold is False else 0),
    )


@kwic.get("/kwic.csv")
def csv_file() -> Response:
    """Every line of the set (up to the cap) in the chosen order; the first line says whether the cap cut it."""
    params, sort, _, _ = _read()
    params, found = _concordance(params, sort)
    body = csv_chunks(found, sort_lines(found.lines, sort))
    response = Response((chunk.encode("utf-8") for chunk in body), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    name = export_filename(params.q, "csv").replace("vnsearch-", "vnsearch-kwic-", 1)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["X-Total-Count"] = str(found.total)
    response.headers["X-KWIC-Lines"] = str(len(found.lines))
    response.headers["X-KWIC-Capped"] = found.capped or "no"
    response.headers["Cache-Control"] = "no-store"
    return response


@kwic.get("/api/kwic")
def api() -> Response:
    """One page of lines as JSON, with the set's facts (``capped``, ``cap_message``, ``total``)."""
    params, sort, number, size = _read()
    params, found = _concordance(params, sort)
    lines, pages = _page(found, sort, number, size)
    head = found.head()
    head.update(sort=sort, page=number, pages=pages, size=size, seconds=round(found.seconds, 4))
    return jsonify(
        {
            **head,
            "forms": [{"form": f, "count": c} for f, c in found.forms],
            "items": [line.as_dict() for line in lines],
        }
    )
