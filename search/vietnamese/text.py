"""Vietnamese text normalisation, accent folding and syllables.

Everything that indexes text and everything that reads a query goes through
:func:`normalize`, so that the two meet: "Đảng uỷ" and "Đảng ủy", NFC and NFD,
``Ð`` (U+00D0) and ``Đ`` all become the same characters.

Two steps, kept apart on purpose:

* :func:`clean` makes the text we *store*: NFC, ``Ð``→``Đ``, invisible and
  control characters removed, whitespace tidied. It may change the length.
* :func:`canonical` moves old-style tone marks to the new-style place
  (``hoà``→``hòa``, ``thuỷ``→``thủy``). It never changes the length, so
  offsets computed on ``canonical(clean(t))`` index straight into
  ``clean(t)`` — the stored text — and highlights land on the right letters.
"""

from __future__ import annotations

import html
import re
import unicodedata
from itertools import accumulate
from typing import NamedTuple

__all__ = [
    "Syllable",
    "canonical",
    "clean",
    "decode_entities",
    "fold",
    "has_diacritics",
    "iy_canonical",
    "normalize",
    "syllables",
]

# --- clean -----------------------------------------------------------------

_SPACE_CHARS = "\t\x0b\x0c\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_CLEAN_TABLE: dict[int, str | None] = {ord(c): " " for c in _SPACE_CHARS}
_CLEAN_TABLE.update({ord(c): None for c in _INVISIBLE_CHARS})
# C0 controls other than \t and \n, DEL, C1 controls.
_CLEAN_TABLE.update({c: None for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)})
_CLEAN_TABLE.update({c: None for c in range(0x7F, 0xA0)})
# Lone surrogates (from broken decoders) cannot be encoded: drop them.
_CLEAN_TABLE.update({c: None for c in range(0xD800, 0xE000)})
_CLEAN_TABLE.update(
    {
        0x2028: "\n",  # line separator
        0x2029: "\n\n",  # paragraph separator
        0x00D0: "\u0110",  # Ð (Icelandic eth) typed for Đ
        0x00F0: "\u0111",  # ð typed for đ
    }
)


def _char_class(codes: list[int]) -> str:
    """A regex character class matching exactly ``codes`` (runs become ranges)."""
    parts, run = [], [codes[0], codes[0]]
    for code in codes[1:]:
        if code == run[1] + 1:
            run[1] = code
        else:
            parts.append(run)
            run = [code, code]
    parts.append(run)
    return (
        "[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in parts) + "]"
    )


# Most text has none of the characters above: a search finds that far faster
# than translate() copies the text.
_NEEDS_TRANSLATE = re.compile(_char_class(sorted(_CLEAN_TABLE)))
_COMBINING = re.compile("[\u0300-\u036f]")
# Circumflex and breve shape the vowel; the tone comes after. Some old
# input methods type them the other way round, which NFC cannot compose.
_SHAPE_MARKS = frozenset("\u0302\u0306")
_MARK_RUN = re.compile("[\u0300-\u036f]{2,}")
_SPACES = re.compile(r" {2,}")
_EDGE_SPACES = re.compile(r" *\n *")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def _order_marks(match: re.Match[str]) -> str:
    marks = match.group(0)
    return "".join(sorted(marks, key=lambda m: m not in _SHAPE_MARKS))


def _nfc(text: str) -> str:
    if unicodedata.is_normalized("NFC", text) and not _COMBINING.search(text):
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _MARK_RUN.sub(_order_marks, decomposed))


