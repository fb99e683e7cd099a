"""Paths and folders: the files to read, their kinds, and why a path yields nothing.

Folders are read recursively in sorted order.  Hidden entries ('.' names) are
ignored.  Files that cannot hold article text (images, audio/video, folder
notes such as README/LICENSE/*.md, code and config) are ignored silently;
any other unsupported file (.pdf, .html, .docx, .zip ...) is reported, because
it may hold articles the user expects to find.  A file named explicitly is
always read or reported.

Files that vanish between the folder listing and their turn, or that the user
may not read, are reported ("no longer there", "permission denied; make it
readable (chmod a+r) ..."), never fatal.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from search.corpus.article import Skipped

SUPPORTED = (".txt", ".jsonl", ".ndjson", ".json", ".csv")

# Inside folders, these cannot hold article text: ignored without a word.
_QUIET_NAMES = {
    "readme",
    "license",
    "licence",
    "copying",
    "notice",
    "changelog",
    "changes",
    "authors",
    "contributing",
    "makefile",
    "thumbs.db",
    "desktop.ini",
}
_QUIET_SUFFIXES = {
    ".md",
    ".rst",
    ".yml",
    ".yaml",
    ".toml",
    ".ini",
    ".cfg",
    ".lock",
    ".log",
    ".py",
    ".sh",
    ".bat",
    ".css",
    ".js",
    ".md5",
    ".sha1",
    ".sha256",
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".webp",
    ".svg",
    ".bmp",
    ".tif",
    ".tiff",
    ".ico",
    ".mp3",
    ".mp4",
    ".m4a",
    ".wav",
    ".ogg",
    ".avi",
    ".mov",
    ".mkv",
    ".webm",
}
_QUIET_FOLDERS = {"__macosx", "__pycache__", "node_modules"}
_ARCHIVES = {".zip", ".tar", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".zst"}


@dataclass(frozen=True)
class Source:
    """A file to read, with the names it goes by in origins and ids."""

    path: Path
    display: str  # the path as the user will recognise it, for origins
    txt_id: str  # the id of a .txt article


def walk(root: Path, folder: Path, seen: set[tuple[int, int]]) -> Iterator[Source | Skipped]:
    """Files under ``folder`` in sorted order, hidden names skipped, symlink loops cut."""
    try:
        info = folder.stat()
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Skipped(str(folder), os_reason("cannot open folder", exc, "a+rx"))
        return
    if (info.st_dev, info.st_ino) in seen:
        return
    seen = seen | {(info.st_dev, info.st_ino)}
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if _entry_is(entry.is_dir):
            if entry.name.lower() not in _QUIET_FOLDERS:
                yield from walk(root, path, seen)
        elif _entry_is(entry.is_file):
            yield Source(path, str(path), path.relative_to(root).as_posix())
        elif _entry_is(entry.is_symlink):
            yield Skipped(str(path), _bad_link(path))
        # sockets, pipes and devices are not files to read


def _bad_link(path: Path) -> str:
    """Why a link in a folder leads to nothing we can read."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return "broken link: its target does not exist"
    except OSError as exc:
        return os_reason("cannot follow link", exc, "a+rx")
    return "link to something that is not a file or folder"


def _entry_is(test: Any) -> bool:
    try:
        return bool(test())
    except OSError:
        return False


def file_kind(name: str) -> tuple[str, bool]:
    """(".jsonl", True) for "x.JSONL.gz": the format suffix, and whether gzipped."""
    lower = name.lower()
    gz = lower.endswith(".gz")
    if gz:
        lower = lower[:-3]
    return os.path.splitext(lower)[1], gz


def is_quiet(name: str) -> bool:
    """Is this a file that cannot hold articles (notes, code, media), to pass over in silence?"""
    lower = name.lower()
    stem, suffix = os.path.splitext(lower)
    return (
        stem in _QUIET_NAMES
        or lower in _QUIET_NAMES
        or suffix in _QUIET_SUFFIXES
        or lower.endswith("~")
        or lower.startswith("~$")
    )


def unsupported(suffix: str, gz: bool) -> str:
    """The reason for a file of a type no reader takes."""
    shown = (suffix + (".gz" if gz else "")) or "(no extension)"
    hint = " (only .gz compression is read)" if suffix in _ARCHIVES or (gz and not suffix) else ""
    return f"unsupported file type {shown}{hint}"


def os_reason(doing: str, exc: OSError, chmod: str = "a+r") -> str:
    """The reason for an OS error, with what to do for the ones users can fix."""
    if isinstance(exc, FileNotFoundError):
        return f"{doing}: no longer there (moved or deleted while indexing)"
    if isinstance(exc, PermissionError):
        return f"{doing}: permission denied; make it readable (chmod {chmod}) or leave it out"
    return f"{doing}: {exc.strerror or exc}"
