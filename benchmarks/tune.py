"""Try ranking weights on a dataset written by ``python -m benchmarks relevance``.

    python -m benchmarks tune DATASET_DIR [--set name=value ...]... [--reindex]

DATASET_DIR holds docs.jsonl, answers.json (query, folded, target, half) and, after
a first run, an index (``vnsearch-index/``, ``tantivy-index/`` with ``--engine tantivy``).
Each ``--set`` list is one configuration of :class:`search.query.build.Weights`; the
defaults are always measured first. Only the tuning half is asked unless ``--half`` says
otherwise: the held-out half is for reporting what was kept, not for choosing it. Runs
in-process (no CLI start-up), so a configuration takes seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

from search.indexing.pipeline import ingest
from search.query import DEFAULT_WEIGHTS, Weights
from search.searcher import Searcher

K = 10


def mrr(rankings: list[list[str]], targets: list[str]) -> float:
    total = 0.0
    for ranked, target in zip(rankings, targets, strict=True):
        if target in ranked[:K]:
            total += 1 / (ranked.index(target) + 1)
    return total / len(targets)


def parse_set(spec: str) -> Weights:
    values = {}
    for item in spec.split(","):
        name, _, value = item.partition("=")
        default = getattr(DEFAULT_WEIGHTS, name)
        values[name] = type(default)(value)
    return replace(DEFAULT_WEIGHTS, **values)


def run(searcher: Searcher, queries: list[str], weights: Weights) -> tuple[list[list[str]], float]:
    start = time.perf_counter()
    rankings = [
        [h.id for h in searcher.search(q, limit=K, facets=False, weights=weights).hits] for q in queries
    ]
    return rankings, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks tune",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--set", action="append", default=[], help="e.g. exact=3,pair=2")
    parser.add_argument("--reindex", action="store_true")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N queries")
    parser.add_argument("--half", choices=("tuning", "held-out", "all"), default="tuning")
    parser.add_argument("--engine", choices=("whoosh", "tantivy"), default="whoosh")
    args = parser.parse_args(argv)
    index = args.dataset / ("vnsearch-index" if args.engine == "whoosh" else f"{args.engine}-index")
    if args.reindex or not (index / "vnsearch.json").exists():
        report = ingest([args.dataset / "docs.jsonl"], index, rebuild=True, engine=args.engine)
        print(f"indexed {report.added} docs in {report.seconds:.0f} s", file=sys.stderr)
    answers = json.loads((args.dataset / "answers.json").read_text(encoding="utf-8"))
    if args.half != "all":
        answers = [a for a in answers if a.get("half", "tuning") == args.half]
    if args.limit:
        answers = answers[: args.limit]
    targets = [a["target"] for a in answers]
    configs = [("defaults", DEFAULT_WEIGHTS)] + [(spec, parse_set(spec)) for spec in args.set]
    with Searcher(index) as searcher:
        for name, weights in configs:
            acc, t_acc = run(searcher, [a["query"] for a in answers], weights)
            unacc, t_unacc = run(searcher, [a["folded"] for a in answers], weights)
            ms = 1000 * (t_acc + t_unacc) / (2 * len(answers))
            print(f"{mrr(acc, targets):.3f} {mrr(unacc, targets):.3f}  {ms:5.1f} ms  {name}", flush=True)
    return 0
