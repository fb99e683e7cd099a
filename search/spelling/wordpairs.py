"""Syllable pairs that stand inside the archive's words: how an unaccented
query tells a word ("cong an") from two words side by side ("an ha"). Folded
pairs ("cong_an") are kept when they are inside a word in at least half the
articles that have them side by side; pairs as written ("công_an", "cô_dâu")
whenever a word holds them, to check a restored spelling. Written at the end
of ingest, one pair a line."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from search.vietnamese.text import fold

__all__ = ["WORD_PAIRS_FILE", "count_word", "load_word_pairs", "write_word_pairs"]

WORD_PAIRS_FILE = "word_pairs.txt"
MIN_DF = 2  # a word in one article only may be a segmentation slip
# Of the articles with the two syllables side by side, the share where they are
# inside one word: "cong an" nearly always, "an ha" (công an Hà Nội) rarely.
MIN_SHARE = 0.5


def count_word(term: str, df: int, counts: dict[str, int]) -> None:
    """Add the inner pairs of one word term of the index (``bộ_công_an``) to
    ``counts``, folded ("cong_an") and as written ("công_an")."""
    written = term.split("_")
    for parts in ([fold(p) for p in written], written):
        for a, b in zip(parts, parts[1:], strict=False):
            if a.isalpha() and b.isalpha():
                key = f"{a}_{b}"
                counts[key] = counts.get(key, 0) + df
        if parts == written:
            break


def write_word_pairs(folder: Path, counts: dict[str, int], adjacent: dict[str, int] | None = None) -> int:
    """Write the pairs seen inside words in at least :data:`MIN_DF` articles and, when
    ``adjacent`` (articles with the pair side by side) is given, in :data:`MIN_SHARE` of them."""
    pairs: Iterable[str] = sorted(
        k
        for k, n in counts.items()
        if n >= MIN_DF and (adjacent is None or k not in adjacent or n >= MIN_SHARE * adjacent[k])
    )
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
