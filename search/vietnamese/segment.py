"""Vietnamese word segmentation: pyvi's output, several times faster, with offsets.

``tokenize(text)`` returns exactly the string ``pyvi.ViTokenizer.tokenize(text)``
returns (pyvi 0.1.1, model ``pyvi3.pkl``); ``words(text)`` returns the same
segmentation as a list of :class:`Word` with character offsets into ``text``.

How it stays identical to pyvi
------------------------------
pyvi splits the NFC text with one regex, builds a feature dict per token and
asks a CRFsuite tagger (through sklearn_crfsuite / python-crfsuite) for the
Viterbi labels of the whole text as ONE sequence. We use the same regex and
read the CRF weights straight out of the model bytes embedded in pyvi's pickle,
then reproduce CRFsuite's arithmetic:

* python-crfsuite turns ``{'key': 'value'}`` into attribute ``"key:value"``
  (weight 1.0) and ``{'key': number_or_bool}`` into attribute ``"key"`` with that
  weight (False -> 0.0, which adds nothing); attributes unknown to the model are
  dropped, and the attribute string is looked up as a C string (it ends at the
  first NUL character).
* ``crf1dt_state_score``: for each position, ``state[label]`` starts at 0.0 and
  adds ``weight * value`` attribute by attribute, in the insertion order of
  pyvi's ``word2features`` dict. We keep that order: the five "own" attributes
  of a token are summed once per distinct token (same order, same doubles), the
  ten neighbour attributes are added column by column with numpy ``+=``, which
  is the same sequence of IEEE double additions per position.
* ``crf1dc_viterbi``: ``score[0][j] = state[0][j]``; for t >= 1 and each j the
  best i uses a strict ``<`` (ties keep the lower label id), then the state
  score is added; the last label is the first maximum; then backtracking.
* pyvi's join rule (``I_W`` plus its punctuation / digit / case conditions, with
  ``in string.punctuation`` being a *substring* test) decides '_' or ' '.

Where the speed comes from: no per-token feature dicts. Each distinct token
string gets, once, a cached row (its own five attributes already summed, its
weights as the -1 and +1 neighbour, its n-gram vocabulary id and join flags);
a text is then scored with a few numpy gathers and column additions (a plain
Python loop for short texts, same additions), bigram/trigram membership is a
vectorised search over integer keys, and the two-label Viterbi is a tight
Python loop. ``python -m benchmarks segment`` measures it against pyvi.

Nothing here imports scikit-learn, sklearn_crfsuite or pyvi's tokenizer module:
the pickle is read with an unpickler that only lets ``_codecs.encode`` through
(to rebuild the model bytes) and stubs every other class. The model is loaded
lazily, once per process, under a lock (``load()`` forces it); importing this
module is cheap. A failed load raises :class:`search.errors.ModelError`.

pyvi behaviour reproduced on purpose
------------------------------------
* Text without any token (empty, only whitespace) comes back unchanged, even
  if it is not NFC; otherwise the output is built from the NFC text.
* "\\n" is a token (it can even be glued to a neighbour with '_'); other
  whitespace, "\\r" included, only separates tokens.
* A token containing NUL is looked up in the model only up to the NUL.
* A lone surrogate makes pyvi fail inside python-crfsuite (SystemError from
  the failed UTF-8 encoding); we raise UnicodeEncodeError instead.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import pickle
import re
import string
import struct
import threading
import unicodedata
from itertools import accumulate
from typing import Any, NamedTuple

from search.errors import ModelError

__all__ = ["Word", "tokenize", "words", "load"]


class Word(NamedTuple):
    """One pyvi word: its syllable tokens joined by '_' and where it sits in the text."""

    text: str
    """The syllable tokens joined by '_' exactly as pyvi writes the word, e.g. "Bộ_Công_an"."""
    start: int
    """Offset of the first character of the first syllable in the (NFC) text."""
    end: int
    """Offset just after the last character of the last syllable."""
    syllables: int
    """How many pyvi tokens the word joins."""


# --------------------------------------------------------------------------
# The token regex: pyvi's ``ViTokenizer.sylabelize`` pattern, alternative for
# alternative and in the same order (the first alternative that matches at a
# position wins, so order is semantics). pyvi writes them as: abbreviations
# "[A-ZĐ]+\.", "Tp\.", "Mr\.", "Mrs\.", "Ms\.", "Dr\.", "ThS\."; specials "==>",
# "->", "\.\.\.", ">>", "\n"; web "\w+://[^\s]+"; email
# "([a-zA-Z0-9_.+-]+@([a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+)"; digit "\d+([\.,_]\d+)+";
# non_word "[^\w\s]"; word "\w+" -- all inside one capturing group, used with
# re.findall. Every character that is not whitespace ends up in a token, and
# "\n" is a token of its own.
# The same language, written for speed; each rewrite matches exactly the same
# strings at the same positions:
# * inner groups are non-capturing (findall then returns whole tokens);
# * ``X+`` followed by a character X cannot match becomes ``XX*+`` (possessive:
#   giving characters back could never let the next item match) -- and starting
#   with a plain character class lets the regex engine skip the alternative
#   after one character test;
# * the web alternative needs "://" and the email one needs "@": for a text
#   without them those alternatives can never match, so they are left out.
_ABBREVIATIONS = [r"[A-ZĐ][A-ZĐ]*+\.", r"Tp\.", r"Mr\.", r"Mrs\.", r"Ms\.", r"Dr\.", r"ThS\."]
_SPECIALS = [r"==>", r"->", r"\.\.\.", r">>", "\n"]
_WEB = r"\w\w*+://[^\s]+"
_EMAIL = r"[a-zA-Z0-9_.+-][a-zA-Z0-9_.+-]*+@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+"
_TAIL = [r"\d\d*+(?:[\.,_]\d++)+", r"[^\w\s]", r"\w+"]


def _token_pattern(web: bool, email: bool, group: bool) -> re.Pattern[str]:
    alts = _ABBREVIATIONS + _SPECIALS + ([_WEB] if web else []) + ([_EMAIL] if email else [])
    return re.compile(("(%s)" if group else "(?:%s)") % "|".join(alts + _TAIL))


# [web][email]: findall -> the tokens; split (one capturing group) -> the text
# cut into [gap, token, gap, token, ..., gap], which partitions it exactly.
_FINDALL = [[_token_pattern(w, e, False).findall for e in (False, True)] for w in (False, True)]
_SPLIT = [[_token_pattern(w, e, True).split for e in (False, True)] for w in (False, True)]


def _tokens(text: str) -> list[str]:
    """pyvi's tokens of (NFC) text: ``re.findall`` of its sylabelize pattern."""
    return _FINDALL["://" in text]["@" in text](text)


