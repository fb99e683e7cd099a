"""Read article files into ``Article`` records, reporting every bad item as ``Skipped``.

Users point ``vnsearch index`` at real archives: folders of text files, JSON
Lines dumps, JSON arrays from crawlers, CSV exports, often gzipped.  One bad
line must not cost the rest of the file, and the user must learn exactly which
item was lost and why, so ``read_paths`` yields an ``Article`` or a ``Skipped``
(origin "path", "path:LINE" or "path:item N") for everything it meets and
raises only for programming errors or a bad ``fields`` mapping.

The stages, one module each: :mod:`.files` (paths, folders, file kinds),
:mod:`.decode` (bytes to text, encodings, the size limit), :mod:`.formats`
(the readers: .txt, JSON Lines, JSON, CSV, each optionally .gz),
:mod:`.records` (a record to an ``Article``: fields, body, date, tags, id) and
:mod:`.titles` (a title and a lead derived from the body); :mod:`.article` holds what
they yield.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from search.corpus.article import Article, Item, Skipped
from search.corpus.decode import DECODE_FAILED, MAX_ARTICLE_BYTES
from search.corpus.files import SUPPORTED, Source, walk
from search.corpus.formats import read_file
from search.corpus.records import (
    DEFAULT_FIELDS,
    FIELD_NAMES,
    content_id,
    field_mapping,
    parse_field_overrides,
)
from search.corpus.titles import HEADLINE_MAX, TITLE_MAX, derive_lead, derive_title, is_caption

__all__ = [
    "DECODE_FAILED",
    "DEFAULT_FIELDS",
    "FIELD_NAMES",
    "HEADLINE_MAX",
    "MAX_ARTICLE_BYTES",
    "SUPPORTED",
    "TITLE_MAX",
    "Article",
    "Item",
    "Skipped",
    "content_id",
    "derive_lead",
    "derive_title",
    "is_caption",
    "parse_field_overrides",
    "read_paths",
]


def read_paths(
    paths: Iterable[str | Path] | str | Path, fields: Mapping[str, str] | None = None
) -> Iterator[Item]:
    """Yield an Article or a Skipped for every file, line, row or item under ``paths``.

    ``fields`` maps our field names to dotted paths in the records
    (``{"body": "content.text"}``).  A bad mapping raises ConfigError at once;
    bad data never raises.
    """
    mapping = field_mapping(fields)
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return _read_all(paths, mapping)


def _read_all(paths: Iterable[str | Path], mapping: dict[str, tuple[str, ...]]) -> Iterator[Item]:
    for given in paths:
        root = Path(given)
        if str(given) == "":
            yield Skipped("", "no such file or folder")
        elif root.is_dir():
            for entry in walk(root, root, set()):
                if isinstance(entry, Skipped):
                    yield entry
                else:
                    yield from read_file(entry, mapping, explicit=False)
        elif root.is_file() or root.is_symlink():
            yield from read_file(Source(root, str(given), root.name), mapping, explicit=True)
        elif root.exists():
            yield Skipped(str(given), "not a regular file or folder")
        else:
            yield Skipped(str(given), "no such file or folder")
