"""CSV and JSON writers for search results, shared by the web app and the CLI.

Exports hold every result of a query, not one page, so they are generators:
results are fetched a page at a time and written a batch of rows at a time,
and 80,000 rows never sit in memory together.

CSV is meant for spreadsheets: UTF-8 with a byte-order mark (Excel then
reads Vietnamese correctly), CRLF line ends, and cells that a spreadsheet
would run as a formula (``= + - @``, tab, carriage return) prefixed with
``'`` (OWASP's advice against CSV injection).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any
from urllib.parse import quote

from search.searcher import MAX_LIMIT, Hit, SearchResult
from search.vietnamese.text import fold

__all__ = [
    "BOM",
    "CSV_COLUMNS",
    "all_hits",
    "csv_chunks",
    "export_filename",
    "hit_row",
    "json_chunks",
    "neutralise",
    "permalink",
]

CSV_COLUMNS = (
    "id",
    "date",
    "title",
    "source",
    "section",
    "url",
    "speakers",
    "group",
    "score",
    "snippet",
    "permalink",
)
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_CHUNK = 200


def neutralise(value: Any) -> Any:
    """``'`` before a text cell a spreadsheet would read as a formula; other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def permalink(article_id: str, base_url: str = "") -> str:
    """The article's page on the site: ``base_url`` + ``/article/<id>`` (the id encoded as the router reads it).

    The web passes its own address (absolute links); the CLI, which knows
    no host, leaves ``base_url`` out and gets the path.
    """
    return base_url.rstrip("/") + "/article/" + quote(article_id, safe="/:@!$&'()*+,;=-._~")


def hit_row(hit: Hit, base_url: str = "") -> list[Any]:
    """One CSV row in :data:`CSV_COLUMNS` order, the snippet as plain text, cells neutralised."""
    row = [
        hit.id,
        hit.date or "",
        hit.title,
        hit.source,
        hit.section,
        hit.url,
        "; ".join(hit.speakers),
        hit.group or "",
        "" if hit.score is None else hit.score,
        hit.snippet_text,
        permalink(hit.id, base_url),
    ]
    return [neutralise(cell) for cell in row]


def all_hits(
    search_page: Callable[[int, int], SearchResult],
    page_size: int = MAX_LIMIT,
    first: SearchResult | None = None,
) -> Iterator[Hit]:
    """Every hit of a query, fetched ``page_size`` at a time.

    ``search_page(offset, limit)`` runs the query for one page; ``first`` is
    its result for offset 0 when the caller already has it (to check the
    parameters and learn the total before the response starts).
    """
    offset = 0
    result = first if first is not None else search_page(0, page_size)
    while True:
        yield from result.hits
        offset += len(result.hits)
        if not result.hits or offset >= result.total:
            return
        result = search_page(offset, page_size)


def csv_chunks(hits: Iterable[Hit], bom: bool = True, base_url: str = "") -> Iterator[str]:
    """The CSV text (header first), a batch of rows per chunk; permalinks under ``base_url``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if bom:
        buf.write(BOM)
    writer.writerow(CSV_COLUMNS)
    rows = 0
    for hit in hits:
        writer.writerow(hit_row(hit, base_url))
        rows += 1
        if rows % ROWS_PER_CHUNK == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def json_chunks(hits: Iterable[Hit], head: dict[str, Any], base_url: str = "") -> Iterator[str]:
    """One JSON object: ``head``'s keys, then ``"hits": [...]`` written hit by hit.

    Each hit is the object of the search JSON contract (snippet as HTML)
    and its ``permalink`` (see :func:`permalink`).
    """
    opening = json.dumps(head, ensure_ascii=False)[:-1]
    yield opening + (", " if head else "") + '"hits": ['
    batch: list[str] = []
    first = True
    for hit in hits:
        row = {**hit.as_dict(), "permalink": permalink(hit.id, base_url)}
        batch.append(("\n" if first else ",\n") + json.dumps(row, ensure_ascii=False))
        first = False
        if len(batch) >= ROWS_PER_CHUNK:
            yield "".join(batch)
            batch = []
    yield "".join(batch) + "\n]}\n"


def export_filename(query: str, extension: str, today: date | None = None) -> str:
    """``vnsearch-cong-an-ha-noi-2025-01-31.csv``: ASCII, from the query's folded words."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(query).lower()).strip("-")[:60].strip("-")
    day = (today or date.today()).isoformat()
    return f"vnsearch-{slug or 'tat-ca'}-{day}.{extension}"
