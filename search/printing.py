"""How the command line prints: an ingest's summary, results as text or CSV rows, and the
text it reads (arguments, query files) made safe to print."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO, TextIO

from search.errors import InputError
from search.export import hit_row, neutralise
from search.indexing import IngestReport
from search.searcher import SearchResult

__all__ = ["argument_text", "csv_rows", "print_report", "print_text", "query_lines"]


def print_report(report: IngestReport, out: TextIO) -> None:
    mb = report.nbytes / 1e6
    rate = (
        f"{mb / report.seconds:.2f} MB/s, {report.articles / report.seconds:.0f} articles/s"
        if report.seconds
        else ""
    )
    print(
        f"Added {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
        f"skipped {len(report.skipped)}: {mb:.1f} MB in {report.seconds:.1f} s ({rate}).",
        file=out,
    )
    _listed("Skipped:", report.skipped, out)
    _listed(f"Indexed without their speakers ({len(report.without_speakers)}):", report.without_speakers, out)
    print(f"Index: {report.index_dir} ({report.doc_count} articles, {report.engine} engine).", file=out)


def _listed(heading: str, items: Sequence[Any], out: TextIO, most: int = 50) -> None:
    """Each item's origin and reason (Skipped records) under a heading, the first ``most`` of them; nothing if none."""
    if not items:
        return
    print(heading, file=out)
    for item in items[:most]:
        print(f"  {item.origin}: {item.reason}", file=out)
    if len(items) > most:
        print(f"  ... and {len(items) - most} more (see --json for all).", file=out)


def _printable(text: str) -> str:
    """``text`` with control characters escaped: a note quotes what was typed."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def print_text(result: SearchResult, out: TextIO, color: bool) -> None:
    before, after = ("\x1b[1;33m", "\x1b[0m") if color else ("[", "]")
    shown = f"{result.offset + 1}-{result.offset + len(result.hits)} of " if result.hits else ""
    stories = (
        f"; {result.stories} stories, near-duplicates folded"
        if result.stories is not None and result.stories != result.total
        else ""
    )
    print(
        f"{shown}{result.total} results for {result.query!r} ({result.seconds * 1000:.0f} ms{stories})",
        file=out,
    )
    for note in result.notes:
        print(f"Note: {_printable(note)}", file=out)
    if result.suggestion:
        print(f"Did you mean: {_printable(result.suggestion)}", file=out)
    for n, hit in enumerate(result.hits, start=result.offset + 1):
        date = hit.date or "no date"
        print(f"\n{n}. {hit.title}  [{date}]  ({hit.id})", file=out)
        if hit.speakers:
            print(f"   speakers: {', '.join(hit.speakers)}", file=out)
        if hit.similar:
            print(
                f"   + {hit.similar} similar article(s) (group {hit.group}; --no-fold shows them)", file=out
            )
        print(f"   {hit.excerpt.marked(before, after)}", file=out)


def argument_text(value: str) -> str:
    """A command-line value as valid text: bytes that were not UTF-8 (kept by
    Python as lone surrogates) become U+FFFD, so every output can be written."""
    try:
        raw = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = value.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")


def query_lines(source: BinaryIO) -> list[str]:
    """One query per line of ``--queries`` (UTF-8, optional BOM, LF or CRLF)."""
    name = getattr(source, "name", "-")
    lines = []
    for n, raw in enumerate(source, start=1):
        if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            lines.append(raw.decode("utf-8").rstrip("\r\n"))
        except UnicodeDecodeError as exc:
            raise InputError(
                f"--queries {name}: line {n} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at "
                f"position {exc.start + 1}); save the file as UTF-8."
            ) from None
    return lines


def csv_rows(result: SearchResult, with_query: bool) -> Iterable[list[Any]]:
    for hit in result.hits:
        yield ([neutralise(result.query)] if with_query else []) + hit_row(hit)
