"""The statistics of one index, loaded once, and the probability of a token in its context.

Interpolated absolute discounting over triples, pairs and single tokens:
``P(w | h) = (max(c(h, w) - D, 0) + D · T(h) · P(w | shorter h)) / c(h)``,
where ``T(h)`` is the number of distinct tokens seen after ``h``. Every lookup is a
vectorised binary search in sorted integer keys, so a whole lattice step
(every candidate after every pair of candidates) is a few numpy calls.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from search.spelling.build import NGRAMS_FILE, VOCAB_FILE
from search.spelling.keys import KeyGroups, group_keys, load_keys

__all__ = ["Statistics", "load_statistics"]

DISCOUNT = 0.75  # taken from every seen count and given to the shorter context
ADD = 0.5  # added to every single-token count
UNKNOWN = 0.05  # the count of a token the archive never saw: far less likely than one seen once


def _lookup(keys: np.ndarray, query: np.ndarray, *columns: np.ndarray) -> list[np.ndarray]:
    """Each column's value for each of ``query`` in the sorted ``keys`` (0 where it is not
    there): one binary search for all the columns of the same keys."""
    if len(keys) == 0:
        return [np.zeros(query.shape, np.float64) for _ in columns]
    at = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
    found = keys[at] == query
    return [np.where(found, values[at], 0).astype(np.float64) for values in columns]


class Statistics:
    """Tokens (id = line of ``vocab.tsv``), their surfaces and counts, and the n-gram tables."""

    def __init__(
        self,
        tokens: list[str],
        surfaces: Sequence[str],
        counts: np.ndarray,
        ngrams: dict,
        groups: KeyGroups | None = None,
    ) -> None:
        self.tokens = tokens
        self.surfaces = surfaces
        self.ids = dict(zip(tokens, range(len(tokens)), strict=True))
        self.base = int(ngrams["base"][0]) if ngrams else len(tokens) + 1
        self.unknown = self.base - 1
        self.counts = np.zeros(self.base, np.float64)
        self.counts[: len(counts)] = counts
        total = float(self.counts.sum())
        self.p1 = (self.counts + ADD) / (total + ADD * self.base)
        self.p1[self.unknown] = UNKNOWN / (total + ADD * self.base)
        self.t = {k: ngrams[k] for k in ngrams.files} if ngrams else {}
        # Every token under the key it is typed as without accents, most frequent first:
        # as ingest grouped them (search.spelling.keys), or grouped now for an older index.
        if groups is None:
            groups = group_keys(tokens, self.counts)
        self.by_key = groups.by_key  # key -> token ids
        self.key_count = groups.key_count  # key -> summed count
        self.sorted_keys = groups.sorted_keys
        self.memo: dict = {}  # what search.spelling.candidates worked out per typed syllable

    def __len__(self) -> int:
        return len(self.tokens)

    def __bool__(self) -> bool:
        return len(self.tokens) > 1

    def id_of(self, token: str) -> int:
        return self.ids.get(token, self.unknown)

    def count(self, token_id: int) -> float:
        return float(self.counts[token_id])

    def keys_with_prefix(self, prefix: str) -> list[str]:
        """Folded keys starting with ``prefix``."""
        at = bisect_left(self.sorted_keys, prefix)
        out = []
        while at < len(self.sorted_keys) and self.sorted_keys[at].startswith(prefix):
            out.append(self.sorted_keys[at])
            at += 1
        return out

    def _smooth(
        self, ctx_keys: np.ndarray, table: str, lower: np.ndarray, full_keys: np.ndarray
    ) -> np.ndarray:
        t = self.t
        if not t or len(t[f"{table}_keys"]) == 0:
            return lower
        (c,) = _lookup(t[f"{table}_keys"], full_keys, t[f"{table}_counts"])
        total, types = _lookup(t[f"{table}_ctx"], ctx_keys, t[f"{table}_ctx_total"], t[f"{table}_ctx_types"])
        with np.errstate(divide="ignore", invalid="ignore"):
            p = (np.maximum(c - DISCOUNT, 0) + DISCOUNT * types * lower) / total
        return np.where(total > 0, p, lower)

    def log_prob(self, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
        """log P(c | a, b) for every (a, b, c) of three id arrays: shape (len a, len b, len c).

        Id 0 (the boundary) as ``a`` or ``b`` means no such context.
        """
        base = self.base
        a3, b3, c3 = a[:, None, None], b[None, :, None], c[None, None, :]
        p1 = self.p1[c3]
        p2 = self._smooth(b3 + 0 * c3, "bi", p1, b3 * base + c3)
        p3 = self._smooth(a3 * base + b3, "tri", p2, (a3 * base + b3) * base + c3)
        return np.log(np.broadcast_to(p3, (len(a), len(b), len(c))))


def _empty() -> Statistics:
    return Statistics(["<s>"], ["<s>"], np.zeros(1), {})


def load_statistics(folder: Path) -> Statistics:
    """The statistics the last ingest wrote into ``folder`` (empty if there are none)."""
    try:
        data = (folder / VOCAB_FILE).read_bytes()
    except FileNotFoundError:
        return _empty()
    try:
        ngrams = np.load(folder / NGRAMS_FILE)
    except FileNotFoundError:
        ngrams = {}
    prepared = load_keys(folder, data)
    if prepared is not None:
        return Statistics(prepared.tokens, prepared.surfaces, prepared.counts, ngrams, prepared.groups)
    # An index written before ingest prepared the vocabulary: parse vocab.tsv, group at load.
    lines = data.decode("utf-8").split("\n")
    if lines[-1] == "":
        lines.pop()
    # Three columns a line, split as one list (no Python step per line): an older
    # vocabulary (other columns) shows in the tab count or in a count that is no number.
    cells = "\t".join(lines).split("\t") if lines else []
    if len(cells) != 3 * len(lines) or (lines and lines[0].count("\t") != 2):
        return _empty()
    try:
        counts = np.array(cells[2::3], dtype=np.float64)
    except ValueError:
        return _empty()
    return Statistics(cells[0::3], cells[1::3], counts, ngrams)
