"""Saved searches as Atom feeds: ``/feed.atom?<the results page's query and filters>``.

A feed reader polling this address is an alert for new articles: the
latest ``size`` (30 unless asked) matches of the query and filters, newest
first, as Atom 1.0 (RFC 4287).

- Entry ids are tag URIs built from the article's id and the site's host
  name (``tag:vnsearch.example,2024:article/demo-001``): the same article
  keeps its id across requests, restarts and index rebuilds.
- Times come from the article's date (:func:`search.citation.article_datetime`):
  a date known only to the day, month or year is midnight UTC+7 of its first
  day. Undated articles are left out: a feed is a timeline, and one without a
  date cannot be placed on it (they stay on the results page).
- The body is a pure function of the matches, so its hash is the ETag;
  ``Last-Modified`` is the newest entry's time. Both are answered with 304
  (``If-None-Match`` first, as RFC 9110 asks). An article indexed later with
  an older date changes the ETag but not ``Last-Modified``.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, request, url_for

from search import __version__
from search.citation import article_datetime, article_path, clean_text
from search.results import Hit, StoredArticle
from search.web.formats import date_label
from search.web.params import SearchParams
from search.web.pool import SearcherPool
from search.web.present import safe_url

feeds = Blueprint("feeds", __name__)

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 30  # entries in a feed unless ``size`` asks for another number
MAX_FEED_SIZE = 100
TAG_DATE = "2024"  # the date part of the tag URIs: fixed, or every id would change
EMPTY_UPDATED = datetime(1970, 1, 1, tzinfo=UTC)  # a feed with no dated entry yet
SUMMARY_CHARS = 600


def _tag_authority() -> str:
    """The host name without a port (a tag URI's authority is a DNS name)."""
    host = request.host.rsplit(":", 1)[0] if not request.host.endswith("]") else request.host
    return re.sub(r"[^A-Za-z0-9.\-]", "", host.strip("[]").lower()) or "vnsearch"


def entry_id(article_id: str, authority: str) -> str:
    """The article's Atom id, the same on every request: a tag URI (RFC 4151) of its id."""
    return f"tag:{authority},{TAG_DATE}:article/{article_id_text(article_id)}"


def article_id_text(article_id: str) -> str:
    """The id as it may stand in a URI: percent-encoded like the permalink's path."""
    return article_path(article_id).removeprefix("/article/")


def _title(params: SearchParams) -> str:
    """``vnsearch: “bão lũ” — Năm 2020, Nguồn: Dân Trí``: the query and its filters in words."""
    parts = []
    if params.years is not None:
        y = params.years
        if params.single_year is not None:
            parts.append(f"Năm {y.start}" + (f", tháng {params.month}" if params.month else ""))
        else:
            parts.append(f"Năm {y.start or '…'}–{y.end or '…'}")
    if params.date_from or params.date_to:
        parts.append(date_label(params.date_from, params.date_to))
    for label, values in (
        ("Người phát biểu", params.speakers),
        ("Nguồn", params.sources),
        ("Chuyên mục", params.sections),
    ):
        if values:
            parts.append(f"{label}: {', '.join(values)}")
    if params.group is not None:
        parts.append(f"nhóm bài {params.group}")
    head = f"vnsearch: “{params.q}”" if params.q else "vnsearch: bài mới"
    return head + (" — " + "; ".join(parts) if parts else "")


def _summary(hit: Hit, doc: StoredArticle | None) -> str:
    text = (
        clean_text(hit.snippet_text)
        or clean_text(doc.lead if doc else "")
        or clean_text(doc.body if doc else "")
    )
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rstrip() + "…"


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def build_feed(
    params: SearchParams,
    entries: list[tuple[Hit, StoredArticle | None, datetime]],
    authority: str,
) -> bytes:
    """The Atom document of ``entries`` (hit, its stored article, its time), newest first, as UTF-8."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attrs)
        if text is not None:
            element.text = clean_text(text)  # ElementTree would write control characters as they are
        return element

    args = params.args(page=None, sort=None)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "vi"})
    query = urlencode(
        sorted((k, v) for k, vs in args.items() for v in (vs if isinstance(vs, list) else [vs]))
    )
    sub(feed, "id", f"tag:{authority},{TAG_DATE}:feed?{query}")
    sub(feed, "title", _title(params))
    sub(feed, "subtitle", "Các bài mới nhất khớp với câu tìm và bộ lọc này, bài mới nhất trước.")
    sub(feed, "updated", _iso(max((moment for _, _, moment in entries), default=EMPTY_UPDATED)))
    sub(
        feed,
        "link",
        rel="self",
        type="application/atom+xml",
        href=url_for("feeds.atom", _external=True, **args),
    )
    page_args = params.args(page=None, size=None, sort="newest")
    sub(
        feed,
        "link",
        rel="alternate",
        type="text/html",
        href=url_for("web.index", _external=True, **page_args),
    )
    author = sub(feed, "author")
    sub(author, "name", "vnsearch")
    sub(author, "uri", url_for("web.index", _external=True))
    sub(feed, "generator", "vnsearch", version=__version__)
    for hit, doc, moment in entries:
        entry = sub(feed, "entry")
        sub(entry, "id", entry_id(hit.id, authority))
        sub(entry, "title", clean_text(hit.title) or hit.id)
        sub(entry, "updated", _iso(moment))
        sub(entry, "published", _iso(moment))
        permalink = url_for("web.article", article_id=hit.id, _external=True)
        sub(entry, "link", rel="alternate", type="text/html", href=permalink)
        original = safe_url(clean_text(hit.url))
        if original:
            sub(entry, "link", rel="related", type="text/html", href=original)
        if doc is not None and clean_text(doc.author):
            sub(sub(entry, "author"), "name", clean_text(doc.author))
        for term in (hit.source, hit.section):
            if clean_text(term):
                sub(entry, "category", term=clean_text(term))
        sub(entry, "summary", _summary(hit, doc), type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


@feeds.get("/feed.atom")
def atom() -> Response:
    """The saved search as an Atom feed; 304 when the reader's copy is current; 400 for a bad parameter."""
    cfg = current_app.config
    size_limit = min(MAX_FEED_SIZE, int(cfg["API_MAX_SIZE"]))
    params = SearchParams.parse(request.args, FEED_SIZE, size_limit, cfg["MAX_OFFSET"])
    params = replace(params, sort="newest", page=1)  # a feed is a timeline: newest first, the first page
    pool: SearcherPool = current_app.extensions["vnsearch"]
    with pool.searcher() as searcher:
        params = replace(params, speakers=tuple(searcher.speaker_table.names(params.speakers)))
        result = searcher.search(
            params.q, limit=params.size, offset=0, facets=False, **params.search_kwargs()
        )
        entries = []
        for hit in result.hits:
            moment = article_datetime(hit.date)
            if moment is not None:  # undated articles have no place on a timeline
                entries.append((hit, searcher.get(hit.id), moment))
    body = build_feed(params, entries, _tag_authority())
    response = Response(body, mimetype="application/atom+xml")
    response.headers["Content-Type"] = "application/atom+xml; charset=utf-8"
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    if entries:
        newest = max(moment for _, _, moment in entries).astimezone(UTC)
        response.last_modified = min(newest, datetime.now(UTC))
    response.headers["Cache-Control"] = "no-cache"  # keep it, but ask again: the archive grows
    return response.make_conditional(request)
