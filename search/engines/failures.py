"""A failed write to an index folder, told as what to do: no space, a file too
large, a read-only or forbidden folder; for both engines (Tantivy's Rust errors
name the system error in their text)."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

from search.errors import IndexWriteError

__all__ = ["os_error_code", "write_failure"]

_NO_SPACE = (errno.ENOSPC, errno.EDQUOT)
_FORBIDDEN = (errno.EROFS, errno.EACCES, errno.EPERM)
# How Rust's io::Error shows in Tantivy's messages: "... (os error 28)" or "Os { code: 13, ...".
_RUST_OS_ERROR = re.compile(r"\(os error (\d+)\)|Os \{ code: (\d+)")
_STILL_THERE = "then run this command again; the index is still at its last commit."


def os_error_code(exc: BaseException) -> int | None:
    """The system error number behind ``exc``: an OSError's, or one named in Tantivy's text."""
    if isinstance(exc, OSError):
        return exc.errno
    if isinstance(exc, ValueError):
        found = _RUST_OS_ERROR.search(str(exc))
        if found:
            return int(found.group(1) or found.group(2))
    return None


def write_failure(index_dir: str | Path, exc: BaseException) -> IndexWriteError | None:
    """A failed write in the index folder as a message saying what to do
    (no space, a file too large, a read-only or forbidden folder); None for
    any other error. Both engines only ever replace their table of contents
    whole, so the index is still at its last commit."""
    code = os_error_code(exc)
    if code in _NO_SPACE:
        return IndexWriteError(
            f"No space left to write the index in '{index_dir}': free some space, {_STILL_THERE}"
        )
    if code == errno.EFBIG:
        return IndexWriteError(
            f"A file of the index in '{index_dir}' would be larger than this system allows "
            f"(File too large): raise the limit (ulimit -f) or use another disk, {_STILL_THERE}"
        )
    if code in _FORBIDDEN:
        return IndexWriteError(
            f"Cannot write the index in '{index_dir}': {os.strerror(code)}. "
            f"Make the folder writable or choose another with --index, {_STILL_THERE}"
        )
    return None
