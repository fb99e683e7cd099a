"""Citations of an article: its RIS and BibTeX downloads, ``/article/<id>/cite.ris`` and ``/cite.bib``.

The text comes from :mod:`search.citation`; this module finds the article,
gives it its absolute permalink and names the file.

Article ids may hold slashes, so both these routes and the article page
(``/article/<path:article_id>``) read the id with a ``path`` converter;
Werkzeug tries the rule with more fixed text first, so ``/article/X/cite.ris``
lands here. An article whose own id ends in ``/cite.ris`` (or ``.bib``)
still has its page at that address when no article ``X`` exists: the view
then shows that page instead of a 404. When both exist the address is
``X``'s citation, and the other article's citation is
``/article/X/cite.ris/cite.ris``.
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, current_app, url_for
from werkzeug.exceptions import NotFound

from search.citation import bibtex as bibtex_text
from search.citation import ris as ris_text
from search.results import StoredArticle
from search.web.pool import SearcherPool
from search.web.views import article as article_page_view

cite = Blueprint("cite", __name__)

FORMATS = {
    "ris": ("application/x-research-info-systems", ris_text),
    "bib": ("application/x-bibtex", bibtex_text),
}


def _find(article_id: str, extension: str) -> StoredArticle | str:
    """The article, or the id of an article whose own id ends in ``/cite.<extension>``; else 404."""
    pool: SearcherPool = current_app.extensions["vnsearch"]
    with pool.searcher() as searcher:
        doc = searcher.get(article_id)
        if doc is not None:
            return doc
        whole = f"{article_id}/cite.{extension}"
        if searcher.get(whole) is not None:
            return whole
    raise NotFound(f"Không có bài viết nào mang mã “{article_id}” trong kho, nên không có trích dẫn.")


def filename(article_id: str, extension: str) -> str:
    """``vnsearch-ban-tin-cho-phien-bac-ha-txt.ris``: an ASCII file name from the id."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", article_id).strip("-")[:80].strip("-")
    return f"vnsearch-{slug or 'bai-viet'}.{extension}"


def _download(article_id: str, extension: str) -> Response | str:
    found = _find(article_id, extension)
    if isinstance(found, str):
        return article_page_view(found)
    mimetype, write = FORMATS[extension]
    permalink = url_for("web.article", article_id=found.id, _external=True)
    response = Response(write(found, permalink).encode("utf-8"), mimetype=mimetype)
    response.headers["Content-Type"] = f"{mimetype}; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename(found.id, extension)}"'
    return response


@cite.get("/article/<path:article_id>/cite.ris")
def ris(article_id: str) -> Response | str:
    """The article as a RIS record (Zotero, EndNote, Mendeley)."""
    return _download(article_id, "ris")


@cite.get("/article/<path:article_id>/cite.bib")
def bib(article_id: str) -> Response | str:
    """The article as a BibTeX entry (UTF-8)."""
    return _download(article_id, "bib")
