"""The Whoosh engine (the default): pure Python, for small and medium archives.

Reading scores every match (whoosh3's top-k shortcut returns wrong results
for nested OR queries, see :meth:`Reader._matches`) and filters, sorts and
counts facets in Python over per-document columns (:mod:`search.engines.whoosh.doctable`).

Writing: each worker writes the articles of one batch into a complete
Whoosh segment in its own staging folder (inside the index folder, so a
rename moves it); the parent moves the finished segment files in and lists
them in the next commit. Whoosh's own multi-process writer does the same but
can drop a crashed worker's documents silently; here every segment's
document count is checked, and so is the index's after each commit.
"""

from __future__ import annotations

import heapq
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from whoosh import collectors, sorting
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.index import LockError
from whoosh.writing import SegmentWriter

from search.engines.base import Doc, Filters, Page
from search.engines.whoosh.doctable import DocTable
from search.engines.whoosh.schema import Prepared, make_schema, year_or_none
from search.errors import IndexLocked, IndexNotFound, SearchError
from search.query import tree as qt

__all__ = ["BATCH_SIZE", "NAME", "Reader", "Sink", "WorkerSide", "clear", "create", "exists"]

NAME = "whoosh"

INDEX_NAME = "vnsearch"
STAGING = ".staging"
# Articles a worker analyses and writes as one staging segment.
BATCH_SIZE = 2000


def exists(path: Path) -> bool:
    return path.is_dir() and whoosh_index.exists_in(str(path), indexname=INDEX_NAME)


def create(path: Path) -> None:
    whoosh_index.create_in(str(path), make_schema(), indexname=INDEX_NAME)


def clear(path: Path) -> None:
    """Remove this engine's files from ``path`` (for --rebuild)."""
    for child in path.iterdir():
        if child.name.startswith(("_" + INDEX_NAME, INDEX_NAME, STAGING)):
            child.unlink() if child.is_file() else shutil.rmtree(child)


def _open(path: Path, readonly: bool = True) -> whoosh_index.Index:
    if not exists(path):
        raise IndexNotFound(f"No index in '{path}'. Build one first: vnsearch index --index {path} PATH...")
    return whoosh_index.open_dir(str(path), indexname=INDEX_NAME, readonly=readonly)


# --- reading ---------------------------------------------------------------------


class _Or(wq.Or):
    """Whoosh's Or, always as a tree of union matchers.

    Whoosh otherwise preloads whole posting lists into arrays for segments
    of fewer than 5,000 documents (ours are 2,000), losing the skipping an
    AND over common syllables needs: 25% slower on the full VNTC index,
    same results.
    """

    matcher_type = wq.Or.DEFAULT_MATCHER


def compile_query(node: qt.Node) -> wq.Query:
    """Our query tree as Whoosh query objects."""
    if isinstance(node, qt.Term):
        return wq.Term(node.field, node.text, boost=node.boost)
    if isinstance(node, qt.Phrase):
        return wq.Phrase(node.field, list(node.words), boost=node.boost)
    if isinstance(node, qt.And):
        return wq.And([compile_query(c) for c in node.children])
    if isinstance(node, qt.Or):
        return _Or([compile_query(c) for c in node.children])
    if isinstance(node, qt.AndMaybe):
        return wq.AndMaybe(compile_query(node.required), compile_query(node.optional))
    if isinstance(node, qt.AndNot):
        return wq.AndNot(compile_query(node.positive), compile_query(node.negative))
    if isinstance(node, qt.Every):
        return wq.Every()
    if isinstance(node, qt.Nothing):
        return wq.NullQuery
    raise TypeError(f"not a query node: {node!r}")


