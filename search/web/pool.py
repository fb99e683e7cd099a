"""Open searchers shared by the request threads, refreshed when the index gets a new commit."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from search.searcher import Searcher

__all__ = ["SearcherPool"]


class SearcherPool:
    """Open :class:`Searcher` objects shared by request threads.

    A searcher serves one request (or one export) at a time; idle ones wait
    in a list. Every ``refresh_seconds`` the index's generation is compared
    with the last one seen (a directory listing); when it changed, each
    searcher is refreshed the next time it is taken, so a new commit shows
    up without a restart.
    """

    def __init__(self, index_dir: str | Path, refresh_seconds: float = 2.0, max_idle: int = 8) -> None:
        self.index_dir = Path(index_dir)
        self.refresh_seconds = refresh_seconds
        self.max_idle = max_idle
        self._idle: list[tuple[Searcher, int]] = []
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._epoch = 0
        self._checked = -math.inf

    def _current_epoch(self, searcher: Searcher) -> int:
        now = time.monotonic()
        with self._lock:
            if now - self._checked < self.refresh_seconds:
                return self._epoch
            self._checked = now
        generation = searcher.generation()
        with self._lock:
            if generation != self._generation:
                if self._generation is not None:
                    self._epoch += 1
                self._generation = generation
            return self._epoch

    def take(self) -> tuple[Searcher, int]:
        with self._lock:
            entry = self._idle.pop() if self._idle else None
        if entry is None:
            searcher = Searcher(self.index_dir)
            return searcher, self._current_epoch(searcher)
        searcher, seen = entry
        epoch = self._current_epoch(searcher)
        if epoch != seen:
            searcher.refresh()
        return searcher, epoch

    def give(self, searcher: Searcher, epoch: int) -> None:
        with self._lock:
            if len(self._idle) < self.max_idle:
                self._idle.append((searcher, epoch))
                return
        searcher.close()

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        searcher, epoch = self.take()
        try:
            yield searcher
        finally:
            self.give(searcher, epoch)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for searcher, _ in idle:
            searcher.close()
