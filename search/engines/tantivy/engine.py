"""The native engine (Tantivy, Rust): for archives of hundreds of thousands
of articles and more. Optional: ``pip install 'vnsearch[fast]'``.

The Vietnamese analysis stays ours: each indexed field receives our tokens
joined by spaces and Tantivy's ``whitespace`` tokenizer (built in, so nothing
has to be registered again after every open) splits them back, keeping our
positions for phrases. Folding, pairs and words are ours; Tantivy's own
lowercasing and ASCII folding are never used. Snippets are ours too, built
from the stored text, so both engines highlight identically.

Scores match the Whoosh engine's: BM25 with the same k1 and b, and each
term's boost multiplied by the ratio of Whoosh's idf to Tantivy's, so that
the same query tree ranks the same way (:func:`_idf_ratio`). Filters are
zero-score clauses; facets are Tantivy terms aggregations over fast fields,
with exact counts (no per-segment truncation).

Tantivy traps handled here: ``search(limit=0)`` panics (we ask for one hit
and keep the count); its query parser is never used; its snippet generator
is not used (it re-tokenizes stored text).
"""

from __future__ import annotations

import errno
import hashlib
import json
import math
import os
import shutil
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Document, FieldType, Occur, Order, Query

from search.engines.base import Doc, Filters, Page
from search.engines.failures import os_error_code
from search.errors import IndexLocked, IndexNotFound, IndexWriteError, SearchError
from search.fields import PARTS, POSITIONAL_KINDS, field_name
from search.query import tree as qt
from search.vietnamese.analysis import KINDS, tokens

__all__ = ["BATCH_SIZE", "NAME", "Reader", "Sink", "WorkerSide", "clear", "create", "exists"]

NAME = "tantivy"

FOLDER = "tantivy"
MAX_TOKEN_BYTES = 255  # longer "syllables" are junk (base64, URLs glued together)
UNDATED_LAST = 999_999_999_999  # date_old of undated articles: after every date
# Articles a worker analyses before handing them over. Measured on 20,000 VNTC
# articles, 2 workers: batches of 2,000 peaked at 1.05 GB (PSS, whole tree) and
# took 65 s; batches of 250 with the writer below peaked at 0.43 GB in 54 s.
BATCH_SIZE = 250
# One indexing thread and a 128 MB arena: the workers' analysis is the bottleneck
# on 2 cores, and a second writer thread only competes with it.
WRITER_HEAP_MB = 128
WRITER_THREADS = 1
_STORED = "stored"
_FACET_SIZE = 65_535
_SPEAKERS_SHOWN = 50  # search.searcher.SPEAKER_FACET_SIZE
_SPEAKERS_FIRST = 200
_INTEGERS = ("year", "month", "date_new", "date_old", "seq")
# The speaker facet is counted on a number per name: a terms aggregation over
# an integer column is 2.5x faster than over the names themselves (it never
# looks names up), and exact counts need every segment's every term.
_SPEAKER_IDS = "speaker_ids"
# Equal scores (or dates) are ordered by when the article was added, as in
# Whoosh; a few extra hits are fetched so that ties at the page's end are too.
_TIE_MARGIN = 10


def _folder(path: Path) -> Path:
    return path / FOLDER


def exists(path: Path) -> bool:
    return (_folder(path) / "meta.json").is_file()


def make_schema(speaker_ids: bool = True) -> tantivy.Schema:
    """The schema of a new index (``speaker_ids=False``: as made before that field existed)."""
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", tokenizer_name="raw")
    sb.add_text_field("fingerprint", tokenizer_name="raw")
    sb.add_text_field("source", tokenizer_name="raw", fast=True)
    sb.add_text_field("speakers", tokenizer_name="raw", fast=True)
    sb.add_text_field("tags", tokenizer_name="raw")
    for name in _INTEGERS:
        sb.add_integer_field(name, indexed=name in ("year", "month"), fast=True)
    if speaker_ids:
        sb.add_integer_field(_SPEAKER_IDS, indexed=False, fast=True)
    for part in PARTS:
        for kind in KINDS:
            option = "position" if kind in POSITIONAL_KINDS else "freq"
            sb.add_text_field(field_name(part, kind), tokenizer_name="whitespace", index_option=option)
    sb.add_bytes_field(_STORED, stored=True)
    return sb.build()


def create(path: Path) -> None:
    folder = _folder(path)
    folder.mkdir(parents=True, exist_ok=True)
    tantivy.Index(make_schema(), path=str(folder), reuse=False)


