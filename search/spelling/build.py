"""Count what the index holds, at the end of ingest or for an existing index folder.

Three files go into the index folder:

* ``vocab.tsv`` — one token a line (its line number is its id; line 0 is the
  boundary): token, the surface the archive writes most often, its count;
* ``vocab_keys.npz`` — the tokens grouped by the key they are typed as without
  accents, so that loading need not fold them (:mod:`search.spelling.keys`);
* ``ngrams.npz`` — pairs and triples of adjacent tokens with their counts,
  as sorted integer keys, and for each context its total and its number of
  distinct followers (Witten-Bell smoothing needs both).

Titles (and leads) are counted in full: they are short and written like
queries. Bodies are sampled evenly beyond :data:`BODY_BUDGET` characters so
that a large archive costs bounded time and memory. Syllables and pyvi words
of the whole index (``field_terms``) fill in what the sample missed.
"""

from __future__ import annotations

import math
import os
from array import array
from itertools import compress, count
from pathlib import Path
from typing import Any

import numpy as np

from search.engines import every_key
from search.spelling.keys import KEYS_FILE, write_keys
from search.spelling.tokens import BOUNDARY, NUMBER, ends_run, surface_pieces, token_of
from search.spelling.wordpairs import count_word, write_word_pairs

__all__ = ["KEYS_FILE", "NGRAMS_FILE", "VOCAB_FILE", "build_statistics"]

VOCAB_FILE = "vocab.tsv"
NGRAMS_FILE = "ngrams.npz"
BODY_BUDGET = 40_000_000  # characters of body text counted; bodies beyond are sampled
SMALL = 3_000_000  # below this many tokens, pairs and triples seen once are kept


class _Ids(dict):
    """Surface → id, a new surface taking the next id: ``map(ids.__getitem__, surfaces)``
    numbers a text's syllables without a Python call each."""

    def __missing__(self, surface: str) -> int:
        i = self[surface] = len(self)
        return i


class _Breaks(dict):
    """Gap → :func:`ends_run` of it, remembered: a text has few distinct gaps."""

    def __missing__(self, gap: str) -> bool:
        ends = self[gap] = ends_run(gap)
        return ends


class _Counts:
    """Surfaces seen so far and the token sequence, as compact arrays."""

    def __init__(self) -> None:
        self.surface_ids: dict[str, int] = _Ids({BOUNDARY: 0})
        self.sequence = array("i")
        self._breaks = _Breaks()

    def add(self, text: str) -> None:
        """The ids of :func:`runs`'s surfaces, each run followed by the boundary 0."""
        pieces = surface_pieces(text)
        ids = list(map(self.surface_ids.__getitem__, pieces[1::2]))
        if not ids:
            return
        seq = self.sequence
        start = 0
        # gap k (pieces[2k + 2]) stands between syllables k and k + 1
        for k in compress(count(1), map(self._breaks.__getitem__, pieces[2:-1:2])):
            seq.extend(ids[start:k])
            seq.append(0)
            start = k
        seq.extend(ids[start:])
        seq.append(0)


def _count_text(reader: Any, counts: _Counts) -> float:
    """Count titles, leads and (sampled) bodies; return the share of body text counted."""
    keys = every_key(reader)
    stride, seen_chars, read = 1, 0, 0
    for n, key in enumerate(keys):
        stored = reader.stored(key)
        counts.add(stored.get("title") or "")
        counts.add(stored.get("lead") or "")
        body = stored.get("body") or ""
        read += 1
        seen_chars += len(body)
        if n == 200 and keys:
            stride = max(1, math.ceil(seen_chars / read * len(keys) / BODY_BUDGET))
        if n % stride == 0:
            counts.add(body)
    return 1 / stride


