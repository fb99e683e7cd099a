"""Benchmark: near-duplicate grouping (search.indexing.duplicates) on the shared corpora.

    python -m benchmarks duplicates [--examples N] [--corpus NAME ...]

Each shared corpus is grouped on its own, in the order its reader yields the
articles, as ingest would. Printed: per corpus the articles, the groups with
more than one member and the articles in them, the signature cost per article,
and example groups; then precision and recall of "same group" on the labelled
pairs of benchmarks/data/duplicate_pairs.tsv, dev and test halves apart (the
threshold was chosen on dev only; test is only reported).

The pairs were found without MinHash: TF-IDF cosine over syllable unigrams and
bigrams (top pairs of every corpus, sampled across cosine bands from 0.25 to 1)
plus pairs with the same title, and labelled by reading both texts before the
grouper ever ran on them: 1 = the same text (re-crawl, syndication, the same
wire with small edits or another headline), 0 = different articles, including
the same event written up independently and template pages that differ only in
their data. The file holds ids and labels, never text.

Two more samples (issue 20, second round) measure what the first could not: the
first one's pairs were chosen by cosine band, so its precision is that of hard
cases, not of the merges a reader meets. ``grouped-sample``: pairs drawn
uniformly from all the pairs the grouper put in one group (every pair of the
small corpora's groups, 130 drawn from VNTC's); ``near-miss``: candidates the
grouper rejected at an estimated Jaccard of 0.3-0.5. Both were shuffled
together and labelled blind (the labeller saw the texts, never the grouper's
verdict, with the guideline above), and split in halves by a hash of the ids;
nothing was tuned on either half.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import dataclass, field

from . import speakers
from .paths import ROOT, SHARED, WHERE

PAIRS = ROOT / "benchmarks" / "data" / "duplicate_pairs.tsv"
# corpus name (as in the pairs file) -> path under the shared corpora folder
CORPORA = {
    "vntc": "vntc/vntc.jsonl.gz",
    "unc": "unc/unc.jsonl.gz",
    "vnexpress-2025": "vnexpress-2025",
    "news24h-2026": "news24h-2026",
}


# The labelled pairs come from three samples, reported apart (the column found_by):
SETS = (
    # hard pairs: found by TF-IDF cosine across bands, or the same title (the first 374 pairs)
    ("Hard pairs (TF-IDF cosine bands, same titles):", ("tfidf", "same-title")),
    # a uniform sample of the pairs the grouper put together: its precision is the archive's
    ("Random sample of grouped pairs (precision of what the grouper merges):", ("grouped-sample",)),
    # candidates it rejected with an estimated Jaccard of 0.3-0.5: the duplicates it misses there
    ("Near misses (candidates rejected at estimated Jaccard 0.3-0.5):", ("near-miss",)),
)


@dataclass
class Grouped:
    """One corpus grouped on its own."""

    name: str
    group: dict[str, int] = field(default_factory=dict)  # article id -> group number
    titles: dict[str, str] = field(default_factory=dict)
    shared: dict[int, list[str]] = field(default_factory=dict)  # groups with > 1 member
    prepare_seconds: float = 0.0
    chars: int = 0


def group_corpus(name: str) -> Grouped:
    """Read one corpus with the project's reader and group it as ingest would."""
    from search.corpus import Article, read_paths
    from search.indexing.duplicates import Grouper, prepare

    result = Grouped(name)
    grouper = Grouper()
    for item in read_paths(SHARED / CORPORA[name]):
        if not isinstance(item, Article):
            continue
        start = time.perf_counter()
        key = prepare(item.title, item.body)
        result.prepare_seconds += time.perf_counter() - start
        result.chars += len(item.title) + len(item.body)
        result.group[item.id] = grouper.assign(item.id, key)
        result.titles[item.id] = item.title
    result.shared = grouper.groups()
    return result


@dataclass
class Score(speakers.Score):
    """The speakers benchmark's counts and precision/recall, over labelled pairs, with true negatives."""

    tn: int = 0


