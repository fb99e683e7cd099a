"""A record (a JSON object or a CSV row) to an ``Article``: fields, body, date, tags, id.

Record fields: see ``DEFAULT_FIELDS``; the first non-empty value wins and
``fields`` replaces the candidates of a field with one dotted path (a literal
key "x.y" first, else obj["x"]["y"]).  Crawler placeholders ("Unknown", "N/A",
"null", "none", "undefined", "nan") count as empty.  The date is the first
candidate that parses.  Tags come from a list, or from a string split on "|",
"," or ";"; ``keywords`` is a fallback for ``tags`` (24h exports use it).
The source falls back to the url's host ("vnexpress.net"); the section
(Dân Trí's ``category``, 24h's ``category.primary``, VNTC's ``topic``) is
offered as a facet beside it.

Ids: a given id, as text (42 -> "42").  A .txt file's id is its path relative
to the folder given (``seeds/000_x.txt`` when "corpora" was given; the file
name when the file itself was given).  A record without id gets
``content_id``: a hash of its url, title and body, stable across runs.

A record whose body field is present but empty while its title holds text is
read with the title as its text (VNTC stores 1,550 one-line articles that way);
a record with no text at all, or with none of the body fields, is skipped.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from search.corpus import decode
from search.corpus.article import Article, Item, Skipped
from search.corpus.boilerplate import strip_boilerplate
from search.corpus.decode import too_large, utf8_size
from search.corpus.titles import derive_title
from search.errors import ConfigError
from search.vietnamese.dates import PartialDate, parse_date
from search.vietnamese.markup import split_title, strip_markup
from search.vietnamese.text import decode_entities

FIELD_NAMES = ("id", "title", "date", "body", "lead", "url", "source", "section", "author", "tags")

DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "title": ("title", "headline"),
    "date": ("date", "published_at", "published"),
    "body": ("body", "content", "content.text", "text"),
    "lead": ("lead", "sapo", "summary", "abstract", "description"),
    "url": ("url", "link"),
    "source": ("source", "source.name", "publisher"),
    "section": ("section", "category", "category.primary", "topic"),
    "author": ("author", "authors"),
    "tags": ("tags", "keywords"),
}

_MISSING = object()
_PLACEHOLDERS = {"", "unknown", "n/a", "null", "none", "undefined", "nan"}
_PLACEHOLDER_MAX = max(map(len, _PLACEHOLDERS))  # lower() never shortens: longer text is no placeholder


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


def field_mapping(fields: Mapping[str, str] | None) -> dict[str, tuple[str, ...]]:
    """The candidate paths of every field: ``DEFAULT_FIELDS`` with the user's ``fields`` in place."""
    mapping = dict(DEFAULT_FIELDS)
    for name, path in (fields or {}).items():
        if name not in FIELD_NAMES:
            raise ConfigError(f"unknown field {name!r}; use one of {', '.join(FIELD_NAMES)}")
        if not isinstance(path, str) or not path.strip():
            raise ConfigError(f"field {name!r} needs a non-empty path, e.g. {name}=meta.{name}")
        mapping[name] = (path.strip(),)
    return mapping


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


def has_field(obj: dict, paths: tuple[str, ...]) -> bool:
    """Is any of the paths there, even empty?"""
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
    text = text.strip()
    return len(text) <= _PLACEHOLDER_MAX and text.lower() in _PLACEHOLDERS


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


def record(obj: dict, mapping: dict[str, tuple[str, ...]], origin: str) -> Item:
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
    if len(body) > decode.MAX_ARTICLE_BYTES // 4 and (size := utf8_size(body)) > decode.MAX_ARTICLE_BYTES:
        return Skipped(origin, too_large(size))
    article = Article(
        id=_first_text(obj, mapping["id"]).strip() or content_id(body, title, url),
        body=body,
        title=title,
        lead=_first_text(obj, mapping["lead"], "\n\n").strip(),
        date=_first_date(obj, mapping["date"]),
        url=url,
        source=_first_text(obj, mapping["source"]).strip() or source_of_url(url),
        section=_first_text(obj, mapping["section"]).strip(),
        author=_first_text(obj, mapping["author"]).strip(),
        tags=_tags(obj, mapping["tags"]),
        origin=origin,
    )
    return finish(article)


def source_of_url(url: str) -> str:
    """The site an article came from when no source is given: "https://www.vnexpress.net/x" → "vnexpress.net"."""
    host = urlsplit(url.strip()).hostname if "//" in url else None
    if not host or "." not in host:
        return ""
    return host.removeprefix("www.")


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


def finish(article: Article) -> Article:
    """HTML a crawl stored taken out (:mod:`search.vietnamese.markup`), entities decoded
    ("lúc&nbsp11h"), links and notices a crawl left taken out of the body
    (:mod:`search.corpus.boilerplate`), and a title for an untitled article.

    A title stored as HTML keeps its first line; what the page put after it (a date line, the
    lead) opens the body, and a date line dates an undated article.
    The id was taken before, from the text as read, so that ids stay stable.
    """
    body = strip_markup(article.body)
    title, after = split_title(article.title)
    if after:
        kept = []
        for line in after.split("\n"):
            when = parse_date(line) if len(line) <= 40 else None
            if when is None:
                kept.append(line)
            elif article.date is None:
                article.date = when
        body = "\n".join(kept + [body]) if kept else body
    article.body = strip_boilerplate(decode_entities(body))
    article.title = decode_entities(title)
    article.lead = decode_entities(article.lead)
    article.source = decode_entities(article.source)
    article.section = decode_entities(article.section)
    article.author = decode_entities(article.author)
    article.tags = [decode_entities(tag) for tag in article.tags]
    if not article.title:
        article.title = derive_title(article.body)
        article.title_derived = True
    return article
