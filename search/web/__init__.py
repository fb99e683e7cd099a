"""The web front end: ``create_app``, its routes and error handlers.

Views only read request parameters, call :class:`search.searcher.Searcher`
and render what it returns; pages work without JavaScript (``static/app.js``
only adds comfort). Searchers are kept in a small pool shared by the
request threads, one request at a time per searcher, and see a new commit
of the index within ``REFRESH_SECONDS`` without a restart.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, render_template, request, url_for
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import (
    HTTPException,
    MethodNotAllowed,
    NotFound,
    RequestEntityTooLarge,
    RequestURITooLarge,
)

from search import __version__
from search.errors import ConfigError, IndexLocked, IndexNotFound, ModelError, SearchError
from search.export import all_hits, csv_chunks, export_filename, json_chunks
from search.ingest.pipeline import default_index_dir
from search.more_like_this import more_like_this
from search.no_result_help import Alternative, no_result_help
from search.query import MAX_QUERY_CHARS, YearRange, parse_query, parse_year_range
from search.searcher import MAX_LIMIT, SORTS, Searcher, SearchResult
from search.snippets import highlight_spans
from search.vietnamese.analysis import analyze

__all__ = ["DEFAULTS", "ParameterError", "SearchParams", "SearcherPool", "create_app"]

log = logging.getLogger(__name__)

_PACKAGE = Path(__file__).resolve().parents[1]  # search/


def _resource_dir(name: str) -> Path:
    """``templates``/``static``: inside the installed package, else next to it (a checkout)."""
    for folder in (_PACKAGE / name, _PACKAGE.parent / name):
        if folder.is_dir():
            return folder
    raise ConfigError(f"The web app's '{name}' folder is missing; reinstall vnsearch.")


DEFAULTS: dict[str, Any] = {
    "INDEX": None,  # None: $VNSEARCH_INDEX or ./index
    "PAGE_SIZE": 10,  # results per HTML page
    "API_MAX_SIZE": 100,  # larger ``size`` values are capped to this
    "MAX_OFFSET": 10_000,  # deepest result a page may start at (exports have no limit)
    "EXPORT_PAGE_SIZE": MAX_LIMIT,  # results fetched per search while exporting
    "REFRESH_SECONDS": 2.0,  # how often to look for a new commit of the index
    "POOL_MAX_IDLE": 8,  # open searchers kept between requests
    "SPEAKER_FACET_TOP": 15,  # speakers shown before "Xem thêm"
    "SEND_FILE_MAX_AGE_DEFAULT": 86400,  # static files carry ?v=<mtime>, so caching is safe
    "MAX_URL_BYTES": 16_384,  # longer addresses (path + query string) are refused: 414
    "MAX_CONTENT_LENGTH": 16_384,  # no route reads a body; larger ones are refused: 413
}

# The site only reads: every other method is a 405, whatever the route.
METHODS = ("GET", "HEAD")

SORT_LABELS = {"relevance": "Liên quan", "newest": "Mới nhất", "oldest": "Cũ nhất"}

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class ParameterError(ConfigError):
    """A request parameter has a value we cannot use (HTTP 400, named in the answer)."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


# --- searchers shared across requests ---------------------------------------------


