"""The seam between our search logic and the engine that stores postings.

Everything above this package (query building, ranking weights, snippets,
facet presentation, the web app and the CLI) talks to an engine only through
the two small interfaces in :mod:`search.engines.base`: a :class:`Reader`
that runs a query tree with filters, sort, page and facet counts, and the
ingest side (a per-worker :class:`WorkerSide` and the parent's
:class:`Sink`). Two engines implement them:

* ``whoosh`` — the default, pure Python (:mod:`.whoosh_engine`);
* ``tantivy`` — native, for large archives, from the optional extra
  ``pip install 'vnsearch[fast]'`` (:mod:`.tantivy_engine`).

An index folder records its engine in ``vnsearch.json``; ``search``,
``serve`` and ``stats`` open it with that engine, whatever the default.
"""

from __future__ import annotations

import errno
import importlib
import os
import re
from pathlib import Path
from types import ModuleType

from ..errors import ConfigError, IndexNotFound, IndexWriteError
from ..meta import META_FILE, read_meta

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "check_engine",
    "default_engine",
    "engine_of",
    "load",
    "open_reader",
    "os_error_code",
    "write_failure",
]

ENGINES = ("whoosh", "tantivy")
DEFAULT_ENGINE = "whoosh"
_MODULES = {"whoosh": "whoosh_engine", "tantivy": "tantivy_engine"}
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
        return importlib.import_module(f"{__name__}.{_MODULES[name]}")
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


_NO_SPACE = (errno.ENOSPC, errno.EDQUOT)
_FORBIDDEN = (errno.EROFS, errno.EACCES, errno.EPERM)
# How Rust's io::Error shows in Tantivy's messages: "... (os error 28)" or "Os { code: 13, ...".
_RUST_OS_ERROR = re.compile(r"\(os error (\d+)\)|Os \{ code: (\d+)")
_STILL_THERE = "then run this command again; the index is still at its last commit."


def os_error_code(exc: BaseException) -> int | None:
    """The system error number behind ``exc``: an OSError's, or one named in Tantivy's text."""
    if isinstance(exc, OSError):
        return exc.errno
    if isinstance(exc, ValueError):
        found = _RUST_OS_ERROR.search(str(exc))
        if found:
            return int(found.group(1) or found.group(2))
    return None


def write_failure(index_dir: str | Path, exc: BaseException) -> IndexWriteError | None:
    """A failed write in the index folder as a message saying what to do
    (no space, a file too large, a read-only or forbidden folder); None for
    any other error. Both engines only ever replace their table of contents
    whole, so the index is still at its last commit."""
    code = os_error_code(exc)
    if code in _NO_SPACE:
        return IndexWriteError(
            f"No space left to write the index in '{index_dir}': free some space, {_STILL_THERE}"
        )
    if code == errno.EFBIG:
        return IndexWriteError(
            f"A file of the index in '{index_dir}' would be larger than this system allows "
            f"(File too large): raise the limit (ulimit -f) or use another disk, {_STILL_THERE}"
        )
    if code in _FORBIDDEN:
        return IndexWriteError(
            f"Cannot write the index in '{index_dir}': {os.strerror(code)}. "
            f"Make the folder writable or choose another with --index, {_STILL_THERE}"
        )
    return None
