"""Create, open and fill the index: parallel analysis, one writer, batched commits.

Worker processes clean and analyse articles and encode their tokens for the
index's engine (:mod:`search.engines`); the parent process reads the input,
owns the only writer, and commits in batches, checking the document count
after every commit (Whoosh's own multi-process writer can lose documents
silently, so we never use it).

Incremental: each article gets a fingerprint ``"<id> <content hash>"``. An
article whose fingerprint is already indexed is unchanged and skipped before
any analysis; a known id with a new hash is updated; the rest is added. An
article whose speakers could not be read (:mod:`search.indexing.spoken`) is
indexed with a fingerprint no article has, so the next ingest reads it again.

One writer at a time: ``vnsearch index`` holds the folder's write lock
(:mod:`search.indexing.lock`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from search import engines
from search.config import default_index_dir
from search.corpus import Article, Skipped, read_paths
from search.engines.base import Doc
from search.engines.groups import GROUPS_FILE, write_shared_groups
from search.engines.meta import META_FILE, write_meta
from search.errors import ConfigError
from search.fields import text_fields
from search.forked import close_inherited_locks
from search.indexing import collecting, duplicates
from search.indexing.batching import batches
from search.indexing.lock import WriteLock
from search.indexing.report import IngestReport
from search.indexing.spoken import speaker_values
from search.indexing.texts import content_hash, indexed_texts
from search.meaning.store import clear as clear_meaning
from search.speakers.archive import SPEAKERS_FILE, write_speakers
from search.suggest import build_vocabulary, vocabulary_missing
from search.vietnamese.text import clean

__all__ = ["IngestReport", "ingest"]


def _prepare_folder(path: Path, rebuild: bool, engine: str | None) -> tuple[str, WriteLock]:
    """Create or check the index folder, lock it; the engine to write with."""
    if path.exists() and not path.is_dir():
        raise ConfigError(f"--index {path} is a file, not a folder; choose another path.")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"Cannot create the index folder '{path}': {exc.strerror}.") from exc
    lock = WriteLock(path)
    lock.acquire()
    try:
        _probe_write(path)
        if rebuild:
            _clear(path)
        recorded = engines.recorded_engine(path)  # refuses another schema version
        if recorded and engine and engine != recorded:
            raise ConfigError(
                f"The index in '{path}' was built with the {recorded} engine, not {engine}. "
                f"Add --rebuild to rebuild it with {engine}, or leave out --engine."
            )
        chosen = recorded or engine or engines.default_engine()
        module = engines.load(chosen)
        if not module.exists(path):
            module.create(path)
            write_meta(path, chosen)
        return chosen, lock
    except BaseException as exc:
        lock.release()
        failure = engines.write_failure(path, exc)
        if failure is not None:
            raise failure from exc
        if isinstance(exc, OSError):
            raise ConfigError(f"Cannot write the index in '{path}': {exc.strerror}.") from exc
        raise


def _probe_write(path: Path) -> None:
    """Fail now, before any work, if no new file can be made in the folder
    (read-only, or no space): the lock file may exist and open anyway."""
    probe = path / f".write-probe-{os.getpid()}"
    probe.touch()
    probe.unlink()


def _clear(path: Path) -> None:
    """Remove every engine's index files (--rebuild), keeping the folder."""
    for name in engines.ENGINES:
        try:
            engines.load(name).clear(path)
        except ConfigError:
            pass  # that engine is not installed, so it wrote nothing here
    (path / META_FILE).unlink(missing_ok=True)
    duplicates.clear(path)
    (path / GROUPS_FILE).unlink(missing_ok=True)
    clear_meaning(path)


# --- preparing one article (runs in the workers) -------------------------------


@dataclass(slots=True)
class PreparedDoc:
    """What the writer needs for one article (``doc`` is None when unchanged)."""

    id: str
    origin: str
    nbytes: int
    unchanged: bool
    doc: Doc | None = None
    problem: str = ""  # the article is indexed, but without its speakers: why


_WORKER: dict[str, Any] = {}


def _worker_init(index_dir: str, engine: str, counter: Any = None) -> None:
    _WORKER["side"] = engines.load(engine).WorkerSide(index_dir)
    _WORKER["counter"] = counter