def _pieces(text: str) -> list[str]:
    """text split into gaps and tokens: [gap0, tok0, gap1, tok1, ..., gapN]."""
    return _SPLIT["://" in text]["@" in text](text)


_PUNCTUATION = string.punctuation

# Below this many tokens the pure-Python scorer beats numpy's per-call overhead.
_SMALL = 40
# When the per-token cache holds this many distinct token strings it is
# replaced by an empty one (bounded memory in long-running workers).
_CACHE_LIMIT = 100_000

_BIAS = "bias"


# --------------------------------------------------------------------------
# Reading pyvi's model files
# --------------------------------------------------------------------------
def _pyvi_models_dir() -> str:
    spec = importlib.util.find_spec("pyvi")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "pyvi is not installed: word segmentation needs its model files; "
            "install it with `pip install pyvi==0.1.1`"
        )
    return os.path.join(list(spec.submodule_search_locations)[0], "models")


class _Stub:
    """Stands in for every class named in the pickle (CRF, FileResource, numpy...)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __setstate__(self, state: Any) -> None:
        if isinstance(state, dict):
            self.__dict__.update(state)


class _ModelUnpickler(pickle.Unpickler):
    """Unpickles pyvi3.pkl without sklearn: only ``_codecs.encode`` is real."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("_codecs", "encode"):
            import _codecs

            return _codecs.encode
        return _Stub


def _find_model_bytes(obj: Any, depth: int = 0) -> bytes | None:
    """The CRFsuite model bytes that sklearn_crfsuite's FileResource embeds."""
    if depth > 6:
        return None
    if isinstance(obj, bytes) and obj[:4] == b"lCRF":
        return obj
    state = getattr(obj, "__dict__", None) if not isinstance(obj, dict) else obj
    if isinstance(state, dict):
        data = state.get("__FILE_RESOURCE_DATA__")
        if isinstance(data, bytes) and data[:4] == b"lCRF":
            return data
        for value in state.values():
            found = _find_model_bytes(value, depth + 1)
            if found is not None:
                return found
    return None


