"""Performance and scale (issue 7): both engines and SQLite FTS5, every figure, one table.

    python -m benchmarks bench [--docs N] [--engines whoosh,tantivy] [--queries 240] [--long 40]
        [--seed 7] [--load-seconds 30] [--clients 8] [--skip-ingest] [--skip-load] [--relevance]
        [--scale 100000,250000] [--work DIR] [--stage NAME[,NAME...]] [--index DIR ...]

``make bench`` runs it with the defaults: the whole VNTC corpus
(../shared/corpora/vntc/vntc.jsonl.gz, 84,132 articles); ``--docs N`` takes
its first N articles for a quick run. The stages, in order:

segment    ``python -m benchmarks segment`` in a subprocess: speed against pyvi, identical words
ingest     ``vnsearch index --engine E --index WORK/index-E --no-progress --json CORPUS`` per
           engine, timed, its process tree's memory sampled every 0.2 s; index size on disk;
           the same articles into SQLite FTS5 (WORK/fts5.sqlite), measured the same way
profile    where ingest time goes, per engine (``python -m benchmarks profile``, first 1,000 articles)
queries    typical and long queries (benchmarks/queryset.py, from the corpus file) through
           ``Searcher.search(..., limit=10, facets=True)`` after a warm-up, and FTS5's answers
coldstart  a fresh process: import, ``Searcher(index)``, first query (median of 3)
load       ``vnsearch serve`` under 8 keep-alive clients for 30 s (benchmarks/load.py)
relevance  the latest benchmarks/results-relevance.md (``--relevance`` runs the relevance command first)
scale      with ``--scale N,M``: the corpus indexed again under new ids ("#2", "#3", ...) up to
           N, then M articles per engine; ingest time, index size, query latency at each size

Every stage runs alone too, e.g. ``--stage queries --index /tmp/vnsearch-bench/index-tantivy``
(the engine is the index's own). Figures are kept in WORK/results.json and
benchmarks/results.md is written from them after every stage, so a stage run
alone updates its part. A run of every stage starts afresh (keeping the
ingest figures with ``--skip-ingest``). Needs ../shared/corpora next to the
project, or ``$VNSEARCH_CORPORA`` naming that folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from search import engines as search_engines
from search.errors import SearchError

from . import machine, queryset
from .fts5 import Fts5Searcher
from .load import run_load
from .monitor import Measured, bench_env, folder_bytes, run_measured
from .paths import ROOT, VNTC, WHERE
from .percentiles import summary_ms
from .queryset import Query, QuerySet
from .report import read_relevance, render

HERE = Path(__file__).resolve().parent
RESULTS_MD = HERE / "results.md"
RELEVANCE_MD = HERE / "results-relevance.md"
DEFAULT_WORK = Path("/tmp/vnsearch-bench")
STAGES = ("segment", "ingest", "profile", "queries", "coldstart", "load", "relevance", "scale")
WARMUP = 20
COLD_RUNS = 3
# What the figures depend on. A stage run alone takes them from the stored run unless given.
SETTINGS = {"corpus": VNTC, "docs": None, "queries": 240, "long": 40, "seed": 7}


class BenchError(Exception):
    """Something the person running the benchmark must fix; printed as one line."""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def now() -> str:
    return dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")


def now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def benchmark_command(name: str, *args: str) -> list[str]:
    """A command of this package, for a fresh process (run from the checkout: ``cwd=ROOT``)."""
    return [sys.executable, "-m", "benchmarks", name, *args]


def vnsearch_command() -> list[str]:
    script = Path(sys.executable).with_name("vnsearch")
    return [str(script)] if script.exists() else [sys.executable, "-m", "search"]


# --- the corpus ------------------------------------------------------------------


def open_text(path: Path):
    return gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8")


def records(path: Path) -> Iterator[str]:
    """The non-empty lines of a JSON Lines file (optionally .gz), one record each."""
    with open_text(path) as fin:
        for line in fin:
            if line.strip():
                yield line if line.endswith("\n") else line + "\n"


def head_file(source: Path, n: int, folder: Path) -> Path:
    """The first ``n`` records of ``source`` as a file in ``folder`` (written once)."""
    dest = folder / f"{source.name.split('.')[0]}-first-{n}.jsonl"
    if dest.is_file():
        return dest
    folder.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for count, line in enumerate(records(source), 1):
            out.write(line)
            if count >= n:
                break
    tmp.replace(dest)
    return dest


def write_copies(base: Path, start: int, end: int, dest: Path) -> None:
    """Records ``start`` to ``end`` of the base corpus repeated: copy k (k >= 2) has ids ``<id>#k``."""
    total = sum(1 for _ in records(base))
    if not total:
        raise BenchError(f"{base} holds no records.")
    with dest.open("w", encoding="utf-8") as out:
        i = start
        while i < end:
            copy, offset = divmod(i, total)
            for j, line in enumerate(records(base)):
                if j < offset:
                    continue
                if i >= end:
                    break
                if copy:
                    record = json.loads(line)
                    record["id"] = f"{record.get('id', j)}#{copy + 1}"
                    line = json.dumps(record, ensure_ascii=False) + "\n"
                out.write(line)
                i += 1


