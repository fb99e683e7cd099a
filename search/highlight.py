"""Where a query's words stand in a text: the spans that snippets, keyword in
context, quotes and the article page mark.

What is highlighted are the query's words ("units"): a unit is a sequence of
syllables, ``("công", "an")``, and it matches where those syllables are
consecutive syllables of the text — syllables as ``SYLLABLE_RE`` finds them,
the way the index counts positions. What stands between two syllables (a
space, punctuation, a line break) does not break a unit, as it does not
break the index's phrase matching: ``("nội", "công")`` matches "Hà Nội.
Công an", because that article matches the phrase. A match is one span, from
its first syllable's start to its last syllable's end, so a word gets one
mark ("<mark>công an</mark>"), and a syllable that only looks like one of
the unit's ("nói" for ``("ha", "noi")``) is never marked on its own.

Syllables compare through the index's keys (``syl`` terms): tone placement,
NFC/NFD, ``Ð``/``Đ`` and the i/y spellings are equal; accents must match when
``exact``, folded otherwise. Offsets index the text as given, so highlights
land on the right letters also for old-style tone marks, NFD input,
``TP.HCM``, double spaces and line breaks.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain
from typing import NamedTuple

import numpy as np

from search.vietnamese.text import (
    SYLLABLE_RE,
    canonical,
    clean,
    fold,
    has_diacritics,
    iy_canonical,
    normalize,
    syllables,
)

__all__ = ["Span", "Unit", "highlight_spans"]

Unit = Sequence[str]  # a word as syllables: ("công", "an"); a string is read as its syllables
Span = tuple[int, int, str]  # (start, end, the unit's key: "công an", or "cong an" folded)


def highlight_spans(text: str, units: Iterable[Unit], exact: bool = False) -> list[Span]:
    """(start, end, unit key) of every match of ``units`` in ``text``, in order.

    A unit is a tuple of syllables as the user wrote them or as the index
    spells them (``("vi", "phạm")``, ``("vy", "phạm")``); a string is read as
    its syllables (``"công an"``). Where units overlap, the earliest wins, then
    the longest. With ``exact`` a unit with accents matches only its own
    accents ("Tô Lâm" never marks "tố làm"); a unit typed without any ("cong
    an" in "cong an hà nội") matches as written where the text has it so,
    folded where it does not, so a partly accented query shows what matched.
    """
    wants = _wants(units, exact)
    if not wants or not text:
        return []
    if exact:
        plain = [w for w in wants if not has_diacritics(w.label)]
        if plain:
            found = {label for _, _, label in _spans(text, tuple(plain))}
            wants = [w._replace(folded=True) if w in plain and w.label not in found else w for w in wants]
    return _spans(text, tuple(wants))


class _Want(NamedTuple):
    """A unit as it is looked for: its syllables' keys, exact or folded."""

    keys: tuple[str, ...]
    folded: bool
    label: str


def _key(syllable: str) -> str:
    """A syllable's exact key: the index's ``syl`` term (canonical tones, NFC, Đ, i/y as y)."""
    return iy_canonical(canonical(clean(syllable)).lower())


def _fold_key(key: str) -> str:
    return iy_canonical(fold(key))


def _wants(units: Iterable[Unit], exact: bool) -> list[_Want]:
    """The distinct units' keys, longest first (the order overlapping matches are preferred in)."""
    if isinstance(units, str):
        raise TypeError(f"units are words as tuples of syllables, such as [('công', 'an')], not {units!r}")
    written = tuple(unit if isinstance(unit, str) else tuple(unit) for unit in units)
    return list(_wants_of(written, exact))  # a page's hits all ask for the same units


@lru_cache(maxsize=256)
def _wants_of(units: tuple[Unit, ...], exact: bool) -> tuple[_Want, ...]:
    out: list[_Want] = []
    seen: set[tuple[str, ...]] = set()
    for unit in units:
        written = unit if isinstance(unit, str) else " ".join(unit)
        keys = tuple(iy_canonical(s.text) for s in syllables(normalize(written)))
        if not exact:
            keys = tuple(map(_fold_key, keys))
        if keys and keys not in seen:
            seen.add(keys)
            out.append(_Want(keys, not exact, " ".join(keys)))
    return tuple(sorted(out, key=lambda w: -len(w.keys)))


def _spans(text: str, wants: tuple[_Want, ...]) -> list[Span]:
    fast = _fast_spans(text, wants)
    return fast if fast is not None else _slow_spans(text, wants)


# Syllables of text that is not NFC (NFD, not yet cleaned): a combining mark
# belongs to the letter before it, so the highlight keeps the syllable whole.
_MARKED_SYLLABLE_RE = re.compile(r"\d+(?:[.,/:]\d+)+|(?:[^\W_][\u0300-\u036f]*)+")


def _slow_spans(text: str, wants: tuple[_Want, ...]) -> list[Span]:
    """Match by walking the text's syllables and comparing keys."""
    found = SYLLABLE_RE if unicodedata.is_normalized("NFC", text) else _MARKED_SYLLABLE_RE
    tokens = [(m.group(), m.start(), m.end()) for m in found.finditer(text)]
    known: dict[str, tuple[str, str]] = {}
    exact_keys, folded_keys = [], []
    for token, _, _ in tokens:
        keys = known.get(token)
        if keys is None:
            key = _key(token)
            keys = known[token] = (key, _fold_key(key))
        exact_keys.append(keys[0])
        folded_keys.append(keys[1])
    starting: dict[tuple[bool, str], list[tuple[int, _Want]]] = defaultdict(list)
    for rank, want in enumerate(wants):
        starting[want.folded, want.keys[0]].append((rank, want))
    out: list[Span] = []
    i = 0
    while i < len(tokens):
        candidates = starting.get((False, exact_keys[i]), []) + starting.get((True, folded_keys[i]), [])
        for _, want in sorted(candidates):
            n = len(want.keys)
            if tuple((folded_keys if want.folded else exact_keys)[i : i + n]) == want.keys:
                out.append((tokens[i][1], tokens[i + n - 1][2], want.label))
                i += n
                break
        else:
            i += 1
    return out


_IY_KEY = re.compile(r"(qu|[hklmstv])([yỳýỷỹỵ])")
_Y_TO_I = str.maketrans("yỳýỷỹỵ", "iìíỉĩị")


def _fold_table() -> dict[int, int]:
    """Every letter that folds to another single letter, and that letter ("đ": "d")."""
    table: dict[int, int] = {}
    for char in map(chr, chain(range(0xC0, 0x250), range(0x1E00, 0x1F00), (0x110, 0x111))):
        base = fold(char)
        if len(base) == 1 and base != char:
            table[ord(char)] = ord(base)
    return table


# Folding a letter keeps the text's length: offsets in the folded text are the text's own.
_FOLD_TABLE = _fold_table()
_FOLD_CODES = np.arange(max(_FOLD_TABLE) + 1, dtype=np.uint32)
_FOLD_CODES[list(_FOLD_TABLE)] = list(_FOLD_TABLE.values())


def _fold_letters(text: str) -> str:
    """``text.translate(_FOLD_TABLE)``, as one array lookup (str.translate asks a
    dict for each character of a text that is not ASCII: ten times slower)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    inside = codes < len(_FOLD_CODES)
    folded = np.where(inside, _FOLD_CODES[np.where(inside, codes, 0)], codes)
    return folded.tobytes().decode("utf-32-le", "surrogatepass")


def _fold_classes() -> dict[str, str]:
    """For each letter, a regex class of every character that folds to it ("d": "[dđĐÐð]")."""
    folds_to: dict[str, str] = defaultdict(str)
    for char, base in _FOLD_TABLE.items():
        folds_to[chr(base)] += chr(char)
    return {base: "[" + re.escape(base + chars) + "]" for base, chars in folds_to.items()}


_FOLD_CLASSES = _fold_classes()


def _spellings(key: str) -> list[str]:
    """How a syllable whose key is ``key`` may be spelt in lowercase canonical text."""
    spellings = [key]
    iy = _IY_KEY.fullmatch(key)
    if iy:
        spellings.append(iy.group(1) + iy.group(2).translate(_Y_TO_I))
    return spellings


def _syllable_pattern(key: str, classes: bool) -> str:
    """What a syllable whose key is ``key`` may look like in lowercase canonical
    text; with ``classes``, any letter that folds to a letter of the key too."""
    spellings = _spellings(key)
    if classes:
        spellings = ["".join(_FOLD_CLASSES.get(c, re.escape(c)) for c in s) for s in spellings]
    else:
        spellings = list(map(re.escape, spellings))
    return "(?:" + "|".join(spellings) + ")"


@lru_cache(maxsize=256)
def _pattern(wants: tuple[_Want, ...], on_folded: bool = False) -> re.Pattern[str]:
    """One regex for all units, a group each, longest first; syllables apart by
    anything but letters and digits. Not after a letter; after a digit only
    where a syllable starts ("3,5km"), which :func:`_starts_syllable` checks.

    ``on_folded``: every unit is folded and the text searched is folded by
    ``_FOLD_TABLE``, so letters stand for themselves (a class per letter makes
    the regex slow to compile and to run). Otherwise folded units' letters
    are classes of what folds to them.
    """
    groups = (r"[\W_]+".join(_syllable_pattern(k, w.folded and not on_folded) for k in w.keys) for w in wants)
    return re.compile(r"(?<![^\W\d_])(?:" + "|".join(f"({g})" for g in groups) + r")(?![^\W_])")


@lru_cache(maxsize=256)
def _anchors(wants: tuple[_Want, ...], on_folded: bool) -> tuple[str, ...] | None:
    """Every way a match of :func:`_pattern` can begin (its units' first syllables
    as spelt); None when a unit's letters are classes, which have no one spelling."""
    if not on_folded and any(w.folded for w in wants):
        return None
    return tuple(dict.fromkeys(s for w in wants for s in _spellings(w.keys[0])))


def _starts(text: str, anchors: tuple[str, ...]) -> list[int]:
    """Where any of ``anchors`` occurs in ``text``, in order: a few fast substring
    searches instead of trying the regex at every character."""
    found = set()
    for anchor in anchors:
        at = text.find(anchor)
        while at >= 0:
            found.add(at)
            at = text.find(anchor, at + 1)
    return sorted(found)


def _anchored(pattern: re.Pattern[str], text: str, starts: list[int]):
    """``pattern.search`` for ``text``, trying only ``starts`` (sorted): the first
    match at or after ``pos`` where one begins."""
    at = 0

    def search(_: str, pos: int) -> re.Match[str] | None:
        nonlocal at
        while at < len(starts) and starts[at] < pos:
            at += 1
        while at < len(starts):
            m = pattern.match(text, starts[at])
            at += 1
            if m:
                return m
        return None

    return search


_DIGIT = re.compile(r"\d")
_IN_SYLLABLE = re.compile(r"[^\W_]|[.,/:]")


def _starts_syllable(text: str, pos: int) -> bool:
    """Whether a syllable of ``text`` starts at ``pos``: "3,5km" has "km", "35km" does not."""
    back = pos
    while back > 0 and _IN_SYLLABLE.match(text, back - 1):
        back -= 1  # to a character no syllable holds: syllables are found from there as from 0
    for m in SYLLABLE_RE.finditer(text, back):
        if m.start() >= pos:
            return m.start() == pos
    return False


def _fast_spans(text: str, wants: tuple[_Want, ...]) -> list[Span] | None:
    """:func:`_slow_spans` by one regex search of the lowercase text instead
    of a key per syllable: several times faster on a whole article.

    None when it cannot give the same answer: a unit with digits or
    punctuation (numbers like "1.200" are one syllable), text that is not
    NFC or whose lowercase changes length (offsets would drift).
    """
    if not all(k.isalpha() for w in wants for k in w.keys) or not unicodedata.is_normalized("NFC", text):
        return None
    on_folded = all(w.folded for w in wants)  # unaccented queries: search the folded text
    # Folding drops the tone wherever it sits: no need to move it first ("hoà", "hòa": "hoa").
    lower = text.lower() if on_folded else canonical(text).lower()
    if len(lower) != len(text):
        return None
    lower = _fold_letters(lower) if on_folded else lower.replace("ð", "đ")
    pattern = _pattern(wants, on_folded)
    anchors = _anchors(wants, on_folded)
    # With anchors the regex is tried only where a unit's first syllable is spelt;
    # without, at every character: the same matches either way.
    find = pattern.search if anchors is None else _anchored(pattern, lower, _starts(lower, anchors))
    out: list[Span] = []
    pos = 0
    while m := find(lower, pos):
        start = m.start()
        if start and _DIGIT.match(lower, start - 1) and not _starts_syllable(lower, start):
            pos = start + 1
            continue
        out.append((start, m.end(), wants[m.lastindex - 1].label))
        pos = m.end()
    return out