def prepare(article: Article) -> PreparedDoc:
    """Clean, hash and (unless unchanged) analyse one article."""
    side = _WORKER["side"]
    parts = {
        "title": clean(article.title),
        "lead": clean(article.lead),
        "body": clean(article.body),
    }
    nbytes = sum(len(text.encode("utf-8")) for text in parts.values())
    fingerprint = f"{article.id} {content_hash(article, parts)}"
    if side.unchanged(fingerprint):
        return PreparedDoc(article.id, article.origin, nbytes, unchanged=True)
    date = article.date
    values: dict[str, Any] = {
        "id": article.id,
        "fingerprint": fingerprint,
        "date": date.iso() if date else "",
        "origin": article.origin,
        "title_derived": bool(article.title_derived),
    }
    if date:
        values["year"] = date.year
        if date.month:
            values["month"] = date.month
    if article.group:
        values["group"] = article.group
    for name in ("source", "section", "url", "author"):
        value = getattr(article, name)
        if value:
            values[name] = value
    spoken, problem = speaker_values(parts["body"], parts["title"])
    values.update(spoken)
    if problem:  # never "unchanged": the next ingest (a fixed version, maybe) reads it again
        values["fingerprint"] = f"{fingerprint} speakers-unread"
    if article.tags:
        values["tags"] = [t for t in (clean(t).replace(",", " ") for t in article.tags) if t]
    doc = Doc(values=values, texts={part: text for part, text in parts.items() if text})
    texts = indexed_texts(parts)
    for name, part, kind in text_fields():
        text = texts[part]
        if not text or (part == "title" and article.title_derived):
            # A title made from the body's first sentence is shown, not
            # indexed: indexing it would count that sentence twice.
            continue
        doc.tokens[name] = side.encode(name, kind, text)
    return PreparedDoc(article.id, article.origin, nbytes, unchanged=False, doc=doc, problem=problem)


@dataclass(slots=True)
class BatchResult:
    """What a worker did with one batch: per-article outcome and the engine's payload."""

    items: list[tuple[str, str, int, bool, str]]  # (id, origin, nbytes, unchanged, problem)
    payload: Any = None
    doc_count: int = 0


def _index_batch(articles: list[Article]) -> BatchResult:
    """Prepare a batch of articles and hand the changed ones to the engine."""
    counter = _WORKER.get("counter")
    tick = _WORKER.get("tick")
    result = BatchResult(items=[])

    def changed() -> Iterator[Doc]:
        for article in articles:
            prepared = prepare(article)
            result.items.append(
                (prepared.id, prepared.origin, prepared.nbytes, prepared.unchanged, prepared.problem)
            )
            if counter is not None:
                with counter.get_lock():
                    counter[0] += 1
                    counter[1] += prepared.nbytes
            if tick is not None:  # in-process (one worker): report as we go
                tick()
            if prepared.doc is not None:
                yield prepared.doc

    # The engine takes each document as it is analysed: a batch's analysed
    # documents are never all in memory at once (2,000 of them took 0.7 GB).
    payload, count = _WORKER["side"].write(changed())
    if count:
        result.payload, result.doc_count = payload, count
    return result


def _results(
    batches: Iterable[list[Article]], index_dir: str, engine: str, workers: int, counter: Any
) -> Iterator[BatchResult]:
    """Batch results in input order, with one batch more in flight than there are workers
    (the next one is ready when a worker finishes; more would only wait in memory)."""
    with collecting.fewer_collections():  # the parent, and a worker in this process
        if workers <= 1:
            _worker_init(index_dir, engine, counter)
            for batch in batches:
                yield _index_batch(batch)
            return
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
        pool = ctx.Pool(workers, initializer=_pool_worker_init, initargs=(index_dir, engine, counter))
        try:
            inflight: deque[Any] = deque()
            for batch in batches:
                inflight.append(pool.apply_async(_index_batch, (batch,)))
                while len(inflight) > workers:
                    yield _wait(inflight.popleft())
            while inflight:
                yield _wait(inflight.popleft())
            pool.close()
        finally:
            pool.terminate()
            pool.join()


