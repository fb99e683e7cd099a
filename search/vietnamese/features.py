"""pyvi's word2features for one token, as a cached row of CRF weights per distinct token string.

pyvi gives every token a feature dict: five attributes of its own (bias, its
lowercase form, isupper, istitle, isdigit), three of each neighbour (lowercase,
istitle, isupper) and the n-gram ones. The first two kinds depend on one token
string only, so :func:`token_row` turns them into weights once per distinct
string: its own five attributes already summed in ``word2features`` order, its
weights as the -1 and the +1 neighbour, its n-gram vocabulary id and the flags
pyvi's join rule reads. :class:`TokenCache` keeps those rows as numpy columns;
the n-gram attributes depend on a pair or triple and are scored in
:mod:`.segment`.
"""

from __future__ import annotations

import string
import threading
from typing import Any

from search.vietnamese.model import Model, load

_PUNCTUATION = string.punctuation


def token_row(model: Model, tok: str) -> tuple[tuple[float, ...], int, int]:
    """(weights, n-gram vocab id, join flags) for one distinct token string.

    weights = own0, own1, m1low0, m1low1, m1title0, m1title1, m1upper0, m1upper1,
              p1low0, p1low1, p1title0, p1title1, p1upper0, p1upper1
    """
    low = tok.lower()
    # python-crfsuite encodes every string value to UTF-8 (lone surrogates
    # raise UnicodeEncodeError there, so they raise here too) and CRFsuite
    # looks the attribute up as a C string, i.e. up to the first NUL.
    low.encode("utf-8")
    key = low.split("\x00", 1)[0] if "\x00" in low else None
    isupper = tok.isupper()
    istitle = tok.istitle()
    zero = (0.0, 0.0)

    # own attributes, in word2features order, summed from 0.0 like CRFsuite
    s0 = 0.0
    s1 = 0.0
    for w in (
        model.w_bias,
        _str_attr(model, "word.lower():", model.w_lower, low, key),
        model.w_isupper if isupper else None,
        model.w_istitle if istitle else None,
        model.w_isdigit if tok.isdigit() else None,
    ):
        if w is not None:
            s0 += w[0]
            s1 += w[1]
    m1low = _str_attr(model, "-1:word.lower():", model.w_m1_lower, low, key) or zero
    p1low = _str_attr(model, "+1:word.lower():", model.w_p1_lower, low, key) or zero
    m1t = model.w_m1_istitle if istitle else zero
    m1u = model.w_m1_isupper if isupper else zero
    p1t = model.w_p1_istitle if istitle else zero
    p1u = model.w_p1_isupper if isupper else zero
    row = (
        s0,
        s1,
        m1low[0],
        m1low[1],
        m1t[0],
        m1t[1],
        m1u[0],
        m1u[1],
        p1low[0],
        p1low[1],
        p1t[0],
        p1t[1],
        p1u[0],
        p1u[1],
    )
    vid = model.vocab.get(low, -1)
    first = tok[0]
    flags = (1 if tok in _PUNCTUATION else 0) | (2 if first.isdigit() else 0) | (4 if first.istitle() else 0)
    return row, vid, flags


def _str_attr(
    model: Model, prefix: str, table: dict[str, tuple[float, float]], low: str, nul_key: str | None
) -> tuple[float, float] | None:
    if nul_key is None:
        return table.get(low)
    # The C string "prefix" + low ends at the first NUL.
    return model.attr_weights.get(prefix + nul_key)


# When the per-token cache holds this many distinct token strings it is
# replaced by an empty one (bounded memory in long-running workers).
_CACHE_LIMIT = 100_000


class TokenCache:
    """Distinct token string -> row of its precomputed weights and flags.

    Readers never lock: a row is written before its key enters ``index`` and
    the arrays are replaced (never shrunk) when they grow, so any id a reader
    gets from ``index`` is inside the arrays it reads afterwards.
    """

    def __init__(self, model: Model, capacity: int = 4096) -> None:
        np = model.np
        self.np = np
        self.model = model
        self.index: dict[str, int] = {}
        self.size = 0
        self.weights = np.zeros((14, capacity), dtype=np.float64)  # one row per column of token_row
        self.vid = np.full(capacity, -1, dtype=np.int64)
        self.flags = np.zeros(capacity, dtype=np.uint8)

    def add(self, toks: Any) -> None:
        """Add the tokens not cached yet (caller holds the write lock)."""
        np = self.np
        index = self.index
        new = [t for t in dict.fromkeys(toks) if t not in index]
        if not new:
            return
        n = self.size
        need = n + len(new)
        if need > len(self.vid):
            cap = max(need, 2 * len(self.vid))
            weights = np.zeros((14, cap), dtype=np.float64)
            vid = np.full(cap, -1, dtype=np.int64)
            flags = np.zeros(cap, dtype=np.uint8)
            weights[:, :n] = self.weights[:, :n]
            vid[:n] = self.vid[:n]
            flags[:n] = self.flags[:n]
        else:
            weights, vid, flags = self.weights, self.vid, self.flags
        model = self.model
        rows = [token_row(model, t) for t in new]  # may raise (lone surrogates): nothing changed yet
        weights[:, n:need] = np.array([r[0] for r in rows], dtype=np.float64).T
        vid[n:need] = [r[1] for r in rows]
        flags[n:need] = [r[2] for r in rows]
        self.weights, self.vid, self.flags = weights, vid, flags
        self.size = need
        for i, t in enumerate(new, n):
            index[t] = i


_lock = threading.Lock()
_cache: TokenCache | None = None


def get_cache() -> TokenCache:
    """The token cache, with pyvi's model loaded on the first call. Thread-safe."""
    global _cache
    cache = _cache
    if cache is not None:
        return cache
    with _lock:
        if _cache is None:
            _cache = TokenCache(load())
        return _cache


def add_tokens(cache: TokenCache, toks: list[str]) -> TokenCache:
    """Cache the tokens not seen yet; returns the cache that now holds them all."""
    global _cache
    with _lock:
        current = _cache
        assert current is not None
        if current is cache and cache.size > _CACHE_LIMIT:
            current = _cache = TokenCache(cache.model)
        current.add(toks)
        return current
