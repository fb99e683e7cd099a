"""Embed an index's articles: those new or changed since the last run, under the index's lock."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from search.engines import every_key, open_reader
from search.indexing.lock import WriteLock
from search.meaning.model import PASSAGES, article_passages, embed_articles, text_key
from search.meaning.store import Vectors, save

__all__ = ["MeaningReport", "embed_index"]

BATCH = 32  # articles the model embeds at once
SAVE_EVERY = 2048  # articles embedded between two saves: an interrupted run keeps what it did


@dataclass
class MeaningReport:
    """What ``embed_index`` did: articles embedded now, kept from before, dropped (no longer indexed)."""

    embedded: int
    kept: int
    dropped: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "embedded": self.embedded,
            "kept": self.kept,
            "dropped": self.dropped,
            "seconds": round(self.seconds, 1),
        }


def _articles(reader: Any) -> Iterator[tuple[str, list[str]]]:
    """(id, passages to embed) of every article in the index, each once."""
    for key in every_key(reader):
        stored = reader.stored(key)
        yield (
            stored["id"],
            article_passages(stored.get("title") or "", stored.get("body") or stored.get("lead") or ""),
        )


def _embed(articles: list[list[str]]) -> Iterator[np.ndarray]:
    """PASSAGES vectors of each article's passages, embedded together; the first repeated for an
    article with fewer."""
    vectors = iter(embed_articles([text for passages in articles for text in passages]))
    for passages in articles:
        rows = [next(vectors) for _ in passages]
        yield np.stack(rows + rows[:1] * (PASSAGES - len(rows)))


def _save(path: Path, ids: list[str], keys: list[str], rows: list[Any]) -> None:
    """The articles that have their vector so far."""
    done = [n for n, row in enumerate(rows) if row is not None]
    matrix = np.stack([rows[n] for n in done]).astype(np.float16) if done else Vectors.empty().matrix
    save(path, Vectors([ids[n] for n in done], [keys[n] for n in done], matrix))


def embed_index(
    index_dir: str | Path, on_progress: Callable[[int, int], None] | None = None
) -> MeaningReport:
    """Give every article of the index its vector; ``on_progress(done, to_do)`` as batches end.

    Articles whose text is unchanged keep theirs; an article gone from the index loses its own.
    """
    started = time.perf_counter()
    path = Path(index_dir)
    lock = WriteLock(path)
    lock.acquire()
    try:
        old = Vectors.load(path) or Vectors.empty()
        reader = open_reader(path)
        try:
            articles = list(_articles(reader))
        finally:
            reader.close()
        ids, keys, rows, todo = [], [], [], []
        for article_id, passages in articles:
            key = text_key("\n".join(passages))
            n = old.row.get(article_id)
            ids.append(article_id)
            keys.append(key)
            if n is not None and old.keys[n] == key:
                rows.append(old.matrix[n])
            else:
                rows.append(None)
                todo.append((len(rows) - 1, passages))
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            for (row, _), vectors in zip(batch, _embed([passages for _, passages in batch]), strict=True):
                rows[row] = vectors
            if on_progress:
                on_progress(start + len(batch), len(todo))
            if (start + BATCH) % SAVE_EVERY == 0:
                _save(path, ids, keys, rows)
        _save(path, ids, keys, rows)
    finally:
        lock.release()
    kept = len(articles) - len(todo)
    return MeaningReport(len(todo), kept, len(set(old.ids) - set(ids)), time.perf_counter() - started)
