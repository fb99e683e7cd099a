"""``vnsearch`` command line: index, search, stats. It only calls the library.

Errors become one line on stderr and exit code 2; an ingest that skipped
anything, or indexed an article without its speakers, exits with 1 after its summary.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path
from typing import BinaryIO

import click

from search import __version__
from search.config import default_index_dir
from search.corpus import parse_field_overrides
from search.engines import ENGINES
from search.errors import ModelError, SearchError
from search.export import CSV_COLUMNS
from search.indexing import ingest
from search.meaning.build import embed_index
from search.meaning.model import check as check_model
from search.meaning.store import has_vectors
from search.printing import argument_text, csv_rows, print_report, print_text, query_lines
from search.progress import for_stderr as progress_for_stderr
from search.query import parse_date_range, parse_year_range
from search.searcher import MAX_LIMIT, SORTS, Searcher
from search.stats import index_stats
from search.trends import PERIODS, trends

FORMATS = ("text", "json", "jsonl", "csv")
MAX_CLI_OFFSET = 1_000_000_000  # deeper than any archive; keeps the number a machine integer

index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Index folder (default: $VNSEARCH_INDEX or ./index).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vnsearch")
def cli() -> None:
    """Search Vietnamese news archives, with or without diacritics."""


# --- index ---------------------------------------------------------------------


@cli.command("index")
@index_option
@click.option("--rebuild", is_flag=True, help="Start a fresh index instead of adding to it.")
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default=None,
    help="For a new index: whoosh (default, pure Python) or tantivy (native, for large archives; "
    "pip install 'vnsearch[fast]'). Default: $VNSEARCH_ENGINE, else whoosh. An existing index keeps its own.",
)
@click.option("--workers", type=int, default=None, help="Analysis processes (default: all cores).")
@click.option(
    "--field",
    "field_specs",
    multiple=True,
    metavar="NAME=PATH",
    help="Where a field is in your records, e.g. --field body=content.text (repeatable).",
)
@click.option("--commit-every", type=int, default=20000, show_default=True, help="Articles per commit.")
@click.option(
    "--meaning",
    is_flag=True,
    help="Also give each article's first 120 words two vectors of a sentence model, so that long queries "
    "(headlines, questions) rank on meaning too; about 0.1 s an article (pip install 'vnsearch[meaning]'). "
    "An index that has them keeps them up to date.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="A progress bar; by default a bar on a terminal, else a line on stderr every 10 s.",
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def index_cmd(
    index_dir: Path | None,
    rebuild: bool,
    engine: str | None,
    workers: int | None,
    field_specs: tuple[str, ...],
    commit_every: int,
    meaning: bool,
    as_json: bool,
    progress: bool | None,
    paths: tuple[Path, ...],
) -> None:
    """Add the articles in PATHS (files or folders) to the index.

    Reads .txt (seed format), .jsonl/.ndjson, .json and .csv, each optionally
    .gz. Running it again adds only what is new or changed. Bad files and records
    are named and skipped, articles whose speakers fail to read named; exit code 1.
    """
    fields = parse_field_overrides(field_specs)
    folder = index_dir if index_dir is not None else default_index_dir()
    kept = not meaning and has_vectors(folder) and not rebuild
    if meaning or kept:
        try:
            check_model()  # a missing model is said before a long ingest, not after
        except ModelError as exc:
            if kept:
                raise ModelError(
                    f"The index in '{folder}' has vectors of meaning to keep up to date. {exc}"
                ) from exc
            raise
    meaning = meaning or kept
    bar = progress_for_stderr(progress, paths)
    try:
        report = ingest(
            paths,
            folder,
            rebuild=rebuild,
            engine=engine,
            workers=workers,
            fields=fields,
            commit_every=commit_every,
            on_progress=bar,
        )
    finally:
        bar.close()
    vectors = None
    if meaning:
        bar = progress_for_stderr(progress, ())
        try:
            vectors = embed_index(folder, on_progress=lambda done, _: bar(done, 0))
        finally:
            bar.close()
    if as_json:
        summary = report.as_dict() | ({"meaning": vectors.as_dict()} if vectors else {})
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print_report(report, sys.stdout)
        if vectors:
            click.echo(
                f"Meaning: {vectors.embedded} articles embedded, {vectors.kept} kept, "
                f"{vectors.dropped} dropped, in {vectors.seconds:.1f} s."
            )
    if report.incomplete:
        sys.exit(1)


# --- search --------------------------------------------------------------------


@cli.command("search")
@index_option
@click.option(
    "--year", "year", default=None, metavar="Y|Y1..Y2", help="Only these years, e.g. 2020 or 2019..2021."
)
@click.option(
    "--speaker", "speakers", multiple=True, help="Only articles where this person speaks (repeatable)."
)
@click.option(
    "--source", "sources", multiple=True, help="Only articles from this source (repeatable: any of them)."
)
@click.option(
    "--section", "sections", multiple=True, help="Only articles of this section (repeatable: any of them)."
)
@click.option(
    "--date",
    "date",
    default=None,
    metavar="D|D1..D2",
    help="Only these days, e.g. 2020-03-01..2020-06-30 (a month or year at an end: 2020-03..2020).",
)
@click.option(
    "--fold/--no-fold",
    default=None,
    help="One result per group of near-duplicate articles (default for text output; "
    "csv and json list every article with its group unless --fold).",
)
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option(
    "--limit", type=click.IntRange(0, MAX_LIMIT), default=10, show_default=True, help="How many results."
)
@click.option(
    "--offset",
    type=click.IntRange(0, MAX_CLI_OFFSET),
    default=0,
    show_default=True,
    help="Skip this many results first.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--queries",
    type=click.File("rb"),
    default=None,
    help="Read one query per line from this UTF-8 file ('-' for stdin); one result per line out.",
)
@click.argument("query", required=False, default=None)
def search_cmd(
    index_dir: Path | None,
    year: str | None,
    speakers: tuple[str, ...],
    sources: tuple[str, ...],
    sections: tuple[str, ...],
    date: str | None,
    fold: bool | None,
    sort: str,
    limit: int,
    offset: int,
    fmt: str,
    queries: BinaryIO | None,
    query: str | None,
) -> None:
    """Search the index for QUERY (accents optional).

    \b
    Query syntax:
      tô lâm               words, with or without diacritics
      "công an hà nội"     a phrase
      -"ma túy"            leave out articles containing it
      year:2019..2021      filter by year;  speaker:"Tô Lâm"  by speaker
      date:2020-03-01..2020-06-30   by day
      source:dantri.com.vn  section:"Thể thao"   by source and section
    Several speakers, sources or sections: any of them.
    """
    if queries is not None and query is not None:
        raise SearchError("Give either a QUERY or --queries FILE, not both.")
    if queries is None and query is None:
        raise SearchError('Give a query, e.g. vnsearch search "tô lâm", or --queries FILE.')
    years = parse_year_range(argument_text(year)) if year and year.strip() else None
    # A blank --speaker would match no article at all: it is left out, as on the web.
    speakers = tuple(dict.fromkeys(argument_text(s).strip() for s in speakers if s.strip()))
    sources = tuple(argument_text(s).strip() for s in sources if s.strip())
    sections = tuple(argument_text(s).strip() for s in sections if s.strip())
    dates = parse_date_range(argument_text(date)) if date and date.strip() else None
    lines = query_lines(queries) if queries is not None else [argument_text(query or "")]
    out = sys.stdout
    writer = csv.writer(out) if fmt == "csv" else None
    if writer is not None:
        writer.writerow((["query"] if queries is not None else []) + list(CSV_COLUMNS))
    with Searcher(index_dir) as searcher:
        for n, line in enumerate(lines):
            result = searcher.search(
                line,
                years=years,
                speakers=speakers,
                sources=sources,
                sections=sections,
                dates=dates,
                fold=fmt == "text" if fold is None else fold,
                sort=sort,
                limit=limit,
                offset=offset,
            )
            if fmt == "json" and queries is None:
                out.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
            elif fmt in ("json", "jsonl"):
                out.write(json.dumps(result.as_dict(), ensure_ascii=False) + "\n")
            elif writer is not None:
                writer.writerows(csv_rows(result, queries is not None))
            else:
                if n:
                    print("\n" + "-" * 60, file=out)
                print_text(result, out, color=out.isatty())


# --- trends --------------------------------------------------------------------


@cli.command("trends")
@index_option
@click.option("--year", default=None, metavar="Y|Y1..Y2", help="Only these years, e.g. 2019..2021.")
@click.option(
    "--speaker", "speakers", multiple=True, help="Only articles where this person speaks (repeatable)."
)
@click.option("--source", "sources", multiple=True, help="Only articles from this source (repeatable).")
@click.option("--section", "sections", multiple=True, help="Only articles of this section (repeatable).")
@click.option("--date", default=None, metavar="D|D1..D2", help="Only these days, e.g. 2020-01..2021-06-30.")
@click.option(
    "--period",
    type=click.Choice(PERIODS),
    default="auto",
    show_default=True,
    help="Points per year, month or week; auto: to fit the range.",
)
@click.option(
    "--format", "fmt", type=click.Choice(("text", "json", "csv")), default="text", show_default=True
)
@click.argument("queries", nargs=-1, required=True, metavar="QUERY...")
def trends_cmd(
    index_dir: Path | None, year: str | None, date: str | None, period: str, fmt: str, **kw
) -> None:
    """How often each QUERY (up to 5) matches per year, month or week: the count and the
    share of all articles of the period under the same filters. Undated matches are left
    out and counted. Example: vnsearch trends covid "dịch bệnh" --period month
    """
    with Searcher(index_dir) as searcher:
        found = trends(
            searcher,
            [argument_text(q) for q in kw.pop("queries")],
            period=period,
            years=parse_year_range(argument_text(year)) if year and year.strip() else None,
            dates=parse_date_range(argument_text(date)) if date and date.strip() else None,
            **{name: [argument_text(v).strip() for v in values if v.strip()] for name, values in kw.items()},
        )
    click.echo({"json": found.json_text, "csv": found.csv_text}.get(fmt, found.text)(), nl=False)


# --- stats ---------------------------------------------------------------------


@cli.command("stats")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def stats_cmd(index_dir: Path | None, as_json: bool) -> None:
    """How many articles the index holds, per year, source and section, near-duplicates, and its size."""
    stats = index_stats(index_dir if index_dir is not None else default_index_dir())
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
        return
    click.echo(f"Index: {stats['index']} ({stats['engine']} engine)")
    folded = stats["articles"] - stats["stories"]
    click.echo(
        f"Articles: {stats['articles']}"
        + (f" ({stats['stories']} stories: {folded} near-duplicates)" if folded else "")
    )
    click.echo(f"Size on disk: {stats['bytes'] / 1e6:.1f} MB")
    years = ", ".join(f"{y['value'] or 'no date'}: {y['count']}" for y in stats["years"])
    click.echo(f"Years: {years or '-'}")
    sources = ", ".join(f"{s['value']}: {s['count']}" for s in stats["sources"][:10])
    click.echo(f"Sources: {sources or '-'}")
    sections = ", ".join(f"{s['value']}: {s['count']}" for s in stats["sections"][:10])
    click.echo(f"Sections: {sections or '-'}")
    if stats["meaning"] is not None:
        click.echo(f"Meaning: {stats['meaning']} articles have a vector (long queries rank on meaning too)")
    elif stats["meaning_stale"]:
        click.echo("Meaning: an older version's vectors, not used; run vnsearch index --meaning again")


# --- serve ---------------------------------------------------------------------


@cli.command("serve")
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: all).")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=5000, show_default=True, help="Port (0: any free one)."
)
@click.option(
    "--threads", type=click.IntRange(1, 64), default=4, show_default=True, help="Requests served at once."
)
@click.option(
    "--processes",
    type=click.IntRange(1, 16),
    default=1,
    show_default=True,
    help="Server processes sharing the port: one per core answers more people at once (each opens the index).",
)
def serve_cmd(index_dir: Path | None, host: str, port: int, threads: int, processes: int) -> None:
    """Serve the search web site with waitress (a production WSGI server).

    The index is opened read-only; a new commit (vnsearch index ...) shows
    up within seconds, without a restart. Stop with Ctrl+C.
    """
    from search.web import create_app
    from search.web.server import serve

    index = index_dir if index_dir is not None else default_index_dir()
    serve(lambda: create_app({"INDEX": str(index)}), host, port, threads, processes, click.echo, str(index))


# --- entry point -----------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; errors become one line and exit code 2, never a traceback."""
    try:
        cli.main(args=argv, prog_name="vnsearch", standalone_mode=False)
    except SearchError as exc:
        click.echo(f"Error: {exc}", err=True)
        return exc.exit_code
    except click.UsageError as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare `vnsearch`: show the help
            click.echo(exc.format_message(), err=True)
            return 2
        cmd = exc.ctx.command_path if exc.ctx else "vnsearch"
        click.echo(f"Error: {exc.format_message()} (see '{cmd} --help')", err=True)
        return 2
    except click.ClickException as exc:
        click.echo(f"Error: {exc.format_message()}", err=True)
        return exc.exit_code
    except click.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except KeyboardInterrupt:
        click.echo("Interrupted: what was committed before stays in the index.", err=True)
        return 130
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: one line, the traceback only on request
        if os.environ.get("VNSEARCH_DEBUG"):
            raise
        click.echo(
            f"Error: unexpected {type(exc).__name__}: {exc}. "
            "Run again with VNSEARCH_DEBUG=1 for the details, and please report it.",
            err=True,
        )
        return 3
    return 0


def entry_point() -> None:
    sys.exit(main())
