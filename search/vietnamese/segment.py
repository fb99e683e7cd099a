"""Vietnamese word segmentation: pyvi's output, several times faster, with offsets.

``tokenize(text)`` returns exactly the string ``pyvi.ViTokenizer.tokenize(text)``
returns (pyvi 0.1.1, model ``pyvi3.pkl``); ``words(text)`` returns the same
segmentation as a list of :class:`Word` with character offsets into ``text``.

How it stays identical to pyvi
------------------------------
pyvi splits the NFC text with one regex, builds a feature dict per token and
asks a CRFsuite tagger (through sklearn_crfsuite / python-crfsuite) for the
Viterbi labels of the whole text as ONE sequence. We use the same regex and
the CRF weights :mod:`.model` reads out of pyvi's pickle, then reproduce
CRFsuite's arithmetic:

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
string gets, once, a cached row (:mod:`.features`: its own five attributes
already summed, its weights as the -1 and +1 neighbour, its n-gram vocabulary
id and join flags);
a text is then scored with a few numpy gathers and column additions (a plain
Python loop for short texts, same additions), bigram/trigram membership is a
vectorised search over integer keys, and the two-label Viterbi is a tight
Python loop. ``python -m benchmarks segment`` measures it against pyvi.

Nothing here imports scikit-learn, sklearn_crfsuite or pyvi's tokenizer module.
The model is loaded lazily, once per process (``load()`` forces it); importing
this module is cheap. A failed load raises :class:`search.errors.ModelError`.

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
import re
import unicodedata
from itertools import accumulate
from typing import Any, NamedTuple

from search.vietnamese.features import TokenCache, add_tokens, get_cache

__all__ = ["Word", "load", "spans", "tokenize", "words"]


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


# Below this many tokens the pure-Python scorer beats numpy's per-call overhead.
_SMALL = 40


def load() -> None:
    """Load pyvi's model now (otherwise the first call does it). Idempotent, thread-safe."""
    get_cache()


_MAKE_WORD = functools.partial(tuple.__new__, Word)  # Word from a 4-tuple, minus _make's checks


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


def _join_small(cache: TokenCache, ids: list[int]) -> list[bool]:
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


def _join_large(cache: TokenCache, idx: Any) -> Any:
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
    cache = get_cache()
    np = cache.np
    n = len(toks)
    if n < _SMALL:
        get = cache.index.get
        ids = [get(t) for t in toks]
        if None in ids:
            cache = add_tokens(cache, toks)
            get = cache.index.__getitem__
            ids = [get(t) for t in toks]
        return _join_small(cache, ids)
    try:
        idx = np.fromiter(map(cache.index.get, toks), dtype=np.intp, count=n)
    except TypeError:  # a token not cached yet (get returned None)
        cache = add_tokens(cache, toks)
        idx = np.fromiter(map(cache.index.__getitem__, toks), dtype=np.intp, count=n)
    return _join_large(cache, idx)


def _interleave(toks: list[str], mask: Any) -> str:
    """pyvi's output: the tokens with '_' (mask True) or ' ' between them."""
    parts = [""] * (2 * len(toks) - 1)
    parts[::2] = toks
    if isinstance(mask, list):
        parts[1::2] = ["_" if j else " " for j in mask]
    else:
        parts[1::2] = get_cache().model.seps[mask.view("u1")].tolist()
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
    texts, starts, ends, sizes = spans(text)
    return list(map(_MAKE_WORD, zip(texts, starts, ends, sizes, strict=True)))


def spans(text: str) -> tuple[list[str], list[int], list[int], list[int]]:
    """:func:`words` as four parallel lists (texts, starts, ends, syllables): no
    :class:`Word` per word, for callers that turn the words into something else."""
    if not isinstance(text, str):
        raise TypeError(f"words() needs a str, not {type(text).__name__}")
    if not unicodedata.is_normalized("NFC", text):
        raise ValueError("words() needs NFC text: normalise it with unicodedata.normalize('NFC', text) first")
    pieces = _pieces(text)  # [gap, token, gap, token, ..., gap]: the text, cut at match spans
    toks = pieces[1::2]
    n = len(toks)
    if not n:
        return [], [], [], []
    mask = _join_mask(toks)
    np = get_cache().np
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
    return texts, ends[2 * firsts].tolist(), ends[2 * lasts - 1].tolist(), (lasts - firsts).tolist()
