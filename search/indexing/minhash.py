"""MinHash signatures of article texts, for near-duplicate grouping
(:mod:`search.indexing.duplicates`): folded syllables, shingles, minimum hashes, LSH band keys.

Everything is deterministic (fixed seeds, no salted ``hash()``) and vectorised with
numpy: it runs for every article in the parent process of an ingest.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

import numpy as np

__all__ = [
    "BANDS",
    "MIN_SHINGLES",
    "ROWS",
    "SHINGLE",
    "SIGNATURE_SIZE",
    "TextKey",
    "band_keys",
    "prepare",
    "signature",
]

# 5 syllables make a shingle: a Vietnamese word is one to three syllables, so four-syllable
# runs ("theo thông tin từ", "trong thời gian qua") recur in unrelated articles, while one
# changed syllable still spoils only five shingles out of an article's ~470.
SHINGLE = 5
# 64 minimum hashes: the Jaccard estimate's standard error is at most 0.0625 (0.057 at
# J=0.3), far smaller than the gap between duplicates (J > 0.6) and different stories
# sharing boilerplate (J < 0.3) measured on the labelled pairs; 256 bytes an article keeps
# 250,000 articles at 64 MB, and the permutations cost half of what 128 would.
SIGNATURE_SIZE = 64
# Fewer shingles than this (about two sentences) and one changed word moves the
# estimate too far: such texts group only when their normalised text is identical.
MIN_SHINGLES = 30
# LSH: BANDS bands of ROWS minimum hashes; two signatures become candidates when one
# band is equal in all its rows. With 21 x 3 a pair at J=0.5 is found with
# probability 0.94, at J=0.6 0.99, at J=0.1 0.02 (then rejected by the threshold).
ROWS = 3
BANDS = SIGNATURE_SIZE // ROWS

_MASK64 = (1 << 64) - 1
# Fixed seeds: signatures must be the same in every process and every run.
_RNG = np.random.default_rng(20240611)
# Multiply-shift hashing ((a*x + b) mod 2**64) >> 32 with odd a: a universal family, and
# numpy's uint64 arithmetic wraps modulo 2**64 by itself, so no slow modulo is needed.
_PERM_A = (_RNG.integers(0, 1 << 63, SIGNATURE_SIZE, dtype=np.uint64) << np.uint64(1)) | np.uint64(1)
_PERM_B = _RNG.integers(0, 1 << 63, SIGNATURE_SIZE, dtype=np.uint64)
_BAND_SALT = _RNG.integers(0, 1 << 63, (BANDS, ROWS), dtype=np.uint64) | np.uint64(1)
_SHINGLE_MIX = _RNG.integers(0, 1 << 63, SHINGLE, dtype=np.uint64) | np.uint64(1)
# Polynomial hash of a syllable's letters: prefix sums of byte * P**i (mod 2**64).
_P = 1_000_003
_P_INV = pow(_P, -1, 1 << 64)
_SHIFT = np.uint64(32)

# Bytes of letters and digits after folding: everything else separates syllables.
_IS_ALNUM = np.zeros(256, dtype=bool)
for _c in b"abcdefghijklmnopqrstuvwxyz0123456789":
    _IS_ALNUM[_c] = True

_INVISIBLE = ("\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")

_powers = np.ones(1, dtype=np.uint64)
_inverse_powers = np.ones(1, dtype=np.uint64)


def _power_tables(n: int) -> tuple[np.ndarray, np.ndarray]:
    """P**i and P**-i (mod 2**64) for i < n, grown on demand and kept."""
    global _powers, _inverse_powers
    if len(_powers) < n:
        size = max(n, 2 * len(_powers), 1 << 14)
        powers = np.full(size, _P, dtype=np.uint64)
        powers[0] = 1
        inverse = np.full(size, _P_INV, dtype=np.uint64)
        inverse[0] = 1
        _powers, _inverse_powers = np.cumprod(powers), np.cumprod(inverse)  # wrap mod 2**64
    return _powers, _inverse_powers


def folded_codes(text: str) -> np.ndarray:
    """``text`` lowercased, without accents, ``đ``→``d``, as bytes (uint8) in which only
    ASCII letters and digits are syllable characters.

    The syllables are those of :func:`search.vietnamese.text.fold` after
    :func:`~search.vietnamese.text.clean` (NFC or NFD input, old or new tone placement
    and ``Ð`` for ``Đ`` give the same bytes), at a fifth of their cost: ``fold`` maps
    each character through a dict and the syllable regex is slow on Unicode, which
    would take the whole budget of an article. Here NFKD and the UTF-8 encoder run in
    C and numpy drops the combining marks. Letters with no ASCII base (Chinese,
    Cyrillic) separate syllables instead of making them.
    """
    text = unicodedata.normalize("NFKD", text.lower()).replace("đ", "d").replace("ð", "d")
    for char in _INVISIBLE:
        if char in text:
            text = text.replace(char, "")  # joins its neighbours, as clean() does
    codes = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    if not (codes >= 0x80).any():
        return codes
    # Combining marks U+0300-U+036F are 0xCC 0x80-0xBF and 0xCD 0x80-0xAF in UTF-8.
    lead = (codes[:-1] == 0xCC) | ((codes[:-1] == 0xCD) & (codes[1:] < 0xB0))
    drop = np.zeros(len(codes), dtype=bool)
    drop[:-1] = lead
    drop[1:] |= lead
    return codes[~drop]


def _syllable_hashes(codes: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each run of ASCII letters and digits in ``codes``, vectorised."""
    alnum = _IS_ALNUM[codes]
    if not alnum.any():
        return np.empty(0, dtype=np.uint64)
    edges = np.flatnonzero(np.diff(np.concatenate(([False], alnum, [False])).view(np.int8)))
    starts, ends = edges[0::2], edges[1::2]
    powers, inverse = _power_tables(len(codes) + 1)
    prefix = np.zeros(len(codes) + 1, dtype=np.uint64)
    np.cumsum((codes.astype(np.uint64) + np.uint64(1)) * powers[: len(codes)], out=prefix[1:])
    # (prefix[end] - prefix[start]) / P**start: the same value wherever the syllable stands.
    return (prefix[ends] - prefix[starts]) * inverse[starts]


