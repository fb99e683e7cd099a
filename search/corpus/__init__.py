"""Read article files into ``Article`` records, reporting every bad item as ``Skipped``.

Users point ``vnsearch index`` at real archives: folders of text files, JSON
Lines dumps, JSON arrays from crawlers, CSV exports, often gzipped.  One bad
line must not cost the rest of the file, and the user must learn exactly which
item was lost and why, so ``read_paths`` yields an ``Article`` or a ``Skipped``
(origin "path", "path:LINE" or "path:item N") for everything it meets and
raises only for programming errors or a bad ``fields`` mapping.

Formats, from the file name (each may end in ``.gz``):

* ``.txt``: one article per file (the seed format): an optional leading marker
  `` date YYYY-MM`` then the body; the id is the path relative to the folder
  given (or the file name when the file itself was given).
* ``.jsonl`` / ``.ndjson``: one JSON object per line, read line by line.
* ``.json``: an array of objects, one object, or an object holding the array
  under a key such as "articles", "data" or "items" (item N is 1-based).
  A ``.json`` file that is really JSON Lines is read as JSON Lines.
* ``.csv``: a header row, then one article per row, read row by row.

Encodings (``search.vietnamese.encodings`` decides from the first 64 KB): UTF-8 (with or
without BOM), UTF-16 (with BOM, or without one when the NUL pattern shows it,
as in raw VNTC files), UTF-32 with BOM, and the legacy Vietnamese Windows-1258
and TCVN3 (ABC), converted to NFC Unicode when the decoded words are clearly
Vietnamese syllables.  A file in neither is skipped with a reason naming the
encoding it seems to be and the ``iconv`` command that converts it; Latin-1
and binary data are never read as Vietnamese.  Bad bytes in a UTF-8 file cost
only the line (or the .txt article) holding them.

Size: an article may hold at most 5 MB of text (``MAX_ARTICLE_BYTES``).  A
larger .txt file, JSON Lines line, CSV row or JSON item is skipped, not cut:
it is a dump that was never split into articles, and indexing it as one
would put it on top of every search.  The reason gives its size and the
limit.  JSON Lines and CSV files of any size are read line by line with
bounded memory, a too-long line included; a .json array is parsed whole.

Files that vanish between the folder listing and their turn, or that the user
may not read, are reported ("no longer there", "permission denied; make it
readable (chmod a+r) ..."), never fatal.

Folders are read recursively in sorted order.  Hidden entries ('.' names) are
ignored.  Files that cannot hold article text (images, audio/video, folder
notes such as README/LICENSE/*.md, code and config) are ignored silently;
any other unsupported file (.pdf, .html, .docx, .zip ...) is reported, because
it may hold articles the user expects to find.  A file named explicitly is
always read or reported.

Record fields: see ``DEFAULT_FIELDS``; the first non-empty value wins and
``fields`` replaces the candidates of a field with one dotted path (a literal
key "x.y" first, else obj["x"]["y"]).  Crawler placeholders ("Unknown", "N/A",
"null", "none", "undefined", "nan") count as empty.  The date is the first
candidate that parses.  Tags come from a list, or from a string split on "|",
"," or ";"; ``keywords`` is a fallback for ``tags`` (24h exports use it).

Ids: a given id, as text (42 -> "42").  A .txt file's id is its path relative
to the folder given (``seeds/000_x.txt`` when "corpora" was given; the file
name when the file itself was given).  A record without id gets
``content_id``: a hash of its url, title and body, stable across runs.

Titles: a given title is kept.  Otherwise the title comes from the body and
``title_derived`` is True: the body's first line when it looks like a
headline (one short line, at most 200 chars, with no sentence break inside and
no final period, followed by more text, as in the Dân Trí dumps), else the
first sentence cut to at most 120 chars at a word boundary with "…".  The body
is never changed, so a headline taken from it stays in it; ``title_derived``
tells consumers that the title repeats the start of the body.

A record whose body field is present but empty while its title holds text is
read with the title as its text (VNTC stores 1,550 one-line articles that way);
a record with no text at all, or with none of the body fields, is skipped.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import hashlib
import io
import json
import os
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from search.errors import ConfigError
from search.vietnamese.dates import PartialDate, parse_date
from search.vietnamese.encodings import LEGACY, NFC_CODECS, sniff
from search.vietnamese.text import decode_entities

FIELD_NAMES = ("id", "title", "date", "body", "lead", "url", "source", "author", "tags")

DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "title": ("title", "headline"),
    "date": ("date", "published_at", "published"),
    "body": ("body", "content", "content.text", "text"),
    "lead": ("sapo", "summary", "abstract", "description"),
    "url": ("url", "link"),
    "source": ("source", "source.name"),
    "author": ("author", "authors"),
    "tags": ("tags", "keywords"),
}

TITLE_MAX = 120
HEADLINE_MAX = 200

DECODE_FAILED = "cannot decode as UTF-8/UTF-16"
SUPPORTED = (".txt", ".jsonl", ".ndjson", ".json", ".csv")
# A news article is 5-50 KB; a whole law is under 1 MB.  Over 5 MB is a dump
# that was not split, and one giant "article" would match every query.
MAX_ARTICLE_BYTES = 5_000_000

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

_LIST_KEYS = (
    "articles",
    "data",
    "items",
    "records",
    "results",
    "documents",
    "docs",
    "posts",
    "entries",
    "news",
    "rows",
)
_MISSING = object()
_PLACEHOLDERS = {"", "unknown", "n/a", "null", "none", "undefined", "nan"}
_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8 (surrogateescape)
_SNIFF_BYTES = 65536  # enough words to tell Windows-1258 from TCVN3 from Latin-1


@dataclass
class Article:
    """One article as read; the indexer normalises the text."""

    id: str
    body: str
    title: str = ""
    lead: str = ""
    date: PartialDate | None = None
    url: str = ""
    source: str = ""
    author: str = ""
    tags: list[str] = field(default_factory=list)
    origin: str = ""
    title_derived: bool = False


@dataclass
class Skipped:
    """An item that could not be read, and why, for the user to fix."""

    origin: str
    reason: str


Item = Article | Skipped


# ---------------------------------------------------------------- public API


def read_paths(
    paths: Iterable[str | Path] | str | Path, fields: Mapping[str, str] | None = None
) -> Iterator[Item]:
    """Yield an Article or a Skipped for every file, line, row or item under ``paths``.

    ``fields`` maps our field names to dotted paths in the records
    (``{"body": "content.text"}``).  A bad mapping raises ConfigError at once;
    bad data never raises.
    """
    mapping = _field_mapping(fields)
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return _read_all(paths, mapping)


def parse_field_overrides(specs: Iterable[str] | str) -> dict[str, str]:
    """Turn ["body=content.text", "date=meta.published"] into a mapping for ``read_paths``."""
    if isinstance(specs, str):
        specs = [specs]
    overrides: dict[str, str] = {}
    for spec in specs:
        name, sep, path = spec.partition("=")
        name, path = name.strip().lower(), path.strip()
        if not sep or not name or not path:
            raise ConfigError(
                f"bad field mapping {spec!r}: write NAME=PATH, e.g. body=content.text; "
                f"NAME is one of {', '.join(FIELD_NAMES)}"
            )
        if name not in FIELD_NAMES:
            raise ConfigError(
                f"bad field mapping {spec!r}: unknown field {name!r}; use one of {', '.join(FIELD_NAMES)}"
            )
        if name in overrides and overrides[name] != path:
            raise ConfigError(
                f"bad field mapping {spec!r}: field {name!r} is already mapped to {overrides[name]!r}"
            )
        overrides[name] = path
    return overrides


# ---------------------------------------------------------------- paths and folders


@dataclass(frozen=True)
class _Source:
    path: Path
    display: str  # the path as the user will recognise it, for origins
    txt_id: str  # the id of a .txt article


def _field_mapping(fields: Mapping[str, str] | None) -> dict[str, tuple[str, ...]]:
    mapping = dict(DEFAULT_FIELDS)
    for name, path in (fields or {}).items():
        if name not in FIELD_NAMES:
            raise ConfigError(f"unknown field {name!r}; use one of {', '.join(FIELD_NAMES)}")
        if not isinstance(path, str) or not path.strip():
            raise ConfigError(f"field {name!r} needs a non-empty path, e.g. {name}=meta.{name}")
        mapping[name] = (path.strip(),)
    return mapping


def _read_all(paths: Iterable[str | Path], mapping: dict[str, tuple[str, ...]]) -> Iterator[Item]:
    for given in paths:
        root = Path(given)
        if str(given) == "":
            yield Skipped("", "no such file or folder")
        elif root.is_dir():
            for entry in _walk(root, root, set()):
                if isinstance(entry, Skipped):
                    yield entry
                else:
                    yield from _read_file(entry, mapping, explicit=False)
        elif root.is_file() or root.is_symlink():
            yield from _read_file(_Source(root, str(given), root.name), mapping, explicit=True)
        elif root.exists():
            yield Skipped(str(given), "not a regular file or folder")
        else:
            yield Skipped(str(given), "no such file or folder")


def _walk(root: Path, folder: Path, seen: set[tuple[int, int]]) -> Iterator[_Source | Skipped]:
    """Files under ``folder`` in sorted order, hidden names skipped, symlink loops cut."""
    try:
        info = folder.stat()
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Skipped(str(folder), _os_reason("cannot open folder", exc, "a+rx"))
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
                yield from _walk(root, path, seen)
        elif _entry_is(entry.is_file):
            yield _Source(path, str(path), path.relative_to(root).as_posix())
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
        return _os_reason("cannot follow link", exc, "a+rx")
    return "link to something that is not a file or folder"


def _entry_is(test: Any) -> bool:
    try:
        return bool(test())
    except OSError:
        return False


def _file_kind(name: str) -> tuple[str, bool]:
    """(".jsonl", True) for "x.JSONL.gz": the format suffix, and whether gzipped."""
    lower = name.lower()
    gz = lower.endswith(".gz")
    if gz:
        lower = lower[:-3]
    return os.path.splitext(lower)[1], gz


def _is_quiet(name: str) -> bool:
    lower = name.lower()
    stem, suffix = os.path.splitext(lower)
    return (
        stem in _QUIET_NAMES
        or lower in _QUIET_NAMES
        or suffix in _QUIET_SUFFIXES
        or lower.endswith("~")
        or lower.startswith("~$")
    )


def _read_file(src: _Source, mapping: dict[str, tuple[str, ...]], explicit: bool) -> Iterator[Item]:
    suffix, gz = _file_kind(src.path.name)
    if suffix not in SUPPORTED:
        if explicit or not _is_quiet(src.path.name):
            yield Skipped(src.display, _unsupported(suffix, gz))
        return
    if suffix == ".txt":
        yield from _read_txt(src, gz)
    elif suffix == ".json":
        yield from _read_json(src, gz, mapping)
    elif suffix == ".csv":
        yield from _read_csv(src, gz, mapping)
    else:
        yield from _read_jsonl(src, gz, mapping)


def _unsupported(suffix: str, gz: bool) -> str:
    shown = (suffix + (".gz" if gz else "")) or "(no extension)"
    hint = " (only .gz compression is read)" if suffix in _ARCHIVES or (gz and not suffix) else ""
    return f"unsupported file type {shown}{hint}"


# ---------------------------------------------------------------- bytes and text


class _Unreadable(Exception):
    """The whole file cannot be read; the message is the reason for the user."""


class _TooLarge(Exception):
    """One line is longer than an article may be; args: (line number, size in bytes, odd quotes)."""


_READ_ERRORS = (OSError, EOFError, zlib.error, UnicodeDecodeError, _Unreadable)


def _reason(exc: BaseException) -> str:
    """A short reason for a read failure."""
    if isinstance(exc, _Unreadable):
        return str(exc.args[0])
    if isinstance(exc, UnicodeDecodeError):
        return DECODE_FAILED
    if isinstance(exc, EOFError):
        return "corrupt gzip data: the file ends too early"
    if isinstance(exc, (gzip.BadGzipFile, zlib.error)):
        return f"corrupt gzip data: {exc}"
    if isinstance(exc, OSError):
        return _os_reason("cannot read", exc)
    return str(exc)


def _os_reason(doing: str, exc: OSError, chmod: str = "a+r") -> str:
    """The reason for an OS error, with what to do for the ones users can fix."""
    if isinstance(exc, FileNotFoundError):
        return f"{doing}: no longer there (moved or deleted while indexing)"
    if isinstance(exc, PermissionError):
        return f"{doing}: permission denied; make it readable (chmod {chmod}) or leave it out"
    return f"{doing}: {exc.strerror or exc}"


def _too_large(nbytes: int | None) -> str:
    """The reason for an article over ``MAX_ARTICLE_BYTES``; ``None`` when its full size is unknown."""
    limit = f"{MAX_ARTICLE_BYTES / 1e6:.0f} MB"
    size = f"{nbytes / 1e6:.1f} MB, the limit is {limit}" if nbytes else f"over the {limit} limit"
    return (
        f"too large for one article: {size}; "
        "split it into articles (one .txt file or one JSON Lines line each)"
    )


def _open_binary(path: Path, gz: bool) -> io.BufferedIOBase:
    try:
        return gzip.open(path, "rb") if gz else open(path, "rb")  # type: ignore[return-value]
    except OSError as exc:
        raise _Unreadable(_os_reason("cannot open", exc)) from None


def _codec(head: bytes, complete: bool) -> str:
    """The codec for a file starting with ``head``; raises _Unreadable for binary, empty or unknown data."""
    found = sniff(head, complete)
    if found.codec is None:
        raise _Unreadable(found.problem)
    return found.codec


def _sniff_stream(binary: io.BufferedIOBase) -> str:
    """The codec of an open file, read from its first bytes; the file is rewound."""
    head = binary.read(_SNIFF_BYTES)
    binary.seek(0)
    return _codec(head, len(head) < _SNIFF_BYTES)


class _Lines:
    """The lines of a text stream, read in pieces so that memory stays bounded.

    A line over ``MAX_ARTICLE_BYTES`` is read past, never held whole, and
    raises _TooLarge; the next call goes on with the following line, so
    csv.reader and the JSON Lines loop can skip it and continue.  Text from a
    legacy codec (combining tone marks) is NFC-normalised line by line.
    """

    PIECE = 1 << 20  # characters: 4 MB of UTF-8 at most, so a one-piece line is never too large

    def __init__(self, stream: io.TextIOWrapper, nfc: bool) -> None:
        self.stream = stream
        self.nfc = nfc
        self.lineno = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        last = self.stream.readline(self.PIECE)
        if not last:
            raise StopIteration
        self.lineno += 1
        if len(last) < self.PIECE or last.endswith(("\n", "\r")):
            return self._normal(last)
        pieces: list[str] | None = [last]
        size, quotes = _utf8_size(last), last.count('"')
        while not last.endswith(("\n", "\r")):
            last = self.stream.readline(self.PIECE)
            if not last:
                break
            size, quotes = size + _utf8_size(last), quotes + last.count('"')
            if size > MAX_ARTICLE_BYTES:
                pieces = None
            elif pieces is not None:
                pieces.append(last)
        if pieces is None:
            raise _TooLarge(self.lineno, size, quotes % 2 == 1)
        return self._normal("".join(pieces))

    def _normal(self, line: str) -> str:
        return unicodedata.normalize("NFC", line) if self.nfc else line


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


@contextlib.contextmanager
def _open_lines(path: Path, gz: bool) -> Iterator[_Lines]:
    """The file's lines, decoded lazily; bad UTF-8 bytes become marked characters.

    Bad UTF-8 (or Windows-1258) bytes are kept as lone surrogates so that one
    bad line is skipped and the next still read; UTF-16 errors stop the file.
    """
    binary = _open_binary(path, gz)
    try:
        codec = _sniff_stream(binary)
    except BaseException:
        binary.close()
        raise
    errors = "strict" if codec.startswith(("utf-16", "utf-32")) else "surrogateescape"
    with io.TextIOWrapper(binary, encoding=codec, errors=errors, newline="") as stream:
        yield _Lines(stream, codec in NFC_CODECS)


def _read_text_whole(src: _Source, gz: bool, limit: int | None = None) -> str:
    """The whole file as text; raises _Unreadable (with a line when known) on failure.

    With ``limit`` (bytes of UTF-8 text), a larger file is refused without
    being read whole.  Only UTF-16/32 take more bytes than UTF-8 for the same
    text, so only for them may the file be larger than ``limit``, up to 4 times.
    """
    with _open_binary(src.path, gz) as binary:
        data = binary.read(_SNIFF_BYTES)
        codec = _codec(data, len(data) < _SNIFF_BYTES)
        if limit is None:
            data += binary.read()
        else:
            cap = limit * (4 if codec.startswith(("utf-16", "utf-32")) else 1)
            if not gz and (size := os.fstat(binary.fileno()).st_size) > cap:
                raise _Unreadable(_too_large(size))
            data += binary.read(max(0, cap + 1 - len(data)))
            if len(data) > cap:
                raise _Unreadable(_too_large(None))
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1 if not codec.startswith(("utf-16", "utf-32")) else None
        if codec in LEGACY:
            reason = f"cannot decode as {LEGACY[codec][0]} (byte 0x{data[exc.start]:02X})"
            raise _Unreadable(reason, line) from None
        raise _Unreadable(DECODE_FAILED, line) from None
    if codec in NFC_CODECS:
        text = unicodedata.normalize("NFC", text)
    if "\0" in text:
        raise _Unreadable("binary file")
    if not text.strip():
        raise _Unreadable("empty file")
    if limit is not None and len(text) > limit // 4 and (size := _utf8_size(text)) > limit:
        raise _Unreadable(_too_large(size))
    return text


def _at(display: str, line: int | None) -> str:
    return f"{display}:{line}" if line else display


def _failure(src: _Source, exc: BaseException, line: int | None = None) -> Skipped:
    if isinstance(exc, _Unreadable) and len(exc.args) > 1 and exc.args[1]:
        line = exc.args[1]
    return Skipped(_at(src.display, line), _reason(exc))


# ---------------------------------------------------------------- readers


_MARKER = re.compile(r"[ \t]*date[ \t]+(\d{4}(?:-\d{1,2}){0,2})(?=\s|$)")


def _read_txt(src: _Source, gz: bool) -> Iterator[Item]:
    """A seed-format file: optional " date YYYY-MM" marker, then the body."""
    try:
        text = _read_text_whole(src, gz, MAX_ARTICLE_BYTES)
    except _READ_ERRORS as exc:
        yield _failure(src, exc)
        return
    text = text.lstrip("\ufeff")
    date = None
    marker = _MARKER.match(text)
    if marker:
        date = parse_date(marker.group(1))
        text = text[marker.end() :]
    body = text.strip()
    if not body:
        yield Skipped(src.display, "no body")
        return
    yield _finish(Article(id=src.txt_id, body=body, date=date, origin=src.display))


def _read_jsonl(src: _Source, gz: bool, mapping: dict[str, tuple[str, ...]]) -> Iterator[Item]:
    """One object per line, streamed with bounded memory; blank lines ignored."""
    lines: _Lines | None = None
    try:
        with _open_lines(src.path, gz) as lines:
            seen = False
            while True:
                try:
                    line = next(lines)
                except StopIteration:
                    break
                except _TooLarge as exc:
                    seen = True
                    yield Skipped(_at(src.display, exc.args[0]), _too_large(exc.args[1]))
                    continue
                if line.strip():
                    seen = True
                    yield _from_json_line(line, _at(src.display, lines.lineno), mapping)
            if not seen:
                yield Skipped(src.display, "empty file")
    except _READ_ERRORS as exc:
        yield _failure(src, exc, lines.lineno + 1 if lines and lines.lineno else None)


def _from_json_line(line: str, origin: str, mapping: dict[str, tuple[str, ...]]) -> Item:
    if _UNDECODED.search(line):
        return Skipped(origin, DECODE_FAILED)
    try:
        value = json.loads(line.rstrip("\r\n"))  # a cut line: "Unterminated string", not "control character"
    except json.JSONDecodeError as exc:
        return Skipped(origin, f"not valid JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return Skipped(origin, "not valid JSON: nested too deeply")
    if not isinstance(value, dict):
        return Skipped(origin, f"not a JSON object (got {_json_type(value)})")
    return _record(value, mapping, origin)


def _read_json(src: _Source, gz: bool, mapping: dict[str, tuple[str, ...]]) -> Iterator[Item]:
    """A whole JSON document: an array, one object, or an object wrapping an array."""
    try:
        text = _read_text_whole(src, gz)
    except _READ_ERRORS as exc:
        yield _failure(src, exc)
        return
    try:
        value = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            yield from _json_lines_in(text, src, mapping)  # JSON Lines saved as .json
        else:
            yield Skipped(_at(src.display, exc.lineno), f"not valid JSON: {exc.msg} (column {exc.colno})")
        return
    except RecursionError:
        yield Skipped(src.display, "not valid JSON: nested too deeply")
        return
    yield from _json_items(value, src, mapping)


def _json_lines_in(text: str, src: _Source, mapping: dict[str, tuple[str, ...]]) -> Iterator[Item]:
    for lineno, line in enumerate(text.split("\n"), 1):
        if line.strip():
            yield _from_json_line(line, _at(src.display, lineno), mapping)


def _json_items(value: Any, src: _Source, mapping: dict[str, tuple[str, ...]]) -> Iterator[Item]:
    if isinstance(value, dict):
        items = _find_list(value, mapping)
        if items is None:
            yield _record(value, mapping, src.display)
            return
    elif isinstance(value, list):
        items = value
    else:
        yield Skipped(src.display, f"not a JSON object or array (got {_json_type(value)})")
        return
    if not items:
        yield Skipped(src.display, "no items (empty array)")
    for n, item in enumerate(items, 1):
        origin = f"{src.display}:item {n}"
        if isinstance(item, dict):
            yield _record(item, mapping, origin)
        else:
            yield Skipped(origin, f"not a JSON object (got {_json_type(item)})")


def _find_list(obj: dict, mapping: dict[str, tuple[str, ...]], depth: int = 0) -> list | None:
    """The article list inside a wrapper object such as {"articles": [...]}, or None for a record."""
    if depth > 3 or _has_field(obj, mapping["body"]):
        return None
    for key in _LIST_KEYS:
        value = obj.get(key)
        if isinstance(value, list):
            return value
        if isinstance(value, dict) and (found := _find_list(value, mapping, depth + 1)) is not None:
            return found
    lists = [v for v in obj.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
    return lists[0] if len(lists) == 1 else None


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    names = {dict: "object", list: "array", str: "string", int: "number", float: "number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _read_csv(src: _Source, gz: bool, mapping: dict[str, tuple[str, ...]]) -> Iterator[Item]:
    """A header row, then one article per row, streamed; dotted header names are plain names."""
    csv.field_size_limit(MAX_ARTICLE_BYTES)
    line = 0
    try:
        with _open_lines(src.path, gz) as lines:
            reader = csv.reader(lines)
            header: list[str] | None = None
            while True:
                line = lines.lineno + 1
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except _TooLarge as exc:
                    if exc.args[2]:  # a quoted field goes on in the next lines
                        _read_past_quoted(lines)
                    yield Skipped(_at(src.display, exc.args[0]), _too_large(exc.args[1]))
                    continue
                except csv.Error as exc:
                    if "field limit" not in str(exc):
                        yield Skipped(_at(src.display, line), f"bad CSV row: {exc}")
                        continue
                    _read_past_quoted(lines)
                    yield Skipped(_at(src.display, line), _too_large(None))
                    continue
                if not row:
                    continue
                if header is None:
                    header = [name.strip().lstrip("\ufeff") for name in row]
                    problem = _header_problem(header, mapping)
                    if problem:
                        yield Skipped(_at(src.display, line), problem)
                        return
                    continue
                yield _from_csv_row(row, header, _at(src.display, line), mapping)
            if header is None:
                yield Skipped(src.display, "empty file")
    except _READ_ERRORS as exc:
        yield _failure(src, exc, line)


def _read_past_quoted(lines: _Lines) -> None:
    """After a quoted field over the limit: skip its other lines, up to the closing quote.

    Escaped quotes come in pairs, so the first line with an odd number of
    quotes closes the field; the rest of that line belongs to the skipped row.
    """
    while True:
        try:
            if next(lines).count('"') % 2:
                return
        except _TooLarge as exc:
            if exc.args[2]:
                return
        except StopIteration:
            return


def _header_problem(header: list[str], mapping: dict[str, tuple[str, ...]]) -> str | None:
    """Why the header cannot give articles (undecodable, no body column), or None."""
    if any(_UNDECODED.search(name) for name in header):
        return DECODE_FAILED
    if not any(path in header for path in mapping["body"]):
        return (
            f"no body column: header has {', '.join(header)}; looked for "
            f"{', '.join(mapping['body'])} (map another with body=NAME)"
        )
    return None


def _from_csv_row(
    row: list[str], header: list[str], origin: str, mapping: dict[str, tuple[str, ...]]
) -> Item:
    if any(_UNDECODED.search(cell) for cell in row):
        return Skipped(origin, DECODE_FAILED)
    if len(row) != len(header):
        cells = f"{len(row)} field" + ("s" if len(row) != 1 else "")
        return Skipped(origin, f"row has {cells}, header has {len(header)}")
    return _record(dict(zip(header, row, strict=True)), mapping, origin)


# ---------------------------------------------------------------- records


def _lookup(obj: Any, path: str) -> Any:
    """obj[path] if that key exists, else the dotted path (list indices allowed); _MISSING if absent."""
    if isinstance(obj, dict) and path in obj:
        return obj[path]
    current = obj
    for part in path.split("."):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return _MISSING
    return current


def _has_field(obj: dict, paths: tuple[str, ...]) -> bool:
    return any(_lookup(obj, path) is not _MISSING for path in paths)


def _text(value: Any, joiner: str = ", ") -> str:
    """A field value as text: strings as they are, numbers written out, lists joined."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, list):
        parts = [_text(item) for item in value if not isinstance(item, (list, dict))]
        return joiner.join(part for part in parts if part.strip())
    return ""


