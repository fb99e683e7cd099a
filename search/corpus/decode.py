"""Bytes to text: the file's encoding, bad bytes, and the size an article may have.

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
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import re
import unicodedata
import zlib
from collections.abc import Iterator
from pathlib import Path

from search.corpus.article import Skipped
from search.corpus.files import Source, os_reason
from search.vietnamese.encodings import LEGACY, NFC_CODECS, sniff

DECODE_FAILED = "cannot decode as UTF-8/UTF-16"
# A news article is 5-50 KB; a whole law is under 1 MB.  Over 5 MB is a dump
# that was not split, and one giant "article" would match every query.
# The other modules read it as decode.MAX_ARTICLE_BYTES, so one value holds everywhere.
MAX_ARTICLE_BYTES = 5_000_000
UNDECODED = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8 (surrogateescape)
_SNIFF_BYTES = 65536  # enough words to tell Windows-1258 from TCVN3 from Latin-1


class _Unreadable(Exception):
    """The whole file cannot be read; the message is the reason for the user."""


class TooLarge(Exception):
    """One line is longer than an article may be; args: (line number, size in bytes, odd quotes)."""


READ_ERRORS = (OSError, EOFError, zlib.error, UnicodeDecodeError, _Unreadable)


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
        return os_reason("cannot read", exc)
    return str(exc)


def too_large(nbytes: int | None) -> str:
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
        raise _Unreadable(os_reason("cannot open", exc)) from None


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


class Lines:
    """The lines of a text stream, read in pieces so that memory stays bounded.

    A line over ``MAX_ARTICLE_BYTES`` is read past, never held whole, and
    raises TooLarge; the next call goes on with the following line, so
    csv.reader and the JSON Lines loop can skip it and continue.  Text from a
    legacy codec (combining tone marks) is NFC-normalised line by line.
    """

    PIECE = 1 << 20  # characters: 4 MB of UTF-8 at most, so a one-piece line is never too large

    def __init__(self, stream: io.TextIOWrapper, nfc: bool) -> None:
        self.stream = stream
        self.nfc = nfc
        self.lineno = 0

    def __iter__(self) -> Lines:
        return self

    def __next__(self) -> str:
        last = self.stream.readline(self.PIECE)
        if not last:
            raise StopIteration
        self.lineno += 1
        if len(last) < self.PIECE or last.endswith(("\n", "\r")):
            return self._normal(last)
        pieces: list[str] | None = [last]
        size, quotes = utf8_size(last), last.count('"')
        while not last.endswith(("\n", "\r")):
            last = self.stream.readline(self.PIECE)
            if not last:
                break
            size, quotes = size + utf8_size(last), quotes + last.count('"')
            if size > MAX_ARTICLE_BYTES:
                pieces = None
            elif pieces is not None:
                pieces.append(last)
        if pieces is None:
            raise TooLarge(self.lineno, size, quotes % 2 == 1)
        return self._normal("".join(pieces))

    def _normal(self, line: str) -> str:
        return unicodedata.normalize("NFC", line) if self.nfc else line


def utf8_size(text: str) -> int:
    """Bytes of ``text`` in UTF-8: the unit of ``MAX_ARTICLE_BYTES``."""
    return len(text.encode("utf-8", "surrogatepass"))


@contextlib.contextmanager
def open_lines(path: Path, gz: bool) -> Iterator[Lines]:
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
        yield Lines(stream, codec in NFC_CODECS)


def read_text_whole(src: Source, gz: bool, limit: int | None = None) -> str:
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
                raise _Unreadable(too_large(size))
            data += binary.read(max(0, cap + 1 - len(data)))
            if len(data) > cap:
                raise _Unreadable(too_large(None))
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
    if limit is not None and len(text) > limit // 4 and (size := utf8_size(text)) > limit:
        raise _Unreadable(too_large(size))
    return text


def origin_at(display: str, line: int | None) -> str:
    """ "path:LINE", or the path alone when the line is unknown."""
    return f"{display}:{line}" if line else display


def failure(src: Source, exc: BaseException, line: int | None = None) -> Skipped:
    """The Skipped for a file that failed, at the line reached when it is known."""
    if isinstance(exc, _Unreadable) and len(exc.args) > 1 and exc.args[1]:
        line = exc.args[1]
    return Skipped(origin_at(src.display, line), _reason(exc))