class SearcherPool:
    """Open :class:`Searcher` objects shared by request threads.

    A searcher serves one request (or one export) at a time; idle ones wait
    in a list. Every ``refresh_seconds`` the index's generation is compared
    with the last one seen (a directory listing); when it changed, each
    searcher is refreshed the next time it is taken, so a new commit shows
    up without a restart.
    """

    def __init__(self, index_dir: str | Path, refresh_seconds: float = 2.0, max_idle: int = 8) -> None:
        self.index_dir = Path(index_dir)
        self.refresh_seconds = refresh_seconds
        self.max_idle = max_idle
        self._idle: list[tuple[Searcher, int]] = []
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._epoch = 0
        self._checked = -math.inf

    def _current_epoch(self, searcher: Searcher) -> int:
        now = time.monotonic()
        with self._lock:
            if now - self._checked < self.refresh_seconds:
                return self._epoch
            self._checked = now
        generation = searcher.generation()
        with self._lock:
            if generation != self._generation:
                if self._generation is not None:
                    self._epoch += 1
                self._generation = generation
            return self._epoch

    def take(self) -> tuple[Searcher, int]:
        with self._lock:
            entry = self._idle.pop() if self._idle else None
        if entry is None:
            searcher = Searcher(self.index_dir)
            return searcher, self._current_epoch(searcher)
        searcher, seen = entry
        epoch = self._current_epoch(searcher)
        if epoch != seen:
            searcher.refresh()
        return searcher, epoch

    def give(self, searcher: Searcher, epoch: int) -> None:
        with self._lock:
            if len(self._idle) < self.max_idle:
                self._idle.append((searcher, epoch))
                return
        searcher.close()

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        searcher, epoch = self.take()
        try:
            yield searcher
        finally:
            self.give(searcher, epoch)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for searcher, _ in idle:
            searcher.close()


def _pool() -> SearcherPool:
    return current_app.extensions["vnsearch"]


# --- request parameters ---------------------------------------------------------

MAX_SPEAKERS = 20
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


@dataclass(frozen=True)
class SearchParams:
    """What a request asks for: the query, filters, sort and page."""

    q: str = ""
    years: YearRange | None = None
    month: int | None = None
    speakers: tuple[str, ...] = ()
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
        speakers = tuple(dict.fromkeys(s.strip() for s in args.getlist("speaker") if s.strip()))
        if len(speakers) > MAX_SPEAKERS:
            raise ParameterError(
                "speaker", f"Parameter 'speaker' is given {len(speakers)} times; {MAX_SPEAKERS} at most."
            )
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
        return cls(q, years, month, speakers, sort, page, size, default_size)

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
        return self.years is not None or bool(self.speakers)

    def search_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"years": self.years, "speakers": list(self.speakers), "sort": self.sort}
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


def _params() -> SearchParams:
    cfg = current_app.config
    return SearchParams.parse(request.args, cfg["PAGE_SIZE"], cfg["API_MAX_SIZE"], cfg["MAX_OFFSET"])


# --- presentation helpers ---------------------------------------------------------


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


def safe_url(url: str | None) -> str | None:
    """Only http(s) links from the data are ever put in an href."""
    return url if url and re.match(r"^https?://", url, re.I) else None


def highlight(text: str, terms: list[str], exact: bool) -> Markup:
    """``text`` escaped, with ``<mark>`` around each syllable matching the query."""
    out, last = [], 0
    for start, end, _ in highlight_spans(text, terms, exact) if terms else []:
        out += [escape(text[last:start]), Markup("<mark>"), escape(text[start:end]), Markup("</mark>")]
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)


def query_terms(q: str) -> tuple[list[str], bool]:
    """The syllables of the query's words and phrases, as the searcher highlights them."""
    pq = parse_query(q)
    terms = [t[0] for text in (pq.text, *pq.phrases) if text.strip() for t in analyze(text).syl]
    return terms, pq.accented


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


def timeline(result: SearchResult, params: SearchParams) -> dict[str, Any] | None:
    """Bars for the inline SVG chart: per year, or per month when one year is selected."""
    year = params.single_year
    months = result.facets.get("month")
    if year is not None and months:
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
    }


def _facets(result: SearchResult, params: SearchParams, top: int) -> dict[str, Any]:
    """Facet entries with their toggle links, for the sidebar."""
    years = []
    for f in result.facets.get("year", []):
        if f.value is None:
            years.append({"label": "Không rõ năm", "count": f.count, "href": None, "selected": False})
            continue
        selected = params.single_year == f.value
        years.append(
            {
                "label": str(f.value),
                "count": f.count,
                "selected": selected,
                "href": url_for(
                    "web.index", **params.args(year=None if selected else str(f.value), month=None)
                ),
            }
        )
    months = []
    if params.single_year is not None:
        for f in result.facets.get("month", []):
            if not isinstance(f.value, int):
                continue
            selected = params.month == f.value
            months.append(
                {
                    "label": f"Tháng {f.value}",
                    "count": f.count,
                    "selected": selected,
                    "href": url_for("web.index", **params.args(month=None if selected else f.value)),
                }
            )
        months.sort(key=lambda m: int(m["label"].split()[-1]))
    speakers = []
    for f in result.facets.get("speaker", []):
        selected = f.value in params.speakers
        others = [s for s in params.speakers if s != f.value]
        speakers.append(
            {
                "label": f.value,
                "count": f.count,
                "selected": selected,
                "href": url_for(
                    "web.index", **params.args(speaker=others if selected else [*params.speakers, f.value])
                ),
            }
        )
    return {"years": years, "months": months, "speakers": speakers[:top], "more_speakers": speakers[top:]}


