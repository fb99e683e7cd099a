"""The vocabulary prepared at ingest for a fast load: its tokens grouped by the key
they are typed as without accents, and the vocabulary itself as arrays.

Did-you-mean asks which tokens answer to a folded key (``gia`` → giá, gia, già, …)
and how often the key is seen. Folding, grouping and sorting every token in Python
was most of the statistics' load (a quarter of a second at 20,000 articles, on
every fresh process), so ingest does it once and writes :data:`KEYS_FILE`: the keys
in order, the token ids grouped by key (most frequent first, then by id) and where
each group starts, with the vocabulary itself as arrays (tokens, surfaces, counts:
parsing ``vocab.tsv`` line by line was the rest). Loading reads the arrays and
builds two dicts (token → id, key → group); a group becomes a list, and a surface
a string, only when a query asks for it.

The file stands for one ``vocab.tsv``: it records that file's size and checksum,
and a file that does not match, or is damaged, is ignored with a warning (the
tokens are then grouped at load, as for an index written before the file existed).
"""

from __future__ import annotations

import logging
import operator
import os
import zipfile
import zlib
from collections.abc import Iterator, KeysView, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

from search.spelling.tokens import folded_keys

__all__ = ["KEYS_FILE", "KeyGroups", "Prepared", "group_keys", "load_keys", "write_keys"]

KEYS_FILE = "vocab_keys.npz"
# Bump when folded_key (search.spelling.tokens) changes: a file grouped by the old
# rule must not be read as grouped by the new one.
VERSION = 2
SPOT_CHECKS = 64  # tokens whose key is folded again at load, as a check of the file

log = logging.getLogger(__name__)


class KeyGroups:
    """Keys in order, token ids grouped by key, and each key's total count."""

    def __init__(self, keys: list[str], order: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> None:
        self.sorted_keys = keys
        self.at = dict(zip(keys, range(len(keys)), strict=True))
        self.order = order
        self.starts = starts
        self.totals = np.add.reduceat(counts[order], starts[:-1]) if len(keys) else np.zeros(0)
        self.by_key = _Groups(self)
        self.key_count = _Totals(self)

    def group(self, at: int) -> list[int]:
        return self.order[self.starts[at] : self.starts[at + 1]].tolist()


class _Groups(Mapping[str, list[int]]):
    """key → its token ids, most frequent first (a new list each time)."""

    def __init__(self, groups: KeyGroups) -> None:
        self._g = groups

    def __getitem__(self, key: str) -> list[int]:
        return self._g.group(self._g.at[key])

    def get(self, key: str, default=None):  # type: ignore[override]
        at = self._g.at.get(key)
        return default if at is None else self._g.group(at)

    def __contains__(self, key: object) -> bool:
        return key in self._g.at

    def keys(self) -> KeysView[str]:  # type: ignore[override]
        """The keys as a dict's view: near_keys asks it for every edit of a typo, without a call each."""
        return self._g.at.keys()

    def __iter__(self) -> Iterator[str]:
        return iter(self._g.sorted_keys)

    def __len__(self) -> int:
        return len(self._g.sorted_keys)


class _Totals(Mapping[str, float]):
    """key → the summed count of its tokens."""

    def __init__(self, groups: KeyGroups) -> None:
        self._g = groups

    def __getitem__(self, key: str) -> float:
        return float(self._g.totals[self._g.at[key]])

    def __contains__(self, key: object) -> bool:
        return key in self._g.at

    def __iter__(self) -> Iterator[str]:
        return iter(self._g.sorted_keys)

    def __len__(self) -> int:
        return len(self._g.sorted_keys)


class _Strings(Sequence[str]):
    """Strings stored end to end as UTF-8, decoded one at a time when asked for."""

    def __init__(self, blob: bytes, ends: np.ndarray) -> None:
        self._blob = blob
        self._ends = ends

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(len(self))[i]]
        i = operator.index(i)  # numpy integers too
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        start = int(self._ends[i - 1]) if i else 0
        return self._blob[start : int(self._ends[i])].decode("utf-8")

    def __len__(self) -> int:
        return len(self._ends)


class Prepared(NamedTuple):
    """What ingest prepared: the vocabulary of ``vocab.tsv`` and its key groups."""

    tokens: list[str]
    surfaces: Sequence[str]
    counts: np.ndarray
    groups: KeyGroups


def _keys_of(tokens: list[str]) -> list[str]:
    """``folded_key`` of every token but the boundary."""
    return folded_keys(tokens[1:])


