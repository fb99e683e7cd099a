"""Highlighted fragments of stored text: the fragments keep their match spans,
and HTML, terminal colour and plain text are rendered from the same object.

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

A snippet is up to three fragments around the best matches: the first holds
the most distinct units, the next ones the units the first missed.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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

__all__ = ["Fragment", "Snippet", "Unit", "highlight_spans", "make_snippet"]

Unit = Sequence[str]  # a word as syllables: ("công", "an"); a string is read as its syllables
Span = tuple[int, int, str]  # (start, end, the unit's key: "công an", or "cong an" folded)

ELLIPSIS = "…"
WINDOW = 100  # characters a match window spans when choosing fragments


@dataclass(frozen=True)
class Fragment:
    """A piece of the text, ``text == source[start:end]`` (line breaks as spaces),
    with matched spans as offsets into ``text``."""

    text: str
    spans: list[tuple[int, int]]
    start: int
    end: int

    def _join(self, escape, before: str, after: str) -> str:
        out, last = [], 0
        for a, b in self.spans:
            out += [escape(self.text[last:a]), before, escape(self.text[a:b]), after]
            last = b
        out.append(escape(self.text[last:]))
        return "".join(out)

    @property
    def matches(self) -> list[str]:
        return [self.text[a:b] for a, b in self.spans]


@dataclass(frozen=True)
class Snippet:
    """Fragments in text order, and the length of the text they come from."""

    fragments: list[Fragment]
    length: int

    def _render(self, escape, before: str, after: str) -> str:
        out = []
        for n, frag in enumerate(self.fragments):
            if frag.start > 0 or n:
                out.append(ELLIPSIS if not out else f" {ELLIPSIS} ")
            out.append(frag._join(escape, before, after))
        if self.fragments and self.fragments[-1].end < self.length:
            out.append(ELLIPSIS)
        return "".join(out)

    @classmethod
    def of_text(cls, text: str) -> Snippet:
        """A snippet that is ``text`` whole, with nothing marked."""
        return cls([Fragment(text, [], 0, len(text))], len(text)) if text else cls([], 0)

    @property
    def html(self) -> str:
        """HTML with ``<mark>`` around matches; everything else escaped."""
        return self._render(html.escape, "<mark>", "</mark>")

    @property
    def plain(self) -> str:
        return self._render(str, "", "")

    def marked(self, before: str, after: str) -> str:
        """Plain text with ``before``/``after`` around matches (terminal colour, ``[brackets]``)."""
        return self._render(str, before, after)

    @property
    def matches(self) -> list[str]:
        """The matched pieces of text, in order (for tests and tooltips)."""
        return [m for frag in self.fragments for m in frag.matches]


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


def _syllable_pattern(key: str, classes: bool) -> str:
    """What a syllable whose key is ``key`` may look like in lowercase canonical
    text; with ``classes``, any letter that folds to a letter of the key too."""
    spellings = [key]
    iy = _IY_KEY.fullmatch(key)
    if iy:
        spellings.append(iy.group(1) + iy.group(2).translate(_Y_TO_I))
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
    out: list[Span] = []
    pos = 0
    while m := pattern.search(lower, pos):
        start = m.start()
        if start and _DIGIT.match(lower, start - 1) and not _starts_syllable(lower, start):
            pos = start + 1
            continue
        out.append((start, m.end(), wants[m.lastindex - 1].label))
        pos = m.end()
    return out


MAX_WINDOW_MATCHES = 120


def _cut_left(text: str, pos: int) -> int:
    """Move ``pos`` left to a word start (never past 0)."""
    if pos <= 0:
        return 0
    if text[pos - 1] in " \n":
        return pos
    return max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos)) + 1


def _cut_right(text: str, pos: int, not_before: int) -> int:
    """Move ``pos`` left to a word end, but not before ``not_before``."""
    if pos >= len(text):
        return len(text)
    cut = max(text.rfind(" ", not_before, pos + 1), text.rfind("\n", not_before, pos + 1))
    return cut if cut > not_before else max(pos, not_before)


def _fragment(text: str, start: int, end: int, matches: list[Span]) -> Fragment:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    start += lead
    end = start + len(piece)
    spans = [(a - start, b - start) for a, b, _ in matches if a >= start and b <= end]
    return Fragment(piece.replace("\n", " "), spans, start, end)


def _choose_windows(matches: list[Span], count: int) -> list[list[Span]]:
    """Up to ``count`` non-overlapping windows of matches, greedily by units not yet shown."""
    covered: set[str] = set()
    chosen: list[list[Span]] = []
    taken: list[tuple[int, int]] = []
    for _ in range(count):
        best, best_score = None, (0, 0)
        j = 0
        for i, (start, _, _) in enumerate(matches):
            j = max(j, i)
            while j < len(matches) and matches[j][1] - start <= WINDOW:
                j += 1
            window = matches[i:j]
            lo, hi = window[0][0], window[-1][1]
            if any(lo < t_hi + 20 and hi > t_lo - 20 for t_lo, t_hi in taken):
                continue
            keys = {m[2] for m in window}
            score = (len(keys - covered), len(window))
            if score > best_score and (score[0] > 0 or not chosen):
                best, best_score = window, score
        if best is None:
            break
        chosen.append(best)
        taken.append((best[0][0], best[-1][1]))
        covered |= {m[2] for m in best}
    return sorted(chosen, key=lambda w: w[0][0])


def make_snippet(
    text: str,
    units: Iterable[Unit],
    exact: bool = False,
    max_chars: int = 300,
    max_fragments: int = 3,
) -> Snippet:
    """Up to ``max_fragments`` fragments (``max_chars`` in all) around the
    matches of the most distinct units; without a match, the start of the text.

    ``units`` and ``exact``: see :func:`highlight_spans`.
    """
    matches = highlight_spans(text, units, exact)
    if not matches:
        end = _cut_right(text, max_chars, max_chars // 2)
        return Snippet([_fragment(text, 0, min(end, max_chars), [])], len(text))
    # Windows are chosen among the first matches: enough to cover every
    # query word in practice, and bounded work on a long article full of a
    # common syllable (choosing is quadratic in the matches of a window).
    windows = _choose_windows(matches[:MAX_WINDOW_MATCHES], max_fragments)
    budget = max_chars // len(windows)
    fragments = []
    floor = 0
    for window in windows:
        lo, hi = window[0][0], window[-1][1]
        slack = max(0, budget - (hi - lo))
        start = _cut_left(text, max(floor, lo - min(slack // 3, 60)))
        start = min(start, lo)
        end = _cut_right(text, min(len(text), start + max(budget, hi - start)), hi)
        fragments.append(_fragment(text, start, end, matches))
        floor = end
    return Snippet(fragments, len(text))