def _chips(params: SearchParams) -> list[dict[str, str]]:
    chips = []
    if params.years is not None:
        y = params.years
        if params.single_year is not None:
            label = f"Năm {y.start}"
        elif y.start is None:
            label = f"Đến năm {y.end}"
        elif y.end is None:
            label = f"Từ năm {y.start}"
        else:
            label = f"Năm {y.start}–{y.end}"
        chips.append({"label": label, "href": url_for("web.index", **params.args(year=None, month=None))})
    if params.month is not None:
        chips.append(
            {
                "label": f"Tháng {params.month}/{params.single_year}",
                "href": url_for("web.index", **params.args(month=None)),
            }
        )
    for name in params.speakers:
        others = [s for s in params.speakers if s != name]
        chips.append(
            {"label": f"Người phát biểu: {name}", "href": url_for("web.index", **params.args(speaker=others))}
        )
    return chips


def _pages(params: SearchParams, total: int, max_offset: int) -> dict[str, Any] | None:
    last = max(1, min(math.ceil(total / params.size), max_offset // params.size + 1))
    if last <= 1 and params.page == 1:
        return None
    page = params.page
    shown = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    items: list[dict[str, Any] | None] = []
    for n, p in enumerate(shown):
        if n and p - shown[n - 1] > 1:
            items.append(None)  # a gap: …
        items.append({"n": p, "href": url_for("web.index", **params.args(page=p)), "current": p == page})
    return {
        "items": items,
        "page": page,
        "last": last,
        "prev": url_for("web.index", **params.args(page=page - 1)) if page > 1 else None,
        "next": url_for("web.index", **params.args(page=page + 1)) if page < last else None,
    }


def _help_options(alternatives: list[Alternative], params: SearchParams) -> list[dict[str, Any]]:
    """The other searches :func:`search.no_result_help.no_result_help` found, as links."""
    out = []
    for alt in alternatives:
        other = replace(params, q=alt.q, years=alt.years, month=alt.month, speakers=alt.speakers, page=1)
        out.append(
            {"label": alt.label, "q": alt.q, "count": alt.total, "href": url_for("web.index", **other.args())}
        )
    return out


# --- views ----------------------------------------------------------------------

web = Blueprint("web", __name__)


@web.get("/")
def index() -> str:
    params = _params()
    cfg = current_app.config
    with _pool().searcher() as searcher:
        result = searcher.search(
            params.q, limit=params.size, offset=params.offset, facets=True, **params.search_kwargs()
        )
        doc_count = searcher.doc_count
        alternatives = (
            no_result_help(searcher, params.q, suggestion=result.suggestion, **params.search_kwargs())
            if not result.total and doc_count
            else []
        )
    help_options = _help_options(alternatives, params)
    overview = not params.q and not params.has_filters and params.page == 1 and params.sort == "relevance"
    years = [f.value for f in result.facets.get("year", []) if f.value is not None]
    return render_template(
        "index.html",
        params=params,
        result=result,
        overview=overview,
        doc_count=doc_count,
        first_year=min(years) if years else None,
        last_year=max(years) if years else None,
        undated=sum(f.count for f in result.facets.get("year", []) if f.value is None),
        facets=_facets(result, params, cfg["SPEAKER_FACET_TOP"]),
        chips=_chips(params),
        pages=_pages(params, result.total, cfg["MAX_OFFSET"]),
        chart=timeline(result, params),
        help_options=help_options,
        sorts=[
            (key, label, url_for("web.index", **params.args(sort=key)), key == params.sort)
            for key, label in SORT_LABELS.items()
        ],
        exports={
            fmt: url_for(f"web.export_{fmt}", **params.args(page=None, size=None)) for fmt in ("csv", "json")
        },
    )


@web.get("/article/<path:article_id>")
def article(article_id: str) -> str:
    q = request.args.get("q", "").strip()
    with _pool().searcher() as searcher:
        doc = searcher.get(article_id)
        if doc is None:
            raise NotFound(f"Không có bài viết nào mang mã “{article_id}” trong kho.")
        similar = more_like_this(searcher, doc)
    terms, exact = query_terms(q) if q else ([], False)
    body = doc.get("body") or ""
    paragraphs = [highlight(p.strip(), terms, exact) for p in body.split("\n") if p.strip()]
    speakers = doc.get("speakers") or []
    if isinstance(speakers, str):
        speakers = [s.strip() for s in speakers.split(",") if s.strip()]
    roles = {i.get("name"): i.get("role") for i in doc.get("speaker_info") or [] if isinstance(i, dict)}
    tags = doc.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",") if t.strip()]
    return render_template(
        "article.html",
        doc=doc,
        q=q,
        title=highlight(doc.get("title") or "", terms, exact),
        lead=highlight(doc["lead"], terms, exact) if doc.get("lead") else None,
        paragraphs=paragraphs,
        speakers=[
            {"name": s, "role": roles.get(s), "href": url_for("web.index", speaker=s)} for s in speakers
        ],
        tags=tags,
        source_url=safe_url(doc.get("url")),
        similar=similar,
    )


