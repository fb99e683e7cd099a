"""The readers, one per format: .txt, JSON Lines, JSON and CSV, each optionally gzipped.

Formats, from the file name (each may end in ``.gz``):

* ``.txt``: one article per file (the seed format): an optional leading marker
  `` date YYYY-MM`` then the body; the id is the path relative to the folder
  given (or the file name when the file itself was given).
* ``.jsonl`` / ``.ndjson``: one JSON object per line, read line by line.
* ``.json``: an array of objects, one object, or an object holding the array
  under a key such as "articles", "data" or "items" (item N is 1-based).
  A ``.json`` file that is really JSON Lines is read as JSON Lines.
* ``.csv``: a header row, then one article per row, read row by row.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from typing import Any

from search.corpus import decode
from search.corpus.article import Article, Item, Skipped
from search.corpus.decode import (
    DECODE_FAILED,
    READ_ERRORS,
    UNDECODED,
    Lines,
    TooLarge,
    failure,
    open_lines,
    origin_at,
    read_text_whole,
    too_large,
)
from search.corpus.files import SUPPORTED, Source, file_kind, is_quiet, unsupported
from search.corpus.records import finish, has_field, record
from search.vietnamese.dates import parse_date

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


def read_file(src: Source, mapping: dict[str, tuple[str, ...]], explicit: bool) -> Iterator[Item]:
    """The file's items, from the reader for its type; other types are reported unless quiet and not named."""
    suffix, gz = file_kind(src.path.name)
    if suffix not in SUPPORTED:
        if explicit or not is_quiet(src.path.name):
            yield Skipped(src.display, unsupported(suffix, gz))
        return
    if suffix == ".txt":
        yield from _read_txt(src, gz)
    elif suffix == ".json":
        yield from _read_json(src, gz, mapping)
    elif suffix == ".csv":
        yield from _read_csv(src, gz, mapping)
    else:
        yield from _read_jsonl(src, gz, mapping)


_MARKER = re.compile(r"[ \t]*date[ \t]+(\d{4}(?:-\d{1,2}){0,2})(?=\s|$)")


def _read_txt(src: Source, gz: bool) -> Iterator[Item]:
    """A seed-format file: optional " date YYYY-MM" marker, then the body."""
    try:
        text = read_text_whole(src, gz, decode.MAX_ARTICLE_BYTES)
    except READ_ERRORS as exc:
        yield failure(src, exc)
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
    yield finish(Article(id=src.txt_id, body=body, date=date, origin=src.display))


def _read_jsonl(src: Source, gz: bool, mapping: dict[str, tuple[str, ...]]) -> Iterator[Item]:
    """One object per line, streamed with bounded memory; blank lines ignored."""
    lines: Lines | None = None
    try:
        with open_lines(src.path, gz) as lines:
            seen = False
            while True:
                try:
                    line = next(lines)
                except StopIteration:
                    break
                except TooLarge as exc:
                    seen = True
                    yield Skipped(origin_at(src.display, exc.args[0]), too_large(exc.args[1]))
                    continue
                if line.strip():
                    seen = True
                    yield _from_json_line(line, origin_at(src.display, lines.lineno), mapping)
            if not seen:
                yield Skipped(src.display, "empty file")
    except READ_ERRORS as exc:
        yield failure(src, exc, lines.lineno + 1 if lines and lines.lineno else None)


