"""Folded syllable pairs that stand inside the archive's words ("cong_an" in
"công_an"): how an unaccented query tells a word ("cong an") from two words
side by side ("an ha"). Written at the end of ingest, one pair a line."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from search.vietnamese.text import fold

__all__ = ["WORD_PAIRS_FILE", "count_word", "load_word_pairs", "write_word_pairs"]

WORD_PAIRS_FILE = "word_pairs.txt"
MIN_DF = 2  # a word in one article only may be a segmentation slip


def count_word(term: str, df: int, counts: dict[str, int]) -> None:
    """Add the inner pairs of one word term of the index (``bộ_công_an``) to ``counts``."""
    parts = fold(term).split("_")
    for a, b in zip(parts, parts[1:], strict=False):
        if a.isalpha() and b.isalpha():
            key = f"{a}_{b}"
            counts[key] = counts.get(key, 0) + df


def write_word_pairs(folder: Path, counts: dict[str, int]) -> int:
    pairs: Iterable[str] = sorted(k for k, n in counts.items() if n >= MIN_DF)
    tmp = folder / (WORD_PAIRS_FILE + ".tmp")
    n = 0
    with open(tmp, "w", encoding="utf-8") as out:
        for pair in pairs:
            out.write(pair + "\n")
            n += 1
    os.replace(tmp, folder / WORD_PAIRS_FILE)
    return n


def load_word_pairs(folder: Path) -> frozenset[str] | None:
    """The pairs, or None for an index counted before this file existed."""
    try:
        with open(Path(folder) / WORD_PAIRS_FILE, encoding="utf-8") as f:
            return frozenset(line.rstrip("\n") for line in f if line.strip())
    except FileNotFoundError:
        return None