def _export(fmt: str) -> Response:
    params = _params()
    cfg = current_app.config
    page_size = max(1, min(int(cfg["EXPORT_PAGE_SIZE"]), MAX_LIMIT))
    pool = _pool()
    searcher, epoch = pool.take()
    try:
        kwargs = params.search_kwargs()

        def page(offset: int, limit: int) -> SearchResult:
            return searcher.search(params.q, limit=limit, offset=offset, facets=False, **kwargs)

        first = page(0, page_size)
    except BaseException:
        pool.give(searcher, epoch)
        raise
    hits = all_hits(page, page_size, first=first)
    if fmt == "csv":
        body: Iterator[str] = csv_chunks(hits)
        mimetype = "text/csv"
    else:
        head = {
            "query": params.q,
            "year": params.year_text,
            "month": params.month,
            "speakers": list(params.speakers),
            "sort": params.sort,
            "total": first.total,
        }
        body = json_chunks(hits, head)
        mimetype = "application/json"
    response = Response((chunk.encode("utf-8") for chunk in body), mimetype=mimetype)
    response.headers["Content-Type"] = f"{mimetype}; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{export_filename(params.q, fmt)}"'
    response.headers["X-Total-Count"] = str(first.total)
    response.headers["Cache-Control"] = "no-store"
    response.call_on_close(lambda: pool.give(searcher, epoch))
    return response


@web.get("/export.csv")
def export_csv() -> Response:
    return _export("csv")


@web.get("/export.json")
def export_json() -> Response:
    return _export("json")


@web.get("/api/search")
def api_search() -> Response:
    params = _params()
    with _pool().searcher() as searcher:
        result = searcher.search(
            params.q, limit=params.size, offset=params.offset, facets=True, **params.search_kwargs()
        )
    return jsonify(result.as_dict())


@web.get("/api/suggest")
def api_suggest() -> Response:
    """Completions as one types: the query with its accents restored, and matching titles.

    ``format=opensearch`` answers in the OpenSearch suggestions format for browsers.
    """
    q = request.args.get("q", "").strip()[:200]
    fmt = request.args.get("format", "").strip()
    if fmt not in ("", "json", "opensearch"):
        raise ParameterError("format", f"Parameter 'format' must be json or opensearch, not {fmt!r}.")
    items: list[dict[str, Any]] = []
    if q:
        with _pool().searcher() as searcher:
            accented = searcher.suggest(q)
            if accented is not None:
                items.append({"text": accented.text, "kind": "query"})
            result = searcher.search(q, limit=5, facets=False)
        for hit in result.hits:
            items.append(
                {
                    "text": hit.title,
                    "kind": "article",
                    "url": url_for("web.article", article_id=hit.id, q=q),
                    "date": hit.date,
                }
            )
    if fmt == "opensearch":
        response = jsonify(
            [
                q,
                [i["text"] for i in items],
                [vn_date(i.get("date")) if i["kind"] == "article" else "" for i in items],
                [url_for("web.index", q=i["text"], _external=True) for i in items],
            ]
        )
        response.mimetype = "application/x-suggestions+json"
        return response
    return jsonify({"query": q, "suggestions": items})