def _cqdb_strings(data: bytes, off: int) -> list[bytes]:
    """All strings of a CQDB chunk (CRFsuite's string<->id table), indexed by id."""
    chunk, _size, _flag, byteorder, bwd_size, bwd_off = struct.unpack_from("<4s5I", data, off)
    if chunk != b"CQDB" or byteorder != 0x62445371 or not bwd_off:
        raise RuntimeError("unexpected CQDB chunk in pyvi's CRF model")
    offsets = struct.unpack_from(f"<{bwd_size}I", data, off + bwd_off)
    out: list[bytes] = []
    for ident, rel in enumerate(offsets):
        if not rel:
            raise RuntimeError("pyvi's CRF model has a hole in its string table")
        rec = off + rel
        rid, ksize = struct.unpack_from("<iI", data, rec)
        if rid != ident:
            raise RuntimeError("pyvi's CRF model string table is inconsistent")
        out.append(data[rec + 8 : rec + 8 + ksize - 1])  # ksize counts the NUL
    return out


class _Model:
    """CRF weights and pyvi's n-gram sets, in the shapes the scorer wants."""

    def __init__(self, models_dir: str) -> None:
        import numpy as np

        self.np = np
        with open(os.path.join(models_dir, "pyvi3.pkl"), "rb") as fin:
            obj = _ModelUnpickler(fin).load()
        data = _find_model_bytes(obj)
        if data is None:
            raise RuntimeError("no CRFsuite model found inside pyvi3.pkl")
        self._parse_crf(data)
        self._load_ngrams(os.path.join(models_dir, "words.txt"))

    # -- CRF -------------------------------------------------------------
    def _parse_crf(self, data: bytes) -> None:
        np = self.np
        (
            magic,
            _size,
            mtype,
            _ver,
            _nf,
            n_labels,
            n_attrs,
            off_feat,
            off_labels,
            off_attrs,
            _off_lref,
            _off_aref,
        ) = struct.unpack_from("<4sI4s9I", data, 0)
        if magic != b"lCRF" or mtype != b"FOMC":
            raise RuntimeError("pyvi3.pkl does not hold a CRFsuite CRF1d model")
        labels = [s.decode("utf-8") for s in _cqdb_strings(data, off_labels)]
        if len(labels) != n_labels or sorted(labels) != ["B_W", "I_W"]:
            raise RuntimeError(f"unexpected labels in pyvi's model: {labels!r}")
        attrs = [s.decode("utf-8", "surrogateescape") for s in _cqdb_strings(data, off_attrs)]
        if len(attrs) != n_attrs:
            raise RuntimeError("pyvi's CRF model attribute count does not match")
        chunk, _csize, n_feat = struct.unpack_from("<4sII", data, off_feat)
        if chunk != b"FEAT":
            raise RuntimeError("pyvi's CRF model has no FEAT chunk")
        feats = np.frombuffer(
            data,
            dtype=np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("w", "<f8")]),
            count=n_feat,
            offset=off_feat + 12,
        )
        # The label id is the column; label 0 wins ties in Viterbi, as in CRFsuite.
        self.i_w = labels.index("I_W")
        state = feats[feats["type"] == 0]
        weights = np.zeros((n_attrs, 2), dtype=np.float64)
        weights[state["src"].astype(np.intp), state["dst"].astype(np.intp)] = state["w"]
        trans = np.zeros((2, 2), dtype=np.float64)
        tr = feats[feats["type"] == 1]
        trans[tr["src"].astype(np.intp), tr["dst"].astype(np.intp)] = tr["w"]
        self.trans = tuple(tuple(float(x) for x in row) for row in trans)

        wl = weights.tolist()
        by_name = {name: (w[0], w[1]) for name, w in zip(attrs, wl, strict=True)}
        self.attr_weights = by_name  # attribute string -> (w_label0, w_label1)
        zero = (0.0, 0.0)
        # Scalar attributes (value 1.0 when True/1.0; a False adds nothing).
        self.w_bias = by_name.get(_BIAS)
        self.w_isupper = by_name.get("word.isupper()")
        self.w_istitle = by_name.get("word.istitle()")
        self.w_isdigit = by_name.get("word.isdigit()")
        self.w_m1_istitle = by_name.get("-1:word.istitle()", zero)
        self.w_m1_isupper = by_name.get("-1:word.isupper()", zero)
        self.w_m1_bigram = by_name.get("-1:word.bi_gram()", zero)
        self.w_m2_trigram = by_name.get("-2:word.tri_gram()", zero)
        self.w_p1_istitle = by_name.get("+1:word.istitle()", zero)
        self.w_p1_isupper = by_name.get("+1:word.isupper()", zero)
        self.w_p1_bigram = by_name.get("+1:word.bi_gram()", zero)
        self.w_p2_trigram = by_name.get("+2:word.tri_gram()", zero)
        self.seps = np.array([" ", "_"], dtype=object)  # separator by join flag
        # String attributes "key:value", keyed by value.
        self.w_lower: dict[str, tuple[float, float]] = {}
        self.w_m1_lower: dict[str, tuple[float, float]] = {}
        self.w_p1_lower: dict[str, tuple[float, float]] = {}
        for name, w in by_name.items():
            if name.startswith("word.lower():"):
                self.w_lower[name[13:]] = w
            elif name.startswith("-1:word.lower():"):
                self.w_m1_lower[name[16:]] = w
            elif name.startswith("+1:word.lower():"):
                self.w_p1_lower[name[16:]] = w

    # -- n-grams ------------------------------------------------------------
    def _load_ngrams(self, path: str) -> None:
        np = self.np
        # pyvi: codecs.open(..., 'r', 'utf-8').read().split('\n') -- no newline
        # translation -- and a line is a bigram/trigram when split(' ') gives 2/3.
        with open(path, "rb") as fin:
            lines = fin.read().decode("utf-8").split("\n")
        bigrams = []
        trigrams = []
        for line in lines:
            parts = line.split(" ")
            if len(parts) == 2:
                bigrams.append(parts)
            elif len(parts) == 3:
                trigrams.append(parts)
        # Every n-gram component gets a small id; a token's lowercased form
        # either has one (it may start an n-gram) or cannot be part of any.
        # Token strings never contain ' ', so "a b" == lower(t1) + ' ' + lower(t2)
        # exactly when (a, b) == (lower(t1), lower(t2)).
        vocab: dict[str, int] = {}
        for parts in bigrams + trigrams:
            for p in parts:
                if p not in vocab:
                    vocab[p] = len(vocab)
        self.vocab = vocab
        v = self.V = max(len(vocab), 1)
        self.bigram_keys = np.unique(np.array([vocab[a] * v + vocab[b] for a, b in bigrams], dtype=np.int64))
        self.trigram_keys = np.unique(
            np.array([(vocab[a] * v + vocab[b]) * v + vocab[c] for a, b, c in trigrams], dtype=np.int64)
        )
        self.bigram_set = frozenset(vocab[a] * v + vocab[b] for a, b in bigrams)
        self.trigram_set = frozenset((vocab[a] * v + vocab[b]) * v + vocab[c] for a, b, c in trigrams)

    # -- per-token rows -------------------------------------------------------
    def token_row(self, tok: str) -> tuple[tuple[float, ...], int, int]:
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
            self.w_bias,
            self._str_attr("word.lower():", self.w_lower, low, key),
            self.w_isupper if isupper else None,
            self.w_istitle if istitle else None,
            self.w_isdigit if tok.isdigit() else None,
        ):
            if w is not None:
                s0 += w[0]
                s1 += w[1]
        m1low = self._str_attr("-1:word.lower():", self.w_m1_lower, low, key) or zero
        p1low = self._str_attr("+1:word.lower():", self.w_p1_lower, low, key) or zero
        m1t = self.w_m1_istitle if istitle else zero
        m1u = self.w_m1_isupper if isupper else zero
        p1t = self.w_p1_istitle if istitle else zero
        p1u = self.w_p1_isupper if isupper else zero
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
        vid = self.vocab.get(low, -1)
        first = tok[0]
        flags = (
            (1 if tok in _PUNCTUATION else 0) | (2 if first.isdigit() else 0) | (4 if first.istitle() else 0)
        )
        return row, vid, flags

    def _str_attr(
        self, prefix: str, table: dict[str, tuple[float, float]], low: str, nul_key: str | None
    ) -> tuple[float, float] | None:
        if nul_key is None:
            return table.get(low)
        # The C string "prefix" + low ends at the first NUL.
        return self.attr_weights.get(prefix + nul_key)