# --- the figures store -------------------------------------------------------------


class Results:
    """WORK/results.json: every stage's figures, per engine where it applies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, Any] = {}
        if path.is_file():
            try:
                self.data = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                self.data = {}

    def reset(self, keep: tuple[str, ...] = ()) -> None:
        self.data = {k: v for k, v in self.data.items() if k in keep}
        self.data["stamps"] = {k: v for k, v in self.data.get("stamps", {}).items() if k in keep}

    def put(self, stage: str, value: Any, engine: str | None = None) -> None:
        if engine is None:
            self.data[stage] = value
        else:
            self.data.setdefault(stage, {})[engine] = value
        self.data.setdefault("stamps", {})[stage] = now_iso()
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(self.path)


# --- the run ---------------------------------------------------------------------


class Bench:
    def __init__(self, args: argparse.Namespace, argv: list[str]) -> None:
        self.args = args
        self.work: Path = args.work
        self.work.mkdir(parents=True, exist_ok=True)
        self.results = Results(self.work / "results.json")
        self.settle(argv)
        self.indexes: dict[str, Path] = {}
        for folder in args.index or []:
            self.indexes[search_engines.engine_of(folder)] = folder
        self.engines = list(self.indexes) if args.index else args.engines
        for engine in self.engines:
            self.indexes.setdefault(engine, self.work / f"index-{engine}")
        self.fts5_db: Path | None = None if args.no_fts5 else (args.fts5_db or self.work / "fts5.sqlite")
        self._input: Path | None = None
        self._queries: QuerySet | None = None

    def settle(self, argv: list[str]) -> None:
        """Fill the settings left out: a stage run alone keeps the stored run's corpus and queries."""
        stored = self.results.data.get("meta", {}).get("settings", {}) if self.args.stage else {}
        inherited = []
        for name, default in SETTINGS.items():
            if getattr(self.args, name) is None:
                value = stored.get(name, default)
                if name in stored and value != default:
                    inherited.append(f"--{name} {value}")
                setattr(self.args, name, Path(value) if name == "corpus" else value)
        if inherited:
            log("as the stored run: " + " ".join(inherited))
            argv = [*argv, *" ".join(inherited).split()]
        self.command = "python -m benchmarks bench " + shlex.join(argv)

    def settings(self) -> dict[str, Any]:
        return {
            name: str(getattr(self.args, name)) if name == "corpus" else getattr(self.args, name)
            for name in SETTINGS
        }

    # the articles and the queries

    @property
    def corpus_label(self) -> str:
        which = f"first {self.args.docs:,} records" if self.args.docs else "every record"
        return f"{self.args.corpus} ({which})"

    def input(self) -> Path:
        if self._input is None:
            if not self.args.corpus.is_file():
                raise BenchError(
                    f"{self.args.corpus} is missing; the benchmark needs {WHERE}, or --corpus FILE.jsonl[.gz]."
                )
            self._input = self.args.corpus
            if self.args.docs:
                self._input = head_file(self.args.corpus, self.args.docs, self.work)
        return self._input

    def queries(self) -> QuerySet:
        if self._queries is None:
            a = self.args
            self._queries, path = queryset.stored(
                self.work, self.input(), a.queries, a.long, a.seed, docs=a.docs, log=log
            )
            qs = self._queries
            if len(qs.typical) < a.queries or len(qs.long) < a.long:
                log(f"note: only {len(qs.typical)} typical and {len(qs.long)} long queries from this corpus")
            self.results.put(
                "queryset",
                {**qs.notes, "typical": len(qs.typical), "long": len(qs.long), "file": str(path)},
            )
        return self._queries

    def existing_index(self, engine: str) -> Path:
        folder = self.indexes[engine]
        if not (folder / "vnsearch.json").is_file():
            raise BenchError(
                f"No {engine} index in {folder}: run the ingest stage first (or give --index DIR)."
            )
        return folder

    # stages

    def stage_segment(self) -> None:
        cmd = benchmark_command("segment", "--chars", str(self.args.segment_chars))
        proc = subprocess.run(
            cmd, cwd=ROOT, env=bench_env(), capture_output=True, text=True, encoding="utf-8"
        )
        for line in proc.stdout.splitlines():
            log("  " + line)
        figures = parse_segment(proc.stdout)
        figures["identical"] = proc.returncode == 0 and figures.get("identical", False)
        if proc.returncode not in (0, 1):
            raise BenchError(f"the segment benchmark exited {proc.returncode}: {last_line(proc.stderr)}")
        if proc.returncode == 1:
            log("  " + last_line(proc.stderr))
        self.results.put("segment", figures)

    def stage_ingest(self) -> None:
        source = self.input()
        for engine in self.engines:
            folder = self.indexes[engine]
            log(f"ingest {engine}: {source} -> {folder}")
            shutil.rmtree(folder, ignore_errors=True)
            figures = self.ingest_cli(engine, folder, source)
            log(
                f"  {figures['documents']:,} articles in {figures['seconds']:.1f} s: {figures['mbs']:.2f} MB/s, "
                f"{figures['articles_per_second']:.0f} articles/s, peak RSS {figures['peak_rss'] / 1e6:.0f} MB, "
                f"index {figures['index_bytes'] / 1e6:.0f} MB ({figures['size_ratio']:.2f}× the text)"
            )
            self.results.put("ingest", figures, engine)
        if self.fts5_db is not None:
            log(f"ingest fts5: {source} -> {self.fts5_db}")
            measured = run_measured(benchmark_command("fts5", str(self.fts5_db), str(source)), ROOT)
            if measured.returncode != 0:
                raise BenchError(
                    f"the FTS5 ingest exited {measured.returncode}: {last_line(measured.stderr)}"
                )
            summary = json.loads(measured.stdout)
            size = self.fts5_db.stat().st_size
            figures = {
                "seconds": measured.seconds,
                "own_seconds": summary["seconds"],
                "documents": summary["documents"],
                "skipped": summary["skipped"],
                "text_bytes": summary["bytes"],
                **rates(measured, summary["documents"], summary["bytes"]),
                "index_bytes": size,
                "size_ratio": size / summary["bytes"] if summary["bytes"] else None,
            }
            log(
                f"  {figures['documents']:,} articles in {figures['seconds']:.1f} s: {figures['mbs']:.2f} MB/s"
            )
            self.results.put("ingest", figures, "fts5")

    def ingest_cli(self, engine: str, folder: Path, source: Path) -> dict[str, Any]:
        cmd = [
            *vnsearch_command(),
            "index",
            "--engine",
            engine,
            "--index",
            str(folder),
            "--no-progress",
            "--json",
        ]
        if self.args.workers:
            cmd += ["--workers", str(self.args.workers)]
        measured = run_measured([*cmd, str(source)], ROOT)
        if measured.returncode not in (0, 1):  # 1: something was skipped, and named
            raise BenchError(f"vnsearch index exited {measured.returncode}: {last_line(measured.stderr)}")
        summary = json.loads(measured.stdout)
        text_bytes = summary["megabytes"] * 1e6
        articles = summary["added"] + summary["updated"] + summary["unchanged"]
        size = folder_bytes(folder)
        return {
            "seconds": measured.seconds,  # the whole command, process start to exit
            "cli_seconds": summary["seconds"],
            "documents": summary["documents"],
            "articles": articles,
            "added": summary["added"],
            "skipped": len(summary["skipped"]),
            "text_bytes": text_bytes,
            **rates(measured, articles, text_bytes),
            "processes": measured.peak_processes,
            "index_bytes": size,
            "size_ratio": size / text_bytes if text_bytes else None,
        }

    def stage_profile(self) -> None:
        sample = head_file(self.input(), self.args.profile_docs, self.work)
        for engine in self.engines:
            folder = self.work / f"profile-{engine}"
            log(f"profile {engine}: ingest of {sample.name} in one process, under cProfile then timed")
            cmd = benchmark_command("profile", "--engine", engine, "--index", str(folder))
            proc = subprocess.run(
                [*cmd, str(sample)],
                cwd=ROOT,
                env=bench_env(),
                capture_output=True,
                text=True,
                encoding="utf-8",
            )
            shutil.rmtree(folder, ignore_errors=True)
            if proc.returncode != 0:
                raise BenchError(f"the profile benchmark exited {proc.returncode}: {last_line(proc.stderr)}")
            figures = json.loads(proc.stdout)
            stages = figures["timed"]["stages"]
            top = sorted(stages.items(), key=lambda kv: -kv[1]["share"])[:5]
            log("  " + ", ".join(f"{name} {100 * s['share']:.0f}%" for name, s in top))
            self.results.put("profile", figures, engine)

    def stage_queries(self) -> None:
        qs = self.queries()
        for engine in self.engines:
            from search.searcher import Searcher

            folder = self.existing_index(engine)
            log(f"queries {engine}: {len(qs.typical)} typical + {len(qs.long)} long on {folder}")
            with Searcher(folder) as searcher:

                def run(q: Query, s: Searcher = searcher) -> int:
                    return s.search(q.q, limit=10, facets=True, **q.search_kwargs()).total

                figures = time_queries(run, qs)
                figures["documents"] = searcher.doc_count
            log_latency(figures)
            self.results.put("queries", figures, engine)
        if self.fts5_db is not None:
            log(f"queries fts5: on {self.fts5_db}")
            fts5 = Fts5Searcher(self.fts5_db)
            try:
                figures = time_queries(lambda q: fts5.search(q)[0], qs)
                figures["documents"] = fts5.doc_count
            finally:
                fts5.close()
            log_latency(figures)
            self.results.put("queries", figures, "fts5")

    def stage_coldstart(self) -> None:
        query = next((q.q for q in self.queries().typical if q.kind == "words"), "hà nội")
        for engine in self.engines:
            folder = self.existing_index(engine)
            runs = []
            for _ in range(COLD_RUNS):
                cmd = benchmark_command("coldstart", str(folder), query)
                started = time.perf_counter()
                proc = subprocess.run(cmd, cwd=ROOT, env=bench_env(), capture_output=True, text=True)
                wall = time.perf_counter() - started
                if proc.returncode != 0:
                    raise BenchError(f"coldstart exited {proc.returncode}: {last_line(proc.stderr)}")
                runs.append({**json.loads(proc.stdout), "process": wall})
            keys = ("import", "open", "first_query", "same_again", "process")
            figures: dict[str, Any] = {k: statistics.median(r[k] for r in runs) for k in keys}
            figures["open_and_first"] = statistics.median(r["open"] + r["first_query"] for r in runs)
            figures["runs"] = runs
            figures["query"] = query
            log(
                f"coldstart {engine}: open {figures['open']:.2f} s, first query {figures['first_query']:.2f} s "
                f"(import {figures['import']:.2f} s; whole process {figures['process']:.2f} s)"
            )
            self.results.put("coldstart", figures, engine)

    def stage_load(self) -> None:
        qs = self.queries()
        for engine in self.engines:
            folder = self.existing_index(engine)
            log(
                f"load {engine}: {self.args.clients} clients for {self.args.load_seconds:g} s on {folder}, "
                f"{self.args.server_processes} server process(es)"
            )
            figures = run_load(
                vnsearch_command(),
                folder,
                qs.typical,
                self.args.load_seconds,
                self.args.clients,
                self.work / f"serve-{engine}.log",
                self.args.server_threads,
                processes=self.args.server_processes,
            )
            lat = figures["latency_ms"]
            log(
                f"  {figures['requests_per_second']:.1f} requests/s, p50 {lat.get('p50', 0):.1f} ms, "
                f"p99 {lat.get('p99', 0):.1f} ms, errors {figures['errors']} of {figures['requests']}"
            )
            self.results.put("load", figures, engine)

    def stage_relevance(self) -> None:
        if self.args.relevance:
            log("relevance: running python -m benchmarks relevance (about 20 minutes and more) ...")
            proc = subprocess.run(benchmark_command("relevance"), cwd=ROOT, env=bench_env())
            if proc.returncode != 0:
                raise BenchError(f"the relevance benchmark exited {proc.returncode}")
        figures = read_relevance(RELEVANCE_MD)
        if not figures:
            raise BenchError(
                f"{RELEVANCE_MD} is missing: run python -m benchmarks relevance (or --relevance)."
            )
        log(
            f"relevance: {len(figures['groups'])} task/corpus groups from {figures['header'] or RELEVANCE_MD}"
        )
        self.results.put("relevance", figures)

    def stage_scale(self) -> None:
        sizes = sorted(set(self.args.scale or []))
        if not sizes:
            log("scale: no sizes (--scale 100000,250000); skipped")
            return
        from search.searcher import Searcher

        base, qs = self.input(), self.queries()
        self.results.put("scale", {})
        folders = {engine: self.work / f"scale-{engine}" for engine in self.engines}
        for folder in folders.values():
            shutil.rmtree(folder, ignore_errors=True)
        totals = dict.fromkeys(self.engines, 0.0)
        previous = 0
        for size in sizes:
            chunk = self.work / f"scale-{previous}-{size}.jsonl"
            log(f"scale: writing articles {previous:,} to {size:,} to {chunk}")
            write_copies(base, previous, size, chunk)
            row: dict[str, Any] = {}
            for engine, folder in folders.items():
                log(f"scale {engine}: adding {size - previous:,} articles -> {size:,}")
                figures = self.ingest_cli(engine, folder, chunk)
                totals[engine] += figures["seconds"]
                with Searcher(folder) as searcher:
                    timed = time_queries(
                        lambda q, s=searcher: s.search(q.q, limit=10, facets=True, **q.search_kwargs()).total,
                        QuerySet(qs.typical, []),
                    )
                    documents = searcher.doc_count
                row[engine] = {
                    "documents": documents,
                    "step_seconds": figures["seconds"],
                    "total_seconds": totals[engine],
                    "mbs": figures["mbs"],
                    "peak_rss": figures["peak_rss"],
                    "index_bytes": figures["index_bytes"],
                    "queries": timed["typical"],
                }
                log(
                    f"  {documents:,} articles, index {figures['index_bytes'] / 1e6:.0f} MB, "
                    f"p50 {timed['typical']['p50']:.1f} ms, p95 {timed['typical']['p95']:.1f} ms"
                )
                scale = self.results.data.get("scale", {})
                scale[str(size)] = row
                self.results.put("scale", scale)
            chunk.unlink()
            previous = size

    # the whole run

    def run(self, stages: list[str]) -> int:
        started = time.perf_counter()
        if not self.args.stage:  # a whole run starts afresh (scale figures stay until the next --scale)
            keep = ("ingest",) if self.args.skip_ingest else ()
            self.results.reset(keep=keep + (() if "scale" in stages else ("scale",)))
        meta = self.results.data.get("meta", {})
        if meta.get("corpus_label") not in (None, self.corpus_label):
            log(f"note: the stored figures were for {meta['corpus_label']}: starting afresh")
            self.results.reset()
        self.results.data["meta"] = {
            "started": now(),
            "started_iso": now_iso(),
            "command": self.command,
            "corpus_label": self.corpus_label,
            "settings": self.settings(),
            "machine": machine.describe(),
        }
        errors = self.results.data.setdefault("errors", {})
        for stage in stages:
            log(f"== {stage}")
            errors.pop(stage, None)
            try:
                getattr(self, f"stage_{stage}")()
            except Exception as exc:  # noqa: BLE001 - one stage failing must not lose the others
                message = str(exc) if isinstance(exc, BenchError) else f"{type(exc).__name__}: {exc}"
                if not isinstance(exc, BenchError):
                    traceback.print_exc()
                log(f"{stage} FAILED: {message}")
                errors[stage] = message
            self.write_report()
        seconds = time.perf_counter() - started
        self.results.data["meta"].update(finished=now(), seconds=seconds)
        self.results.save()
        text = self.write_report()
        print()
        print(text)
        log(f"wrote {RESULTS_MD} ({seconds:.0f} s); figures in {self.results.path}")
        if errors:
            log("stages that failed: " + "; ".join(f"{k}: {v}" for k, v in errors.items()))
        return 1 if errors else 0

    def write_report(self) -> str:
        text = render(self.results.data)
        RESULTS_MD.write_text(text, encoding="utf-8")
        return text


