"""Each segment's per-document columns, saved once beside the segment.

Building the document table (:mod:`search.engines.whoosh.doctable`) from
Whoosh took most of a cold start: its column readers hand out one value per
call (1.9 s for six columns of the whole VNTC) and the speakers' term
dictionary is decoded term by term (2.4 s). A segment's documents never
change once written (only its deletions do, applied from ``Postings.live``
when the table is assembled), so its columns are read from Whoosh once and
kept in ``<segment id>.table.npz`` in the index folder; later opens load
those files, a few milliseconds each.

The file is named like the segment's own files, so Whoosh deletes it with
them when a merge or a rebuild drops the segment, and so does ``clear``; a
write also removes the files of segments the table of contents no longer
lists. It is written under a temporary name and renamed, so a reader never
sees half a file; a file of another format version, of another document
count, or unreadable is built again. A folder we cannot write to only costs
the build, in memory, at every open.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from search.engines.whoosh.index import INDEX_NAME
from search.engines.whoosh.postings import segment_terms
from search.engines.whoosh.schema import year_or_none

__all__ = ["COLUMNS", "VERSION", "SegmentColumns", "TableCache", "build", "cache_path", "load", "save"]

# Bumped whenever what a file holds or how it is derived from the segment changes.
VERSION = 1
SUFFIX = ".table.npz"
# Ours (finished or being written) and named like the segment's files, which
# Whoosh's clean-up after a commit matches as f"{INDEX_NAME}_<id>.<anything>".
_FILE = re.compile(rf"^(?P<segment>{INDEX_NAME}_[0-9a-z]+)\.table\.(?:npz|[0-9]+-[0-9]+\.tmp)$")
COLUMNS = ("year", "month", "group", "date_code", "source_code", "section_code")
_HEADER = 6  # version, documents, and how many dates, sources, sections, names


@dataclass(frozen=True)
class SegmentColumns:
    """One segment's columns by its own document numbers, deleted documents included.

    ``columns``: a row per name of ``COLUMNS``; year, month and group 0 where
    unknown, the codes point into ``dates``/``sources``/``sections`` (each
    value once, "" first, then in order of first appearance). Speakers: the
    segment's names in term order, and ``entries`` (document, name) columns.
    """

    columns: np.ndarray  # int32, (len(COLUMNS), documents)
    entries: np.ndarray  # int32, (2, postings)
    dates: list[str]
    sources: list[str]
    sections: list[str]
    names: list[str]

    @property
    def size(self) -> int:
        return self.columns.shape[1]

    year = property(lambda self: self.columns[0])
    month = property(lambda self: self.columns[1])
    group = property(lambda self: self.columns[2])
    date_code = property(lambda self: self.columns[3])
    source_code = property(lambda self: self.columns[4])
    section_code = property(lambda self: self.columns[5])
    entry_doc = property(lambda self: self.entries[0])
    entry_name = property(lambda self: self.entries[1])


def cache_path(folder: Path, segment: str) -> Path:
    return folder / f"{segment}{SUFFIX}"


class TableCache:
    """Segment columns of the index in ``folder`` (None: never saved).

    ``listed`` gives the segment ids of the latest table of contents: asked
    only before a write, to remove the files of segments merged away and to
    save none for a segment a newer commit dropped.
    """

    def __init__(self, folder: Path | None, listed: Callable[[], Collection[str]] | None = None) -> None:
        self.folder = folder
        self.listed = listed
        self._swept = False

    def columns(self, leaf: Any, segment: str) -> SegmentColumns:
        if self.folder is not None:
            found = load(cache_path(self.folder, segment), leaf.doc_count_all())
            if found is not None:
                return found
        columns = build(leaf)
        if self.folder is not None:
            self._save(segment, columns)
        return columns

    def _save(self, segment: str, columns: SegmentColumns) -> None:
        assert self.folder is not None
        try:
            listed = set(self.listed()) if self.listed is not None else {segment}
        except Exception:  # noqa: BLE001 — a table of contents being replaced: save next time
            return
        if not self._swept:
            self._swept = True
            sweep(self.folder, listed)
        if segment in listed:
            save(self.folder, segment, columns)


def load(path: Path, docs: int) -> SegmentColumns | None:
    """The columns saved in ``path``; None when missing, of another version or
    document count, or damaged in any way."""
    try:
        with np.load(path, allow_pickle=False) as saved:
            header = saved["header"].tolist()
            if len(header) != _HEADER or header[0] != VERSION or header[1] != docs:
                return None
            columns, entries, text = saved["columns"], saved["entries"], saved["text"]
        counts = header[2:]
        values = text.tobytes().decode("utf-8").split("\0") if sum(counts) else []
        if len(values) != sum(counts) or columns.dtype != np.int32 or entries.dtype != np.int32:
            return None
        ends = np.cumsum(counts).tolist()
        lists = [values[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]
        found = SegmentColumns(columns, entries, *lists)
    except Exception:  # noqa: BLE001 — missing, truncated, not a zip, a bad CRC: build it again
        return None
    return found if _consistent(found, docs) else None


def _consistent(c: SegmentColumns, docs: int) -> bool:
    if c.columns.shape != (len(COLUMNS), docs) or c.entries.ndim != 2 or len(c.entries) != 2:
        return False
    coded = ((c.date_code, c.dates), (c.source_code, c.sources), (c.section_code, c.sections))
    if any(docs and not 0 <= a.min() <= a.max() < len(names) for a, names in coded):
        return False
    if c.entries.shape[1]:
        return (
            0 <= c.entry_doc.min() <= c.entry_doc.max() < docs
            and 0 <= c.entry_name.min() <= c.entry_name.max() < len(c.names)
        )
    return True


def save(folder: Path, segment: str, columns: SegmentColumns) -> bool:
    """Write the columns atomically; False when the folder refuses (read-only, full)
    or a value holds the separator the file uses."""
    values = [*columns.dates, *columns.sources, *columns.sections, *columns.names]
    if any("\0" in v for v in values):
        return False
    counts = [len(columns.dates), len(columns.sources), len(columns.sections), len(columns.names)]
    arrays = {
        "header": np.array([VERSION, columns.size, *counts], dtype=np.int64),
        "columns": columns.columns,
        "entries": columns.entries,
        "text": np.frombuffer("\0".join(values).encode("utf-8"), dtype=np.uint8),
    }
    temp = folder / f"{segment}.table.{os.getpid()}-{threading.get_ident()}.tmp"
    try:
        with _open_new(temp) as out:
            np.savez(out, **arrays)
        os.replace(temp, cache_path(folder, segment))
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink()
        return False
    return True


def _open_new(path: Path) -> Any:
    return open(path, "xb")  # noqa: SIM115 — closed by the caller's with


def sweep(folder: Path, listed: Collection[str]) -> None:
    """Remove the saved columns (and temporary files) of segments not in ``listed``."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        match = _FILE.match(name)
        if match and match["segment"] not in listed:
            with contextlib.suppress(OSError):
                os.unlink(folder / name)


