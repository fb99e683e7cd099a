"""The site's routes: read the request, call the library, render what it returns."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from werkzeug.exceptions import NotFound

from search import __version__
from search.export import all_hits, csv_chunks, export_filename, json_chunks
from search.more_like_this import more_like_this
from search.no_result_help import no_result_help
from search.searcher import MAX_LIMIT, Person, SearchResult
from search.web.formats import vn_date
from search.web.params import ParameterError, SearchParams
from search.web.pool import SearcherPool
from search.web.present import article_page, person_page, search_page

web = Blueprint("web", __name__)


def _pool() -> SearcherPool:
    return current_app.extensions["vnsearch"]


def _params() -> SearchParams:
    cfg = current_app.config
    return SearchParams.parse(request.args, cfg["PAGE_SIZE"], cfg["API_MAX_SIZE"], cfg["MAX_OFFSET"])


@web.get("/")
def index() -> str:
    params = _params()
    cfg = current_app.config
    with _pool().searcher() as searcher:
        # A speaker chosen under a variant is shown (chip, facet) under its canonical name.
        params = replace(params, speakers=tuple(searcher.speaker_table.names(params.speakers)))
        result = searcher.search(
            params.q, limit=params.size, offset=params.offset, facets=True, **params.search_kwargs()
        )
        doc_count = searcher.doc_count
        alternatives = (
            no_result_help(searcher, params.q, suggestion=result.suggestion, **params.search_kwargs())
            if not result.total and doc_count
            else []
        )
    page = search_page(params, result, doc_count, alternatives, cfg["SPEAKER_FACET_TOP"], cfg["MAX_OFFSET"])
    return render_template("index.html", **page)


@web.get("/article/<path:article_id>")
def article(article_id: str) -> str:
    q = request.args.get("q", "").strip()
    with _pool().searcher() as searcher:
        doc = searcher.get(article_id)
        if doc is None:
            raise NotFound(f"Không có bài viết nào mang mã “{article_id}” trong kho.")
        similar = more_like_this(searcher, doc)
    return render_template("article.html", **article_page(doc, q, similar))


def _person(parameter: str) -> tuple[Person, str]:
    """The speaker named by ``parameter``, and the name as asked; 400 without one, 404 if unknown."""
    name = " ".join(request.args.get(parameter, "").split())[:200]
    if not name:
        raise ParameterError(
            parameter,
            f"Cần có tên người phát biểu, ví dụ ?{parameter}=Tô Lâm. (Parameter '{parameter}' is required.)",
        )
    with _pool().searcher() as searcher:
        found = searcher.speaker(name)
    if found is None:
        raise NotFound(
            f"Không có người phát biểu nào tên “{name}” trong kho. Kiểm tra lại cách viết, "
            "hoặc tìm tên này như một từ khóa. (No speaker of that name in the archive.)"
        )
    return found, name


@web.get("/nguoi-phat-bieu")
def person() -> str:
    """One speaker across the archive: the canonical name, the other spellings, their articles."""
    found, asked = _person("ten")
    return render_template("person.html", **person_page(found, asked))


@web.get("/api/speaker")
def api_speaker() -> Response:
    """The person page as JSON: name, count, variants (name, count), total."""
    found, _ = _person("name")
    return jsonify(found.as_dict())


def _export(fmt: str) -> Response:
    params = _params()
    cfg = current_app.config
    page_size = max(1, min(int(cfg["EXPORT_PAGE_SIZE"]), MAX_LIMIT))
    pool = _pool()
    searcher, epoch = pool.take()
    try:
        kwargs = params.search_kwargs()

        kwargs["fold"] = False  # an export keeps every article, each with its group

        def page(offset: int, limit: int) -> SearchResult:
            return searcher.search(params.q, limit=limit, offset=offset, facets=False, **kwargs)

        first = page(0, page_size)
    except BaseException:
        pool.give(searcher, epoch)
        raise
    hits = all_hits(page, page_size, first=first)
    if fmt == "csv":
        body: Iterator[str] = csv_chunks(hits, base_url=request.url_root)  # absolute permalinks
        mimetype = "text/csv"
    else:
        head = {
            "query": params.q,
            "year": params.year_text,
            "month": params.month,
            "speakers": list(params.speakers),
            "sources": list(params.sources),
            "sections": list(params.sections),
            "date_from": params.date_from,
            "date_to": params.date_to,
            "sort": params.sort,
            "total": first.total,
        }
        body = json_chunks(hits, head, base_url=request.url_root)
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
        # The same object as ``vnsearch search --format json``: every article unless fold=1.
        kwargs = {**params.search_kwargs(), "fold": params.fold is True}
        result = searcher.search(params.q, limit=params.size, offset=params.offset, facets=True, **kwargs)
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
        raw = request.args.get("q", "")[:200]
        with _pool().searcher() as searcher:
            better = searcher.suggest(q)
            if better is not None:
                items.append({"text": better.text, "kind": "query"})
            # The last syllable completed from the archive, accents restored ("bao lu" → "bão lũ").
            for text in searcher.vocabulary.complete(raw if raw.strip() else q):
                if text.lower() not in {i["text"].lower() for i in items} and text.lower() != q.lower():
                    items.append({"text": text, "kind": "query"})
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
