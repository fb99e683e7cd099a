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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from whoosh import index as whoosh_index
from whoosh.index import LockError

from .corpus import Article, Skipped, read_paths
from .errors import ConfigError, IndexLocked, IndexNotFound, SearchError
from .schema import SCHEMA_VERSION, Prepared, make_schema, text_fields
from .text import clean

__all__ = ["IngestReport", "default_index_dir", "ingest", "open_index"]

INDEX_NAME = "vnsearch"
CHUNK = 32  # articles per task sent to a worker


def default_index_dir() -> Path:
    """``$VNSEARCH_INDEX`` if set, else ``./index``."""
    return Path(os.environ.get("VNSEARCH_INDEX") or "index")


def open_index(index_dir: str | Path) -> whoosh_index.Index:
    """Open an existing index, or say how to build one."""
    path = Path(index_dir)
    if not path.is_dir() or not whoosh_index.exists_in(str(path), indexname=INDEX_NAME):
        raise IndexNotFound(
            f"No index in '{path}'. Build one first: vnsearch index --index {path} PATH..."
        )
    return whoosh_index.open_dir(str(path), indexname=INDEX_NAME, readonly=True)


def _create_or_open(path: Path, rebuild: bool) -> whoosh_index.Index:
    if path.exists() and not path.is_dir():
        raise ConfigError(f"--index {path} is a file, not a folder; choose another path.")
    if rebuild and path.is_dir() and whoosh_index.exists_in(str(path), indexname=INDEX_NAME):
        _check_unlocked(path)
        for child in path.iterdir():
            if child.name.startswith(("_" + INDEX_NAME, INDEX_NAME)):
                child.unlink() if child.is_file() else shutil.rmtree(child)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"Cannot create the index folder '{path}': {exc.strerror}.") from exc
    if whoosh_index.exists_in(str(path), indexname=INDEX_NAME):
        return whoosh_index.open_dir(str(path), indexname=INDEX_NAME)
    try:
        return whoosh_index.create_in(str(path), make_schema(), indexname=INDEX_NAME)
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


def _worker_init(index_dir: str | None) -> None:
    _WORKER["schema"] = make_schema()
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
        "date_asc": date.iso() if date else "~",
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
    if article.tags:
        doc["tags"] = [t for t in (clean(t).replace(",", " ") for t in article.tags) if t]
    schema = _WORKER["schema"]
    for name, part, kind in text_fields():
        text = parts[part]
        if not text:
            continue
        doc[name] = Prepared(list(schema[name].index(text)))
        if kind == "syl":
            doc["_stored_" + name] = text
    return PreparedDoc(article.id, article.origin, nbytes, unchanged=False, doc=doc)


def _prepare_chunk(articles: list[Article]) -> list[PreparedDoc]:
    return [prepare(a) for a in articles]


# --- the writer (parent process) -----------------------------------------------


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


class _BatchWriter:
    """One Whoosh writer at a time, committed every ``commit_every`` documents."""

    def __init__(self, ix: whoosh_index.Index, path: Path, commit_every: int) -> None:
        self.ix = ix
        self.path = path
        self.commit_every = commit_every
        self.writer = None
        self.pending = 0
        self.expected = ix.doc_count()

    def _open(self) -> Any:
        if self.writer is None:
            try:
                self.writer = self.ix.writer(limitmb=256)
            except LockError as exc:
                raise IndexLocked(_locked_message(self.path)) from exc
        return self.writer

    def add(self, doc: dict[str, Any], replace: bool) -> None:
        writer = self._open()
        if replace:
            writer.update_document(**doc)
        else:
            writer.add_document(**doc)
            self.expected += 1
        self.pending += 1
        if self.pending >= self.commit_every:
            self.commit()

    def commit(self) -> None:
        if self.writer is None:
            return
        if not self.pending:
            self.cancel()
            return
        self.writer.commit()
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


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _prepared_stream(
    articles: Iterable[Article], index_dir: str | None, workers: int
) -> Iterator[PreparedDoc]:
    """Prepared documents in input order, with at most a few chunks in flight."""
    if workers <= 1:
        _worker_init(index_dir)
        for article in articles:
            yield prepare(article)
        return
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ctx.Pool(workers, initializer=_worker_init, initargs=(index_dir,))
    try:
        inflight: deque[Any] = deque()
        for chunk in _chunks(articles, CHUNK):
            inflight.append(pool.apply_async(_prepare_chunk, (chunk,)))
            if len(inflight) >= workers * 4:
                yield from inflight.popleft().get()
        while inflight:
            yield from inflight.popleft().get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def ingest(
    paths: Iterable[str | Path],
    index_dir: str | Path | None = None,
    *,
    rebuild: bool = False,
    workers: int | None = None,
    fields: Mapping[str, str] | None = None,
    commit_every: int = 20000,
    on_progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Index the articles under ``paths``; see the module docstring.

    ``on_progress(articles, nbytes)`` is called after each article is handled.
    """
    path = Path(index_dir) if index_dir is not None else default_index_dir()
    if workers is None:
        workers = os.cpu_count() or 1
    if workers < 1:
        raise ConfigError(f"--workers must be 1 or more, not {workers}.")
    if commit_every < 1:
        raise ConfigError(f"commit_every must be 1 or more, not {commit_every}.")
    started = time.perf_counter()
    ix = _create_or_open(path, rebuild)
    report = IngestReport(index_dir=str(path))
    batch = _BatchWriter(ix, path, commit_every)
    batch._open()  # take the lock before reading anything
    known = ix.reader()
    seen: dict[str, str] = {}

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
        for prepared in _prepared_stream(articles(), str(path), workers):
            report.nbytes += prepared.nbytes
            if prepared.unchanged:
                report.unchanged += 1
            elif known.doc_frequency("id", prepared.id):
                batch.add(prepared.doc, replace=True)
                report.updated += 1
            else:
                batch.add(prepared.doc, replace=False)
                report.added += 1
            if on_progress:
                on_progress(report.articles, report.nbytes)
        batch.commit()
    except BaseException:
        batch.cancel()
        raise
    finally:
        known.close()
    report.doc_count = batch.ix.doc_count()
    report.seconds = time.perf_counter() - started
    return report

