"""A process forked from one that has an index open lets go of the index's locks.

An ``flock`` belongs to the open file, which a fork shares. Tantivy takes its
meta lock on a thread of its own (a reader reloads once as it opens, and again
whenever the index changes); a fork at that moment gives the child a copy of
the locked file that nothing in the child ever closes, since the thread that
would have is not there. The child then waits for ever on its own copy when
it opens the index. Ingest workers and the web server's extra processes never
need their parent's locks, so each lets them all go first.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["close_inherited_locks"]


def close_inherited_locks(folder: str | Path) -> int:
    """In a process just forked: close the lock files of the index in
    ``folder`` that it inherited; how many."""
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