class _TokenCache:
    """Distinct token string -> row of its precomputed weights and flags.

    Readers never lock: a row is written before its key enters ``index`` and
    the arrays are replaced (never shrunk) when they grow, so any id a reader
    gets from ``index`` is inside the arrays it reads afterwards.
    """

    def __init__(self, model: _Model, capacity: int = 4096) -> None:
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
        token_row = self.model.token_row
        rows = [token_row(t) for t in new]  # may raise (lone surrogates): nothing changed yet
        weights[:, n:need] = np.array([r[0] for r in rows], dtype=np.float64).T
        vid[n:need] = [r[1] for r in rows]
        flags[n:need] = [r[2] for r in rows]
        self.weights, self.vid, self.flags = weights, vid, flags
        self.size = need
        for i, t in enumerate(new, n):
            index[t] = i


_lock = threading.Lock()
_cache: _TokenCache | None = None


def load() -> None:
    """Load pyvi's model now (otherwise the first call does it). Idempotent, thread-safe."""
    _get_cache()


def _get_cache() -> _TokenCache:
    global _cache
    cache = _cache
    if cache is not None:
        return cache
    with _lock:
        if _cache is None:
            models = _pyvi_models_dir()
            try:
                model = _Model(models)
            except Exception as exc:  # any failure here means an unusable install
                raise ModelError(
                    f"cannot load pyvi's word-segmentation model from {models}: {exc}; "
                    "reinstall it with `pip install --force-reinstall pyvi==0.1.1`"
                ) from exc
            _cache = _TokenCache(model)
        return _cache