def clean(text: str) -> str:
    """The text as we store and show it: NFC, tidy whitespace, no invisibles.

    Idempotent: ``clean(clean(t)) == clean(t)``.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _NEEDS_TRANSLATE.search(text):
        text = text.translate(_CLEAN_TABLE)
    text = _nfc(text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _EDGE_SPACES.sub("\n", text)
    if "\n\n\n" in text:
        text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()


# --- HTML entities -------------------------------------------------------

# "&amp;", "&#7843;", "&#x1EA3;": always an entity. Without the ";" only the
# few that crawls really break ("lúc&nbsp11h", "&#160"): "KH&CN", "NN&PTNT"
# and "AT&T" are abbreviations, not entities, and must stay as they are.
_ENTITY = re.compile(
    r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};|(?:nbsp|amp|quot|lt|gt)(?![A-Za-z0-9]*;))"
)
_ENTITY_PASSES = 3  # "&amp;nbsp;" is a crawl that escaped an entity twice


def _decode_one(match: re.Match[str]) -> str:
    entity = match.group(0)
    if not entity.endswith(";"):
        entity += ";"
    decoded = html.unescape(entity)
    return match.group(0) if decoded == entity else decoded


def decode_entities(text: str) -> str:
    """The text with the HTML entities a crawl left in it decoded ("lúc&nbsp11h" -> "lúc\xa011h").

    Named and numeric entities with their ";", the common broken forms
    without it, and entities escaped twice ("&amp;quot;"). Unknown names stay
    as written. Run it once on text as read, not on stored text: "&amp;lt;"
    written on purpose would lose a level each time.
    """
    for _ in range(_ENTITY_PASSES):
        if "&" not in text:
            break
        decoded = _ENTITY.sub(_decode_one, text)
        if decoded == text:
            break
        text = decoded
    return text


# --- canonical tone placement ----------------------------------------------

_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


def _with_tone(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


def _tone_of(char: str) -> tuple[str, str] | None:
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) == 2 and decomposed[1] in _TONES:
        return decomposed[0], decomposed[1]
    return None


# Old style puts the tone on the second vowel of an open oa/oe/uy syllable
# ("hoà", "khoẻ", "thuỷ"); the new style (and our canonical form) on the first.
_OLD_STYLE: dict[str, tuple[str, str]] = {}
for _first, _seconds in (("o", "ae"), ("u", "y")):
    for _second in _seconds:
        for _tone in _TONES:
            for _case in (str.lower, str.upper):
                _f, _s = _case(_first), _case(_second)
                for _fc in {_f, _f.swapcase()}:
                    _OLD_STYLE[_fc + _with_tone(_s, _tone)] = (_fc, _tone)

_CONSONANTS = "bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX"
# Not before a combining mark either: "uỳ" + U+0300 (a doubled tone NFC cannot
# compose) would lose its "ỳ", and the result would no longer be NFC.
_OLD_STYLE_RE = re.compile(
    r"(?<![^\W\d_])(["
    + _CONSONANTS
    + r"]*)("
    + "|".join(sorted(_OLD_STYLE))
    + r")(?![^\W\d_]|[\u0300-\u036f])"
)


def _new_style(match: re.Match[str]) -> str:
    onset, pair = match.group(1), match.group(2)
    if pair[0] in "uU" and onset[-1:] in ("q", "Q"):
        return match.group(0)  # "quý": the u belongs to "qu"
    first, tone = _OLD_STYLE[pair]
    second = unicodedata.normalize("NFD", pair[1])[0]
    return onset + _with_tone(first, tone) + second


# The same match found from the vowel pair (rare) instead of trying the
# onset at every position: 4-5× faster on whole articles, which matters
# when every hit's snippet is built at query time.
_PAIR_RE = re.compile(r"(?:" + "|".join(sorted(_OLD_STYLE)) + r")(?![^\W\d_]|[\u0300-\u036f])")
_LETTER_RE = re.compile(r"[^\W\d_]")


def _new_style_at_pair(match: re.Match[str]) -> str:
    text, start = match.string, match.start()
    onset_start = start
    while onset_start > 0 and text[onset_start - 1] in _CONSONANTS:
        onset_start -= 1
    if onset_start > 0 and _LETTER_RE.match(text, onset_start - 1):
        return match.group(0)  # inside a longer word: not a syllable of its own
    onset, pair = text[onset_start:start], match.group(0)
    if pair[0] in "uU" and onset[-1:] in ("q", "Q"):
        return pair
    first, tone = _OLD_STYLE[pair]
    return _with_tone(first, tone) + unicodedata.normalize("NFD", pair[1])[0]


def canonical(text: str) -> str:
    """New-style tone placement: ``hoà``→``hòa``, ``thuỷ``→``thủy``, ``uỷ``→``ủy``.

    Expects NFC text; never changes its length.
    """
    return _PAIR_RE.sub(_new_style_at_pair, text)


def normalize(text: str) -> str:
    """The one function index and query share: ``canonical(clean(text))``."""
    return canonical(clean(text))


# --- i/y spellings ---------------------------------------------------------

# "kĩ thuật"/"kỹ thuật", "lí do"/"lý do", "quí"/"quý", "bác sĩ"/"bác sỹ",
# "công ti"/"công ty": after these onsets a lone i and y are the same sound,
# and both spellings are in use. Index terms take the y.
_IY_RE = re.compile(r"(qu|[hklmstv])([iìíỉĩị])")
_I_TO_Y = str.maketrans("iìíỉĩị", "yỳýỷỹỵ")


def iy_canonical(syllable: str) -> str:
    """``kĩ``→``kỹ``, ``lí``→``lý``, ``quí``→``quý``; other syllables unchanged.

    For lowercase syllables (index terms), not running text.
    """
    m = _IY_RE.fullmatch(syllable)
    return m.group(1) + m.group(2).translate(_I_TO_Y) if m else syllable


_YI_RE = re.compile(r"(qu|[hklmstv])([yỳýỷỹỵ])")
_Y_TO_I = str.maketrans("yỳýỷỹỵ", "iìíỉĩị")


def iy_with_i(syllable: str) -> str:
    """The other way: ``kỹ``→``kĩ``, ``Sỹ``'s ``sỹ``→``sĩ``; other syllables unchanged."""
    m = _YI_RE.fullmatch(syllable)
    return m.group(1) + m.group(2).translate(_Y_TO_I) if m else syllable


