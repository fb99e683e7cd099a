"""Writing a Whoosh index: the workers' side and the parent's single writer."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import LockError
from whoosh.writing import SegmentWriter

from search.engines.base import Doc
from search.engines.whoosh.codec import ArrayCodec
from search.engines.whoosh.index import (
    INDEX_NAME,
    STAGING,
    exists,
    open_index,
)
from search.engines.whoosh.reader import Reader
from search.engines.whoosh.schema import Prepared, make_schema
from search.errors import IndexLocked, SearchError
from search.fields import PARTS


class WorkerSide:
    """In a worker process: fingerprints of the open index, postings, segments."""

    def __init__(self, index_dir: str | Path) -> None:
        self.index_dir = Path(index_dir)
        self.schema = make_schema()
        self.staging: whoosh_index.Index | None = None
        self._reader = None
        if exists(self.index_dir):
            ix = open_index(self.index_dir)
            if not ix.is_empty():
                self._reader = ix.reader()

    def unchanged(self, fingerprint: str) -> bool:
        return self._reader is not None and bool(self._reader.doc_frequency("fingerprint", fingerprint))

    def encode(self, field: str, kind: str, text: str) -> Prepared:
        return self.schema[field].prepare(text)

    def _staging_index(self) -> whoosh_index.Index:
        if self.staging is None:
            folder = self.index_dir / STAGING / f"{os.getpid()}-{time.monotonic_ns()}"
            folder.mkdir(parents=True, exist_ok=True)
            self.staging = whoosh_index.create_in(str(folder), self.schema, indexname=INDEX_NAME)
        return self.staging

    def write(self, docs: Iterable[Doc]) -> tuple[Any, int]:
        """Write ``docs`` into a new segment as they come: (segment, its staging folder), count."""
        writer = None
        try:
            for doc in docs:
                if writer is None:
                    # Not compound: whoosh3 reads a compound segment's postings file
                    # whole into memory when a reader opens it (3.6 GB for VNTC);
                    # separate files are read as needed.
                    writer = SegmentWriter(
                        self._staging_index(),
                        _lk=False,
                        limitmb=64,  # two workers at 128 took the whole-VNTC ingest past 1 GB
                        compound=False,
                        codec=ArrayCodec(),
                    )
                fields = dict(doc.values)
                fields.update(doc.tokens)
                for part in PARTS:
                    # Stored with the accented syllable field: a part shown but not
                    # indexed (a derived title) gets no postings, a part indexed but
                    # not shown (a derived lead) stores nothing.
                    if part in doc.texts:
                        fields.setdefault(part, Prepared([]))
                        fields["_stored_" + part] = doc.texts[part]
                    elif part in doc.tokens:
                        fields["_stored_" + part] = ""
                writer.add_document(**fields)
        except BaseException:
            if writer is not None:
                writer.cancel()
            raise
        if writer is None:
            return None, 0
        segment = writer._finalize_segment()
        writer._finish()
        return (segment, writer.storage.folder), segment.doc_count()


class _ParentWriter(SegmentWriter):
    """The one locked writer: deletes replaced articles and commits the
    segments the workers wrote, alongside the index's own."""

    def __init__(self, ix: whoosh_index.Index, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.extra_segments: list[Any] = []

    def _commit_toc(self, segments: list[Any]) -> None:
        super()._commit_toc(list(segments) + self.extra_segments)


class Sink:
    """Adds worker segments to the index, commits every ``commit_every``
    documents and checks the document count after every commit."""

    def __init__(self, path: Path, commit_every: int) -> None:
        self.path = path
        self.ix = open_index(path, readonly=False)
        self.commit_every = commit_every
        self.writer: _ParentWriter | None = None
        self.pending = 0
        self.expected = self.ix.doc_count()
        self.open()  # take Whoosh's lock before anything is read
        # Left by a run killed mid-way: its workers' segments, and a table of
        # contents Whoosh was writing under a temporary name when the kill
        # came (its own clean-up only knows the final names).
        shutil.rmtree(path / STAGING, ignore_errors=True)
        for tmp in path.glob(f"_{INDEX_NAME}_*.toc.*"):
            tmp.unlink(missing_ok=True)
        self._known = self.ix.reader()

    def open(self) -> _ParentWriter:
        if self.writer is None:
            try:
                self.writer = _ParentWriter(self.ix, limitmb=32, compound=False)
            except LockError as exc:
                raise IndexLocked.at(self.path) from exc
        return self.writer

    def has_id(self, article_id: str) -> bool:
        return bool(self._known.doc_frequency("id", article_id))

    def replace(self, article_id: str) -> None:
        self.expected -= self.open().delete_by_term("id", article_id)
        self.pending += 1

    def add(self, payload: Any, doc_count: int) -> None:
        segment, staging = payload
        if segment.doc_count() != doc_count:
            raise SearchError(
                f"A worker wrote {segment.doc_count()} of {doc_count} articles. "
                "Run the command again: it will add what is missing."
            )
        writer = self.open()
        prefix = segment.segment_id()  # "<indexname>_<random id>"
        for file in Path(staging).iterdir():
            if file.name.startswith(prefix):
                file.replace(self.path / file.name)
        writer.extra_segments.append(segment)
        self.expected += doc_count
        self.pending += doc_count
        if self.pending >= self.commit_every:
            self.commit()

    def commit(self) -> None:
        if self.writer is None:
            return
        if not self.pending:
            self.cancel()
            return
        # No merging while ingesting: re-merging grown segments at every
        # batch would rewrite the same postings again and again. A commit
        # that fails (disk full) closes the writer and releases its lock.
        writer, self.writer = self.writer, None
        writer.commit(merge=False)
        self.pending = 0
        self.ix = open_index(self.path, readonly=False)
        found = self.ix.doc_count()
        if found != self.expected:
            raise SearchError(
                f"The index in '{self.path}' holds {found} articles after a commit, "
                f"expected {self.expected}. Run again with --rebuild."
            )

    def cancel(self) -> None:
        writer, self.writer = self.writer, None
        if writer is not None:
            try:
                writer.cancel()  # closes the writer even when it fails (disk full)
            finally:
                # Whoosh's cancel leaves the files it opened for the writer's own
                # (empty) segment: a rerun with nothing new would add three each time.
                prefix = writer.newsegment.segment_id() + "."
                for file in self.path.glob(prefix + "*"):
                    file.unlink(missing_ok=True)

    def close(self) -> None:
        self.cancel()
        self._known.close()
        shutil.rmtree(self.path / STAGING, ignore_errors=True)

    @property
    def doc_count(self) -> int:
        return self.ix.doc_count()

    def reader(self) -> Reader:
        return Reader(self.path)