_MAKE_WORD = functools.partial(tuple.__new__, Word)  # Word from a 4-tuple, minus _make's checks


def _add_tokens(cache: _TokenCache, toks: list[str]) -> _TokenCache:
    """Cache the tokens not seen yet; returns the cache that now holds them all."""
    global _cache
    with _lock:
        current = _cache
        assert current is not None
        if current is cache and cache.size > _CACHE_LIMIT:
            current = _cache = _TokenCache(cache.model)
        current.add(toks)
        return current


# --------------------------------------------------------------------------
# Scoring and decoding
# --------------------------------------------------------------------------
def _viterbi(s0: list[float], s1: list[float], trans: tuple[tuple[float, ...], ...]) -> bytearray:
    """crf1dc_viterbi for two labels; returns the label id (0 or 1) of every position.

    For each t >= 1 and label j, the best previous label i is 0 unless
    ``prev[0] + trans[0][j] < prev[1] + trans[1][j]`` (strict, as CRFsuite's
    ``max_score < score`` scan from i = 0); then ``state[t][j]`` is added. The
    last label is 1 only if its score is strictly greater.
    """
    (t00, t01), (t10, t11) = trans
    back = []  # per t >= 1: bit 0 = best i for j = 0, bit 1 = best i for j = 1
    push = back.append
    p0 = s0[0]
    p1 = s1[0]
    for a, b in zip(s0[1:], s1[1:], strict=True):
        x = p0 + t00
        y = p1 + t10
        u = p0 + t01
        v = p1 + t11
        if x < y:
            if u < v:
                push(3)
                p0 = y + a
                p1 = v + b
            else:
                push(1)
                p0 = y + a
                p1 = u + b
        elif u < v:
            push(2)
            p0 = x + a
            p1 = v + b
        else:
            push(0)
            p0 = x + a
            p1 = u + b
    cur = 1 if p0 < p1 else 0
    out = [cur]
    put = out.append
    from0 = (0, 1, 0, 1)  # best i for j = 0, by code
    from1 = (0, 0, 1, 1)  # best i for j = 1, by code
    for code in reversed(back):
        cur = (from1 if cur else from0)[code]
        put(cur)
    out.reverse()
    return bytearray(out)


