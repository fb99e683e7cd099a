"""Near-duplicate groups: the same story arriving twice gets the same group number at ingest.

Re-crawls, syndication between outlets and the same wire text under another
headline or with a boilerplate line added are one story to a reader. Ingest
numbers them as they arrive, so a result list can show a story once:

    grouper = Grouper.load(index_dir)           # empty when the folder has no groups yet
    for article in articles:                     # in the single parent process
        key = prepare(article.title, article.body)
        article.group = grouper.assign(article.id, key)
    grouper.save(index_dir)                      # after the index commit
    clear(index_dir)                             # on --rebuild, before anything else

:func:`prepare` is pure and cheap (a MinHash :func:`signature` plus an exact-text
key), so it may also run in a worker; :meth:`Grouper.assign` is the only step
that needs the archive's state. Numbers are ints from 1; an article's number
never changes once given, except when the article itself is updated (then it is
judged again). :meth:`Grouper.groups` lists the groups with more than one member.

How an article is judged: its text (title and body) is folded (no case, no
accents, so NFC/NFD, ``hoà``/``hòa`` and ``Ð``/``Đ`` are the same) and cut into
shingles of :data:`SHINGLE` consecutive syllables. Locality-sensitive hashing over
bands of the signature finds candidate groups; a candidate is accepted only when
the estimated Jaccard similarity with that group's representative (its first
article) reaches :data:`THRESHOLD`. Comparing with the first article only, and
never with later members, keeps groups from drifting from story to story.
Texts too short to judge (fewer than :data:`MIN_SHINGLES` shingles) group only
with exactly the same text.

Precision first: merging two stories hides one from the reader, while a missed
duplicate only shows a story twice. ``python -m benchmarks.duplicates`` measures
both on labelled pairs from the shared corpora.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from search.errors import ConfigError
from search.indexing.minhash import (
    MIN_SHINGLES,
    SHINGLE,
    SIGNATURE_SIZE,
    TextKey,
    band_keys,
    prepare,
    signature,
)

__all__ = [
    "DUPLICATES_FILE",
    "MIN_SHINGLES",
    "SHINGLE",
    "SIGNATURE_SIZE",
    "THRESHOLD",
    "Grouper",
    "TextKey",
    "clear",
    "prepare",
    "signature",
]

DUPLICATES_FILE = "duplicates.npz"

# Lowest estimated Jaccard similarity with a group's first article to join the group.
THRESHOLD = 0.5
_REP_MASK = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)  # a band key sits in the high 32 bits, the representative in the low


class Grouper:
    """The archive's near-duplicate groups: which group each article id is in.

    Kept compactly for large archives (about 300 bytes an article): each group's first
    article's signature (the low 16 bits of each minimum hash: two different minima
    agree by chance once in 65,536, which moves an estimate by less than 0.0001), and
    an LSH index over them: a sorted array of ``band key << 32 | representative`` plus
    a dict for the representatives added since, merged into the array now and then.
    """

    def __init__(self) -> None:
        self._row: dict[str, int] = {}  # article id -> row
        self._ids: list[str] = []
        self._group = np.zeros(1024, dtype=np.int32)  # per row
        self._digest = np.zeros(1024, dtype=np.uint64)  # per row
        self._rep_sigs = np.zeros((1024, SIGNATURE_SIZE), dtype=np.uint16)
        self._rep_group = np.zeros(1024, dtype=np.int32)
        self._reps = 0
        self._exact: dict[int, int] = {}  # digest of a short text -> group
        self._next_group = 1
        self._sorted = np.empty(0, dtype=np.uint64)  # band key << 32 | representative
        self._indexed = 0  # representatives in _sorted; the rest are in _pending
        self._pending: dict[int, list[int]] = {}

    # --- judging ---------------------------------------------------------

    def assign(self, article_id: str, key: TextKey) -> int:
        """The group number (>= 1) of the article, judged now unless it is unchanged.

        A known id with the same text keeps its number; a known id with a new text
        is judged again (it may keep its number, when still like its group).
        """
        row = self._row.get(article_id)
        if row is not None and int(self._digest[row]) == key.digest:
            return int(self._group[row])
        group = self._judge(key)
        if row is None:
            row = len(self._ids)
            self._ids.append(article_id)
            self._row[article_id] = row
            if row == len(self._group):
                self._group = np.resize(self._group, max(2 * row, 1024))
                self._digest = np.resize(self._digest, max(2 * row, 1024))
        self._group[row] = group
        self._digest[row] = key.digest
        return group

    def _judge(self, key: TextKey) -> int:
        if key.signature is None:
            if not key.digest:
                return self._new_group()  # no letters at all: nothing to compare
            group = self._exact.get(key.digest)
            if group is None:
                group = self._exact[key.digest] = self._new_group()
            return group
        sig16 = (key.signature & 0xFFFF).astype(np.uint16)
        keys = band_keys(sig16[None, :])[0]
        candidates = self._candidates(keys)
        if len(candidates):
            similarity = (self._rep_sigs[candidates] == sig16).sum(axis=1)
            best = int(np.argmax(similarity))  # candidates are sorted: the oldest group wins ties
            if similarity[best] >= THRESHOLD * SIGNATURE_SIZE:
                return int(self._rep_group[candidates[best]])
        group = self._new_group()
        self._add_representative(sig16, keys, group)
        return group

    def _new_group(self) -> int:
        group = self._next_group
        self._next_group += 1
        return group

    def _candidates(self, keys: np.ndarray) -> np.ndarray:
        """Representatives that share at least one band with ``keys``, sorted."""
        found: list[np.ndarray] = []
        if len(self._sorted):
            low = np.searchsorted(self._sorted, keys << _SHIFT)
            high = np.searchsorted(self._sorted, (keys << _SHIFT) | _REP_MASK, side="right")
            for start, end in zip(low.tolist(), high.tolist(), strict=True):
                if end > start:
                    found.append(self._sorted[start:end] & _REP_MASK)
        for k in keys.tolist():
            reps = self._pending.get(k)
            if reps:
                found.append(np.array(reps, dtype=np.uint64))
        if not found:
            return np.empty(0, dtype=np.intp)
        return np.unique(np.concatenate(found)).astype(np.intp)

    def _add_representative(self, sig16: np.ndarray, keys: np.ndarray, group: int) -> None:
        rep = self._reps
        if rep == len(self._rep_group):
            self._rep_sigs = np.resize(self._rep_sigs, (max(2 * rep, 1024), SIGNATURE_SIZE))
            self._rep_group = np.resize(self._rep_group, max(2 * rep, 1024))
        self._rep_sigs[rep] = sig16
        self._rep_group[rep] = group
        self._reps += 1
        for k in keys.tolist():
            self._pending.setdefault(k, []).append(rep)
        # Merge when the dict holds an eighth of the array: a few merges per doubling.
        if self._reps - self._indexed > max(4096, self._indexed // 8):
            self._merge()

    def _merge(self) -> None:
        """Move the pending representatives into the sorted array."""
        new = np.arange(self._indexed, self._reps, dtype=np.uint64)
        keys = band_keys(self._rep_sigs[self._indexed : self._reps])
        packed = (keys << _SHIFT) | new[:, None]
        self._sorted = np.sort(np.concatenate([self._sorted, packed.ravel()]), kind="stable")
        self._indexed = self._reps
        self._pending = {}

    # --- reporting -------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._row

    def group_of(self, article_id: str) -> int | None:
        """The article's group number, or None when it was never assigned."""
        row = self._row.get(article_id)
        return None if row is None else int(self._group[row])

    def groups(self) -> dict[int, list[str]]:
        """The groups with more than one article: number -> article ids, in arrival order."""
        groups = self._group[: len(self._ids)]
        numbers, counts = np.unique(groups, return_counts=True)
        shared = numbers[counts > 1]
        result: dict[int, list[str]] = {int(n): [] for n in shared}
        for row in np.flatnonzero(np.isin(groups, shared)).tolist():
            result[int(groups[row])].append(self._ids[row])
        return result

    # --- files -----------------------------------------------------------

    @classmethod
    def load(cls, index_dir: str | Path) -> Grouper:
        """The groups saved in ``index_dir``; empty when there are none yet."""
        path = Path(index_dir) / DUPLICATES_FILE
        grouper = cls()
        if not path.exists():
            return grouper
        try:
            with np.load(path, allow_pickle=False) as data:
                if int(data["version"]) != _VERSION:
                    raise ValueError(f"version {int(data['version'])}, expected {_VERSION}")
                text = data["ids"].tobytes().decode("utf-8", "surrogatepass")
                ends = data["id_ends"].tolist()
                groups = data["groups"].astype(np.int32)
                digests = data["digests"].astype(np.uint64)
                rep_sigs = data["rep_sigs"].astype(np.uint16).reshape(-1, SIGNATURE_SIZE)
                rep_group = data["rep_groups"].astype(np.int32)
                exact = dict(zip(data["exact_digests"].tolist(), data["exact_groups"].tolist(), strict=True))
                next_group = int(data["next_group"])
        except Exception as exc:  # a zip, npy or field error: all mean the same to the user
            raise ConfigError(
                f"The near-duplicate groups file '{path}' cannot be read ({exc}). "
                "Rebuild the index with --rebuild (vnsearch index --rebuild ...)."
            ) from exc
        starts = [0, *ends[:-1]] if ends else []
        if len(groups) != len(ends) or len(digests) != len(ends) or len(rep_group) != len(rep_sigs):
            raise ConfigError(
                f"The near-duplicate groups file '{path}' is inconsistent. "
                "Rebuild the index with --rebuild (vnsearch index --rebuild ...)."
            )
        grouper._ids = [text[a:b] for a, b in zip(starts, ends, strict=True)]
        grouper._row = {article_id: row for row, article_id in enumerate(grouper._ids)}
        grouper._group, grouper._digest = groups, digests
        grouper._rep_sigs, grouper._rep_group, grouper._reps = rep_sigs, rep_group, len(rep_group)
        grouper._exact, grouper._next_group = exact, next_group
        grouper._merge()
        return grouper

    def save(self, index_dir: str | Path) -> None:
        """Write the groups to ``index_dir``, replacing the file at once (never half-written)."""
        path = Path(index_dir) / DUPLICATES_FILE
        text = "".join(self._ids)
        ends = np.cumsum([len(article_id) for article_id in self._ids], dtype=np.int64)
        n = len(self._ids)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as out:
                np.savez(
                    out,
                    version=np.int64(_VERSION),
                    ids=np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8),
                    id_ends=ends,
                    groups=self._group[:n],
                    digests=self._digest[:n],
                    rep_sigs=self._rep_sigs[: self._reps],
                    rep_groups=self._rep_group[: self._reps],
                    exact_digests=np.fromiter(self._exact, dtype=np.uint64, count=len(self._exact)),
                    exact_groups=np.fromiter(self._exact.values(), dtype=np.int32, count=len(self._exact)),
                    next_group=np.int64(self._next_group),
                )
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)


_VERSION = 1


def clear(index_dir: str | Path) -> None:
    """Forget every group (``--rebuild``): delete the file, if any."""
    (Path(index_dir) / DUPLICATES_FILE).unlink(missing_ok=True)