def _shingle_hashes(syllables: np.ndarray) -> np.ndarray:
    """One hash per run of SHINGLE consecutive syllable hashes (empty when fewer)."""
    count = len(syllables) - SHINGLE + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    mixed = syllables[:count] * _SHINGLE_MIX[0]
    for k in range(1, SHINGLE):
        mixed = (mixed ^ (mixed >> np.uint64(29))) + syllables[k : k + count] * _SHINGLE_MIX[k]
    return mixed


def _minhash(shingles: np.ndarray) -> np.ndarray:
    """The SIGNATURE_SIZE minimum hashes of a set of 64-bit shingle hashes."""
    hashed = (shingles[:, None] * _PERM_A + _PERM_B) >> _SHIFT
    return hashed.min(axis=0).astype(np.uint32)


def _text(title: str, body: str) -> str:
    return f"{title}\n{body}" if title and not body.startswith(title) else body or title


def signature(title: str, body: str) -> np.ndarray | None:
    """The MinHash signature (``SIGNATURE_SIZE`` uint32) of the article's text, or None
    when it has fewer than :data:`MIN_SHINGLES` shingles: too short to judge by similarity."""
    return prepare(title, body).signature


@dataclass(frozen=True, slots=True)
class TextKey:
    """What :meth:`Grouper.assign` needs of an article's text, from :func:`prepare`."""

    signature: np.ndarray | None  # None: too short, only the exact text may group it
    digest: int  # 64-bit hash of the folded syllables: equal for the same text; 0 for no text


def prepare(title: str, body: str) -> TextKey:
    """The article's signature and exact-text digest (pure: may run in any process)."""
    syllables = _syllable_hashes(folded_codes(_text(title, body)))
    if not len(syllables):
        return TextKey(None, 0)
    blake = hashlib.blake2b(syllables.astype("<u8").tobytes(), digest_size=8).digest()
    digest = int.from_bytes(blake, "little") or 1
    shingles = _shingle_hashes(syllables)
    return TextKey(_minhash(shingles) if len(shingles) >= MIN_SHINGLES else None, digest)


def band_keys(signatures: np.ndarray) -> np.ndarray:
    """(n, BANDS) 32-bit keys: equal when a band's ROWS minimum hashes are all equal.

    Computed from the low 16 bits of each minimum hash, which is all the grouper keeps.
    """
    rows = (signatures[:, : BANDS * ROWS] & 0xFFFF).astype(np.uint64).reshape(-1, BANDS, ROWS)
    mixed = (rows * _BAND_SALT).sum(axis=2)
    return ((mixed ^ (mixed >> np.uint64(31))) * _PERM_A[0]) >> _SHIFT