def _is_blank(text: str) -> bool:
    """Empty, or a crawler's placeholder such as "Unknown" (91 VnExpress records are all "Unknown")."""
    return text.strip().lower() in _PLACEHOLDERS


def _first_text(obj: dict, paths: tuple[str, ...], joiner: str = ", ") -> str:
    for path in paths:
        text = _text(_lookup(obj, path), joiner)
        if not _is_blank(text):
            return text
    return ""


def _body(obj: dict, paths: tuple[str, ...]) -> tuple[str, str]:
    """(body, "") or ("", problem) where problem is "empty" or a reason for the user.

    An empty body may be replaced by the title; a body that is there but is not
    text (an object, a list of objects) must not be, or its content would be lost.
    """
    present: list[Any] = []
    for path in paths:
        value = _lookup(obj, path)
        if value is _MISSING:
            continue
        text = _text(value, "\n\n")
        if not _is_blank(text):
            return text, ""
        present.append(value)
    if not present:
        return "", f"no body field (looked for {', '.join(paths)})"
    for value in present:
        if isinstance(value, dict) or (
            isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value)
        ):
            kind = "an object" if isinstance(value, dict) else "a list of objects"
            return "", f"body is not text but {kind}: map the text with body=PATH"
    return "", "empty"


def _first_date(obj: dict, paths: tuple[str, ...]) -> PartialDate | None:
    """The first candidate that parses: a placeholder like "Unknown" must not hide a real date."""
    for path in paths:
        value = _lookup(obj, path)
        if isinstance(value, (str, int)) and (date := parse_date(value)) is not None:
            return date
    return None


