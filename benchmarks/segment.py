"""Benchmark: search.vietnamese.segment vs pyvi's ViTokenizer on real news text.

    python -m benchmarks segment [--chars N] [--runs R]

Takes about N characters (default 1,000,000) of VNTC article bodies from
../shared/corpora/vntc/vntc.jsonl.gz (NFC-normalised), times pyvi's
``ViTokenizer.tokenize`` and ``search.vietnamese.segment.tokenize`` on the same texts
(median of R runs each, one process), checks that the outputs are identical,
and prints throughput, the speed ratio and model load times. Not a test.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
import unicodedata

from .paths import VNTC, WHERE


def read_texts(chars: int) -> list[str]:
    texts: list[str] = []
    total = 0
    with gzip.open(VNTC, "rt", encoding="utf-8") as fin:
        for line in fin:
            body = json.loads(line).get("body") or ""
            body = unicodedata.normalize("NFC", body)
            if not body.strip():
                continue
            texts.append(body)
            total += len(body)
            if total >= chars:
                break
    return texts


def timed_runs(fn, texts: list[str], runs: int) -> tuple[list[float], list[str]]:
    times = []
    out: list[str] = []
    for _ in range(runs):
        start = time.perf_counter()
        out = [fn(t) for t in texts]
        times.append(time.perf_counter() - start)
    return times, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks segment", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--chars", type=int, default=1_000_000, help="characters of text to segment (default 1,000,000)"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per tokenizer (median)")
    args = parser.parse_args(argv)

    if not VNTC.is_file():
        print(
            f"segment: {VNTC} is missing; this benchmark needs {WHERE}.",
            file=sys.stderr,
        )
        return 2

    # Our load first, in a fresh process: includes importing numpy.
    t0 = time.perf_counter()
    import search.vietnamese.segment as segment

    t1 = time.perf_counter()
    segment.load()
    t2 = time.perf_counter()
    t3 = time.perf_counter()
    from pyvi import ViTokenizer  # loads its model (and scikit-learn) on import

    t4 = time.perf_counter()
    print(
        f"load: search.vietnamese.segment import {t1 - t0:.3f} s + model {t2 - t1:.3f} s "
        f"= {t2 - t0:.3f} s; pyvi import+model {t4 - t3:.3f} s"
    )

    texts = read_texts(args.chars)
    n_chars = sum(len(t) for t in texts)
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    print(f"text: {len(texts)} VNTC bodies, {n_chars:,} characters, {n_bytes:,} UTF-8 bytes")

    ours_times, ours = timed_runs(segment.tokenize, texts, args.runs)
    pyvi_times, ref = timed_runs(ViTokenizer.tokenize, texts, args.runs)
    bad = [i for i, (a, b) in enumerate(zip(ref, ours, strict=True)) if a != b]
    if bad:
        print(f"MISMATCH on {len(bad)} of {len(texts)} texts (first: #{bad[0]})", file=sys.stderr)
        return 1

    p = statistics.median(pyvi_times)
    o = statistics.median(ours_times)
    mb = n_bytes / 1e6
    mc = n_chars / 1e6
    print(
        f"pyvi:           {p:.3f} s  {mb / p:6.2f} MB/s  {mc / p:6.2f} Mchar/s  "
        f"(runs: {', '.join(f'{x:.3f}' for x in pyvi_times)})"
    )
    print(
        f"search.vietnamese.segment: {o:.3f} s  {mb / o:6.2f} MB/s  {mc / o:6.2f} Mchar/s  "
        f"(runs: {', '.join(f'{x:.3f}' for x in ours_times)}; the first fills the token cache)"
    )
    print(
        f"ratio: {p / o:.2f}x (median); first run {pyvi_times[0] / ours_times[0]:.2f}x; "
        f"outputs identical on all {len(texts)} texts"
    )

    # words() too: offsets and Word objects cost a little extra.
    start = time.perf_counter()
    for t in texts:
        segment.words(t)
    w = time.perf_counter() - start
    print(f"search.vietnamese.segment.words: {w:.3f} s  {mb / w:6.2f} MB/s  ({p / w:.2f}x pyvi tokenize)")
    return 0