def _from_json_line(line: str, origin: str, mapping: dict[str, tuple[str, ...]]) -> Item:
    if UNDECODED.search(line):
        return Skipped(origin, DECODE_FAILED)
    try:
        value = json.loads(line.rstrip("\r\n"))  # a cut line: "Unterminated string", not "control character"
    except json.JSONDecodeError as exc:
        return Skipped(origin, f"not valid JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return Skipped(origin, "not valid JSON: nested too deeply")
    if not isinstance(value, dict):
        return Skipped(origin, f"not a JSON object (got {_json_type(value)})")
    return record(value, mapping, origin)


def _read_json(src: Source, gz: bool, mapping: dict[str, tuple[str, ...]]) -> Iterator[Item]:
    """A whole JSON document: an array, one object, or an object wrapping an array."""
    try:
        text = read_text_whole(src, gz)
    except READ_ERRORS as exc:
        yield failure(src, exc)
        return
    try:
        value = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            yield from _json_lines_in(text, src, mapping)  # JSON Lines saved as .json
        else:
            yield Skipped(
                origin_at(src.display, exc.lineno), f"not valid JSON: {exc.msg} (column {exc.colno})"
            )
        return
    except RecursionError:
        yield Skipped(src.display, "not valid JSON: nested too deeply")
        return
    yield from _json_items(value, src, mapping)


def _json_lines_in(text: str, src: Source, mapping: dict[str, tuple[str, ...]]) -> Iterator[Item]:
    for lineno, line in enumerate(text.split("\n"), 1):
        if line.strip():
            yield _from_json_line(line, origin_at(src.display, lineno), mapping)


def _json_items(value: Any, src: Source, mapping: dict[str, tuple[str, ...]]) -> Iterator[Item]:
    if isinstance(value, dict):
        items = _find_list(value, mapping)
        if items is None:
            yield record(value, mapping, src.display)
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
            yield record(item, mapping, origin)
        else:
            yield Skipped(origin, f"not a JSON object (got {_json_type(item)})")


def _find_list(obj: dict, mapping: dict[str, tuple[str, ...]], depth: int = 0) -> list | None:
    """The article list inside a wrapper object such as {"articles": [...]}, or None for a record."""
    if depth > 3 or has_field(obj, mapping["body"]):
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


def _read_csv(src: Source, gz: bool, mapping: dict[str, tuple[str, ...]]) -> Iterator[Item]:
    """A header row, then one article per row, streamed; dotted header names are plain names."""
    csv.field_size_limit(decode.MAX_ARTICLE_BYTES)
    line = 0
    try:
        with open_lines(src.path, gz) as lines:
            reader = csv.reader(lines)
            header: list[str] | None = None
            while True:
                line = lines.lineno + 1
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except TooLarge as exc:
                    if exc.args[2]:  # a quoted field goes on in the next lines
                        _read_past_quoted(lines)
                    yield Skipped(origin_at(src.display, exc.args[0]), too_large(exc.args[1]))
                    continue
                except csv.Error as exc:
                    if "field limit" not in str(exc):
                        yield Skipped(origin_at(src.display, line), f"bad CSV row: {exc}")
                        continue
                    _read_past_quoted(lines)
                    yield Skipped(origin_at(src.display, line), too_large(None))
                    continue
                if not row:
                    continue
                if header is None:
                    header = [name.strip().lstrip("\ufeff") for name in row]
                    problem = _header_problem(header, mapping)
                    if problem:
                        yield Skipped(origin_at(src.display, line), problem)
                        return
                    continue
                yield _from_csv_row(row, header, origin_at(src.display, line), mapping)
            if header is None:
                yield Skipped(src.display, "empty file")
    except READ_ERRORS as exc:
        yield failure(src, exc, line)


def _read_past_quoted(lines: Lines) -> None:
    """After a quoted field over the limit: skip its other lines, up to the closing quote.

    Escaped quotes come in pairs, so the first line with an odd number of
    quotes closes the field; the rest of that line belongs to the skipped row.
    """
    while True:
        try:
            if next(lines).count('"') % 2:
                return
        except TooLarge as exc:
            if exc.args[2]:
                return
        except StopIteration:
            return


def _header_problem(header: list[str], mapping: dict[str, tuple[str, ...]]) -> str | None:
    """Why the header cannot give articles (undecodable, no body column), or None."""
    if any(UNDECODED.search(name) for name in header):
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
    if any(UNDECODED.search(cell) for cell in row):
        return Skipped(origin, DECODE_FAILED)
    if len(row) != len(header):
        cells = f"{len(row)} field" + ("s" if len(row) != 1 else "")
        return Skipped(origin, f"row has {cells}, header has {len(header)}")
    return record(dict(zip(header, row, strict=True)), mapping, origin)
