"""Accent restoration on real headlines: ours against pyvi's ``add_accents``.

Builds an index of a corpus (default: the Dân Trí UNC set; ``--vntc N``: the
first N VNTC articles) from 80% of its articles, chosen by a stable hash of
the article id, then removes the accents of headlines and restores them
with the index's own statistics (:mod:`search.spelling`). Headlines are
split before any tuning, again by a stable hash: a tuning half and a
held-out half of the indexed articles, and the 20% of articles the index
never saw (what users' queries look like: text the archive does not hold
word for word). Scores compare after ``canonical`` + lowercase + one i/y
spelling: % syllables right, % whole headlines right.

    python -m benchmarks accents [--vntc N] [--index DIR] [--limit N]

Writes ``benchmarks/results-accents.md``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from collections.abc import Iterator

from search.vietnamese.text import clean

from .paths import ROOT, SHARED, VNTC, WHERE

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
