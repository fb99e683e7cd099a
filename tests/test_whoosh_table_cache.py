"""The Whoosh document table from columns saved per segment (search.engines.whoosh.tablecache).

The table assembled from the saved files must equal one read straight from
Whoosh's column readers and speaker postings (as the table was built before
the files existed, kept here as the reference) on an index of several
segments with deleted articles and speakers; a damaged or outdated file is
built again, a read-only folder still opens, and the files of segments
merged away are removed.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import numpy as np
import pytest
from helpers import DEMO, write_jsonl
from whoosh.writing import SegmentWriter

from search.engines.base import day_key
from search.engines.whoosh import doctable, tablecache
from search.engines.whoosh.codec import ArrayCodec
from search.engines.whoosh.index import open_index
from search.engines.whoosh.postings import Postings
from search.engines.whoosh.reader import Reader
from search.engines.whoosh.schema import year_or_none
from search.indexing.pipeline import ingest

pytestmark = pytest.mark.whoosh_only


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus in several segments, its tables saved, then three articles
    changed (deleted in their old segments, added in a new one)."""
    folder = tmp_path_factory.mktemp("tablecache")
    ingest([DEMO], folder / "ix", workers=2, batch_size=7)
    _fresh_table(folder / "ix")
    records = [json.loads(line) for line in (DEMO / "tin-tuc.jsonl").read_text(encoding="utf-8").splitlines()]
    changed = [dict(r, body=r["body"] + " Bài đã cập nhật về giao thông.") for r in records[:3]]
    assert ingest([write_jsonl(folder / "changed.jsonl", changed)], folder / "ix", workers=1).updated == 3
    return folder / "ix"


@pytest.fixture
def index(built: Path, tmp_path: Path) -> Path:
    shutil.copytree(built, tmp_path / "ix")
    return tmp_path / "ix"


def _fresh_table(path: Path) -> tuple[doctable.DocTable, Reader]:
    """The table as a new process opens it (no table of this process reused)."""
    doctable._TABLES.clear()
    reader = Reader(path)
    return reader.table, reader


def _reference(reader) -> dict:
    """The table read straight from Whoosh, all segments at once (the way it was built before)."""
    postings = Postings(reader)
    n = reader.doc_count_all()

    def column(field: str) -> list:
        values = list(reader.column_reader(field))
        return values if len(values) == n else (values + [None] * n)[:n]

    def codes(values: list) -> tuple[list, list]:
        names: dict = {"": 0}
        return [names.setdefault(v or "", len(names)) for v in values], list(names)

    dates = [v or "" for v in column("date")]
    distinct = sorted(set(dates) - {""})
    group = np.array([v if isinstance(v, int) and 0 < v < 2**31 else 0 for v in column("group")])
    names, docs, numbers = postings.term_table("speakers")
    source, source_names = codes(column("source"))
    section, section_names = codes(column("section"))
    return {
        "size": n,
        "year": [year_or_none(v) or 0 for v in column("year")],
        "month": [v if isinstance(v, int) and 1 <= v <= 12 else 0 for v in column("month")],
        "date_rank": [distinct.index(d) if d else -1 for d in dates],
        "day": [day_key(d) if d else 0 for d in dates],
        "source": source,
        "source_names": source_names,
        "section": section,
        "section_names": section_names,
        "group": np.where(group > 0, group, -np.arange(1, n + 1)).tolist(),
        "names": names,
        "entries": sorted(zip(docs.tolist(), numbers.tolist(), strict=True)),
        "live": postings.live.tolist(),
    }


def _assert_same(table: doctable.DocTable, reader: Reader) -> None:
    want = _reference(reader._searcher.reader())
    got = {key: getattr(table, key) for key in want if key != "entries"}
    got = {key: value.tolist() if isinstance(value, np.ndarray) else value for key, value in got.items()}
    got["entries"] = sorted(zip(table.entry_doc.tolist(), table.entry_name.tolist(), strict=True))
    for key, value in want.items():
        assert got[key] == value, key
    assert (table.year.dtype, table.month.dtype, table.date_rank.dtype) == (np.int32, np.int8, np.int64)
    assert (table.day.dtype, table.source.dtype, table.group.dtype) == (np.int32, np.int32, np.int64)
    assert (table.entry_doc.dtype, table.entry_name.dtype) == (np.int64, np.int32)


def _segments(path: Path) -> set[str]:
    return {seg.segment_id() for seg in open_index(path)._segments()}


def _saved(path: Path) -> dict[str, Path]:
    return {p.name.removesuffix(tablecache.SUFFIX): p for p in path.glob("*" + tablecache.SUFFIX)}


def test_the_index_has_segments_deletions_and_speakers(index: Path):
    table, reader = _fresh_table(index)
    whoosh_reader = reader._searcher.reader()
    assert len(whoosh_reader.leaf_readers()) > 2
    assert whoosh_reader.doc_count_all() > whoosh_reader.doc_count()
    assert len(table.names) > 10 and len(table.entry_doc) > 20


def test_the_ingest_leaves_every_segment_saved(index: Path):
    """Counting the speakers at the end of an ingest builds the table: the first search
    after ``vnsearch index`` finds every file already there."""
    assert set(_saved(index)) == _segments(index)


def test_each_segment_saves_its_columns_and_the_saved_table_is_whooshs(index: Path):
    for path in _saved(index).values():
        path.unlink()
    table, reader = _fresh_table(index)
    _assert_same(table, reader)
    saved = _saved(index)
    assert set(saved) == _segments(index)
    stamps = {name: path.stat().st_mtime_ns for name, path in saved.items()}
    table, reader = _fresh_table(index)  # from the files this time
    _assert_same(table, reader)
    assert {name: path.stat().st_mtime_ns for name, path in _saved(index).items()} == stamps


