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

__all__ = ["LOCK_FILE", "WriteLock", "close_inherited_locks"]

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


def close_inherited_locks(folder: str | Path) -> int:
    """In a worker just forked from the ingest's parent: close the lock files
    of the index in ``folder`` that it inherited; how many.

    An ``flock`` belongs to the open file, which a fork shares. Tantivy takes
    its meta lock on a thread of its own (a reader reloads when the index
    changes, and once when it opens); a fork at that moment gives the worker
    a copy of the locked file that nothing in the worker ever closes, and the
    worker then waits for ever on its own copy when it opens the index. The
    worker never needs the parent's locks, so it lets them all go."""
    root = os.path.realpath(folder)
    try:
        fds = os.listdir("/proc/self/fd")
    except OSError:  # no /proc: nothing known to close
        return 0
    closed = 0
    for name in fds:
        try:
            target = os.readlink(f"/proc/self/fd/{name}")
        except OSError:
            continue  # the listing's own descriptor, already gone
        if target.endswith(".lock") and target.startswith(root + os.sep):
            os.close(int(name))
            closed += 1
    return closed