def build(leaf: Any) -> SegmentColumns:
    """A segment's columns read through Whoosh (the slow way this module saves)."""
    n = leaf.doc_count_all()
    columns = np.zeros((len(COLUMNS), n), dtype=np.int32)
    columns[0] = [year_or_none(v) or 0 for v in _column(leaf, "year", n)]
    columns[1] = [v if isinstance(v, int) and 1 <= v <= 12 else 0 for v in _column(leaf, "month", n)]
    columns[2] = [v if isinstance(v, int) and 0 < v < 2**31 else 0 for v in _column(leaf, "group", n)]
    columns[3], dates = _codes(_column(leaf, "date", n))
    columns[4], sources = _codes(_column(leaf, "source", n))
    columns[5], sections = _codes(_column(leaf, "section", n))
    names, docs, terms = segment_terms(leaf, "speakers")
    return SegmentColumns(
        columns, np.array([docs, terms], dtype=np.int32).reshape(2, -1), dates, sources, sections, names
    )


def _column(leaf: Any, field: str, n: int) -> list[Any]:
    if field not in leaf.schema or not leaf.schema[field].column_type or n == 0:
        return [None] * n
    values = list(leaf.column_reader(field))
    return values if len(values) == n else (values + [None] * n)[:n]


def _codes(values: list[Any]) -> tuple[np.ndarray, list[str]]:
    """Text values as small numbers (0: none) and the values they stand for."""
    names: dict[str, int] = {"": 0}
    codes = np.array([names.setdefault(v or "", len(names)) for v in values], dtype=np.int32)
    return codes, list(names)