def _ngrams(seq: np.ndarray, n: int, base: int, min_count: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted keys of adjacent ``n``-tuples without a boundary, and their counts.

    Built in place over views of ``seq`` (one key array, sorted where it is): a
    whole archive's sample is ten million tokens, and copies of it are 80 MB each."""
    if len(seq) < n:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    size = len(seq) - n + 1
    key = seq[:size].astype(np.int64)  # the one copy
    ok = key != 0
    for i in range(1, n):
        part = seq[i : i + size]
        ok &= part != 0
        key *= base
        key += part
    key = key[ok]
    del ok
    key.sort()
    if not len(key):
        return key, np.zeros(0, np.int64)
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    counts = np.diff(np.append(starts, len(key)))
    keep = counts >= min_count
    return key[starts[keep]], counts[keep].astype(np.int64)


def _merge_max(keys: np.ndarray, counts: np.ndarray, extra: dict[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Counts raised to ``extra``'s where it says more (words the sample missed)."""
    if not extra:
        return keys, counts
    ek = np.fromiter(extra.keys(), np.int64, len(extra))
    ec = np.fromiter(extra.values(), np.int64, len(extra))
    allk = np.concatenate([keys, ek])
    allc = np.concatenate([counts, ec])
    order = np.lexsort((-allc, allk))
    allk, allc = allk[order], allc[order]
    first = np.ones(len(allk), bool)
    first[1:] = allk[1:] != allk[:-1]
    return allk[first], allc[first]


def _contexts(keys: np.ndarray, counts: np.ndarray, base: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per context (key without its last token): total count and distinct followers."""
    ctx = keys // base
    uniq, start, types = np.unique(ctx, return_index=True, return_counts=True)
    totals = np.add.reduceat(counts, start) if len(counts) else np.zeros(0, np.int64)
    return uniq, totals.astype(np.int64), types.astype(np.int64)


def build_statistics(reader: Any, folder: Path) -> dict[str, int]:
    """Count the index behind ``reader`` and write the files into ``folder``; what was counted."""
    counts = _Counts()
    share = _count_text(reader, counts)
    surfaces = list(counts.surface_ids)
    seq_surface = np.frombuffer(counts.sequence, dtype=np.int32) if counts.sequence else np.zeros(0, np.int32)
    surface_counts = np.bincount(seq_surface, minlength=len(surfaces))
    # Tokens: the surfaces' i/y-canonical forms, then the index's other syllables.
    token_ids: dict[str, int] = {BOUNDARY: 0}
    best: dict[int, tuple[int, str]] = {}
    to_token = np.zeros(len(surfaces), np.int32)  # ids fit: the sequence at half the size
    for sid, s in enumerate(surfaces):
        if sid == 0:
            continue
        tok = token_of(s)
        tid = token_ids.setdefault(tok, len(token_ids))
        to_token[sid] = tid
        c = int(surface_counts[sid])
        if tid not in best or c > best[tid][0] or (c == best[tid][0] and s < best[tid][1]):
            best[tid] = (c, s if tok != NUMBER else NUMBER)
    seq = to_token[seq_surface] if len(seq_surface) else np.zeros(0, np.int32)
    del counts, seq_surface
    extra_uni: dict[str, int] = {}
    for field_name in ("title", "lead", "body"):
        for term, df in reader.field_terms(field_name):
            if term.isalpha() and term not in token_ids:
                extra_uni[term] = extra_uni.get(term, 0) + df
    for term in extra_uni:
        token_ids[term] = len(token_ids)
    base = len(token_ids) + 1  # the last id is the unknown token
    uni = np.bincount(seq, minlength=base).astype(np.int64)
    uni[0] = 0
    for term, df in extra_uni.items():
        uni[token_ids[term]] = max(1, round(df * share))
    min_count = 1 if len(seq) < SMALL else 2
    bi_k, bi_c = _ngrams(seq, 2, base, min_count)
    tri_k, tri_c = _ngrams(seq, 3, base, 2 if len(seq) >= SMALL else 1)
    del seq
    words2: dict[int, int] = {}
    words3: dict[int, int] = {}
    inner: dict[str, int] = {}
    for field_name in ("title_word", "lead_word", "body_word"):
        for term, df in reader.field_terms(field_name):
            if "_" in term:
                count_word(term, df, inner)
            parts = term.split("_")
            if len(parts) not in (2, 3) or not all(p in token_ids for p in parts):
                continue
            key = 0
            for p in parts:
                key = key * base + token_ids[p]
            table = words2 if len(parts) == 2 else words3
            table[key] = table.get(key, 0) + max(1, round(df * share))
    bi_k, bi_c = _merge_max(bi_k, bi_c, words2)
    tri_k, tri_c = _merge_max(tri_k, tri_c, words3)
    bi_ctx = _contexts(bi_k, bi_c, base)
    tri_ctx = _contexts(tri_k, tri_c, base)
    tokens = list(token_ids)  # in id order
    surfaces = [best[tid][1] if tid in best else tok for tok, tid in token_ids.items()]
    _write_vocab(folder / VOCAB_FILE, tokens, surfaces, uni)
    # The same, and the tokens grouped by folded key, as arrays that load fast.
    write_keys(folder, tokens, surfaces, uni, (folder / VOCAB_FILE).read_bytes())
    tmp = folder / "ngrams.tmp.npz"
    np.savez(
        tmp,
        base=np.array([base]),
        bi_keys=bi_k,
        bi_counts=bi_c,
        tri_keys=tri_k,
        tri_counts=tri_c,
        bi_ctx=bi_ctx[0],
        bi_ctx_total=bi_ctx[1],
        bi_ctx_types=bi_ctx[2],
        tri_ctx=tri_ctx[0],
        tri_ctx_total=tri_ctx[1],
        tri_ctx_types=tri_ctx[2],
    )
    os.replace(tmp, folder / NGRAMS_FILE)
    adjacent: dict[str, int] = {}
    for field_name in ("title_fold2", "lead_fold2", "body_fold2"):
        for term, df in reader.field_terms(field_name):
            if term in inner:
                adjacent[term] = adjacent.get(term, 0) + df
    word_pairs = write_word_pairs(folder, inner, adjacent)
    return {
        "tokens": len(token_ids),
        "pairs": len(bi_k),
        "triples": len(tri_k),
        "word_pairs": word_pairs,
        "sampled": round(share, 3),
    }


def _write_vocab(path: Path, tokens: list[str], surfaces: list[str], uni: np.ndarray) -> None:
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        for tid, (tok, surface) in enumerate(zip(tokens, surfaces, strict=True)):
            out.write(f"{tok}\t{surface}\t{int(uni[tid])}\n")
    os.replace(tmp, path)