class _Desc:
    """Sort key wrapper reversing the order of strings (newest date first)."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __lt__(self, other: _Desc) -> bool:
        return self.value > other.value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Desc) and self.value == other.value


class Reader:
    """An open Whoosh index; see :class:`search.engines.base.Reader`."""

    name = NAME

    def __init__(self, index_dir: str | Path) -> None:
        self.index_dir = Path(index_dir)
        self.ix = _open(self.index_dir)
        self._generation = self.ix.latest_generation()  # read first: a later commit is seen next time
        self._searcher = self.ix.searcher()
        self._table: DocTable | None = None
        self._last: tuple[Any, list[tuple[int, float]]] | None = None

    @property
    def doc_count(self) -> int:
        return self._searcher.doc_count()

    def generation(self) -> int:
        return self.ix.latest_generation()

    def refresh(self) -> bool:
        latest = self.ix.latest_generation()
        if latest == self._generation:
            return False
        self._generation = latest
        # Whoosh's refresh fails on a reader of an empty index (TypeError) and
        # keeps the old reader's segments that the new table of contents no
        # longer lists (after --rebuild: old articles twice, deleted files):
        # reuse the open segments only when all of them are still listed.
        old = self._searcher
        segments = old.reader().segments()
        if segments and set(segments) <= set(self.ix._segments()):
            fresh = old.refresh()
        else:
            fresh = self.ix.searcher()
            old.close()
        if fresh is old:
            return False
        self._searcher = fresh
        self._table = None
        self._last = None
        return True

    def close(self) -> None:
        self._searcher.close()

    def has_terms(self, field: str) -> bool:
        return field in self._searcher.reader().indexed_field_names()

    @property
    def table(self) -> DocTable:
        if self._table is None:
            self._table = DocTable(self._searcher.reader())
        return self._table

    def _matches(self, query: qt.Node | None) -> list[tuple[int, float]]:
        """Every matching document with its score; all documents (score 0)
        for no query.

        Every match is scored: whoosh3's top-k shortcut (TopCollector's
        matcher "replacement") uses per-branch score bounds that are wrong for
        nested OR queries like ours; measured on Dân Trí headlines it returned
        unrelated articles while the right one scored highest (MRR@10 0.21
        instead of 0.72). We need every match for the facets anyway.
        """
        if self._last is not None and self._last[0] == query:
            return self._last[1]
        if query is None:
            matches = [(d, 0.0) for d in self._searcher.reader().all_doc_ids()]
        else:
            collector = collectors.UnlimitedCollector()
            self._searcher.search_with_collector(compile_query(query), collector)
            matches = [(docnum, score) for score, docnum in collector.items]
        self._last = (query, matches)
        return matches

    def count(self, query: qt.Node) -> int:
        return len(self._matches(query))

    def search(
        self, query: qt.Node | None, filters: Filters, sort: str, offset: int, limit: int, facets: bool
    ) -> Page:
        matches = self._matches(query)
        table = self.table
        start, end, month = filters.year_start, filters.year_end, filters.month
        if not filters.by_year:
            in_years = lambda d: True  # noqa: E731
        elif month is None:
            in_years = lambda d: table.in_years(d, start, end)  # noqa: E731
        else:
            in_years = lambda d: table.year[d] == start and table.month[d] == month  # noqa: E731
        names = filters.speakers
        has_speakers = (lambda d: table.has_speakers(d, names)) if names else (lambda d: True)
        passing = [(d, sc) for d, sc in matches if in_years(d) and has_speakers(d)]
        page = Page(total=len(passing), hits=self._page(passing, sort, offset + limit)[offset:])
        if facets:

            def docs(by_year: bool, by_speaker: bool) -> Iterator[int]:
                return (
                    d
                    for d, _ in matches
                    if (not by_year or in_years(d)) and (not by_speaker or has_speakers(d))
                )

            page.years = Counter(
                {year_or_none(y): c for y, c in table.count_years(docs(False, True)).items()}
            )
            page.speakers = table.count_speakers(docs(True, False))
            if start is not None and start == end:
                page.months = table.count_months(
                    d for d, _ in matches if table.year[d] == start and has_speakers(d)
                )
        return page

    def _page(self, docs: list[tuple[int, float]], sort: str, k: int) -> list[tuple[int, float]]:
        """The first ``k`` documents in the requested order; undated last by date."""
        if k <= 0:
            return []
        if sort == "relevance":
            return heapq.nsmallest(k, docs, key=lambda ds: (-ds[1], ds[0]))
        dates = self.table.date
        if sort == "newest":
            return heapq.nsmallest(k, docs, key=lambda ds: (dates[ds[0]] == "", _Desc(dates[ds[0]]), ds[0]))
        return heapq.nsmallest(k, docs, key=lambda ds: (dates[ds[0]] == "", dates[ds[0]], ds[0]))

    def stored(self, key: int) -> dict[str, Any]:
        return self._searcher.stored_fields(key)

    def get(self, article_id: str) -> dict[str, Any] | None:
        return self._searcher.document(id=article_id)

    def field_terms(self, field: str) -> Iterator[tuple[str, int]]:
        # Per segment: far faster than through the merged reader.
        for leaf, _ in self._searcher.reader().leaf_readers():
            if field not in leaf.indexed_field_names():
                continue
            for term, info in leaf.iter_field(field):
                yield (term.decode("utf-8") if isinstance(term, bytes) else term), info.doc_frequency()

    def value_counts(self, field: str) -> Counter:
        results = self._searcher.search(
            wq.Every(), limit=1, groupedby={field: sorting.FieldFacet(field)}, maptype=sorting.Count
        )
        counts: Counter = Counter()
        for value, count in results.groups(field).items():
            counts[year_or_none(value) if field == "year" else (value or None)] += count
        return counts


# --- writing ---------------------------------------------------------------------


class WorkerSide:
    """In a worker process: fingerprints of the open index, postings, segments."""

    def __init__(self, index_dir: str | Path) -> None:
        self.index_dir = Path(index_dir)
        self.schema = make_schema()
        self.staging: whoosh_index.Index | None = None
        self._reader = None
        if exists(self.index_dir):
            ix = _open(self.index_dir)
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
                    writer = SegmentWriter(self._staging_index(), _lk=False, limitmb=128, compound=False)
                fields = dict(doc.values)
                fields.update(doc.tokens)
                for part, text in doc.texts.items():
                    # Stored with the accented syllable field; a part shown but not
                    # indexed (a derived title) gets no postings.
                    fields.setdefault(part, Prepared([]))
                    fields["_stored_" + part] = text
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
        self.ix = _open(path, readonly=False)
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
        self.ix = _open(self.path, readonly=False)
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
