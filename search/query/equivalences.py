"""Equivalent spellings: abbreviations and their expansions.

A data table (``search/data/equivalences.tsv``, extended by an index's own
``equivalences.tsv``) lists groups like ``UBND | Ủy ban nhân dân``. When a
query contains any variant of a group, that part of the query matches any
variant (each as a phrase), so "TP.HCM", "TP HCM" and "Thành phố Hồ Chí
Minh" find each other. Matching is on folded syllables.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from search.errors import ConfigError
from search.vietnamese.text import SYLLABLE_RE, fold, normalize

__all__ = ["Group", "find_groups", "load_groups"]

BUILTIN = Path(__file__).with_name("data") / "equivalences.tsv"
FILE_NAME = "equivalences.tsv"
SHORT = 2  # variants with this many letters or fewer must be typed in capitals


@dataclass(frozen=True)
class Variant:
    text: str  # normalised, as written in the table
    keys: tuple[str, ...]  # folded, lowercased syllables
    short: bool  # an abbreviation of <= SHORT letters: matched only in capitals


@dataclass(frozen=True)
class Group:
    variants: tuple[Variant, ...]

    def searched(self, typed: tuple[str, ...]) -> list[Variant]:
        """The variants a query searches for, given its folded keys as ``typed``:
        a short abbreviation only when typed so ("CA" is "cá" too)."""
        return [v for v in self.variants if not v.short or v.keys == typed]


def _variant(text: str) -> Variant:
    text = normalize(text)
    keys = tuple(fold(m.group()).lower() for m in SYLLABLE_RE.finditer(text))
    letters = sum(len(k) for k in keys)
    return Variant(text, keys, short=len(keys) == 1 and letters <= SHORT and text.isupper())


def parse_groups(lines: list[str], source: str) -> list[Group]:
    groups = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        variants = tuple(_variant(v) for v in line.split("|") if v.strip())
        if len(variants) < 2 or any(not v.keys for v in variants):
            raise ConfigError(
                f"{source}:{number}: write at least two variants separated by ' | ', "
                f"e.g. 'UBND | Ủy ban nhân dân'"
            )
        groups.append(Group(variants))
    return groups


@lru_cache(maxsize=8)
def load_groups(index_dir: str | None = None) -> tuple[Group, ...]:
    """The built-in table plus the index folder's own, if it has one."""
    groups = parse_groups(BUILTIN.read_text(encoding="utf-8").splitlines(), str(BUILTIN))
    if index_dir:
        extra = Path(index_dir) / FILE_NAME
        if extra.is_file():
            groups += parse_groups(extra.read_text(encoding="utf-8").splitlines(), str(extra))
    return tuple(groups)


def find_groups(tokens: list[tuple[str, str]], groups: tuple[Group, ...]) -> list[tuple[int, int, Group]]:
    """Non-overlapping (start, end, group) spans of ``tokens`` — pairs of
    (folded lowercase syllable, syllable as typed) — that spell a variant.
    Longest match first, left to right."""
    keys = [t[0] for t in tokens]
    found: list[tuple[int, int, Group]] = []
    i = 0
    while i < len(tokens):
        best: tuple[int, Group] | None = None
        for group in groups:
            for variant in group.variants:
                n = len(variant.keys)
                if tuple(keys[i : i + n]) != variant.keys:
                    continue
                if variant.short and not tokens[i][1].isupper():
                    continue
                if best is None or n > best[0]:
                    best = (n, group)
        if best is None:
            i += 1
            continue
        found.append((i, i + best[0], best[1]))
        i += best[0]
    return found