@web.get("/opensearch.xml")
def opensearch() -> Response:
    xml = render_template("opensearch.xml")
    return Response(xml, mimetype="application/opensearchdescription+xml")


@web.get("/healthz")
def healthz() -> Response:
    with _pool().searcher() as searcher:
        count = searcher.doc_count
    return jsonify({"status": "ok", "articles": count, "version": __version__})


# --- errors ---------------------------------------------------------------------

ERROR_TITLES = {
    400: "Yêu cầu không hợp lệ",
    404: "Không tìm thấy",
    405: "Phương thức không được hỗ trợ",
    413: "Yêu cầu quá lớn",
    414: "Địa chỉ quá dài",
    500: "Lỗi máy chủ",
    503: "Chỉ mục chưa sẵn sàng",
}


def _wants_json() -> bool:
    path = request.path
    return path.startswith("/api/") or path.endswith(".json") or path == "/healthz"


def _error_response(status: int, message: str, parameter: str | None = None) -> Response | tuple[str, int]:
    if _wants_json():
        error: dict[str, Any] = {"status": status, "message": message}
        if parameter:
            error["parameter"] = parameter
        response = jsonify({"error": error})
        response.status_code = status
        return response
    title = ERROR_TITLES.get(status, "Lỗi")
    # The search box keeps the query, unless the request was refused for its size.
    q = request.args.get("q", "")[:MAX_QUERY_CHARS] if status not in (413, 414) else ""
    return render_template("error.html", status=status, title=title, message=message, q=q), status


def _handle_search_error(exc: SearchError) -> Response | tuple[str, int]:
    if isinstance(exc, IndexNotFound | IndexLocked):
        status = 503
    elif isinstance(exc, ModelError):
        status = 500
    else:
        status = 400
    return _error_response(status, str(exc), getattr(exc, "parameter", None))


def _handle_http_error(exc: HTTPException) -> Response | tuple[str, int]:
    status = exc.code or 500
    message = (
        exc.description if isinstance(exc, NotFound) and exc.description != NotFound.description else None
    )
    if message is None:
        message = {
            404: "Trang này không tồn tại. (The page does not exist.)",
            405: f"Phương thức {request.method} không dùng được ở đây. (Method not allowed.)",
        }.get(status, exc.description or exc.name)
    response = _error_response(status, message, getattr(exc, "parameter", None))
    allow = [value for name, value in exc.get_headers() if name == "Allow"]
    if allow:
        if not isinstance(response, Response):
            response = current_app.make_response(response)
        response.headers["Allow"] = allow[0]
    return response


def _guard_request() -> None:
    """Refuse, before any work, what a read-only search site never needs:
    methods other than GET/HEAD (405, also on static files), addresses
    longer than ``MAX_URL_BYTES`` (414), bodies over ``MAX_CONTENT_LENGTH`` (413)."""
    if request.method not in METHODS:
        raise MethodNotAllowed(list(METHODS))
    cfg = current_app.config
    environ = request.environ
    length = len(environ.get("PATH_INFO", "")) + len(environ.get("QUERY_STRING", ""))
    if length > cfg["MAX_URL_BYTES"]:
        longest = max(request.args.items(multi=True), key=lambda kv: len(kv[1]), default=None)
        if longest is not None and len(longest[1]) > len(environ.get("PATH_INFO", "")):
            which = f"parameter {longest[0][:20]!r} is {len(longest[1])} characters long"
        else:
            which, longest = f"the path is {len(environ.get('PATH_INFO', ''))} bytes long", None
        exc = RequestURITooLarge(
            f"Địa chỉ quá dài: {length} byte, tối đa {cfg['MAX_URL_BYTES']}. "
            f"(The address is too long: {which}; at most {cfg['MAX_URL_BYTES']} bytes in all. "
            f"Only the first {MAX_QUERY_CHARS} characters of q are used anyway.)"
        )
        exc.parameter = longest[0] if longest is not None else None  # type: ignore[attr-defined]
        raise exc
    if (request.content_length or 0) > cfg["MAX_CONTENT_LENGTH"]:
        raise RequestEntityTooLarge(
            f"Yêu cầu quá lớn. (This site only reads: a request body of {request.content_length} bytes "
            f"is refused, at most {cfg['MAX_CONTENT_LENGTH']}.)"
        )