def _pool_worker_init(index_dir: str, engine: str, counter: Any) -> None:
    _WORKER.pop("tick", None)  # progress is the parent's job
    close_inherited_locks(index_dir)  # one the parent held at the fork would block this worker for ever
    collecting.for_this_process()
    _worker_init(index_dir, engine, counter)


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
    engine: str | None = None,
    workers: int | None = None,
    fields: Mapping[str, str] | None = None,
    commit_every: int = 20000,
    batch_size: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Index the articles under ``paths``; see the module docstring.

    ``engine``: for a new index (default ``$VNSEARCH_ENGINE`` or whoosh); an
    existing index keeps its own, and asking for another one needs ``rebuild``.
    ``on_progress(articles, nbytes)`` is called as articles are analysed.
    Each batch of ``batch_size`` articles (default: the engine's
    ``BATCH_SIZE``; at most ``commit_every``: a commit lands between batches)
    is analysed by one worker.

    A write that fails (no space left, a read-only folder) raises
    :class:`IndexWriteError`; the index stays at its last commit, and running
    the same ingest again adds what is missing.
    """
    path = Path(index_dir) if index_dir is not None else default_index_dir()
    if workers is None:
        workers = os.cpu_count() or 1
    for name, value in (("--workers", workers), ("--commit-every", commit_every), ("batch_size", batch_size)):
        if value is not None and value < 1:
            raise ConfigError(f"{name} must be 1 or more, not {value}.")
    if engine is not None:
        engines.check_engine(engine)
    started = time.perf_counter()
    engine, lock = _prepare_folder(path, rebuild, engine)
    module = engines.load(engine)
    spread = workers if batch_size is None else 1  # the engine's size: a small input still uses every worker
    batch_size = min(batch_size or module.BATCH_SIZE, commit_every)
    report = IngestReport(index_dir=str(path), engine=engine)
    try:
        grouper = duplicates.Grouper.load(path)  # a damaged file says to --rebuild
        sink = module.Sink(path, commit_every)
    except BaseException as exc:
        lock.release()
        _raise_write_failure(path, exc)
        raise
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
                # Near-duplicates are numbered here, in input order, before a worker
                # writes the article: the group is part of the indexed document.
                item.group = grouper.assign(item.id, duplicates.prepare(item.title, item.body))
                yield item

    def save_groups() -> None:
        """The groups as far as assigned: saved before any commit, so that no
        committed article holds a number the saved groups could give again."""
        grouper.save(path)
        write_shared_groups(path, list(grouper.groups()))

    try:
        for result in _results(batches(articles(), batch_size, spread), str(path), engine, workers, counter):
            for article_id, origin, nbytes, unchanged, problem in result.items:
                report.nbytes += nbytes
                if problem:
                    report.without_speakers.append(Skipped(origin, problem))
                if unchanged:
                    report.unchanged += 1
                elif sink.has_id(article_id):
                    sink.replace(article_id)
                    report.updated += 1
                else:
                    report.added += 1
            if result.payload is not None:
                if sink.pending + len(result.items) >= commit_every:  # this add may commit
                    save_groups()
                sink.add(result.payload, result.doc_count)
            tick()
        save_groups()
        sink.commit()
        # The writer (its heap, its merges) is let go before the statistics are counted:
        # at the end of a large ingest both at once were its peak of memory.
        sink.close()
        # The archive's statistics: after a change, or when an index built before has none.
        vocabulary = report.added or report.updated or vocabulary_missing(path)
        speakers = report.added or report.updated or not (path / SPEAKERS_FILE).exists()
        if vocabulary or speakers:
            reader = sink.reader()
            try:
                if vocabulary:
                    build_vocabulary(reader, path)
                if speakers:
                    write_speakers(path, reader.speaker_counts())
            finally:
                reader.close()
        report.doc_count = sink.doc_count
    except BaseException as exc:
        # Best effort: on a full disk cancelling fails too, and the first
        # error is the one that says what to do.
        with contextlib.suppress(Exception):
            sink.cancel()
        with contextlib.suppress(Exception):
            sink.close()
        _raise_write_failure(path, exc)
        raise
    finally:
        _WORKER.pop("tick", None)
        _WORKER.pop("side", None)
        lock.release()
    report.seconds = time.perf_counter() - started
    return report


def _raise_write_failure(path: Path, exc: BaseException) -> None:
    """Raise ``exc`` as an :class:`IndexWriteError` if it is a failed write in ``path``."""
    failure = engines.write_failure(path, exc)
    if failure is not None:
        raise failure from exc