# --- measuring -------------------------------------------------------------------


def rates(measured: Measured, articles: int, text_bytes: float) -> dict[str, Any]:
    """An ingest's speed, CPU and peak memory from its measured run: the same figures for
    every engine and FTS5."""
    return {
        "mbs": text_bytes / 1e6 / measured.seconds,
        "articles_per_second": articles / measured.seconds,
        # CPU per article does not drift with the machine's speed as wall time does
        "cpu_seconds": measured.cpu_seconds,
        "cpu_ms_per_article": measured.cpu_seconds * 1000 / articles if articles else None,
        "peak_rss": measured.peak_rss,
        "peak_pss": measured.peak_pss,
        "peak_anon": measured.peak_anon,
    }


def time_queries(search: Callable[[Query], int], qs: QuerySet) -> dict[str, Any]:
    """Latency of every query (after a warm-up of the first ones), in ms, and the no-hit count."""
    for query in qs.typical[:WARMUP]:
        search(query)
    times: dict[str, list[float]] = {}
    no_hits = 0
    for query in [*qs.typical, *qs.long]:
        started = time.perf_counter()
        total = search(query)
        times.setdefault(query.kind, []).append(time.perf_counter() - started)
        no_hits += query.kind != "long" and total == 0
    typical = [t for kind, ts in times.items() if kind != "long" for t in ts]
    return {
        "typical": summary_ms(typical),
        "long": summary_ms(times.get("long", [])),
        "by_kind": {kind: summary_ms(ts) for kind, ts in times.items() if kind != "long"},
        "no_hits": no_hits,
    }