def _handle_unexpected(exc: Exception) -> Response | tuple[str, int]:
    log.exception("Unexpected error on %s", request.path)
    return _error_response(500, "Đã có lỗi không mong muốn; xin thử lại sau. (Unexpected server error.)")


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


# --- the factory ----------------------------------------------------------------


def _static_url(filename: str) -> str:
    """A static file's URL with its modification time, so browsers may cache it."""
    folder = current_app.static_folder or ""
    try:
        version = int((Path(folder) / filename).stat().st_mtime)
    except OSError:
        version = 0
    return url_for("static", filename=filename, v=version)


def _check_config(config: Mapping[str, Any]) -> None:
    for key in (
        "PAGE_SIZE",
        "API_MAX_SIZE",
        "MAX_OFFSET",
        "EXPORT_PAGE_SIZE",
        "POOL_MAX_IDLE",
        "SPEAKER_FACET_TOP",
        "MAX_URL_BYTES",
        "MAX_CONTENT_LENGTH",
    ):
        value = config[key]
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(f"Setting {key} must be a whole number of 1 or more, not {value!r}.")
    if config["PAGE_SIZE"] > config["API_MAX_SIZE"] or config["API_MAX_SIZE"] > MAX_LIMIT:
        raise ConfigError(f"Settings need PAGE_SIZE <= API_MAX_SIZE <= {MAX_LIMIT}.")
    if not isinstance(config["REFRESH_SECONDS"], int | float) or config["REFRESH_SECONDS"] < 0:
        raise ConfigError(f"Setting REFRESH_SECONDS must be 0 or more, not {config['REFRESH_SECONDS']!r}.")


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The web app over the index in config ``INDEX`` (default ``$VNSEARCH_INDEX`` or ``./index``).

    Settings: :data:`DEFAULTS`, then ``VNSEARCH_*`` environment variables
    (Flask's ``from_prefixed_env``), then ``test_config``. The index is opened
    on the first request, read-only.
    """
    app = Flask(
        __name__,
        template_folder=str(_resource_dir("templates")),
        static_folder=str(_resource_dir("static")),
    )
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("VNSEARCH")
    if test_config:
        app.config.from_mapping(test_config)
    # Debug mode only when the code asks for it: never from FLASK_DEBUG or
    # VNSEARCH_DEBUG (the CLI's "show tracebacks" switch) in the environment.
    app.config["DEBUG"] = bool((test_config or {}).get("DEBUG", False))
    if not app.config["INDEX"]:
        app.config["INDEX"] = str(default_index_dir())
    _check_config(app.config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["vnsearch"] = SearcherPool(
        app.config["INDEX"], float(app.config["REFRESH_SECONDS"]), app.config["POOL_MAX_IDLE"]
    )
    app.jinja_env.globals.update(static_url=_static_url, version=__version__, sort_labels=SORT_LABELS)
    app.jinja_env.filters.update(vn_number=vn_number, vn_date=vn_date, safe_url=safe_url)
    app.register_blueprint(web)
    app.register_error_handler(SearchError, _handle_search_error)
    app.register_error_handler(HTTPException, _handle_http_error)
    app.register_error_handler(Exception, _handle_unexpected)
    app.before_request(_guard_request)
    app.after_request(_security_headers)
    return app
