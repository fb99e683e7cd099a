"""What an index folder records about itself (``vnsearch.json``): the schema
version and the engine, so that an index built by another version is
refused with a clear message instead of failing half-way."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from search.errors import IndexNotFound
from search.fields import SCHEMA_VERSION

META_FILE = "vnsearch.json"


def write_meta(folder: Path, engine: str = "whoosh") -> None:
    data = {
        "format": "vnsearch",
        "schema_version": SCHEMA_VERSION,
        "engine": engine,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    tmp = folder / (META_FILE + ".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    tmp.replace(folder / META_FILE)


def read_meta(folder: Path) -> dict[str, Any]:
    """The folder's record; raises if it belongs to another schema version."""
    path = folder / META_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {"schema_version": 1}  # built before this file existed
    except (OSError, ValueError) as exc:
        raise IndexNotFound(f"Cannot read '{path}': {exc}. Rebuild the index with --rebuild.") from exc
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise IndexNotFound(
            f"The index in '{folder}' was built by another version of vnsearch "
            f"(schema {version}, this one reads {SCHEMA_VERSION}). Rebuild it: "
            f"vnsearch index --rebuild --index {folder} PATH..."
        )
    return data
