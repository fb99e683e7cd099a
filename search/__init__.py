"""vnsearch: search engine for Vietnamese news archives.

Public API::

    from search import ingest, Searcher
    report = ingest(["articles/"], "index")
    with Searcher("index") as s:
        result = s.search("cong an ha noi", limit=10)

Names are imported on first use, so ``import search.vietnamese.text`` stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "SearchError": "errors",
    "IngestReport": "indexing",
    "ingest": "indexing",
    "ENGINES": "engines",
    "open_reader": "engines",
    "Facet": "searcher",
    "Hit": "searcher",
    "SearchResult": "searcher",
    "Searcher": "searcher",
    "StoredArticle": "searcher",
    "canonical": "vietnamese.text",
    "clean": "vietnamese.text",
    "fold": "vietnamese.text",
    "normalize": "vietnamese.text",
    "syllables": "vietnamese.text",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'search' has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)
