"""Which engine answers: the names, the default, loading an engine module and
opening an index with the engine it records."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import cast

from search.engines.base import EngineModule, Filters, Reader
from search.engines.meta import META_FILE, read_meta
from search.errors import ConfigError, IndexNotFound

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "check_engine",
    "default_engine",
    "engine_of",
    "load",
    "open_reader",
    "recorded_engine",
]

ENGINES = ("whoosh", "tantivy")
DEFAULT_ENGINE = "whoosh"
_MODULES = {"whoosh": "search.engines.whoosh.engine", "tantivy": "search.engines.tantivy.engine"}
_INSTALL = {
    "tantivy": "The tantivy engine needs its extra: pip install 'vnsearch[fast]' (or: pip install tantivy==0.27.0).",
}


def check_engine(name: str, parameter: str = "--engine") -> str:
    if name not in ENGINES:
        raise ConfigError(f"{parameter} must be one of {', '.join(ENGINES)}, not {name!r}.")
    return name


def default_engine() -> str:
    """The engine of new indexes: ``$VNSEARCH_ENGINE`` if set, else Whoosh."""
    value = os.environ.get("VNSEARCH_ENGINE") or DEFAULT_ENGINE
    return check_engine(value, "VNSEARCH_ENGINE")


def load(name: str) -> EngineModule:
    """The engine's module; a missing optional extra says how to install it."""
    check_engine(name)
    try:
        return cast(EngineModule, importlib.import_module(_MODULES[name]))
    except ImportError as exc:
        if name in _INSTALL and exc.name in (name, None):
            raise ConfigError(_INSTALL[name]) from exc
        raise


def recorded_engine(index_dir: str | Path) -> str | None:
    """The engine of the index in ``index_dir`` (its schema version checked), None if there is none."""
    path = Path(index_dir)
    if (path / META_FILE).is_file():
        engine = read_meta(path).get("engine", DEFAULT_ENGINE)
        return check_engine(engine, f"the engine recorded in {path / META_FILE}")
    if path.is_dir() and load(DEFAULT_ENGINE).exists(path):  # from before vnsearch.json: all Whoosh
        read_meta(path)  # refuses with the rebuild command
        return DEFAULT_ENGINE
    return None


def engine_of(index_dir: str | Path) -> str:
    """The engine an existing index was built with (checks its schema version)."""
    engine = recorded_engine(index_dir)
    if engine is None:
        raise IndexNotFound(
            f"No index in '{index_dir}'. Build one first: vnsearch index --index {index_dir} PATH..."
        )
    return engine


def open_reader(index_dir: str | Path) -> Reader:
    """An open reader of the index in ``index_dir``, with its own engine."""
    path = Path(index_dir)
    return load(engine_of(path)).Reader(path)


def every_key(reader: Reader) -> list:
    """The engine's key of every document, each once. Asked in one page: pages of a query
    without words have no stable order (on Tantivy, 5,101 of 34,358 articles were never listed
    and as many twice)."""
    return [key for key, _ in reader.search(None, Filters(), "relevance", 0, reader.doc_count, False).hits]
