"""Cold start, run in a fresh process: import, open the index, answer the first query.

    python -m benchmarks coldstart INDEX QUERY

Prints one JSON object with the seconds of each step. "Cold" is the process
(imports, the segmentation model, the engine's readers and caches); the
operating system's file cache is whatever the machine holds.
"""

from __future__ import annotations

import json
import sys
import time


def main(argv: list[str]) -> int:
    asked = argv[:1] in (["-h"], ["--help"])
    if asked or len(argv) != 2:  # no argparse: its import would not be timed, the others are
        print(__doc__.strip(), file=sys.stdout if asked else sys.stderr)
        return 0 if asked else 2
    index_dir, query = argv
    t0 = time.perf_counter()
    from search.searcher import Searcher

    t1 = time.perf_counter()
    searcher = Searcher(index_dir)
    t2 = time.perf_counter()
    result = searcher.search(query, limit=10, facets=True)
    t3 = time.perf_counter()
    searcher.search(query, limit=10, facets=True)
    t4 = time.perf_counter()
    searcher.close()
    out = {"import": t1 - t0, "open": t2 - t1, "first_query": t3 - t2, "same_again": t4 - t3}
    print(json.dumps({**out, "engine": searcher.engine, "total": result.total}))
    return 0