def _join_small(cache: _TokenCache, ids: list[int]) -> list[bool]:
    """_join_large in pure Python for short texts (same additions, same order)."""
    model = cache.model
    n = len(ids)
    w = cache.weights.take(ids, axis=1).tolist()  # 14 lists: token_row columns by position
    v = cache.vid.take(ids).tolist()
    V = model.V
    bset = model.bigram_set
    tset = model.trigram_set
    bi = [False] * n  # bi[k]: tokens k-1, k form a bigram
    tri = [False] * n  # tri[k]: tokens k-2, k-1, k form a trigram
    for k in range(1, n):
        a = v[k - 1]
        b = v[k]
        if a >= 0 and b >= 0:
            bi[k] = a * V + b in bset
            if k >= 2 and v[k - 2] >= 0:
                tri[k] = (v[k - 2] * V + a) * V + b in tset
    scores = []
    for j in (0, 1):
        own, m1low, m1title, m1upper = w[j], w[2 + j], w[4 + j], w[6 + j]
        p1low, p1title, p1upper = w[8 + j], w[10 + j], w[12 + j]
        mb = model.w_m1_bigram[j]
        mt = model.w_m2_trigram[j]
        pb = model.w_p1_bigram[j]
        pt = model.w_p2_trigram[j]
        s = []
        for k in range(n):
            x = own[k]
            if k > 0:
                x += m1low[k - 1]
                x += m1title[k - 1]
                x += m1upper[k - 1]
                if bi[k]:
                    x += mb
                if tri[k]:
                    x += mt
            if k < n - 1:
                x += p1low[k + 1]
                x += p1title[k + 1]
                x += p1upper[k + 1]
                if bi[k + 1]:
                    x += pb
                if k < n - 2 and tri[k + 2]:
                    x += pt
            s.append(x)
        scores.append(s)
    labels = _viterbi(scores[0], scores[1], model.trans)
    i_w = model.i_w
    flags = cache.flags.take(ids).tolist()
    return [
        labels[k] == i_w and not (((flags[k] | flags[k - 1]) & 3) or (flags[k] & ~flags[k - 1] & 4))
        for k in range(1, n)
    ]


def _join_large(cache: _TokenCache, idx: Any) -> Any:
    """joins[k] (numpy bool, length n-1): token k+1 is glued to token k with '_'."""
    np = cache.np
    model = cache.model
    w = cache.weights.take(idx, axis=1)  # (14, n): token_row columns of each position
    vid = cache.vid[idx]
    n = len(idx)
    V = model.V
    ok = (vid[:-1] >= 0) & (vid[1:] >= 0)
    bkey = vid[:-1] * V + vid[1:]
    keys = model.bigram_keys
    pos = np.searchsorted(keys, bkey)
    np.minimum(pos, len(keys) - 1, out=pos)
    bi = ok & (keys[pos] == bkey)  # bi[k]: tokens k, k+1 form a bigram
    if n >= 3:
        tkey = bkey[:-1] * V + vid[2:]
        keys = model.trigram_keys
        pos = np.searchsorted(keys, tkey)
        np.minimum(pos, len(keys) - 1, out=pos)
        tri = ok[:-1] & ok[1:] & (keys[pos] == tkey)  # tri[k]: tokens k, k+1, k+2
    else:
        tri = np.zeros(0, dtype=bool)
    # CRFsuite's state scores, per label, attribute by attribute in word2features
    # order; each position gets the same sequence of double additions as in C
    # (an absent attribute adds nothing: `where=` leaves those positions alone).
    add = np.add
    scores = []
    for j in (0, 1):
        s = w[j].copy()  # bias, word.lower(), word.isupper(), word.istitle(), word.isdigit()
        a = s[1:]  # positions with a previous token
        a += w[2 + j, :-1]  # -1:word.lower()
        a += w[4 + j, :-1]  # -1:word.istitle()
        a += w[6 + j, :-1]  # -1:word.isupper()
        add(a, model.w_m1_bigram[j], out=a, where=bi)  # -1:word.bi_gram()
        a = s[2:]
        add(a, model.w_m2_trigram[j], out=a, where=tri)  # -2:word.tri_gram()
        a = s[:-1]  # positions with a next token
        a += w[8 + j, 1:]  # +1:word.lower()
        a += w[10 + j, 1:]  # +1:word.istitle()
        a += w[12 + j, 1:]  # +1:word.isupper()
        add(a, model.w_p1_bigram[j], out=a, where=bi)  # +1:word.bi_gram()
        a = s[:-2]
        add(a, model.w_p2_trigram[j], out=a, where=tri)  # +2:word.tri_gram()
        scores.append(s.tolist())
    labels = _viterbi(scores[0], scores[1], model.trans)
    lab = np.frombuffer(labels, dtype=np.uint8)
    flags = cache.flags[idx]
    f = flags[1:]
    g = flags[:-1]
    # pyvi: I_W, neither token `in string.punctuation` (bit 1) nor starting with a
    # digit (bit 2), and not (this token starts Titlecase (bit 4), the previous not).
    return (lab[1:] == model.i_w) & ((((f | g) & 3) | (f & ~g & 4)) == 0)


