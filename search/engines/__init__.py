"""The seam between our search logic and the engine that stores postings.

Everything above this package (query building, ranking weights, snippets,
facet presentation, the web app and the CLI) talks to an engine only through
the two small interfaces in :mod:`search.engines.base`: a :class:`Reader`
that runs a query tree with filters, sort, page and facet counts, and the
ingest side (a per-worker :class:`WorkerSide` and the parent's
:class:`Sink`). Two engines implement them:

* ``whoosh`` — the default, pure Python (:mod:`.whoosh.engine`);
* ``tantivy`` — native, for large archives, from the optional extra
  ``pip install 'vnsearch[fast]'`` (:mod:`.tantivy.engine`).

An index folder records its engine in ``vnsearch.json``; ``search``,
``serve`` and ``stats`` open it with that engine, whatever the default.
"""

from search.engines.failures import os_error_code, write_failure
from search.engines.registry import (
    DEFAULT_ENGINE,
    ENGINES,
    check_engine,
    default_engine,
    engine_of,
    every_key,
    load,
    open_reader,
    recorded_engine,
)

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "check_engine",
    "default_engine",
    "engine_of",
    "every_key",
    "load",
    "open_reader",
    "os_error_code",
    "recorded_engine",
    "write_failure",
]