# --- folding ---------------------------------------------------------------


def _fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {c: None for c in range(0x0300, 0x0370)}
    for code in list(range(0x00C0, 0x0250)) + list(range(0x1E00, 0x1F00)):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        if base != char and len(base) == 1:
            table[code] = base
    # đ is a letter of its own, not an accented d: no decomposition maps it.
    table.update({0x0110: "D", 0x0111: "d", 0x00D0: "D", 0x00F0: "d"})
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Remove every diacritic and map ``đ``→``d``: how people type without accents."""
    return text.translate(_FOLD)


def has_diacritics(text: str) -> bool:
    """True when folding would change the text (the user typed accents)."""
    return fold(text) != text


# --- syllables -------------------------------------------------------------


class Syllable(NamedTuple):
    """A syllable (or number/code part) with offsets into the analysed text."""

    text: str  # lowercased
    start: int
    end: int


# Numbers keep their internal separators ("1.200", "3,5", "1/8/2014",
# "16:30"); letters and digits run together ("U23", "H5N1"); everything else
# splits, so "TP.HCM" gives tp+hcm and "COVID-19" covid+19, as a phrase.
SYLLABLE_RE = re.compile(r"\d+(?:[.,/:]\d+)+|[^\W_]+")


def cut(pattern: re.Pattern[str], text: str) -> tuple[list[str], list[int], list[int]]:
    """``text`` cut at the matches of ``pattern`` (the whole pattern in one
    capturing group): the pieces ``[gap, match, gap, match, ..., gap]`` and
    each match's start and end offsets.

    The offsets come from the pieces' lengths, so no Python code runs per
    match: several times faster than ``finditer`` and ``span()`` on long text.
    """
    pieces = pattern.split(text)
    ends = list(accumulate(map(len, pieces)))
    return pieces, ends[0:-1:2], ends[1::2]  # match k starts where gap k ends


def syllables(text: str) -> list[Syllable]:
    """Lowercased syllables of ``text`` with their exact character offsets."""
    return [Syllable(m.group().lower(), m.start(), m.end()) for m in SYLLABLE_RE.finditer(text)]
