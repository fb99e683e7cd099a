"""One writer at a time: an exclusive ``flock`` on ``<index>/write.lock``.

The system releases it even after ``kill -9``; a second writer is refused at
once with a message saying what to do, rather than waiting (a waiting ingest
would look hung, and nothing queues it).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from search.engines import write_failure
from search.errors import ConfigError, IndexLocked

__all__ = ["LOCK_FILE", "WriteLock"]

LOCK_FILE = "write.lock"


class WriteLock:
    """An exclusive ``flock`` on the index folder's lock file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            failure = write_failure(self.path, exc)
            raise failure or ConfigError(
                f"Cannot write in the index folder '{self.path}': {exc.strerror}."
            ) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            os.close(fd)
            raise IndexLocked.at(self.path) from exc
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
