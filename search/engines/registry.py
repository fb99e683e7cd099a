"""Which engine answers: the names, the default, loading an engine module and
opening an index with the engine it records."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from types import ModuleType

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


def load(name: str) -> ModuleType:
    """The engine's module; a missing optional extra says how to install it."""
    check_engine(name)
    try:
        return importlib.import_module(_MODULES[name])
    except ImportError as exc:
        if name in _INSTALL and exc.name in (name, None):
            raise ConfigError(_INSTALL[name]) from exc
        raise


def engine_of(index_dir: str | Path) -> str:
    """The engine an existing index was built with (checks its schema version)."""
    path = Path(index_dir)
    if not (path / META_FILE).is_file():
        if path.is_dir() and any(path.glob("_vnsearch_*.toc")):
            read_meta(path)  # refuses with the rebuild command
            return "whoosh"
        raise IndexNotFound(f"No index in '{path}'. Build one first: vnsearch index --index {path} PATH...")
    engine = read_meta(path).get("engine", DEFAULT_ENGINE)
    return check_engine(engine, f"the engine recorded in {path / META_FILE}")


def open_reader(index_dir: str | Path):  # -> base.Reader
    """An open reader of the index in ``index_dir``, with its own engine."""
    path = Path(index_dir)
    return load(engine_of(path)).Reader(path)
