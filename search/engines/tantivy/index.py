"""The Tantivy index folder: its files, creating, opening and clearing it, and its schema."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from pathlib import Path

import tantivy

from search.engines.failures import os_error_code
from search.errors import IndexNotFound, IndexWriteError
from search.fields import PARTS, POSITIONAL_KINDS, field_name
from search.vietnamese.analysis import KINDS

NAME = "tantivy"

FOLDER = "tantivy"
MAX_TOKEN_BYTES = 255  # longer "syllables" are junk (base64, URLs glued together)
UNDATED_LAST = 999_999_999_999  # date_old of undated articles: after every date
# Articles a worker analyses before handing them over. Measured on 20,000 VNTC
# articles, 2 workers: batches of 2,000 peaked at 1.05 GB (PSS, whole tree) and
# took 65 s; batches of 250 with the writer below peaked at 0.43 GB in 54 s.
BATCH_SIZE = 250
# One indexing thread and a 128 MB arena: the workers' analysis is the bottleneck
# on 2 cores, and a second writer thread only competes with it.
WRITER_HEAP_MB = 128
WRITER_THREADS = 1
STORED = "stored"
FACET_SIZE = 65_535
MAX_BUCKETS = 65_000  # Tantivy aborts an aggregation that makes more buckets than this
SPEAKERS_SHOWN = 50  # search.searcher.SPEAKER_FACET_SIZE
SPEAKERS_FIRST = 200
INTEGERS = ("year", "month", "date_new", "date_old", "seq", "day", "group")
# Filters are term or range queries over these (the others are only read as columns).
INDEXED_INTEGERS = ("year", "month", "day", "group")
# The speaker facet is counted on a number per name: a terms aggregation over
# an integer column is 2.5x faster than over the names themselves (it never
# looks names up), and exact counts need every segment's every term.
SPEAKER_IDS = "speaker_ids"
# Equal scores (or dates) are ordered by when the article was added, as in
# Whoosh; a few extra hits are fetched so that ties at the page's end are too.
TIE_MARGIN = 10


def folder_of(path: Path) -> Path:
    return path / FOLDER


def exists(path: Path) -> bool:
    return (folder_of(path) / "meta.json").is_file()


def make_schema(speaker_ids: bool = True) -> tantivy.Schema:
    """The schema of a new index (``speaker_ids=False``: as made before that field existed)."""
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", tokenizer_name="raw")
    sb.add_text_field("fingerprint", tokenizer_name="raw")
    sb.add_text_field("source", tokenizer_name="raw", fast=True)
    sb.add_text_field("section", tokenizer_name="raw", fast=True)
    sb.add_text_field("speakers", tokenizer_name="raw", fast=True)
    sb.add_text_field("tags", tokenizer_name="raw")
    for name in INTEGERS:
        sb.add_integer_field(name, indexed=name in INDEXED_INTEGERS, fast=True)
    if speaker_ids:
        sb.add_integer_field(SPEAKER_IDS, indexed=False, fast=True)
    for part in PARTS:
        for kind in KINDS:
            option = "position" if kind in POSITIONAL_KINDS else "freq"
            sb.add_text_field(field_name(part, kind), tokenizer_name="whitespace", index_option=option)
    sb.add_bytes_field(STORED, stored=True)
    return sb.build()


def create(path: Path) -> None:
    folder = folder_of(path)
    folder.mkdir(parents=True, exist_ok=True)
    tantivy.Index(make_schema(), path=str(folder), reuse=False)


def clear(path: Path) -> None:
    shutil.rmtree(folder_of(path), ignore_errors=True)


def speaker_id(name: str) -> int:
    """A stable 63-bit number for a speaker's name (the facet is counted on these)."""
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(), "little") >> 1


def has_field(path: Path, name: str) -> bool:
    """Does the index's schema have this field? (An index made before the field
    existed still opens, and works without it.)"""
    try:
        meta = json.loads((folder_of(path) / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return any(f.get("name") == name for f in meta.get("schema", ()))


def open_index(path: Path) -> tantivy.Index:
    if not exists(path):
        raise IndexNotFound(f"No index in '{path}'. Build one first: vnsearch index --index {path} PATH...")
    try:
        return tantivy.Index.open(str(folder_of(path)))
    except ValueError as exc:
        code = os_error_code(exc)
        if code in (errno.EACCES, errno.EPERM, errno.EROFS):
            # Tantivy locks its table of contents to read it: never suggest a rebuild for that.
            raise IndexWriteError(
                f"Cannot open the index in '{path}': the tantivy engine writes a lock file even to "
                f"read, and '{folder_of(path)}' is read-only ({os.strerror(code)}). "
                "Make it writable, or copy the index to a writable folder."
            ) from exc
        raise IndexNotFound(f"Cannot open the index in '{path}': {exc}. Rebuild it with --rebuild.") from exc
