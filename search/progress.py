"""Signs of life during a long ingest: a bar on a terminal, a line every few
seconds in a log or a pipe (cron, CI), where a bar draws nothing.

Both are ``on_progress(articles, nbytes)`` callbacks for :func:`search.indexing.pipeline.ingest`.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

LOG_EVERY_SECONDS = 10.0


class TerminalBar:
    """A tqdm bar on stderr showing articles/s and MB/s."""

    def __init__(self) -> None:
        from tqdm import tqdm

        self.bar = tqdm(unit=" articles", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)
        self.done = 0

    def __call__(self, articles: int, nbytes: int) -> None:
        self.bar.update(articles - self.done)
        self.done = articles
        elapsed = self.bar.format_dict.get("elapsed") or 0
        if articles and elapsed:
            self.bar.set_postfix_str(f"{nbytes / 1e6 / elapsed:.2f} MB/s", refresh=False)

    def close(self) -> None:
        self.bar.close()


class LogLines:
    """One line every ``every`` seconds: articles done, MB, MB/s, elapsed, and
    the time left when ``total_bytes`` (the input's size) is known.

    A thread writes the lines, so a long commit, when no article moves, still
    shows the run is alive.
    """

    def __init__(
        self,
        out: TextIO,
        total_bytes: int | None = None,
        every: float = LOG_EVERY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.out = out
        self.total = total_bytes or None
        self.every = every
        self.clock = clock
        self.started = clock()
        self.articles = 0
        self.nbytes = 0
        self._last_shown = -1
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __call__(self, articles: int, nbytes: int) -> None:
        self.articles, self.nbytes = articles, nbytes
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="vnsearch-progress", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.write()

    def line(self) -> str:
        elapsed = max(self.clock() - self.started, 1e-9)
        mb = self.nbytes / 1e6
        rate = mb / elapsed
        parts = [
            f"{self.articles:,} articles",
            f"{mb:,.1f} MB",
            f"{rate:.2f} MB/s",
            f"{_duration(elapsed)} elapsed",
        ]
        if self.articles and self.articles == self._last_shown:
            parts.append("no new article since the last line (writing the index)")
        elif self.total and 0 < self.nbytes < self.total and rate > 0:
            left = (self.total - self.nbytes) / 1e6 / rate
            parts.append(f"about {_duration(left)} left ({100 * self.nbytes / self.total:.0f}% of the input)")
        return "Indexing: " + ", ".join(parts)

    def write(self) -> None:
        print(self.line(), file=self.out, flush=True)
        self._last_shown = self.articles

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


class Silent:
    def __call__(self, articles: int, nbytes: int) -> None:
        pass

    def close(self) -> None:
        pass


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def input_size(paths: Iterable[str | Path]) -> int | None:
    """About how many bytes of text the files under ``paths`` hold; None when unknown.

    A .gz file counts its uncompressed size (the gzip trailer's, modulo 4 GiB:
    unknown past that). Used only for the time left, so "about" is enough.
    """
    total = 0
    for path in paths:
        path = Path(path)
        files = (
            [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        )
        for file in files:
            try:
                total += _text_size(file)
            except (OSError, ValueError):
                return None
    return total or None


def _text_size(file: Path) -> int:
    size = file.stat().st_size
    if file.suffix.lower() != ".gz":
        return size
    if size >= 4 << 30:
        raise ValueError("a .gz file over 4 GiB: its trailer cannot say")
    with open(file, "rb") as raw:
        if raw.read(2) != b"\x1f\x8b":
            return size
        raw.seek(-4, os.SEEK_END)
        unpacked = int.from_bytes(raw.read(4), "little")
    return max(unpacked, size)


def for_stderr(enabled: bool | None, paths: Iterable[str | Path]) -> TerminalBar | LogLines | Silent:
    """The bar on a terminal, log lines elsewhere; ``enabled`` False: nothing, True: the bar."""
    if enabled is False:
        return Silent()
    if enabled or sys.stderr.isatty():
        return TerminalBar()
    return LogLines(sys.stderr, input_size(paths))
