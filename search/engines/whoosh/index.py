"""The Whoosh index folder: its files, creating, opening and clearing it."""

from __future__ import annotations

import shutil
from pathlib import Path

from whoosh import index as whoosh_index

from search.engines.whoosh.schema import make_schema
from search.errors import IndexNotFound

NAME = "whoosh"

INDEX_NAME = "vnsearch"
STAGING = ".staging"
# Articles a worker analyses and writes as one staging segment. A query
# looks each of its terms up in every segment (about 20 µs each): 84,000
# articles in segments of 2,000 made 1,700 lookups for a typical query; of
# 5,000, 700. Larger segments leave one core idle longer at the end of an
# ingest (the last batch) and hold more postings in the writer's pool.
BATCH_SIZE = 5000


def exists(path: Path) -> bool:
    return path.is_dir() and whoosh_index.exists_in(str(path), indexname=INDEX_NAME)


def create(path: Path) -> None:
    whoosh_index.create_in(str(path), make_schema(), indexname=INDEX_NAME)


def clear(path: Path) -> None:
    """Remove this engine's files from ``path`` (for --rebuild)."""
    for child in path.iterdir():
        if child.name.startswith(("_" + INDEX_NAME, INDEX_NAME, STAGING)):
            child.unlink() if child.is_file() else shutil.rmtree(child)


def open_index(path: Path, readonly: bool = True) -> whoosh_index.Index:
    if not exists(path):
        raise IndexNotFound(f"No index in '{path}'. Build one first: vnsearch index --index {path} PATH...")
    return whoosh_index.open_dir(str(path), indexname=INDEX_NAME, readonly=readonly)