def clear(path: Path) -> None:
    shutil.rmtree(_folder(path), ignore_errors=True)


def speaker_id(name: str) -> int:
    """A stable 63-bit number for a speaker's name (the facet is counted on these)."""
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(), "little") >> 1


def _has_field(path: Path, name: str) -> bool:
    """Does the index's schema have this field? (An index made before the field
    existed still opens, and works without it.)"""
    try:
        meta = json.loads((_folder(path) / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return any(f.get("name") == name for f in meta.get("schema", ()))


def _open(path: Path) -> tantivy.Index:
    if not exists(path):
        raise IndexNotFound(f"No index in '{path}'. Build one first: vnsearch index --index {path} PATH...")
    try:
        return tantivy.Index.open(str(_folder(path)))
    except ValueError as exc:
        code = os_error_code(exc)
        if code in (errno.EACCES, errno.EPERM, errno.EROFS):
            # Tantivy locks its table of contents to read it: never suggest a rebuild for that.
            raise IndexWriteError(
                f"Cannot open the index in '{path}': the tantivy engine writes a lock file even to "
                f"read, and '{_folder(path)}' is read-only ({os.strerror(code)}). "
                "Make it writable, or copy the index to a writable folder."
            ) from exc
        raise IndexNotFound(f"Cannot open the index in '{path}': {exc}. Rebuild it with --rebuild.") from exc


# --- reading ---------------------------------------------------------------------


def _whoosh_idf(n: int, total: int) -> float:
    return math.log(total / (n + 1)) + 1.0


def _tantivy_idf(n: int, total: int) -> float:
    return math.log(1.0 + (total - n + 0.5) / (n + 0.5))


class _Compiler:
    """Our query tree as Tantivy queries, for one searcher."""

    def __init__(self, schema: tantivy.Schema, searcher: tantivy.Searcher) -> None:
        self.schema = schema
        self.searcher = searcher
        self.total = max(searcher.num_docs, 1)
        self._df: dict[tuple[str, str], int] = {}

    def df(self, field: str, term: str) -> int:
        key = (field, term)
        n = self._df.get(key)
        if n is None:
            n = self._df[key] = self.searcher.doc_freq(field, term)
        return n

    def _idf_ratio(self, field: str, words: tuple[str, ...]) -> float:
        """Whoosh's idf over Tantivy's: the boost that makes the scores equal."""
        dfs = [self.df(field, w) for w in words]
        if any(n == 0 for n in dfs):
            return 1.0  # matches nothing
        ours = sum(_whoosh_idf(n, self.total) for n in dfs)
        theirs = sum(_tantivy_idf(n, self.total) for n in dfs)
        return ours / theirs if theirs > 0 else 1.0

    def __call__(self, node: qt.Node) -> Query:
        if isinstance(node, qt.Term):
            option = "freq" if node.field.endswith("_fold2") else "position"
            q = Query.term_query(self.schema, node.field, node.text, index_option=option)
            return Query.boost_query(q, node.boost * self._idf_ratio(node.field, (node.text,)))
        if isinstance(node, qt.Phrase):
            q = Query.phrase_query(self.schema, node.field, list(node.words))
            return Query.boost_query(q, node.boost * self._idf_ratio(node.field, node.words))
        if isinstance(node, qt.And):
            return Query.boolean_query([(Occur.Must, self(c)) for c in node.children])
        if isinstance(node, qt.Or):
            return Query.boolean_query([(Occur.Should, self(c)) for c in node.children])
        if isinstance(node, qt.AndMaybe):
            return Query.boolean_query(
                [(Occur.Must, self(node.required)), (Occur.Should, self(node.optional))]
            )
        if isinstance(node, qt.AndNot):
            return Query.boolean_query(
                [(Occur.Must, self(node.positive)), (Occur.MustNot, self(node.negative))]
            )
        if isinstance(node, qt.Every):
            return Query.all_query()
        if isinstance(node, qt.Nothing):
            return Query.empty_query()
        raise TypeError(f"not a query node: {node!r}")


def _spec(field: str, size: int = _FACET_SIZE, missing: Any = None) -> dict[str, Any]:
    """An exact terms aggregation: every segment reports all its terms."""
    spec: dict[str, Any] = {"field": field, "size": size, "segment_size": _FACET_SIZE}
    if missing is not None:
        spec["missing"] = missing
    return spec


def _year_key(value: Any) -> int | None:
    year = int(value)
    return year if 1 <= year <= 9999 else None


class Reader:
    """An open Tantivy index; see :class:`search.engines.base.Reader`."""

    name = NAME

    def __init__(self, index_dir: str | Path) -> None:
        self.index_dir = Path(index_dir)
        self.ix = _open(self.index_dir)
        self.schema = self.ix.schema
        self._searcher = self.ix.searcher()
        self._generation = self.generation()
        self._speaker_field = _SPEAKER_IDS if _has_field(self.index_dir, _SPEAKER_IDS) else "speakers"
        self._names: dict[int, str] | None = None  # speaker_id -> name

    @property
    def doc_count(self) -> int:
        return self._searcher.num_docs

    def generation(self) -> int:
        try:
            return (_folder(self.index_dir) / "meta.json").stat().st_mtime_ns
        except OSError:
            return 0

    def refresh(self) -> bool:
        generation = self.generation()
        if generation == self._generation:
            return False
        self.ix.reload()
        self._searcher = self.ix.searcher()
        self._generation = generation
        self._names = None
        return True

    def close(self) -> None:
        self._searcher = None  # type: ignore[assignment]

    def has_terms(self, field: str) -> bool:
        return bool(self._searcher.terms_with_prefix(field, "", limit=1))

    # Filters are zero-score clauses: they narrow without changing the ranking.
    def _filter_clauses(self, filters: Filters) -> list[tuple[Occur, Query]]:
        out: list[Query] = []
        if filters.month is not None:
            out.append(Query.term_query(self.schema, "year", filters.year_start))
            out.append(Query.term_query(self.schema, "month", filters.month))
        elif filters.by_year:
            out.append(
                Query.range_query(
                    self.schema,
                    "year",
                    FieldType.Integer,
                    filters.year_start if filters.year_start is not None else 1,
                    filters.year_end if filters.year_end is not None else 9999,
                )
            )
        for name in filters.speakers:
            out.append(Query.term_query(self.schema, "speakers", name))
        return [(Occur.Must, Query.const_score_query(q, 0.0)) for q in out]

    def _query(self, text: Query | None, filters: Filters) -> Query:
        clauses = self._filter_clauses(filters)
        if text is None:
            if not clauses:
                return Query.all_query()
            text = Query.all_query()
            return Query.boolean_query([(Occur.Must, Query.const_score_query(text, 0.0)), *clauses])
        return Query.boolean_query([(Occur.Must, text), *clauses]) if clauses else text

    def _count(self, query: Query) -> int:
        return self._searcher.search(query, 1, count=True).count

    def count(self, query: qt.Node) -> int:
        return self._count(_Compiler(self.schema, self._searcher)(query))

    def search(
        self, query: qt.Node | None, filters: Filters, sort: str, offset: int, limit: int, facets: bool
    ) -> Page:
        text = _Compiler(self.schema, self._searcher)(query) if query is not None else None
        full = self._query(text, filters)
        if limit <= 0:  # Tantivy panics on limit=0
            page = Page(total=self._count(full), hits=[])
        else:
            k = offset + limit + _TIE_MARGIN
            if sort == "relevance":
                found = self._searcher.search(full, k, count=True)
            elif sort == "newest":
                found = self._searcher.search(
                    full, k, count=True, order_by_field="date_new", order=Order.Desc
                )
            else:
                found = self._searcher.search(full, k, count=True, order_by_field="date_old", order=Order.Asc)
            hits = found.hits
            seqs = self._searcher.fast_field_values("seq", [addr for _, addr in hits]) if hits else []
            sign = 1 if sort == "oldest" else -1
            ranked = sorted(zip(hits, seqs, strict=True), key=lambda h: (sign * h[0][0], h[1] or 0))
            scored = sort == "relevance"
            page = Page(
                total=found.count,
                hits=[
                    (addr, float(score) if scored else 0.0)
                    for (score, addr), _ in ranked[offset : offset + limit]
                ],
            )
        if facets:
            year_query = self._query(text, filters.without_years())
            if filters.by_year or filters.speakers:
                years = self._terms(year_query, "year", missing=0)
                speakers = self._speakers(self._query(text, filters.without_speakers()))
            else:
                # No filter: both facets count the same matches, in one pass.
                both = self._aggregate(
                    year_query,
                    {
                        "year": _spec("year", missing=0),
                        "speakers": _spec(self._speaker_field, _SPEAKERS_FIRST),
                    },
                )
                years = both["year"]
                speakers = self._speakers(year_query, both["speakers"])
            page.years = Counter()
            for key, count in years:
                page.years[_year_key(key)] += count
            page.speakers = speakers
            start = filters.year_start
            if start is not None and start == filters.year_end:
                in_year = Filters(start, start, None, filters.speakers)
                page.months = Counter(
                    {
                        int(k): c
                        for k, c in self._terms(self._query(text, in_year), "month")
                        if 1 <= int(k) <= 12
                    }
                )
        return page

    def _aggregate(self, query: Query, specs: dict[str, dict[str, Any]]) -> dict[str, list[tuple[Any, int]]]:
        result = self._searcher.aggregate(query, {name: {"terms": spec} for name, spec in specs.items()})
        return {name: [(b["key"], b["doc_count"]) for b in result[name]["buckets"]] for name in specs}

    def _terms(
        self, query: Query, field: str, size: int = _FACET_SIZE, missing: Any = None
    ) -> list[tuple[Any, int]]:
        return self._aggregate(query, {"t": _spec(field, size, missing)})["t"]

    def _speakers(self, query: Query, first: list[tuple[Any, int]] | None = None) -> Counter:
        # Facet lists show the top names, ties by name: ask for a few hundred
        # and for all of them only when the ties at the list's end run past that.
        field = self._speaker_field
        buckets = first if first is not None else self._terms(query, field, size=_SPEAKERS_FIRST)
        if len(buckets) == _SPEAKERS_FIRST and buckets[-1][1] >= buckets[_SPEAKERS_SHOWN - 1][1]:
            buckets = self._terms(query, field)
        if field == "speakers":
            return Counter(dict(buckets))
        names = self._speaker_names()
        return Counter({names[key]: count for key, count in buckets if key in names})

    def _speaker_names(self) -> dict[int, str]:
        """The name of each speaker_id, from the index's own speaker terms (once per commit)."""
        if self._names is None:
            self._names = {speaker_id(name): name for name, _ in self.field_terms("speakers")}
        return self._names

    def stored(self, key: Any) -> dict[str, Any]:
        return json.loads(self._searcher.doc(key).get_first(_STORED))

    def get(self, article_id: str) -> dict[str, Any] | None:
        found = self._searcher.search(Query.term_query(self.schema, "id", article_id), 1).hits
        return self.stored(found[0][1]) if found else None

    def field_terms(self, field: str) -> Iterator[tuple[str, int]]:
        yield from self._searcher.terms_with_prefix(field, "", limit=None)

    def value_counts(self, field: str) -> Counter:
        counts: Counter = Counter()
        if field == "year":
            for key, count in self._terms(Query.all_query(), "year", missing=0):
                counts[_year_key(key)] += count
        else:
            total = self.doc_count
            for key, count in self._terms(Query.all_query(), field):
                counts[key or None] += count
                total -= count
            if total > 0:
                counts[None] += total
        return counts


# --- writing ---------------------------------------------------------------------


def _date_key(iso: str) -> int:
    """ISO text at any precision as a number that sorts the same way:
    "2024-05-17T09:30" → 202405170930, "2024-05" → 202405000000; 0 when undated."""
    digits = "".join(c for c in iso if c.isdigit())[:12]
    return int(digits.ljust(12, "0")) if digits else 0


class WorkerSide:
    """In a worker process: fingerprints of the open index, token strings."""

    def __init__(self, index_dir: str | Path) -> None:
        self.index_dir = Path(index_dir)
        self._searcher = _open(self.index_dir).searcher() if exists(self.index_dir) else None
        if self._searcher is not None and self._searcher.num_docs == 0:
            self._searcher = None

    def unchanged(self, fingerprint: str) -> bool:
        return self._searcher is not None and self._searcher.doc_freq("fingerprint", fingerprint) > 0

    def encode(self, field: str, kind: str, text: str) -> str:
        terms = [t for t, _, _ in tokens(text, kind)]
        joined = " ".join(terms)
        if len(joined) > 64 and max(map(len, terms)) * 4 > MAX_TOKEN_BYTES:  # rare: check bytes
            joined = " ".join(t for t in terms if len(t.encode("utf-8")) <= MAX_TOKEN_BYTES)
        return joined

    def write(self, docs: Iterable[Doc]) -> tuple[Any, int]:
        batch = list(docs)
        return batch, len(batch)


def _document(doc: Doc, seq: int, speaker_ids: bool = True) -> Document:
    values = doc.values
    out = Document()
    out.add_integer("seq", seq)
    out.add_text("id", values["id"])
    out.add_text("fingerprint", values["fingerprint"])
    if values.get("source"):
        out.add_text("source", values["source"])
    for name in values.get("speakers") or ():
        out.add_text("speakers", name)
        if speaker_ids:
            out.add_integer(_SPEAKER_IDS, speaker_id(name))
    for tag in values.get("tags") or ():
        out.add_text("tags", tag.lower())
    if values.get("year") is not None:
        out.add_integer("year", values["year"])
    if values.get("month") is not None:
        out.add_integer("month", values["month"])
    key = _date_key(values.get("date") or "")
    out.add_integer("date_new", key)
    out.add_integer("date_old", key or UNDATED_LAST)
    for name, text in doc.tokens.items():
        if text:
            out.add_text(name, text)
    stored = {k: v for k, v in values.items() if k not in ("fingerprint",) and v not in (None, "", [])}
    if "title_derived" in values:
        stored["title_derived"] = values["title_derived"]
    stored.update({part: text for part, text in doc.texts.items() if text})
    out.add_bytes(_STORED, json.dumps(stored, ensure_ascii=False).encode("utf-8"))
    return out


class Sink:
    """The single Tantivy writer: adds the workers' documents, deletes
    replaced articles, commits every ``commit_every`` documents and checks
    the count after each commit."""

    def __init__(self, path: Path, commit_every: int, heap_mb: int = WRITER_HEAP_MB) -> None:
        self.path = path
        self.ix = _open(path)
        self.commit_every = commit_every
        self.heap = heap_mb * 1_000_000
        self.writer: tantivy.IndexWriter | None = None
        self.pending = 0
        self._searcher = self.ix.searcher()
        self.expected = self._searcher.num_docs
        self.seq = self._last_seq()
        self.speaker_ids = _has_field(path, _SPEAKER_IDS)  # not in an index made before it existed
        # The writer (and its threads) starts with the first change, after
        # the worker processes have been forked: never fork a running writer.

    def open(self) -> tantivy.IndexWriter:
        if self.writer is None:
            try:
                self.writer = self.ix.writer(heap_size=self.heap, num_threads=WRITER_THREADS)
            except ValueError as exc:
                if "LockBusy" not in str(exc):  # not another writer: no space, a read-only folder
                    raise
                raise IndexLocked.at(self.path) from exc
        return self.writer

    def _last_seq(self) -> int:
        if not self._searcher.num_docs:
            return 0
        found = self._searcher.search(Query.all_query(), 1, order_by_field="seq", order=Order.Desc).hits
        return int(found[0][0]) if found else 0

    def has_id(self, article_id: str) -> bool:
        return self._searcher.doc_freq("id", article_id) > 0

    def replace(self, article_id: str) -> None:
        self.open().delete_documents_by_term("id", article_id)
        self.expected -= 1
        self.pending += 1

    def add(self, payload: list[Doc], doc_count: int) -> None:
        """Add the batch; ``seq`` numbers articles in the order they were added."""
        if len(payload) != doc_count:
            raise SearchError(
                f"A worker wrote {len(payload)} of {doc_count} articles. "
                "Run the command again: it will add what is missing."
            )
        writer = self.open()
        for doc in payload:
            self.seq += 1
            writer.add_document(_document(doc, self.seq, self.speaker_ids))
        self.expected += doc_count
        self.pending += doc_count
        if self.pending >= self.commit_every:
            self.commit()

    def commit(self) -> None:
        if self.writer is None or not self.pending:
            return
        self.writer.commit()
        self.pending = 0
        self.ix.reload()
        self._searcher = self.ix.searcher()
        found = self._searcher.num_docs
        if found != self.expected:
            raise SearchError(
                f"The index in '{self.path}' holds {found} articles after a commit, "
                f"expected {self.expected}. Run again with --rebuild."
            )

    def cancel(self) -> None:
        if self.writer is not None:
            self.writer.rollback()
            self.pending = 0

    def close(self) -> None:
        writer, self.writer = self.writer, None
        if writer is not None:
            writer.wait_merging_threads()

    @property
    def doc_count(self) -> int:
        return self._searcher.num_docs

    def reader(self) -> Reader:
        return Reader(self.path)