def log_latency(figures: dict[str, Any]) -> None:
    t, lg = figures["typical"], figures["long"]
    text = f"  typical p50 {t['p50']:.1f} ms, p95 {t['p95']:.1f} ms, p99 {t['p99']:.1f} ms, max {t['max']:.1f} ms"
    if lg.get("count"):
        text += f"; long p50 {lg['p50']:.1f} ms, p95 {lg['p95']:.1f} ms"
    log(text + f"; {figures['no_hits']} typical queries without a hit")


def parse_segment(output: str) -> dict[str, Any]:
    """The figures the segment benchmark prints."""
    import re

    figures: dict[str, Any] = {"output": output.splitlines()}
    patterns = {
        "ratio": r"^ratio: ([\d.]+)x",
        "pyvi_mbs": r"^pyvi:\s+[\d.]+ s\s+([\d.]+) MB/s",
        "ours_mbs": r"^search\.vietnamese\.segment:\s+[\d.]+ s\s+([\d.]+) MB/s",
        "words_ratio": r"^search\.vietnamese\.segment\.words:.*\(([\d.]+)x pyvi",
        "texts": r"^text: (\d+) VNTC bodies",
        "chars": r"^text: \d+ VNTC bodies, ([\d,]+) characters",
        "load_ours": r"^load: .*= ([\d.]+) s;",
        "load_pyvi": r"pyvi import\+model ([\d.]+) s",
    }
    for key, pattern in patterns.items():
        found = re.search(pattern, output, re.MULTILINE)
        if found:
            figures[key] = float(found.group(1).replace(",", ""))
    figures["identical"] = "outputs identical" in output
    return figures