def _tags(obj: dict, paths: tuple[str, ...]) -> list[str]:
    """Tags from a list, or from a string separated by '|', ',' or ';'; duplicates dropped."""
    for path in paths:
        value = _lookup(obj, path)
        if isinstance(value, str):
            parts = re.split(r"[|,;]", value)
        elif isinstance(value, list):
            parts = [_text(item) for item in value if not isinstance(item, (list, dict))]
        else:
            continue
        tags = list(dict.fromkeys(part.strip() for part in parts if not _is_blank(part)))
        if tags:
            return tags
    return []


def _record(obj: dict, mapping: dict[str, tuple[str, ...]], origin: str) -> Item:
    """An Article from one record, or why not."""
    body, problem = _body(obj, mapping["body"])
    title = _first_text(obj, mapping["title"]).strip()
    url = _first_text(obj, mapping["url"]).strip()
    if problem == "empty" and title:
        body, title = title, ""  # the title holds the whole text (VNTC one-line files)
    elif problem == "empty":
        return Skipped(origin, "no body")
    elif problem:
        return Skipped(origin, problem)
    if len(body) > MAX_ARTICLE_BYTES // 4 and (size := _utf8_size(body)) > MAX_ARTICLE_BYTES:
        return Skipped(origin, _too_large(size))
    article = Article(
        id=_first_text(obj, mapping["id"]).strip() or content_id(body, title, url),
        body=body,
        title=title,
        lead=_first_text(obj, mapping["lead"], "\n\n").strip(),
        date=_first_date(obj, mapping["date"]),
        url=url,
        source=_first_text(obj, mapping["source"]).strip(),
        author=_first_text(obj, mapping["author"]).strip(),
        tags=_tags(obj, mapping["tags"]),
        origin=origin,
    )
    return _finish(article)


