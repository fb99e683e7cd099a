"""Create, open and fill the index: parallel analysis, one writer, batched commits.

Worker processes clean and analyse articles and encode their postings
(:class:`search.schema.Prepared`); the parent process reads the input, owns
the only Whoosh writer, and commits in batches, checking the document count
after every commit (Whoosh's own multi-process writer can lose documents
silently, so we never use it).

Incremental: each article gets a fingerprint ``"<id> <content hash>"``. An
article whose fingerprint is already indexed is unchanged and skipped before
any analysis; a known id with a new hash is updated; the rest is added.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import LockError
from whoosh.writing import SegmentWriter

from .corpus import Article, Skipped, read_paths
from .errors import ConfigError, IndexLocked, IndexNotFound, SearchError
from .meta import read_meta, write_meta
from .schema import SCHEMA_VERSION, Prepared, make_schema, text_fields
from .speakers import extract_speakers
from .suggest import VOCAB_FILE, build_vocabulary
from .text import clean

__all__ = ["IngestReport", "default_index_dir", "ingest", "open_index"]

INDEX_NAME = "vnsearch"


def default_index_dir() -> Path:
    """``$VNSEARCH_INDEX`` if set, else ``./index``."""
    return Path(os.environ.get("VNSEARCH_INDEX") or "index")


def open_index(index_dir: str | Path) -> whoosh_index.Index:
    """Open an existing index, or say how to build one."""
    path = Path(index_dir)
    if not path.is_dir() or not whoosh_index.exists_in(str(path), indexname=INDEX_NAME):
        raise IndexNotFound(f"No index in '{path}'. Build one first: vnsearch index --index {path} PATH...")
    read_meta(path)
    return whoosh_index.open_dir(str(path), indexname=INDEX_NAME, readonly=True)


def _create_or_open(path: Path, rebuild: bool) -> whoosh_index.Index:
    if path.exists() and not path.is_dir():
        raise ConfigError(f"--index {path} is a file, not a folder; choose another path.")
    if rebuild and path.is_dir() and whoosh_index.exists_in(str(path), indexname=INDEX_NAME):
        _check_unlocked(path)
        for child in path.iterdir():
            if child.name.startswith(("_" + INDEX_NAME, INDEX_NAME, STAGING)):
                child.unlink() if child.is_file() else shutil.rmtree(child)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"Cannot create the index folder '{path}': {exc.strerror}.") from exc
    if whoosh_index.exists_in(str(path), indexname=INDEX_NAME):
        read_meta(path)
        return whoosh_index.open_dir(str(path), indexname=INDEX_NAME)
    try:
        ix = whoosh_index.create_in(str(path), make_schema(), indexname=INDEX_NAME)
        write_meta(path)
        return ix
    except OSError as exc:
        raise ConfigError(f"Cannot write the index in '{path}': {exc.strerror}.") from exc


def _check_unlocked(path: Path) -> None:
    ix = whoosh_index.open_dir(str(path), indexname=INDEX_NAME)
    lock = ix.lock("WRITELOCK")
    if not lock.acquire(blocking=False):
        raise IndexLocked(_locked_message(path))
    lock.release()


def _locked_message(path: Path) -> str:
    return (
        f"Another process is writing to the index in '{path}'. "
        "Wait for it to finish, then run this command again."
    )


# --- preparing one article (runs in the workers) -------------------------------


@dataclass(slots=True)
class PreparedDoc:
    """What the writer needs for one article."""

    id: str
    origin: str
    nbytes: int
    unchanged: bool
    doc: dict[str, Any] = field(default_factory=dict)


def content_hash(article: Article, parts: Mapping[str, str]) -> str:
    """A hash of everything we index for an article, and of the schema version."""
    payload = [
        SCHEMA_VERSION,
        article.id,
        parts["title"],
        parts["lead"],
        parts["body"],
        article.date.iso() if article.date else None,
        article.url,
        article.source,
        article.author,
        list(article.tags),
    ]
    return hashlib.sha1(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


_WORKER: dict[str, Any] = {}


def _worker_init(index_dir: str | None, counter: Any = None) -> None:
    _WORKER["schema"] = make_schema()
    _WORKER["counter"] = counter
    _WORKER.pop("staging", None)
    _WORKER["reader"] = None
    if index_dir and whoosh_index.exists_in(index_dir, indexname=INDEX_NAME):
        ix = whoosh_index.open_dir(index_dir, indexname=INDEX_NAME, readonly=True)
        if not ix.is_empty():
            _WORKER["reader"] = ix.reader()


def prepare(article: Article) -> PreparedDoc:
    """Clean, hash and (unless unchanged) analyse one article."""
    parts = {
        "title": clean(article.title),
        "lead": clean(article.lead),
        "body": clean(article.body),
    }
    nbytes = sum(len(text.encode("utf-8")) for text in parts.values())
    fingerprint = f"{article.id} {content_hash(article, parts)}"
    reader = _WORKER.get("reader")
    if reader is not None and reader.doc_frequency("fingerprint", fingerprint):
        return PreparedDoc(article.id, article.origin, nbytes, unchanged=True)
    date = article.date
    doc: dict[str, Any] = {
        "id": article.id,
        "fingerprint": fingerprint,
        "date": date.iso() if date else "",
        "origin": article.origin,
        "title_derived": bool(article.title_derived),
    }
    if date:
        doc["year"] = date.year
        if date.month:
            doc["month"] = date.month
    for name in ("source", "url", "author"):
        value = getattr(article, name)
        if value:
            doc[name] = value
    spoke = extract_speakers(parts["body"], parts["title"])
    if spoke:
        doc["speakers"] = [s.name for s in spoke]
        doc["speaker_info"] = [{"name": s.name, "role": s.role, "quote": s.quote} for s in spoke]
    if article.tags:
        doc["tags"] = [t for t in (clean(t).replace(",", " ") for t in article.tags) if t]
    schema = _WORKER["schema"]
    for name, part, kind in text_fields():
        text = parts[part]
        if not text:
            continue
        if part == "title" and article.title_derived:
            # A title made from the body's first sentence is shown, not
            # indexed: indexing it would count that sentence twice.
            if kind == "syl":
                doc[name] = Prepared([])
                doc["_stored_" + name] = text
            continue
        doc[name] = schema[name].prepare(text)
        if kind == "syl":
            doc["_stored_" + name] = text
    return PreparedDoc(article.id, article.origin, nbytes, unchanged=False, doc=doc)


# --- writing segments in the workers ----------------------------------------------
#
# Each worker writes the articles of one batch into a complete Whoosh segment
# in its own staging folder (inside the index folder, so a rename moves it);
# the parent moves the finished segment files in and lists them in the next
# commit. Whoosh's own multi-process writer does the same but can drop a
# crashed worker's documents silently; here every segment's document count
# is checked, and so is the index's after each commit.


@dataclass(slots=True)
class BatchResult:
    """What a worker did with one batch: per-article outcome and its segment."""

    items: list[tuple[str, str, int, bool]]  # (id, origin, nbytes, unchanged)
    segment: Any | None = None  # a Whoosh segment, its files in ``staging``
    staging: str = ""
    doc_count: int = 0


STAGING = ".staging"


def _staging_index(index_dir: str) -> whoosh_index.Index:
    if "staging" not in _WORKER:
        folder = Path(index_dir) / STAGING / f"{os.getpid()}-{time.monotonic_ns()}"
        folder.mkdir(parents=True, exist_ok=True)
        _WORKER["staging"] = whoosh_index.create_in(str(folder), _WORKER["schema"], indexname=INDEX_NAME)
    return _WORKER["staging"]


def _index_batch(index_dir: str, articles: list[Article]) -> BatchResult:
    """Prepare a batch of articles and write the changed ones into a new segment."""
    counter = _WORKER.get("counter")
    tick = _WORKER.get("tick")
    result = BatchResult(items=[])
    writer = None
    for article in articles:
        prepared = prepare(article)
        result.items.append((prepared.id, prepared.origin, prepared.nbytes, prepared.unchanged))
        if not prepared.unchanged:
            if writer is None:
                staging = _staging_index(index_dir)
                # Not compound: whoosh3 reads a compound segment's postings
                # file whole into memory when a reader opens it (3.6 GB for
                # VNTC); separate files are read as needed.
                writer = SegmentWriter(staging, _lk=False, limitmb=128, compound=False)
            writer.add_document(**prepared.doc)
        if counter is not None:
            with counter.get_lock():
                counter[0] += 1
                counter[1] += prepared.nbytes
        if tick is not None:  # in-process (one worker): report as we go
            tick()
    if writer is not None:
        result.segment = writer._finalize_segment()
        writer._finish()
        result.staging = writer.storage.folder
        result.doc_count = result.segment.doc_count()
    return result


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class IngestReport:
    """What an ingest did: the CLI's summary."""

    index_dir: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    nbytes: int = 0
    seconds: float = 0.0
    doc_count: int = 0

    @property
    def articles(self) -> int:
        return self.added + self.updated + self.unchanged

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index_dir,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": [{"origin": s.origin, "reason": s.reason} for s in self.skipped],
            "megabytes": round(self.nbytes / 1e6, 3),
            "seconds": round(self.seconds, 3),
            "documents": self.doc_count,
        }


