"""Accent restoration on real headlines: ours against pyvi's ``add_accents``.

Builds an index of a corpus (default: the Dân Trí UNC set; ``--vntc N``: the
first N VNTC articles) from 80% of its articles, chosen by a stable hash of
the article id, then removes the accents of headlines and restores them
with the index's own statistics (:mod:`search.spelling`). Headlines are
split before any tuning, again by a stable hash: a tuning half and a
held-out half of the indexed articles, and the 20% of articles the index
never saw (what users' queries look like: text the archive does not hold
word for word). Only first lines that read as headlines count (short, no
final period, not a photo caption: :func:`benchmarks.relevance.is_headline`).
Scores compare after ``canonical`` + lowercase + one i/y
spelling: % syllables right, % whole headlines right.

    python -m benchmarks accents [--vntc N] [--index DIR] [--limit N]

Writes ``benchmarks/results-accents.md``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from search.vietnamese.text import SYLLABLE_RE, canonical, clean, fold, iy_canonical

from .paths import ROOT, SHARED, VNTC, WHERE
from .relevance import is_headline

UNC = SHARED / "unc" / "unc.jsonl.gz"
RESULTS = ROOT / "benchmarks" / "results-accents.md"
EXAMPLES = [
    ("vi pham giao thong", "vi phạm giao thông"),
    ("si quan", "sĩ quan"),
    ("bao lu mien trung", "bão lũ miền trung"),
    ("gia vang", "giá vàng"),
    ("covd", "covid"),
    ("Ngyễn Xuân Phúc", "nguyễn xuân phúc"),
    ("vieejt nam", "việt nam"),
    ("vie65t nam", "việt nam"),
]


def bucket(article_id: str) -> int:
    """0-99 from a stable hash of the id: 0-79 indexed, 80-99 never indexed."""
    return int(hashlib.md5(article_id.encode("utf-8")).hexdigest()[:8], 16) % 100


def half(article_id: str) -> str:
    """ "tuning" or "held-out", from another part of the same hash."""
    return "tuning" if int(hashlib.md5(article_id.encode("utf-8")).hexdigest()[8:16], 16) % 2 else "held-out"


def read_corpus(vntc: int | None) -> Iterator[tuple[str, str, dict]]:
    """(id, headline, record to index) for each article."""
    path = VNTC if vntc else UNC
    if not path.exists():
        sys.exit(f"{path} is missing: this benchmark needs {WHERE}.")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if vntc and n >= vntc:
                break
            rec = json.loads(line)
            if vntc:
                headline = (rec.get("title") or "").strip()
                record = {"id": rec["id"], "title": rec.get("title"), "body": rec.get("body") or ""}
            else:
                body = rec.get("body") or ""
                headline = body.split("\n", 1)[0].strip()
                record = {"id": rec["id"], "body": body, "date": rec.get("date"), "url": rec.get("url")}
            if headline:
                yield rec["id"], clean(headline), record


def words(text: str) -> list[str]:
    """Syllables as compared: new-style tone marks, lowercase, one i/y spelling."""
    return [iy_canonical(s) for s in SYLLABLE_RE.findall(canonical(clean(text).lower()))]


@dataclass
class Score:
    syllables: int = 0
    right: int = 0
    headlines: int = 0
    whole: int = 0

    def add(self, truth: str, guess: str) -> None:
        t, g = words(truth), words(guess)
        ok = sum(a == b for a, b in zip(t, g, strict=False)) if len(t) == len(g) else 0
        self.syllables += len(t)
        self.right += ok
        self.headlines += 1
        self.whole += ok == len(t)

    def cells(self) -> str:
        if not self.headlines:
            return "– | –"
        return f"{100 * self.right / self.syllables:.1f}% | {100 * self.whole / self.headlines:.1f}%"


def build_index(folder: Path, records: list[dict], engine: str) -> float:
    from search.indexing.pipeline import ingest

    folder.mkdir(parents=True, exist_ok=True)
    docs = folder / "in.jsonl"
    with open(docs, "w", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    started = time.perf_counter()
    ingest([docs], folder / "ix", engine=engine, workers=1, rebuild=True)
    return time.perf_counter() - started


def restore_ours(vocab: Any) -> Callable[[str], tuple[str, float]]:
    from search.suggest import suggest

    def run(text: str) -> tuple[str, float]:
        s = suggest(text, vocab)
        return (s.text, s.confidence) if s else (text, 1.0)

    return run


def restore_pyvi() -> Callable[[str], str] | None:
    try:
        from pyvi import ViUtils
    except ImportError:
        return None

    def run(text: str) -> str:
        try:
            return ViUtils.add_accents(text)
        except KeyError:  # a character its model never saw
            return text

    return run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks accents", description=__doc__.splitlines()[0])
    ap.add_argument("--vntc", type=int, metavar="N", help="the first N VNTC articles instead of UNC")
    ap.add_argument("--index", type=Path, help="keep the index here (reused if it exists)")
    ap.add_argument("--engine", default="tantivy", choices=("whoosh", "tantivy"))
    ap.add_argument("--limit", type=int, default=1000, help="headlines per split at most (default 1000)")
    ap.add_argument("--no-pyvi", action="store_true", help="skip pyvi's add_accents")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    from search.engines import open_reader
    from search.suggest import CONFIDENT, build_vocabulary, load_vocabulary

    corpus = list(read_corpus(args.vntc))
    folder = args.index or Path(tempfile.mkdtemp(prefix="vnsearch-accents-"))
    ingest_s = None
    if not (folder / "ix").exists():
        print(
            f"indexing {sum(bucket(a) < 80 for a, _, _ in corpus)} articles into {folder}/ix ...",
            file=sys.stderr,
        )
        ingest_s = build_index(folder, [r for a, _, r in corpus if bucket(a) < 80], args.engine)
    reader = open_reader(folder / "ix")
    started = time.perf_counter()
    counted = build_vocabulary(reader, folder / "ix")
    stats_s = time.perf_counter() - started
    doc_count = reader.doc_count
    reader.close()
    started = time.perf_counter()
    vocab = load_vocabulary(folder / "ix")
    load_s = time.perf_counter() - started
    ours, pyvi = restore_ours(vocab), (None if args.no_pyvi else restore_pyvi())
    splits: dict[str, list[str]] = {"tuning": [], "held-out": [], "not in the index": []}
    for article_id, headline, _ in corpus:
        name = "not in the index" if bucket(article_id) >= 80 else half(article_id)
        if len(splits[name]) < args.limit and fold(headline) != headline and is_headline(headline):
            splits[name].append(headline)
    rows, sure = [], Score()
    seconds = 0.0
    for name, headlines in splits.items():
        mine, theirs = Score(), Score()
        for headline in headlines:
            typed = fold(headline)
            started = time.perf_counter()
            guess, confidence = ours(typed)
            seconds += time.perf_counter() - started
            mine.add(headline, guess)
            if confidence >= CONFIDENT:
                sure.add(headline, guess)
            if pyvi is not None:
                theirs.add(headline, pyvi(typed))
        rows.append(f"| {name} | {len(headlines)} | {mine.cells()} | {theirs.cells()} |")
        print(rows[-1], file=sys.stderr)
    examples = []
    for typed, want in EXAMPLES:
        s = vocab.suggest(typed)
        got = s.text if s else "(none)"
        mark = "✓" if words(got) == words(want) else "✗"
        detail = f"{s.kind}, {s.confidence:.2f}" if s else ""
        examples.append(f"| `{typed}` | {got} | {detail} | {mark} |")
    for prefix in ("cov", "bao lu", "vac x"):
        examples.append(f"| typeahead `{prefix}` | {', '.join(vocab.complete(prefix, 3))} | | |")
    total = sum(len(h) for h in splits.values())
    corpus_name = f"VNTC, first {args.vntc} articles" if args.vntc else "UNC Dân Trí"
    lines = [
        "# Accent restoration on real headlines",
        "",
        f"`python -m benchmarks accents{' --vntc ' + str(args.vntc) if args.vntc else ''}` on {corpus_name}: "
        f"{doc_count} articles indexed ({args.engine}), 80% of the corpus by a hash of the id. "
        "Headlines with their accents removed, restored, compared with the headline as written "
        "(new-style tone marks, lowercase, one i/y spelling). The tuning and held-out halves were "
        "split by hash before any tuning; *not in the index* are the other 20% of articles.",
        "",
        "| headlines | n | ours: syllables | ours: whole | pyvi: syllables | pyvi: whole |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
        f"Suggestions at or above `CONFIDENT` ({CONFIDENT}): {sure.headlines} of {total} headlines, "
        f"{sure.cells().replace(' | ', ' syllables, ')} whole headlines right.",
        "",
        f"Statistics: {counted['tokens']} tokens, {counted['pairs']} pairs, {counted['triples']} triples, "
        f"body text sampled at {counted['sampled']:.0%}; built in {stats_s:.1f} s for {doc_count} articles"
        + (f" (ingest {ingest_s:.0f} s)" if ingest_s else "")
        + f", loaded in {load_s:.2f} s; {1000 * seconds / max(total, 1):.0f} ms a headline.",
        "",
        "| typed | ours | kind, confidence | |",
        "|---|---|---|---|",
        *examples,
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0
