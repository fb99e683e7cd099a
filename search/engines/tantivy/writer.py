"""Writing a Tantivy index: the workers' side and the parent's single writer."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Document, Order, Query

from search.engines.base import Doc, day_key
from search.engines.tantivy.index import (
    MAX_TOKEN_BYTES,
    SPEAKER_IDS,
    STORED,
    UNDATED_LAST,
    WRITER_HEAP_MB,
    WRITER_THREADS,
    exists,
    has_field,
    open_index,
    speaker_id,
)
from search.engines.tantivy.reader import Reader
from search.errors import IndexLocked, SearchError
from search.vietnamese.analysis import terms as terms_of


def _date_key(iso: str) -> int:
    """ISO text at any precision as a number that sorts the same way:
    "2024-05-17T09:30" → 202405170930, "2024-05" → 202405000000; 0 when undated."""
    digits = "".join(c for c in iso if c.isdigit())[:12]
    return int(digits.ljust(12, "0")) if digits else 0


# What Tantivy's writer says once its indexing thread has stopped.
_KILLED = "index writer was killed"


class WorkerSide:
    """In a worker process: fingerprints of the open index, token strings."""

    def __init__(self, index_dir: str | Path) -> None:
        self.index_dir = Path(index_dir)
        self._searcher = open_index(self.index_dir).searcher() if exists(self.index_dir) else None
        if self._searcher is not None and self._searcher.num_docs == 0:
            self._searcher = None

    def unchanged(self, fingerprint: str) -> bool:
        return self._searcher is not None and self._searcher.doc_freq("fingerprint", fingerprint) > 0

    def encode(self, field: str, kind: str, text: str) -> str:
        terms = terms_of(text, kind)
        joined = " ".join(terms)
        if len(joined) > 64 and max(map(len, terms)) * 4 > MAX_TOKEN_BYTES:  # rare: check bytes
            joined = " ".join(t for t in terms if len(t.encode("utf-8")) <= MAX_TOKEN_BYTES)
        return joined

    def write(self, docs: Iterable[Doc]) -> tuple[Any, int]:
        batch = list(docs)
        return batch, len(batch)


def _document(doc: Doc, seq: int, speaker_ids: bool = True) -> Document:
    values = doc.values
    out = Document()
    out.add_integer("seq", seq)
    out.add_text("id", values["id"])
    out.add_text("fingerprint", values["fingerprint"])
    for name in ("source", "section"):
        if values.get(name):
            out.add_text(name, values[name])
    # An ungrouped article is a group of its own: negative, never a real group's number.
    out.add_integer("group", values.get("group") or -seq)
    out.add_integer("day", day_key(values.get("date")))
    for name in values.get("speakers") or ():
        out.add_text("speakers", name)
        if speaker_ids:
            out.add_integer(SPEAKER_IDS, speaker_id(name))
    for tag in values.get("tags") or ():
        out.add_text("tags", tag.lower())
    if values.get("year") is not None:
        out.add_integer("year", values["year"])
    if values.get("month") is not None:
        out.add_integer("month", values["month"])
    key = _date_key(values.get("date") or "")
    out.add_integer("date_new", key)
    out.add_integer("date_old", key or UNDATED_LAST)
    for name, text in doc.tokens.items():
        if text:
            out.add_text(name, text)
    stored = {k: v for k, v in values.items() if k not in ("fingerprint",) and v not in (None, "", [])}
    if "title_derived" in values:
        stored["title_derived"] = values["title_derived"]
    stored.update({part: text for part, text in doc.texts.items() if text})
    out.add_bytes(STORED, json.dumps(stored, ensure_ascii=False).encode("utf-8"))
    return out


class Sink:
    """The single Tantivy writer: adds the workers' documents, deletes
    replaced articles, commits every ``commit_every`` documents and checks
    the count after each commit."""

    def __init__(self, path: Path, commit_every: int, heap_mb: int = WRITER_HEAP_MB) -> None:
        self.path = path
        self.ix = open_index(path)
        self.commit_every = commit_every
        self.heap = heap_mb * 1_000_000
        self.writer: tantivy.IndexWriter | None = None
        self.pending = 0
        self._searcher = self.ix.searcher()
        self.expected = self._searcher.num_docs
        self.seq = self._last_seq()
        self.speaker_ids = has_field(path, SPEAKER_IDS)  # not in an index made before it existed
        # The writer (and its threads) starts with the first change, after
        # the worker processes have been forked: never fork a running writer.

    def open(self) -> tantivy.IndexWriter:
        if self.writer is None:
            try:
                self.writer = self.ix.writer(heap_size=self.heap, num_threads=WRITER_THREADS)
            except ValueError as exc:
                if "LockBusy" not in str(exc):  # not another writer: no space, a read-only folder
                    raise
                raise IndexLocked.at(self.path) from exc
        return self.writer

    def _last_seq(self) -> int:
        if not self._searcher.num_docs:
            return 0
        found = self._searcher.search(Query.all_query(), 1, order_by_field="seq", order=Order.Desc).hits
        return int(found[0][0]) if found else 0

    def has_id(self, article_id: str) -> bool:
        return self._searcher.doc_freq("id", article_id) > 0

    def replace(self, article_id: str) -> None:
        try:
            self.open().delete_documents_by_term("id", article_id)
        except ValueError as exc:
            raise self._thread_error(exc) from exc
        self.expected -= 1
        self.pending += 1

    def add(self, payload: list[Doc], doc_count: int) -> None:
        """Add the batch; ``seq`` numbers articles in the order they were added."""
        if len(payload) != doc_count:
            raise SearchError(
                f"A worker wrote {len(payload)} of {doc_count} articles. "
                "Run the command again: it will add what is missing."
            )
        writer = self.open()
        try:
            for doc in payload:
                self.seq += 1
                writer.add_document(_document(doc, self.seq, self.speaker_ids))
        except ValueError as exc:
            raise self._thread_error(exc) from exc
        self.expected += doc_count
        self.pending += doc_count
        if self.pending >= self.commit_every:
            self.commit()

    def _thread_error(self, exc: ValueError) -> ValueError:
        """Why the writer's indexing thread stopped. Tantivy's writer, once
        that thread has failed (a full disk, a file too large while it wrote a
        segment), answers each new document with "writer was killed"; the
        thread's own error is what joining it gives, and a commit joins it
        first, so the commit fails with that error and commits nothing."""
        if self.writer is None or _KILLED not in str(exc):
            return exc
        try:
            self.writer.commit()
        except ValueError as cause:
            return cause
        return exc

    def commit(self) -> None:
        if self.writer is None or not self.pending:
            return
        self.writer.commit()
        self.pending = 0
        self.ix.reload()
        self._searcher = self.ix.searcher()
        found = self._searcher.num_docs
        if found != self.expected:
            raise SearchError(
                f"The index in '{self.path}' holds {found} articles after a commit, "
                f"expected {self.expected}. Run again with --rebuild."
            )

    def cancel(self) -> None:
        if self.writer is not None:
            self.writer.rollback()
            self.pending = 0

    def close(self) -> None:
        writer, self.writer = self.writer, None
        if writer is not None:
            writer.wait_merging_threads()

    @property
    def doc_count(self) -> int:
        return self._searcher.num_docs

    def reader(self) -> Reader:
        return Reader(self.path)
