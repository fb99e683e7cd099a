"""Query latency end to end, as the web page and the API run a search.

    python benchmarks/latency.py INDEX_DIR [--queries 240] [--seed 7] [--long 40]

Builds typical queries from the index's own stored articles with a fixed
seed: 1-4 word spans (pyvi words, so they read like what people type), half
of them with the accents removed, some as "quoted phrases", some with a
speaker filter. Each query runs through ``Searcher.search`` with facets,
top-10 hits and their snippets, once with facets and once without, and the
script prints median and 95th percentile latency and the facet overhead.
Long 10-word queries are reported separately.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from search import segment  # noqa: E402
from search.searcher import Searcher  # noqa: E402
from search.text import fold, normalize  # noqa: E402


def sample_queries(searcher: Searcher, count: int, long: int, seed: int) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    reader = searcher._searcher.reader()
    docnums = list(reader.all_doc_ids())
    speakers = [f.value for f in searcher.search("", limit=0).facets.get("speaker", [])][:30]
    typical: list[dict] = []
    longer: list[dict] = []
    while len(typical) < count or len(longer) < long:
        stored = reader.stored_fields(rng.choice(docnums))
        words = [w.text.replace("_", " ") for w in segment.words(normalize(stored.get("body", "")))]
        words = [w for w in words if any(c.isalpha() for c in w)]
        if len(words) < 20:
            continue
        if len(longer) < long:
            start = rng.randrange(len(words) - 10)
            longer.append({"q": " ".join(words[start : start + 10])})
        if len(typical) >= count:
            continue
        n = rng.choice([1, 2, 2, 3, 3, 4])
        start = rng.randrange(len(words) - n)
        text = " ".join(words[start : start + n]).lower()
        kind = rng.random()
        query: dict = {"q": text}
        if kind < 0.5:
            query["q"] = fold(text)
        if 0.5 <= kind < 0.6 and n > 1:
            query["q"] = f'"{text}"'
        if 0.6 <= kind < 0.7 and speakers:
            query["speakers"] = [rng.choice(speakers)]
        typical.append(query)
    return typical, longer


def measure(searcher: Searcher, queries: list[dict], facets: bool) -> list[float]:
    times = []
    for query in queries:
        start = time.perf_counter()
        searcher.search(query["q"], speakers=query.get("speakers", ()), limit=10, facets=facets)
        times.append(time.perf_counter() - start)
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"p50 {1000 * statistics.median(ordered):6.1f} ms   p95 {1000 * p95:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("index", type=Path)
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--long", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    with Searcher(args.index) as searcher:
        opened = time.perf_counter() - started
        typical, longer = sample_queries(searcher, args.queries, args.long, args.seed)
        measure(searcher, typical[:20], True)  # warm the caches and the model
        with_facets = measure(searcher, typical, True)
        without = measure(searcher, typical, False)
        long_times = measure(searcher, longer, True)
        print(f"index: {args.index} ({searcher.doc_count} articles), opened in {opened:.2f} s")
        print(f"typical 1-4 word queries ({len(typical)}), with facets:    {summary(with_facets)}")
        print(f"typical 1-4 word queries ({len(typical)}), without facets: {summary(without)}")
        ratio = statistics.median(with_facets) / statistics.median(without)
        print(f"facet overhead: x{ratio:.2f} (median with / without)")
        print(f"long 10-word queries ({len(longer)}), with facets:         {summary(long_times)}")


if __name__ == "__main__":
    main()