def group_keys(tokens: list[str], counts: np.ndarray) -> KeyGroups:
    """Group ``tokens`` (id = position; 0, the boundary, left out) by folded key."""
    token_keys = _keys_of(tokens)
    keys = sorted(set(token_keys))
    at = dict(zip(keys, range(len(keys)), strict=True))
    key_ids = np.fromiter(map(at.__getitem__, token_keys), np.int64, len(token_keys))
    ids = np.arange(1, len(token_keys) + 1, dtype=np.int64)
    order = ids[np.lexsort((ids, -counts[ids], key_ids))]
    starts = np.searchsorted(key_ids[order - 1], np.arange(len(keys) + 1)).astype(np.int64)
    return KeyGroups(keys, order, starts, counts)


def _fingerprint(vocab: bytes) -> np.ndarray:
    return np.array([VERSION, len(vocab), zlib.crc32(vocab)], np.int64)


def _blob(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), np.uint8)


def write_keys(
    folder: Path, tokens: list[str], surfaces: list[str], counts: np.ndarray, vocab: bytes
) -> None:
    """Write the vocabulary and its groups for the ``vocab.tsv`` whose bytes are ``vocab``."""
    g = group_keys(tokens, counts)
    surface_bytes = [s.encode("utf-8") for s in surfaces]
    tmp = folder / "vocab_keys.tmp.npz"
    np.savez(
        tmp,
        fingerprint=_fingerprint(vocab),
        tokens=_blob("\n".join(tokens)),
        surfaces=np.frombuffer(b"".join(surface_bytes), np.uint8),
        surface_ends=np.cumsum([len(b) for b in surface_bytes], dtype=np.int64),
        counts=np.asarray(counts[: len(tokens)], np.int64),
        keys=_blob("\n".join(g.sorted_keys)),
        order=g.order.astype(np.int32),
        starts=g.starts.astype(np.int32),
    )
    os.replace(tmp, folder / KEYS_FILE)


def _check(
    tokens: list[str], n_surfaces: int, keys: list[str], order: np.ndarray, starts: np.ndarray
) -> str | None:
    """What is wrong with the arrays read, or None."""
    n = len(tokens)
    if n_surfaces != n or len(order) != max(0, n - 1) or len(starts) != len(keys) + 1:
        return "its sizes do not agree"
    if len(order) and (order.min() < 1 or order.max() >= n):
        return "it names tokens the vocabulary does not have"
    if starts[0] != 0 or starts[-1] != len(order) or np.any(np.diff(starts) <= 0):
        return "its groups overlap"
    if len(order):
        spots = np.linspace(0, len(order) - 1, min(SPOT_CHECKS, len(order))).astype(np.int64)
        groups = np.searchsorted(starts, spots, side="right") - 1
        token_keys = _keys_of(["", *(tokens[i] for i in order[spots].tolist())])
        if token_keys != [keys[j] for j in groups.tolist()]:
            return "its tokens are not under their keys"
    return None


def _split(blob: np.ndarray) -> list[str]:
    return blob.tobytes().decode("utf-8").split("\n")


def load_keys(folder: Path, vocab: bytes) -> Prepared | None:
    """What ingest prepared for this ``vocab.tsv`` (its bytes), or None when there is nothing
    to trust: no file (an index written before it), or a damaged or stale one (with a warning)."""
    path = folder / KEYS_FILE
    try:
        with np.load(path) as z:
            if z["fingerprint"].tolist() != _fingerprint(vocab).tolist():
                return _ignored(path, "it was written for another vocab.tsv or by another version")
            a = {k: z[k] for k in ("tokens", "surfaces", "surface_ends", "counts", "keys", "order", "starts")}
        tokens = _split(a["tokens"]) if len(a["counts"]) else []
        keys = _split(a["keys"]) if len(a["starts"]) > 1 else []
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:  # UnicodeDecodeError too
        return _ignored(path, f"it cannot be read ({exc})")
    counts = a["counts"].astype(np.float64)
    order, starts = a["order"].astype(np.int64), a["starts"].astype(np.int64)
    ends = a["surface_ends"]
    wrong = None if len(counts) == len(tokens) else "its sizes do not agree"
    if len(ends) and (ends[-1] != len(a["surfaces"]) or np.any(np.diff(ends) < 0)):
        wrong = "its surfaces overlap"
    wrong = wrong or _check(tokens, len(ends), keys, order, starts)
    if wrong:
        return _ignored(path, wrong)
    surfaces = _Strings(a["surfaces"].tobytes(), ends)
    return Prepared(tokens, surfaces, counts, KeyGroups(keys, order, starts, counts))


def _ignored(path: Path, why: str) -> None:
    log.warning(
        "%s is ignored: %s. Did-you-mean still works but loads slower. To rewrite it, "
        "delete it and run `vnsearch index` with your articles into %s again.",
        path,
        why,
        path.parent,
    )
    return None