def read_pairs(path=PAIRS) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def score_pairs(pairs: list[dict[str, str]], grouped: dict[str, Grouped]) -> dict[str, Score]:
    """Precision and recall of "same group" against the labels, per split."""
    scores: dict[str, Score] = {}
    for pair in pairs:
        corpus = grouped.get(pair["corpus"])
        if corpus is None:
            continue
        score = scores.setdefault(pair["split"], Score())
        a, b = corpus.group.get(pair["id_a"]), corpus.group.get(pair["id_b"])
        if a is None or b is None:
            raise SystemExit(
                f"duplicates: pair ids not found in {pair['corpus']}: {pair['id_a']}, {pair['id_b']}"
            )
        same, label = a == b, pair["label"] == "1"
        if same and label:
            score.tp += 1
        elif same:
            score.fp += 1
            score.errors.append(f"  FP {pair['split']} {pair['corpus']}: {pair['id_a']} | {pair['id_b']}")
        elif label:
            score.fn += 1
            score.errors.append(f"  FN {pair['split']} {pair['corpus']}: {pair['id_a']} | {pair['id_b']}")
        else:
            score.tn += 1
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks duplicates", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--examples", type=int, default=5, help="example groups shown per corpus (default 5)")
    parser.add_argument(
        "--corpus", action="append", choices=list(CORPORA), help="only this corpus (repeatable)"
    )
    parser.add_argument("--show-errors", action="store_true", help="list the pairs grouped wrongly")
    args = parser.parse_args(argv)

    if not SHARED.is_dir():
        print(f"duplicates: skipped, {WHERE} is absent.", file=sys.stderr)
        return 0
    from search.indexing.duplicates import SHINGLE, SIGNATURE_SIZE, THRESHOLD

    print(f"MinHash {SIGNATURE_SIZE} hashes, {SHINGLE}-syllable shingles, threshold {THRESHOLD}")
    grouped: dict[str, Grouped] = {}
    for name in args.corpus or CORPORA:
        if not (SHARED / CORPORA[name]).exists():
            print(f"{name}: {SHARED / CORPORA[name]} not found, skipped")
            continue
        result = grouped[name] = group_corpus(name)
        articles = len(result.group)
        members = sum(len(ids) for ids in result.shared.values())
        print(
            f"\n{name}: {articles} articles, {len(result.shared)} groups with >1 member holding "
            f"{members} articles; signature {result.prepare_seconds * 1e3 / max(articles, 1):.3f} ms/article "
            f"(mean {result.chars / max(articles, 1):.0f} characters)"
        )
        by_size = sorted(result.shared.items(), key=lambda item: (-len(item[1]), item[0]))
        step = max(1, len(by_size) // max(args.examples, 1))
        for number, ids in by_size[::step][: args.examples]:
            print(f"  group {number} ({len(ids)} articles):")
            for article_id in ids[:4]:
                print(f"    {article_id}  {result.titles[article_id][:80]}")

    if not PAIRS.is_file():
        print(f"duplicates: labelled pairs {PAIRS} not found", file=sys.stderr)
        return 2
    pairs = read_pairs()
    for title, found_by in SETS:
        scores = score_pairs([p for p in pairs if p["found_by"] in found_by], grouped)
        print(f"\n{title}")
        for split in ("dev", "test"):
            if split in scores:
                s = scores[split]
                if "near-miss" in found_by:  # none of these was grouped: how many should have been
                    print(f"  {split}: {s.fn} of {s.fn + s.tn} are duplicates the grouper missed")
                elif "grouped-sample" in found_by:  # all of these were grouped: how many rightly
                    print(f"  {split}: precision {s.precision:.3f} ({s.tp} of {s.tp + s.fp} merges right)")
                else:
                    print(
                        f"  {split}: precision {s.precision:.3f}  recall {s.recall:.3f} "
                        f"(tp {s.tp}, fp {s.fp}, fn {s.fn}, tn {s.tn})"
                    )
                if args.show_errors:
                    print("\n".join(s.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
