"""Scale run: an index of N articles made by repeating VNTC under new ids.

    python -m benchmarks scale [--articles 1000000] [--engine tantivy] [--work DIR]
        [--workers 2] [--queries 240] [--long 40] [--seed 7]

Real archives of a million articles are not at hand, so VNTC (84,132
articles) is analysed once, exactly as ``vnsearch index`` does it
(:func:`search.indexing.pipeline.prepare` in worker processes), and its analysed
documents are written again and again under new ids ("<id>#2", "<id>#3"...)
through the engine's single writer until the index holds N articles. What
this measures is the engine at scale: writing and committing N articles,
peak memory of the whole process tree, index size, re-opening (cold start)
and query latency end to end (parse, search, facets, top-10 snippets) with
``make bench``'s query set (:mod:`benchmarks.queryset`: 1-4 words, half unaccented, some
phrases and speaker filters, and 10-word queries apart) built from the corpus with a
fixed seed. The analysis speed is reported for the one real pass; repeated text would
make a cache look better than it is, so nothing is cached between passes except the
analysed documents themselves.

Writes ``benchmarks/results-scale.md``. Needs ../shared/corpora.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import pickle
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import psutil

from search import engines
from search.corpus import Article, read_paths
from search.engines.base import Doc
from search.engines.meta import write_meta
from search.indexing import pipeline
from search.suggest import build_vocabulary

from . import queryset
from .monitor import TreeSampler
from .paths import ROOT, VNTC, WHERE
from .queryset import Query, QuerySet

RESULTS = Path(__file__).with_name("results-scale.md")


def _init(engine: str, empty_dir: str) -> None:
    pipeline._WORKER["side"] = engines.load(engine).WorkerSide(empty_dir)


def _analyse(batch: list[Article]) -> list[Doc]:
    return [pipeline.prepare(a).doc for a in batch]


def analyse(source: Path, cache: Path, engine: str, workers: int) -> dict:
    """Analyse every article once; pickle the documents in batches to ``cache``."""
    empty = cache.with_suffix(".empty")
    empty.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    nbytes = 0

    def batches():
        nonlocal nbytes
        batch: list[Article] = []
        for item in read_paths([source]):
            if isinstance(item, Article):
                nbytes += len((item.title + item.lead + item.body).encode("utf-8"))
                batch.append(item)
                if len(batch) == 500:
                    yield batch
                    batch = []
        if batch:
            yield batch

    count = 0
    with TreeSampler(os.getpid()) as rss, open(cache, "wb") as out:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(workers, initializer=_init, initargs=(engine, str(empty))) as pool:
            for docs in pool.imap(_analyse, batches()):
                pickle.dump(docs, out, protocol=pickle.HIGHEST_PROTOCOL)
                count += len(docs)
    seconds = time.perf_counter() - started
    return {
        "articles": count,
        "megabytes": nbytes / 1e6,
        "seconds": seconds,
        "mb_per_s": nbytes / 1e6 / seconds,
        "peak_rss_mb": rss.peak_rss / 1e6,
        "peak_anon_mb": rss.peak_anon / 1e6,
    }


def _cached(cache: Path):
    with open(cache, "rb") as f:
        while True:
            try:
                yield pickle.load(f)
            except EOFError:
                return


def _renamed(doc: Doc, copy: int) -> Doc:
    if copy == 1:
        return doc
    values = dict(doc.values)
    values["id"] = f"{values['id']}#{copy}"
    values["fingerprint"] = f"{values['id']} {values['fingerprint'].split(' ', 1)[1]}"
    return replace(doc, values=values)


def write(cache: Path, index_dir: Path, engine: str, sizes: list[int], at_size) -> list[dict]:
    """Write the cached documents, renamed, until the index holds each of
    ``sizes`` articles in turn; at each, commit and call ``at_size(row)``."""
    shutil.rmtree(index_dir, ignore_errors=True)
    index_dir.mkdir(parents=True)
    module = engines.load(engine)
    module.create(index_dir)
    write_meta(index_dir, engine)
    rows = []
    started = time.perf_counter()
    spent = 0.0  # seconds spent writing, without the measurements in between
    written = 0
    nbytes = 0
    with TreeSampler(os.getpid()) as rss:
        sink = module.Sink(index_dir, commit_every=200_000)
        side = module.WorkerSide(index_dir)
        copy = 0
        pending = sorted(sizes)
        while pending:
            copy += 1
            for docs in _cached(cache):
                while docs and pending:
                    take = docs[: pending[0] - written]
                    docs = docs[len(take) :]
                    batch = [_renamed(d, copy) for d in take]
                    payload, count = side.write(batch)
                    sink.add(payload, count)
                    written += count
                    nbytes += sum(len(t.encode("utf-8")) for d in batch for t in d.texts.values())
                    if written == pending[0]:
                        pending.pop(0)
                        sink.commit()
                        # Let the engine finish merging before measuring queries, as
                        # a served index would be (a new writer opens to go on).
                        sink.close()
                        # Closing clears the writer's staging (Whoosh): a new worker side
                        # writes the next segments, as a new ingest's workers would.
                        side = module.WorkerSide(index_dir)
                        reader = sink.reader()
                        build_vocabulary(reader, index_dir)
                        reader.close()
                        spent += time.perf_counter() - started
                        size = sum(f.stat().st_size for f in index_dir.rglob("*") if f.is_file())
                        row = {
                            "articles": sink.doc_count,
                            "seconds": spent,
                            "articles_per_s": written / spent,
                            "text_mb": nbytes / 1e6,
                            "peak_rss_mb": rss.peak_rss / 1e6,
                            "peak_anon_mb": rss.peak_anon / 1e6,
                            "index_mb": size / 1e6,
                            "size_ratio": size / nbytes if nbytes else None,
                        }
                        print(f"  {row}", flush=True)
                        rows.append(at_size(row))
                        started = time.perf_counter()
                if not pending:
                    break
            print(f"  {written:,} articles written", flush=True)
        sink.close()
    return rows


_COLD = """
import sys, time
t = time.perf_counter()
from search.searcher import Searcher
s = Searcher(sys.argv[1])
opened = time.perf_counter() - t
s.search(sys.argv[2], limit=10)
print(opened, time.perf_counter() - t)
"""


def latency(index_dir: Path, qs: QuerySet) -> dict:
    from search.searcher import Searcher

    proc = subprocess.run(
        [sys.executable, "-c", _COLD, str(index_dir), qs.typical[0].q],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    opened, first = (float(x) for x in proc.stdout.split())

    def run(searcher: Searcher, queries: list[Query], **parts: bool) -> list[float]:
        times = []
        for q in queries:
            t = time.perf_counter()
            searcher.search(q.q, limit=10, **parts, **q.search_kwargs())
            times.append(time.perf_counter() - t)
        return times

    with Searcher(index_dir) as s:
        run(s, qs.typical[:20])  # warm the model and the caches
        t1 = run(s, qs.typical)
        t2 = run(s, qs.long)
        # Where the time goes: the same queries without facets and snippets (matching,
        # ranking, reading the query and "did you mean" only).
        bare = run(s, qs.typical, facets=False, snippets=False)
    return {
        "cold_open_s": opened,
        "cold_first_query_s": first,
        "typical": stats(t1),
        "long": stats(t2),
        "typical_bare": stats(bare),
    }


def stats(times: list[float]) -> dict:
    ordered = sorted(times)

    def pct(p: float) -> float:
        return 1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))]

    return {
        "n": len(times),
        "p50_ms": 1000 * statistics.median(ordered),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "max_ms": 1000 * ordered[-1],
    }


def markdown(result: dict) -> str:
    a = result["analysis"]
    lines = [
        f"## {result['engine']} engine",
        "",
        f"Run on {result['date']}, {result['machine']}. Command: `{result['command']}`.",
        "",
        f"VNTC ({a['articles']:,} articles, {a['megabytes']:.0f} MB) analysed once as `vnsearch index` "
        f"does it, with {result['workers']} worker processes: {a['seconds']:.0f} s, {a['mb_per_s']:.2f} MB/s, "
        f"peak RSS {a['peak_rss_mb']:.0f} MB. The analysed articles are then written again under new ids. "
        "Writing time counts the engine's writer and commits only. Peak RSS includes the index files "
        "Tantivy maps into memory (they grow with the index and the kernel drops them under pressure); "
        "the anonymous memory in brackets is what the processes allocated. Latency is end to end (parse, search, "
        "facets, top-10 snippets) over `make bench`'s query set (benchmarks/queryset.py: 1-4 words, half "
        "unaccented, some phrases and speaker filters; 10-word long queries apart), built from the corpus with a "
        'fixed seed; "bare" is the same typical queries without facets and snippets (reading the query, '
        '"did you mean", matching and ranking only).',
        "",
        "| articles | writing | peak RSS (anonymous) | index on disk | cold open / first query | typical p50 / p95 / p99 "
        "| long 10-word p50 / p95 | bare p50 / p95 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in result["sizes"]:
        t, lg = row["latency"]["typical"], row["latency"]["long"]
        bare = row["latency"].get("typical_bare", {"p50_ms": float("nan"), "p95_ms": float("nan")})
        lines.append(
            f"| {row['articles']:,} | {row['seconds']:.0f} s ({row['articles_per_s']:.0f} articles/s) "
            f"| {row['peak_rss_mb']:.0f} MB ({row.get('peak_anon_mb', 0):.0f} MB) | {row['index_mb']:.0f} MB ({row['size_ratio']:.2f}× text) "
            f"| {row['latency']['cold_open_s']:.2f} s / {row['latency']['cold_first_query_s']:.2f} s "
            f"| {t['p50_ms']:.1f} / {t['p95_ms']:.1f} / {t['p99_ms']:.1f} ms "
            f"| {lg['p50_ms']:.1f} / {lg['p95_ms']:.1f} ms "
            f"| {bare['p50_ms']:.1f} / {bare['p95_ms']:.1f} ms |"
        )
    return "\n".join(lines) + "\n"


TITLE = (
    "# Scale runs\n\nOne section per engine, each from its own latest run of `python -m benchmarks scale`.\n"
)


def with_section(path: Path, engine: str, section: str) -> str:
    """The results file with ``engine``'s section replaced (or added); the other
    engines' sections stay as their own runs wrote them."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    sections = {}
    for part in text.split("\n## ")[1:]:
        name = part.split(" ", 1)[0]
        sections[name] = "## " + part.rstrip("\n") + "\n"
    sections[engine] = section
    return TITLE + "".join("\n" + sections[name] for name in sorted(sections))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks scale",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--articles", default="84132,1000000", help="index sizes to reach and measure, comma-separated"
    )
    parser.add_argument("--engine", choices=engines.ENGINES, default="tantivy")
    parser.add_argument("--work", type=Path, default=Path("/tmp/vnsearch-scale"))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--long", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--source", type=Path, default=VNTC)
    parser.add_argument(
        "--reuse-analysis", action="store_true", help="keep the analysed documents of a previous run"
    )
    args = parser.parse_args(argv)
    if not args.source.exists():
        print(f"scale: {args.source} is absent (needs {WHERE}, or --source FILE).", file=sys.stderr)
        return 2
    args.work.mkdir(parents=True, exist_ok=True)
    cache = args.work / f"analysed-{args.engine}.pickle"
    info_file = cache.with_suffix(".json")
    if args.reuse_analysis and cache.exists() and info_file.exists():
        analysis = json.loads(info_file.read_text())
    else:
        print(f"Analysing {args.source} ...", flush=True)
        analysis = analyse(args.source, cache, args.engine, args.workers)
        info_file.write_text(json.dumps(analysis))
    print(f"  {analysis}", flush=True)
    sizes = [int(x) for x in args.articles.split(",")]
    index_dir = args.work / f"index-{args.engine}"
    # make bench's query set, so that the 84k row answers the same queries as make bench
    qs, _ = queryset.stored(args.work, args.source, args.queries, args.long, args.seed)

    def at_size(row: dict) -> dict:
        row["latency"] = latency(index_dir, qs)
        print(f"  {row['latency']}", flush=True)
        return row

    print(f"Writing up to {max(sizes):,} articles to {index_dir} ...", flush=True)
    rows = write(cache, index_dir, args.engine, sizes, at_size)
    cpu = platform.processor() or platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    result = {
        "date": dt.date.today().isoformat(),
        "machine": f"{cpu}, {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GB, "
        f"Python {platform.python_version()}",
        "command": " ".join(["python -m benchmarks scale", *argv]),
        "engine": args.engine,
        "workers": args.workers,
        "analysis": analysis,
        "sizes": rows,
    }
    RESULTS.write_text(with_section(RESULTS, result["engine"], markdown(result)), encoding="utf-8")
    (args.work / f"results-{args.engine}.json").write_text(json.dumps(result, indent=2))
    print(markdown(result))
    return 0