def last_line(text: str) -> str:
    lines = [line for line in (text or "").strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(no message)"


# --- command line ----------------------------------------------------------------


def csv_list(choices: tuple[str, ...]) -> Callable[[str], list[str]]:
    def parse(value: str) -> list[str]:
        items = [v.strip() for v in value.split(",") if v.strip()]
        bad = [v for v in items if v not in choices]
        if bad or not items:
            raise argparse.ArgumentTypeError(f"choose from {', '.join(choices)}, not {value!r}")
        return list(dict.fromkeys(items))

    return parse


def sizes(value: str) -> list[int]:
    try:
        out = [int(v.replace("_", "")) for v in value.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"sizes are article counts like 100000,250000, not {value!r}"
        ) from None
    if not out or min(out) < 1:
        raise argparse.ArgumentTypeError(f"sizes are article counts like 100000,250000, not {value!r}")
    return out


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--corpus", type=Path, help="JSON Lines corpus, optionally .gz (default: VNTC)")
    parser.add_argument("--docs", type=int, help="its first N articles only (default: all)")
    parser.add_argument(
        "--engines",
        type=csv_list(search_engines.ENGINES),
        default=list(search_engines.ENGINES),
        help="our engines to measure (default: whoosh,tantivy); FTS5 always, unless --no-fts5",
    )
    parser.add_argument("--no-fts5", action="store_true", help="leave out the SQLite FTS5 baseline")
    parser.add_argument("--queries", type=int, help="typical queries (default: 240)")
    parser.add_argument("--long", type=int, help="long 10-word queries (default: 40)")
    parser.add_argument("--seed", type=int, help="of the query set (default: 7)")
    parser.add_argument("--workers", type=int, help="vnsearch index --workers (default: its own, all cores)")
    parser.add_argument("--profile-docs", type=int, default=1000, help="articles profiled (default: 1000)")
    parser.add_argument(
        "--segment-chars", type=int, default=1_000_000, help="text segmented (default: 1,000,000)"
    )
    parser.add_argument("--load-seconds", type=float, default=30.0, help="load test length (default: 30)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default: 8)")
    parser.add_argument("--server-threads", type=int, help="vnsearch serve --threads (default: its own)")
    parser.add_argument(
        "--server-processes",
        type=int,
        default=os.cpu_count() or 1,
        help="vnsearch serve --processes (default: one per core)",
    )
    parser.add_argument("--skip-ingest", action="store_true", help="reuse the indexes under --work")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--relevance", action="store_true", help="run the relevance benchmark first (long)")
    parser.add_argument("--scale", type=sizes, help="e.g. 100000,250000: scale runs up to these sizes")
    parser.add_argument(
        "--work", type=Path, default=DEFAULT_WORK, help=f"indexes and figures ({DEFAULT_WORK})"
    )
    parser.add_argument("--fts5-db", type=Path, help="the FTS5 database (default: WORK/fts5.sqlite)")
    parser.add_argument(
        "--index",
        type=Path,
        action="append",
        help="an existing index to measure (repeatable; its engine is its own); implies those engines",
    )
    parser.add_argument("--stage", type=csv_list(STAGES), help="run only these stages (comma-separated)")
    args = parser.parse_args(argv)
    for name in ("docs", "queries", "long", "profile_docs", "clients"):
        value = getattr(args, name)
        if value is not None and value < 1:
            parser.error(f"--{name.replace('_', '-')} must be 1 or more, not {value}")
    return args


def chosen_stages(args: argparse.Namespace) -> list[str]:
    if args.stage:
        return [s for s in STAGES if s in args.stage]
    skip = {"ingest"} if args.skip_ingest else set()
    skip |= {"load"} if args.skip_load else set()
    skip |= set() if args.scale else {"scale"}
    return [s for s in STAGES if s not in skip]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    try:
        bench = Bench(args, argv)
        return bench.run(chosen_stages(args))
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    except SearchError as exc:  # e.g. --index names a folder without an index
        print(f"bench: {exc}", file=sys.stderr)
        return 2