def test_columns_saved_before_more_deletions_still_give_the_live_table(index: Path):
    """The ingest deleted articles from segments whose files were saved before: the
    files hold every document, deletions are applied when the table is assembled."""
    table, reader = _fresh_table(index)
    assert not table.live.all()
    assert not np.isin(table.entry_doc, np.flatnonzero(~table.live)).any()
    _assert_same(table, reader)


def test_a_damaged_or_outdated_file_is_built_again(index: Path):
    doctable._TABLES.clear()
    reader = Reader(index)
    sizes = {
        leaf._segment.segment_id(): leaf.doc_count_all()
        for leaf, _ in reader._searcher.reader().leaf_readers()
    }
    saved = sorted(_saved(index).items())
    assert len(saved) >= 4
    saved[0][1].write_bytes(b"not a zip")
    saved[1][1].write_bytes(saved[1][1].read_bytes()[:-200])  # cut short
    with np.load(saved[2][1]) as arrays:
        old = dict(arrays)
    old["header"][0] = tablecache.VERSION - 1
    with open(saved[2][1], "wb") as out:
        np.savez(out, **old)
    with np.load(saved[3][1]) as arrays:
        other = dict(arrays)
    other["columns"] = other["columns"][:, :-1]  # another document count than its segment's
    with open(saved[3][1], "wb") as out:
        np.savez(out, **other)
    for segment, path in saved[:4]:
        assert tablecache.load(path, sizes[segment]) is None, segment
    table, reader = _fresh_table(index)
    _assert_same(table, reader)
    for segment, path in saved[:4]:
        assert tablecache.load(path, sizes[segment]) is not None, segment


def test_a_read_only_folder_opens_without_saving(index: Path, monkeypatch: pytest.MonkeyPatch):
    for path in _saved(index).values():
        path.unlink()
    mode = index.stat().st_mode
    index.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    if os.geteuid() == 0:  # root writes anyway: refuse as a read-only folder would

        def refuse(path: Path):
            raise PermissionError(13, "Read-only file system", str(path))

        monkeypatch.setattr(tablecache, "_open_new", refuse)
    try:
        table, reader = _fresh_table(index)
        _assert_same(table, reader)
        assert not _saved(index) and not list(index.glob("*.tmp"))
    finally:
        index.chmod(mode)


def _drop_first_segment(path: Path) -> str:
    """Commit a table of contents without the first segment, as a merge drops the
    segments it merged (Whoosh's own merge fails on these indexes: an empty date's
    value is a str where its pool wants bytes)."""
    first = min(_segments(path))
    writer = SegmentWriter(open_index(path, readonly=False), compound=False, codec=ArrayCodec())
    writer.commit(mergetype=lambda _writer, segments: [s for s in segments if s.segment_id() != first])
    return first


def test_the_files_of_segments_merged_away_are_removed(index: Path):
    dropped = _drop_first_segment(index)
    assert dropped not in _segments(index)
    assert dropped not in _saved(index)  # named like the segment's files: Whoosh's clean-up took it
    # Left by a process that saved columns for a segment a newer commit had dropped.
    stale = index / "vnsearch_zz0gone0segment.table.npz"
    shutil.copy(next(iter(_saved(index).values())), stale)
    leftover = index / "vnsearch_zz0gone0segment.table.123-456.tmp"
    leftover.write_bytes(b"half")
    kept = index / f"{min(_segments(index))}.table.99-1.tmp"  # another process writing this one now
    kept.write_bytes(b"half")
    next(iter(_saved(index).values())).unlink()  # so this open writes one
    table, reader = _fresh_table(index)
    _assert_same(table, reader)
    assert set(_saved(index)) == _segments(index)
    assert not stale.exists() and not leftover.exists() and kept.exists()


def test_no_file_is_saved_for_a_segment_the_latest_commit_no_longer_lists(index: Path):
    """A reader opened before a commit that dropped a segment builds its table in memory
    but saves no file for that segment (nothing would ever remove it)."""
    for path in _saved(index).values():
        path.unlink()
    doctable._TABLES.clear()
    reader = Reader(index)
    leaves = Postings(reader._searcher.reader()).leaves
    dropped = leaves[0][2]
    cache = tablecache.TableCache(index, lambda: _segments(index) - {dropped})
    for leaf, _, segment in leaves:
        cache.columns(leaf, segment)
    assert set(_saved(index)) == _segments(index) - {dropped}


def test_a_segment_without_dates_keeps_the_next_segments_years_in_place(tmp_path: Path):
    """An undated batch has no year column file in its segment: the years of the next
    segment stay with their own articles (reading the index's columns as one, Whoosh
    leaves such a segment out and every later value moves up)."""
    records = [json.loads(line) for line in (DEMO / "tin-tuc.jsonl").read_text(encoding="utf-8").splitlines()]
    undated = [{k: v for k, v in r.items() if k != "date"} for r in records[:4]]
    path = tmp_path / "ix"
    ingest([write_jsonl(tmp_path / "in.jsonl", undated + records[4:8])], path, workers=1, batch_size=4)
    table, reader = _fresh_table(path)
    assert len(_segments(path)) == 2
    stored = [reader.stored(doc) for doc in range(table.size)]
    assert table.year.tolist() == [year_or_none(s.get("year")) or 0 for s in stored]
    assert table.year[:4].tolist() == [0] * 4 and all(table.year[4:])
