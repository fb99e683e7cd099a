"""The baseline: SQLite FTS5 (``unicode61 remove_diacritics 2``, bm25) on the same articles.

    python -m benchmarks fts5 DB PATH...     # index PATH (read like vnsearch index), print a JSON summary

The one FTS5 baseline of the package: ``bench`` (speed, with its own query
set) and ``relevance`` (``fts5-or``, ``fts5-and-or``) both build and ask it here.

Articles are read with ``search.corpus.read_paths`` (the reader the ingest
uses), their text NFC-normalised (FTS5 folds accents only on precomposed
letters) and inserted, title and body (lead before body), in one transaction,
then merged with FTS5's ``optimize``. The relevance benchmark's documents
have a body only (already NFC); their title is left empty, which bm25 does
not see (it counts a row's tokens over all columns).

Queries: the same query words as ours (runs of word characters in the NFC
text), each quoted so FTS5 reads no syntax in them, **OR-ed**; a "quoted
phrase" becomes an FTS5 phrase; a speaker filter becomes ``AND`` the
speaker's name as a phrase (FTS5 knows no speakers: articles that mention
the name); a year filter a ``year =`` condition. Each query returns the
total (``count(*)``, as our page shows one) and the top 10 by ``bm25`` with
their title and a ``snippet()``. The relevance benchmark asks plain text,
OR-ed, or AND-ed and filled up with the OR answers (:meth:`Fts5Searcher.rank`).
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import time
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from search.corpus import Article, read_paths

from .queryset import Query

SNIPPET = "snippet(docs, -1, '<mark>', '</mark>', '…', 24)"
SCHEMA = (
    "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, year UNINDEXED, title, body, "
    "tokenize = 'unicode61 remove_diacritics 2')"
)
Row = tuple[str, int | None, str, str]  # id, year, title, body


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", nfc(text))


def quoted_words(text: str) -> list[str]:
    """Query words, each quoted so FTS5 reads no syntax in them."""
    return [f'"{w}"' for w in words(text)]


def or_expression(text: str) -> str:
    return " OR ".join(quoted_words(text))


def and_expression(text: str) -> str:
    return " ".join(quoted_words(text))


def match_expression(query: Query) -> str:
    """The FTS5 MATCH expression of one of our queries (see the module docstring)."""
    text = query.q.strip()
    if query.kind == "phrase" or (text.startswith('"') and text.endswith('"')):
        terms = words(text)
        expression = f'"{" ".join(terms)}"' if terms else ""
    else:
        expression = or_expression(text)
    for name in query.speakers:
        name_words = words(name)
        if name_words:
            phrase = f'"{" ".join(name_words)}"'
            expression = f"({expression}) AND {phrase}" if expression else phrase
    return expression


def write(db_path: Path, rows: Iterable[Row]) -> None:
    """A new database file holding ``rows`` (NFC text), in one transaction, then optimised."""
    db_path.unlink(missing_ok=True)
    db = sqlite3.connect(db_path)
    try:
        db.execute(SCHEMA)
        with db:
            db.executemany("INSERT INTO docs (id, year, title, body) VALUES (?, ?, ?, ?)", rows)
            db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    finally:
        db.close()


def build(db_path: Path, paths: list[Path]) -> dict:
    """Index the articles under ``paths`` into a new database file; a summary."""
    started = time.perf_counter()
    stats = {"documents": 0, "skipped": 0, "bytes": 0}

    def rows():
        for item in read_paths(paths):
            if not isinstance(item, Article):
                stats["skipped"] += 1
                continue
            title = nfc(item.title)
            body = "\n".join(t for t in (nfc(item.lead), nfc(item.body)) if t)
            stats["documents"] += 1
            stats["bytes"] += len(title.encode("utf-8")) + len(body.encode("utf-8"))
            yield item.id, item.date.year if item.date else None, title, body

    write(db_path, rows())
    seconds = time.perf_counter() - started
    return {**stats, "megabytes": round(stats["bytes"] / 1e6, 3), "seconds": round(seconds, 3)}


class Fts5Searcher:
    """Answers our queries on a database written by :func:`build`."""

    def __init__(self, db_path: Path) -> None:
        if not Path(db_path).is_file():
            raise FileNotFoundError(f"No FTS5 database at {db_path}: run the ingest stage first.")
        self.db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, check_same_thread=False)

    @property
    def doc_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM docs").fetchone()[0]

    def search(self, query: Query, limit: int = 10) -> tuple[int, list[tuple[str, str, str]]]:
        """(total, top ``limit`` as (id, title, snippet))."""
        expression = match_expression(query)
        if not expression:
            return 0, []
        where, params = "docs MATCH ?", [expression]
        if query.year is not None:
            where += " AND year = ?"
            params.append(query.year)
        total = self.db.execute(f"SELECT count(*) FROM docs WHERE {where}", params).fetchone()[0]
        sql = f"SELECT id, title, {SNIPPET} FROM docs WHERE {where} ORDER BY bm25(docs) LIMIT ?"
        return total, self.db.execute(sql, [*params, limit]).fetchall()

    def ids(self, expression: str, limit: int = 10) -> list[str]:
        """The top ``limit`` ids by bm25 for a MATCH expression."""
        if not expression:
            return []
        sql = "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?"
        return [row[0] for row in self.db.execute(sql, (expression, limit))]

    def rank(self, text: str, limit: int = 10, and_first: bool = False) -> list[str]:
        """Top ids for plain text: its words OR-ed, or (``and_first``) AND-ed and filled
        up with the OR answers, as the relevance benchmark's two FTS5 rows ask."""
        if not and_first:
            return self.ids(or_expression(text), limit)
        ranked = self.ids(and_expression(text), limit)
        if len(ranked) < limit:
            ranked += [d for d in self.ids(or_expression(text), limit) if d not in ranked]
        return ranked[:limit]

    def close(self) -> None:
        self.db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks fts5", description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("paths", type=Path, nargs="+")
    args = parser.parse_args(argv)
    print(json.dumps(build(args.db, args.paths)))
    return 0