class _ParentWriter(SegmentWriter):
    """The one locked writer: deletes replaced articles and commits the
    segments the workers wrote, alongside the index's own."""

    def __init__(self, ix: whoosh_index.Index, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.extra_segments: list[Any] = []

    def _commit_toc(self, segments: list[Any]) -> None:
        super()._commit_toc(list(segments) + self.extra_segments)


class _Committer:
    """Adds worker segments to the index, commits every ``commit_every``
    documents and checks the document count after every commit."""

    def __init__(self, ix: whoosh_index.Index, path: Path, commit_every: int) -> None:
        self.ix = ix
        self.path = path
        self.commit_every = commit_every
        self.writer: _ParentWriter | None = None
        self.pending = 0
        self.expected = ix.doc_count()

    def open(self) -> _ParentWriter:
        if self.writer is None:
            try:
                self.writer = _ParentWriter(self.ix, limitmb=32, compound=False)
            except LockError as exc:
                raise IndexLocked(_locked_message(self.path)) from exc
        return self.writer

    def replace(self, article_id: str) -> None:
        """The article is in a new segment: delete its old version."""
        self.expected -= self.open().delete_by_term("id", article_id)
        self.pending += 1

    def add_segment(self, result: BatchResult) -> None:
        segment = result.segment
        if segment.doc_count() != result.doc_count:
            raise SearchError(
                f"A worker wrote {segment.doc_count()} of {result.doc_count} articles. "
                "Run the command again: it will add what is missing."
            )
        writer = self.open()
        prefix = segment.segment_id()  # "<indexname>_<random id>"
        for file in Path(result.staging).iterdir():
            if file.name.startswith(prefix):
                file.replace(self.path / file.name)
        writer.extra_segments.append(segment)
        self.expected += segment.doc_count()
        self.pending += segment.doc_count()
        if self.pending >= self.commit_every:
            self.commit()

    def commit(self) -> None:
        if self.writer is None:
            return
        if not self.pending:
            self.cancel()
            return
        # No merging while ingesting: re-merging grown segments at every
        # batch would rewrite the same postings again and again.
        self.writer.commit(merge=False)
        self.writer = None
        self.pending = 0
        self.ix = whoosh_index.open_dir(str(self.path), indexname=INDEX_NAME)
        found = self.ix.doc_count()
        if found != self.expected:
            raise SearchError(
                f"The index in '{self.path}' holds {found} articles after a commit, "
                f"expected {self.expected}. Run again with --rebuild."
            )

    def cancel(self) -> None:
        if self.writer is not None:
            self.writer.cancel()
            self.writer = None


def _results(
    batches: Iterable[list[Article]], index_dir: str, workers: int, counter: Any
) -> Iterator[BatchResult]:
    """Batch results in input order, with at most two batches per worker in flight."""
    if workers <= 1:
        _worker_init(index_dir, counter)
        for batch in batches:
            yield _index_batch(index_dir, batch)
        return
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ctx.Pool(workers, initializer=_pool_worker_init, initargs=(index_dir, counter))
    try:
        inflight: deque[Any] = deque()
        for batch in batches:
            inflight.append(pool.apply_async(_index_batch, (index_dir, batch)))
            while len(inflight) >= workers * 2:
                yield _wait(inflight.popleft())
        while inflight:
            yield _wait(inflight.popleft())
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _pool_worker_init(index_dir: str, counter: Any) -> None:
    _WORKER.pop("tick", None)  # progress is the parent's job
    _worker_init(index_dir, counter)


def _wait(async_result: Any) -> BatchResult:
    while True:
        try:
            return async_result.get(timeout=0.2)
        except multiprocessing.TimeoutError:
            _WORKER.get("tick", lambda: None)()


def ingest(
    paths: Iterable[str | Path],
    index_dir: str | Path | None = None,
    *,
    rebuild: bool = False,
    workers: int | None = None,
    fields: Mapping[str, str] | None = None,
    commit_every: int = 20000,
    batch_size: int = 2000,
    on_progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Index the articles under ``paths``; see the module docstring.

    ``on_progress(articles, nbytes)`` is called as articles are analysed.
    Each batch of ``batch_size`` articles becomes one segment.
    """
    path = Path(index_dir) if index_dir is not None else default_index_dir()
    if workers is None:
        workers = os.cpu_count() or 1
    for name, value in (("--workers", workers), ("--commit-every", commit_every), ("batch_size", batch_size)):
        if value < 1:
            raise ConfigError(f"{name} must be 1 or more, not {value}.")
    started = time.perf_counter()
    ix = _create_or_open(path, rebuild)
    report = IngestReport(index_dir=str(path))
    committer = _Committer(ix, path, commit_every)
    committer.open()  # take the lock before reading anything
    shutil.rmtree(path / STAGING, ignore_errors=True)  # left by a crashed run
    known = ix.reader()
    seen: dict[str, str] = {}
    counter = multiprocessing.Array("q", 2)  # articles and bytes analysed by the workers

    def tick() -> None:
        if on_progress:
            on_progress(counter[0], counter[1])

    _WORKER["tick"] = tick

    def articles() -> Iterator[Article]:
        for item in read_paths(paths, fields):
            if isinstance(item, Skipped):
                report.skipped.append(item)
            elif item.id in seen:
                report.skipped.append(
                    Skipped(item.origin, f"duplicate id {item.id!r}, first read at {seen[item.id]}")
                )
            else:
                seen[item.id] = item.origin
                yield item

    try:
        for result in _results(_batches(articles(), batch_size), str(path), workers, counter):
            for article_id, _origin, nbytes, unchanged in result.items:
                report.nbytes += nbytes
                if unchanged:
                    report.unchanged += 1
                elif known.doc_frequency("id", article_id):
                    committer.replace(article_id)
                    report.updated += 1
                else:
                    report.added += 1
            if result.segment is not None:
                committer.add_segment(result)
            tick()
        committer.commit()
        if report.added or report.updated or not (path / VOCAB_FILE).exists():
            with committer.ix.reader() as reader:
                build_vocabulary(reader, path)
    except BaseException:
        committer.cancel()
        raise
    finally:
        known.close()
        _WORKER.pop("tick", None)
        _WORKER.pop("staging", None)
        shutil.rmtree(path / STAGING, ignore_errors=True)
    report.doc_count = committer.ix.doc_count()
    report.seconds = time.perf_counter() - started
    return report