def content_id(body: str, title: str = "", url: str = "") -> str:
    """A stable id for a record without one: 16 hex digits of sha1 over url, title and body.

    The text is NFC-normalised and its spaces collapsed, so re-encoding a dump
    keeps the ids.  Title and url take part because crawls hold distinct
    articles with the same short body (VnExpress video pages whose body is
    only the editor's name); exact duplicates still share an id.
    """
    parts = (url, title, body)
    normal = "\n".join(" ".join(unicodedata.normalize("NFC", part).split()) for part in parts)
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()[:16]


def _finish(article: Article) -> Article:
    """Entities a crawl left decoded ("lúc&nbsp11h"), and a title for an untitled article.

    The id was taken before, from the text as read, so that ids stay stable.
    """
    article.body = decode_entities(article.body)
    article.title = decode_entities(article.title)
    article.lead = decode_entities(article.lead)
    article.source = decode_entities(article.source)
    article.author = decode_entities(article.author)
    article.tags = [decode_entities(tag) for tag in article.tags]
    if not article.title:
        article.title = derive_title(article.body)
        article.title_derived = True
    return article


# ---------------------------------------------------------------- titles


_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+[\"'“‘(\[]*(\w)")
_INNER_BREAK = re.compile(r"(?<!\.)[.!?]\s")
# The token a full stop ends: "TP.", "PGS.TS.", "N.V.K.", "(ThS."
_LAST_TOKEN = re.compile(r"(?:^|[\s(])([^\s(]+)\.$")
_TITLE_ABBREVIATIONS = Path(__file__).with_name("data") / "title_abbreviations.txt"
# A photo caption or credit line that opens many crawled bodies:
# "... tại Ấn Độ (Ảnh: Reuters).", "(Ảnh minh họa)", "Ảnh: Tiến Tuấn", "Nguồn: AP",
# "Ảnh minh họa đĩa bay ...".
_CAPTION = re.compile(
    r"(?:\(\s*(?:Ảnh|Hình|Hình ảnh|Video|Clip|Đồ họa|Đồ hoạ|Nguồn|Photo)\b[^()]*\)"
    r"|(?:^|\s)(?:Ảnh|Nguồn|Photo)\s*:\s*[^.:]{1,60})\s*\.?$"
    r"|^(?:Ảnh|Hình)\s+minh\s+(?:họa|hoạ)\b",
    re.IGNORECASE,
)