def _join_mask(toks: list[str]) -> Any:
    """Is token k+1 glued to token k with '_'? For k < len(toks) - 1.

    A list of bools for short texts, a numpy bool array for longer ones.
    """
    cache = _get_cache()
    np = cache.np
    n = len(toks)
    if n < _SMALL:
        get = cache.index.get
        ids = [get(t) for t in toks]
        if None in ids:
            cache = _add_tokens(cache, toks)
            get = cache.index.__getitem__
            ids = [get(t) for t in toks]
        return _join_small(cache, ids)
    try:
        idx = np.fromiter(map(cache.index.get, toks), dtype=np.intp, count=n)
    except TypeError:  # a token not cached yet (get returned None)
        cache = _add_tokens(cache, toks)
        idx = np.fromiter(map(cache.index.__getitem__, toks), dtype=np.intp, count=n)
    return _join_large(cache, idx)


def _interleave(toks: list[str], mask: Any) -> str:
    """pyvi's output: the tokens with '_' (mask True) or ' ' between them."""
    parts = [""] * (2 * len(toks) - 1)
    parts[::2] = toks
    if isinstance(mask, list):
        parts[1::2] = ["_" if j else " " for j in mask]
    else:
        parts[1::2] = _get_cache().model.seps[mask.view("u1")].tolist()
    return "".join(parts)


def tokenize(text: str) -> str:
    """Same string as pyvi.ViTokenizer.tokenize(text), for any str."""
    norm = unicodedata.normalize("NFC", text)
    toks = _tokens(norm)
    if not toks:
        return text  # pyvi returns its argument, unnormalised, when there are no tokens
    return _interleave(toks, _join_mask(toks))


def words(text: str) -> list[Word]:
    """Every pyvi token group of `text` in order, with offsets into `text`.

    Includes punctuation and '\\n' tokens, exactly as pyvi's output lists them.
    `text` must be NFC (ValueError otherwise; normalise with
    ``unicodedata.normalize('NFC', text)`` first) so that offsets index straight
    into the caller's string. ``" ".join(w.text for w in words(t)) == tokenize(t)``
    whenever t is NFC and has at least one token.
    """
    if not isinstance(text, str):
        raise TypeError(f"words() needs a str, not {type(text).__name__}")
    if not unicodedata.is_normalized("NFC", text):
        raise ValueError("words() needs NFC text: normalise it with unicodedata.normalize('NFC', text) first")
    pieces = _pieces(text)  # [gap, token, gap, token, ..., gap]: the text, cut at match spans
    toks = pieces[1::2]
    n = len(toks)
    if not n:
        return []
    mask = _join_mask(toks)
    np = _get_cache().np
    if isinstance(mask, list):
        mask = np.array(mask, dtype=bool)
    # Tokens never contain ' ', so pyvi's output split on ' ' is the word texts.
    texts = _interleave(toks, mask).split(" ")
    # ends[i] = offset just after pieces[i]; token k is pieces[2k+1], so it
    # starts at ends[2k] and ends at ends[2k+1].
    ends = np.fromiter(accumulate(map(len, pieces)), dtype=np.int64, count=len(pieces))
    breaks = np.flatnonzero(~mask) + 1  # first token of every word but the first
    firsts = np.concatenate(([0], breaks))
    lasts = np.concatenate((breaks, [n]))  # one past each word's last token
    return list(
        map(
            _MAKE_WORD,
            zip(
                texts,
                ends[2 * firsts].tolist(),
                ends[2 * lasts - 1].tolist(),
                (lasts - firsts).tolist(),
                strict=True,
            ),
        )
    )
