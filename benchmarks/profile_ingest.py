"""Where ingest time goes: the real pipeline in one process, timed stage by stage.

    python -m benchmarks profile --engine whoosh --index DIR FILE

Runs ``search.indexing.pipeline.ingest(FILE, DIR, workers=1, rebuild=True)`` twice:

1. under cProfile, for the functions that take the most time of their own;
2. with a stopwatch around each stage (no profiler, so no distortion of
   Python-heavy code), each stage's time *exclusive* of the stages it calls:
   reading the file, cleaning, content hash, speakers
   (``extract_speakers``), word segmentation (``segment.spans``), syllables
   and folding (the rest of ``analysis._analyze``), the engine's token
   encoding (``WorkerSide.encode`` minus the analysis), writing (the worker's
   ``WorkerSide.write`` and the parent's ``Sink.add``/``commit``) and the
   did-you-mean vocabulary. The second run finds pyvi's token cache warm, as
   a worker does after its first articles.

Prints one JSON object. With ``--workers N`` the real ingest spreads the
worker stages over N processes; reading, ``Sink`` and vocabulary stay in
the parent.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import search.indexing.pipeline
import search.vietnamese.analysis
import search.vietnamese.segment
from search import engines

STAGES = (
    "reading",
    "cleaning",
    "content hash",
    "speakers",
    "segmentation",
    "syllables, folding",
    "token encoding",
    "writing (worker)",
    "writing (index)",
    "vocabulary",
)


class Stopwatch:
    """Exclusive time per stage: entering a stage pauses the one it was called from."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self.stack: list[str] = []
        self.mark = 0.0

    def _enter(self, name: str) -> None:
        now = time.perf_counter()
        if self.stack:
            self.totals[self.stack[-1]] += now - self.mark
        self.stack.append(name)
        self.mark = now

    def _leave(self) -> None:
        now = time.perf_counter()
        self.totals[self.stack.pop()] += now - self.mark
        self.mark = now

    def wrap(self, name: str, fn: Callable) -> Callable:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._enter(name)
            try:
                return fn(*args, **kwargs)
            finally:
                self._leave()

        return timed

    def wrap_iter(self, name: str, fn: Callable[..., Iterator]) -> Callable[..., Iterator]:
        """Time each step of the generator ``fn`` returns (the reader is one)."""

        def timed(*args: Any, **kwargs: Any) -> Iterator:
            iterator = fn(*args, **kwargs)
            while True:
                self._enter(name)
                try:
                    item = next(iterator)
                except StopIteration:
                    return
                finally:
                    self._leave()
                yield item

        return timed


# (owner, attribute, stage): the functions timed; read by name so that the real ingest calls them.
def _targets(engine: str) -> list[tuple[Any, str, str]]:
    module = engines.load(engine)
    return [
        (search.indexing.pipeline, "read_paths", "reading"),
        (search.indexing.pipeline, "clean", "cleaning"),
        (search.indexing.pipeline, "content_hash", "content hash"),
        (search.indexing.pipeline, "extract_speakers", "speakers"),
        (search.vietnamese.segment, "spans", "segmentation"),
        (search.vietnamese.analysis, "_analyze", "syllables, folding"),
        (module.WorkerSide, "encode", "token encoding"),
        (module.WorkerSide, "write", "writing (worker)"),
        (module.Sink, "add", "writing (index)"),
        (module.Sink, "commit", "writing (index)"),
        (search.indexing.pipeline, "build_vocabulary", "vocabulary"),
    ]


def timed_run(path: Path, index_dir: Path, engine: str) -> dict[str, Any]:
    watch = Stopwatch()
    saved, missing = [], []
    for owner, name, stage in _targets(engine):
        original = getattr(owner, name, None)
        if original is None:  # renamed in the library: its time shows as "other"
            missing.append(f"{getattr(owner, '__name__', owner)}.{name}")
            continue
        wrap = watch.wrap_iter if stage == "reading" else watch.wrap
        saved.append((owner, name, original, wrap(stage, original)))
    cache = getattr(search.vietnamese.analysis, "_CACHE", None)
    if cache is not None:
        cache.clear()  # an analysis cached by the first run is no work
    try:
        for owner, name, _original, timed in saved:
            setattr(owner, name, timed)
        started = time.perf_counter()
        report = search.indexing.pipeline.ingest([path], index_dir, rebuild=True, engine=engine, workers=1)
        total = time.perf_counter() - started
    finally:
        for owner, name, original, _timed in saved:
            setattr(owner, name, original)
    stages = {name: watch.totals.get(name, 0.0) for name in STAGES}
    stages["other"] = max(0.0, total - sum(stages.values()))
    return {
        "seconds": total,
        "articles": report.articles,
        "megabytes": report.nbytes / 1e6,
        "stages": {name: {"seconds": s, "share": s / total} for name, s in stages.items()},
        "not_timed": missing,
    }


def _label(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    if filename == "~":
        return name  # a built-in
    parts = Path(filename).parts
    for anchor in ("search", "whoosh", "tantivy", "numpy"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) :]) + f":{line}({name})"
    return f"{Path(filename).name}:{line}({name})"


def profiled_run(path: Path, index_dir: Path, engine: str, top: int) -> dict[str, Any]:
    profiler = cProfile.Profile()
    profiler.enable()
    search.indexing.pipeline.ingest([path], index_dir, rebuild=True, engine=engine, workers=1)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    return {
        "seconds": total,
        "top": [
            {"function": _label(func), "calls": nc, "own": tt / total, "cumulative": ct / total}
            for func, (_cc, nc, tt, ct, _callers) in rows
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks profile", description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=engines.ENGINES, default="whoosh")
    parser.add_argument("--index", type=Path, required=True, help="a scratch folder (rebuilt)")
    parser.add_argument("--top", type=int, default=15, help="functions listed from the profile")
    parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    profile = profiled_run(args.file, args.index, args.engine, args.top)
    timed = timed_run(args.file, args.index, args.engine)
    print(json.dumps({"engine": args.engine, "profile": profile, "timed": timed}))
    return 0