def _read_abbreviations(path: Path) -> frozenset[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


_ABBREVIATIONS = _read_abbreviations(_TITLE_ABBREVIATIONS)


def derive_title(body: str) -> str:
    """A title for an untitled article: its headline line if it has one, else its first sentence.

    Photo captions and credits that open a crawled body are passed over: the
    article starts after them.
    """
    lines = [line.strip() for line in body.strip().split("\n") if line.strip()]
    while len(lines) > 1 and is_caption(lines[0]):
        lines.pop(0)
    if not lines:
        return ""
    first = lines[0]
    if len(lines) > 1 and _is_headline(first):
        return first
    return _shorten(_first_sentence(first))


def is_caption(line: str) -> bool:
    """A photo caption or a credit: "... (Ảnh: Reuters).", "Ảnh: Tiến Tuấn"."""
    return bool(_CAPTION.search(line))


def _is_headline(line: str) -> bool:
    return (
        0 < len(line) <= HEADLINE_MAX
        and not _INNER_BREAK.search(line)
        and (line.endswith("...") or line[-1] not in ".:;,")
    )


def _first_sentence(paragraph: str) -> str:
    """Text up to the first sentence end, not fooled by "TP. HCM", "PGS.TS. Nguyễn", "N.V.K. (2 tuổi)" or "2.000"."""
    for match in _SENTENCE_END.finditer(paragraph):
        starts_sentence = match.group(1).isupper() or match.group(1).isdigit()
        after_abbreviation = match.group().startswith(".") and _ends_with_abbreviation(
            paragraph[: match.start() + 1]
        )
        if starts_sentence and not after_abbreviation:
            return _drop_period(paragraph[: match.start() + len(match.group().split()[0])])
    return _drop_period(paragraph)


def _ends_with_abbreviation(text: str) -> bool:
    """Does ``text`` end with a full stop that belongs to an abbreviation?

    "TP.", "UBND.", "GS. TS.": one to four capitals or a listed title alone.
    "PGS.TS.", "N.V.K.": dotted parts ending in an initial or a listed title.
    "TP.HCM." may end a sentence: a place, not a title before a name.
    """
    match = _LAST_TOKEN.search(text)
    if not match:
        return False
    parts = match.group(1).split(".")
    last = parts[-1]
    if len(parts) == 1:
        return last in _ABBREVIATIONS or (last.isupper() and last.isalpha() and len(last) <= 4)
    return (len(last) == 1 and last.isupper()) or last in _ABBREVIATIONS


def _drop_period(sentence: str) -> str:
    """Titles end without a full stop; "?", "!" and "…" stay."""
    sentence = sentence.rstrip()
    return sentence[:-1] if sentence.endswith(".") and not sentence.endswith("..") else sentence


def _shorten(text: str) -> str:
    """At most TITLE_MAX chars, cut at a word boundary with "…"."""
    text = " ".join(text.split())
    if len(text) <= TITLE_MAX:
        return text
    cut = text[: TITLE_MAX - 1]
    space = cut.rfind(" ")
    if space > TITLE_MAX // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"
