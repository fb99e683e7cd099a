"""The near-duplicate groups that hold more than one article, as the readers need them.

Ingest (:mod:`search.indexing.duplicates`) gives every article a group
number; this file lists the numbers shared by two articles or more, so that
an engine can count the stories among a query's matches (the matches minus
each group's extra members) without a count per article.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np

__all__ = ["GROUPS_FILE", "shared_groups", "write_shared_groups"]

GROUPS_FILE = "duplicate-groups.npy"

_CACHE: dict[str, tuple[int, np.ndarray]] = {}
_LOCK = threading.Lock()


def write_shared_groups(index_dir: str | Path, numbers: np.ndarray) -> None:
    """Write the shared group numbers (sorted), replacing the file at once."""
    path = Path(index_dir) / GROUPS_FILE
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    with open(tmp, "wb") as out:
        np.save(out, np.unique(np.asarray(numbers, dtype=np.int64)))
    os.replace(tmp, path)


def shared_groups(index_dir: str | Path) -> np.ndarray:
    """The group numbers shared by several articles (empty for an index without any),
    read again when the file changes."""
    path = Path(index_dir) / GROUPS_FILE
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return np.zeros(0, dtype=np.int64)
    key = str(path)
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    try:
        numbers = np.load(path, allow_pickle=False).astype(np.int64)
    except (OSError, ValueError):
        numbers = np.zeros(0, dtype=np.int64)  # a torn or foreign file: count every article as a story
    with _LOCK:
        _CACHE[key] = (stamp, numbers)
    return numbers
