"""Benchmark: precision and recall of search.speakers on labelled articles.

    python -m benchmarks speakers [--labels FILE ...] [--show-errors]
    python -m benchmarks speakers --agree speakers_labels_second_reader.jsonl

Each label file is JSON Lines: {"corpus": ..., "id": ..., "speakers": [...], "note": ...}.
The corpus names a folder of ../shared/corpora ("seeds", "unc", "vntc",
"vnexpress-2025", "news24h-2026"), or "demo" for the project's own demo/ folder;
the id is the Article.id that search.corpus.read_paths gives for it. The article
text is read from there (never copied into the project), run through
extract_speakers, and scored as micro precision/recall/F1 over (article,
canonical speaker) pairs, each file on its own line: the development half
(speakers_labels_dev.jsonl, the only one rules are tuned on), the held-out test half
(speakers_labels_test.jsonl, only reported), the 191 articles the first rules were
written on, and the demo corpus. Not a test; tests/test_speakers.py and
tests/test_speakers_evidence.py hold the regression floors.

``--agree FILE`` compares a second reader's labels of some held-out articles (read blind, to
the same guide) with the first labels of those articles, and scores the extractor against each:
how far apart two readers are is the ceiling the figures above can be read against.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .paths import ROOT, SHARED, WHERE

# The 2,815 articles labelled before any rule was written for them (fourteen rounds: 440, 220, 175,
# then eleven of 180), in two halves by a hash of corpus|id (sha1, even: dev): rules are tuned on "dev"
# only, "test" is only reported. "speakers_labels.jsonl" holds the 191 articles
# the first rules were written on; the demo labels are the demo corpus's.
DEFAULT_LABELS = [
    ROOT / "benchmarks" / "speakers_labels_dev.jsonl",
    ROOT / "benchmarks" / "speakers_labels_test.jsonl",
    ROOT / "benchmarks" / "speakers_labels.jsonl",
    ROOT / "benchmarks" / "speakers_labels_demo.jsonl",
]


@dataclass
class Score:
    """Counts over (article, speaker) pairs, and the errors behind them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    articles: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_labels(path: Path) -> list[dict]:
    labels = []
    with path.open(encoding="utf-8") as stream:
        for lineno, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SystemExit(f"speakers: {path}:{lineno} is not valid JSON ({exc.msg})") from exc
            for key in ("corpus", "id", "speakers"):
                if key not in record:
                    raise SystemExit(f"speakers: {path}:{lineno} has no {key!r} field")
            labels.append(record)
    return labels


def corpus_folder(corpus: str) -> Path:
    return ROOT / "demo" if corpus == "demo" else SHARED / corpus


def load_articles(labels: list[dict]) -> dict[tuple[str, str], object]:
    """The labelled articles, read through search.corpus.read_paths, by (corpus, id)."""
    from search.corpus import Article, read_paths

    wanted: dict[str, set[str]] = defaultdict(set)
    for record in labels:
        wanted[record["corpus"]].add(record["id"])
    found: dict[tuple[str, str], object] = {}
    for corpus, ids in wanted.items():
        folder = corpus_folder(corpus)
        if not folder.exists():
            raise SystemExit(f"speakers: {folder} is missing; the labels for corpus {corpus!r} need {WHERE}.")
        for item in read_paths([folder]):
            if isinstance(item, Article) and item.id in ids:
                found[(corpus, item.id)] = item
                if sum(1 for key in found if key[0] == corpus) == len(ids):
                    break
    missing = [f"{r['corpus']}:{r['id']}" for r in labels if (r["corpus"], r["id"]) not in found]
    if missing:
        raise SystemExit(f"speakers: labelled articles not found: {', '.join(missing[:5])}")
    return found


def score(labels: list[dict], articles: dict) -> Score:
    from search.speakers import canonical_name, extract_speakers

    result = Score()
    for record in labels:
        article = articles[(record["corpus"], record["id"])]
        gold = {canonical_name(name) or name for name in record["speakers"]}  # "Đức" of "bầu Đức"
        got = {s.name for s in extract_speakers(article.body, article.title)}
        result.articles += 1
        result.tp += len(gold & got)
        where = f"{record['corpus']}:{record['id']}"
        for name in sorted(got - gold):
            result.fp += 1
            result.errors.append(f"  FP  {where}  {name}")
        for name in sorted(gold - got):
            result.fn += 1
            result.errors.append(f"  FN  {where}  {name}")
    return result


def agreement(first: list[dict], second: list[dict]) -> Score:
    """The second reader's labels scored against the first's, over the articles both labelled
    (names canonical, compared exactly, as the extractor's are)."""
    from search.speakers import canonical_name

    theirs = {(r["corpus"], r["id"]): r for r in second}
    result = Score()
    for record in first:
        other = theirs.get((record["corpus"], record["id"]))
        if other is None:
            continue
        gold = {canonical_name(n) or n for n in record["speakers"]}
        got = {canonical_name(n) or n for n in other["speakers"]}
        result.articles += 1
        result.tp += len(gold & got)
        result.fp += len(got - gold)
        result.fn += len(gold - got)
    return result


def _line(name: str, result: Score) -> str:
    return (
        f"{name}: {result.articles} articles | precision {result.precision:.3f}  "
        f"recall {result.recall:.3f}  F1 {result.f1:.3f} (tp {result.tp}, fp {result.fp}, fn {result.fn})"
    )


def _agree(path: Path) -> int:
    if not path.is_file():
        print(f"speakers: label file {path} not found", file=sys.stderr)
        return 2
    second = read_labels(path)
    wanted = {(r["corpus"], r["id"]) for r in second}
    first = [r for lf in DEFAULT_LABELS[:2] for r in read_labels(lf) if (r["corpus"], r["id"]) in wanted]
    if len(first) != len(second):
        print(
            f"speakers: {len(second) - len(first)} articles of {path} have no first labels", file=sys.stderr
        )
        return 2
    articles = load_articles(first)
    print(_line("second reader against the first labels", agreement(first, second)))
    print(_line("extractor against the first labels", score(first, articles)))
    print(_line("extractor against the second reader", score(second, articles)))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks speakers", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--labels", type=Path, action="append", help="a label file (repeatable; default: both label files)"
    )
    parser.add_argument(
        "--show-errors", action="store_true", help="list false positives (FP) and misses (FN)"
    )
    parser.add_argument(
        "--agree", type=Path, metavar="FILE", help="a second reader's labels of held-out articles"
    )
    args = parser.parse_args(argv)
    if args.agree:
        return _agree(args.agree)

    for path in args.labels or DEFAULT_LABELS:
        if not path.is_file():
            print(f"speakers: label file {path} not found", file=sys.stderr)
            return 2
        labels = read_labels(path)
        start = time.perf_counter()
        articles = load_articles(labels)
        loaded = time.perf_counter()
        result = score(labels, articles)
        took = time.perf_counter() - loaded
        print(
            f"{path.name}: {result.articles} articles, {result.tp + result.fn} labelled speakers | "
            f"precision {result.precision:.3f}  recall {result.recall:.3f}  F1 {result.f1:.3f} "
            f"(tp {result.tp}, fp {result.fp}, fn {result.fn}; read {loaded - start:.1f}s, "
            f"extract {took * 1000 / max(result.articles, 1):.1f} ms/article)"
        )
        if args.show_errors and result.errors:
            print("\n".join(result.errors))
    return 0
