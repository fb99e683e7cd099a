"""The analysis of a text into every field kind, from :mod:`.text` and :mod:`.segment`.

One analysis per text gives every field kind its tokens:

* ``syl``   — accented syllables, lowercased, new-style tone marks, one
  spelling for i/y variants (``kĩ``→``kỹ``);
* ``fold``  — the same syllables with every diacritic removed (``đ``→``d``),
  at the same positions, for people who type without accents;
* ``word``  — pyvi's words (``bộ_công_an``), lowercased;
* ``fold2`` — adjacent folded syllables (``cong_an``) when only a space
  (or the dot of ``TP.HCM``, the hyphen of ``COVID-19``) separates them: adjacency is the strongest relevance signal we have, and
  these terms are far rarer (so faster) than single syllables.

Offsets (``startchar``/``endchar``) point into ``clean(text)``, which is the
text we store, so highlights land on the right letters. The analysis of the
last few texts is cached because an engine asks for one kind per field of
the same text. No engine is imported here: Whoosh's tokenizer wrapping it is
``search.engines.whoosh.schema.VietAnalyzer``.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass

from search.vietnamese import segment
from search.vietnamese.text import SYLLABLE_RE, canonical, clean, cut, fold, iy_canonical

__all__ = ["Analysis", "KINDS", "Tok", "analyze", "syllable_terms", "tokens"]

KINDS = ("syl", "fold", "word", "fold2")


Tok = tuple[str, int, int]  # (term, start, end)


@dataclass(frozen=True, slots=True)
class Analysis:
    """Tokens of one text for each field kind: (term, start, end) in order."""

    syl: list[Tok]
    fold: list[Tok]
    word: list[Tok]
    fold2: list[Tok]


_CACHE_MAX = 500_000
_SYL_TERMS: dict[str, tuple[str, str]] = {}
_WORD_TERMS: dict[str, str | None] = {}
_HAS_ALNUM = re.compile(r"[^\W_]")
# One of these alone between two syllables keeps them adjacent: "công an",
# "TP.HCM", "COVID-19"; anything longer ("Nội. Công") breaks the pair.
_JOINERS = frozenset(" .-")
# SYLLABLE_RE with its match captured, so that split() keeps the syllables.
_SYLLABLE_SPLIT = re.compile(f"({SYLLABLE_RE.pattern})")


def syllable_terms(syllable: str) -> tuple[str, str]:
    """(accented term, folded term) of a lowercase syllable."""
    terms = _SYL_TERMS.get(syllable)
    if terms is None:
        accented = iy_canonical(syllable)
        terms = (accented, fold(accented))
        if len(_SYL_TERMS) >= _CACHE_MAX:
            _SYL_TERMS.clear()
        _SYL_TERMS[syllable] = terms
    return terms


def _word_term(word: str) -> str | None:
    """pyvi's word as an index term: lowercased, no trailing dot ("tp." → "tp"),
    i/y spelled one way, None for punctuation and line breaks."""
    term = _WORD_TERMS.get(word, "")
    if term == "":
        term = word.lower().rstrip(".")
        if "\n" in term:  # pyvi may glue a line break to a word ("\n_tỶ"): not part of it
            term = "_".join(part for part in term.split("_") if part != "\n")
        if not _HAS_ALNUM.search(term):
            term = None
        elif "i" in term or "ì" in term or "í" in term or "ỉ" in term or "ĩ" in term or "ị" in term:
            term = "_".join(iy_canonical(part) for part in term.split("_"))
        if len(_WORD_TERMS) >= _CACHE_MAX:
            _WORD_TERMS.clear()
        _WORD_TERMS[word] = term
    return term


def _analyze(text: str) -> Analysis:
    text = canonical(clean(text))
    lower = text.lower()
    if len(lower) != len(text):  # a rare letter whose lowercase is longer
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    pieces, starts, stops = cut(_SYLLABLE_SPLIT, lower)  # [gap, syllable, ..., gap]
    pairs = list(map(syllable_terms, pieces[1::2]))
    if pairs:
        accented, folded = zip(*pairs, strict=True)
    else:
        accented = folded = ()
    gaps = pieces[2:-1:2]  # gap k sits between syllables k and k+1
    fold2 = [
        (a + "_" + b, s, e)
        for a, b, s, e, gap in zip(folded, folded[1:], starts, stops[1:], gaps, strict=False)
        if gap in _JOINERS
    ]
    words = []
    for wtext, start, end, _n in segment.words(text):
        term = _word_term(wtext)
        if term is not None:
            if "\n" in wtext:  # a glued line break (see _word_term)
                while text[start] == "\n":
                    start += 1
                while text[end - 1] == "\n":
                    end -= 1
            words.append((term, start, end))
    return Analysis(
        syl=list(zip(accented, starts, stops, strict=True)),
        fold=list(zip(folded, starts, stops, strict=True)),
        word=words,
        fold2=fold2,
    )


_CACHE: OrderedDict[str, Analysis] = OrderedDict()
_CACHE_SIZE = 8


def analyze(text: str) -> Analysis:
    """Analyse ``text`` for every field kind (cached for the last few texts)."""
    hit = _CACHE.get(text)
    if hit is not None:
        _CACHE.move_to_end(text)
        return hit
    result = _analyze(text)
    _CACHE[text] = result
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result


def tokens(text: str, kind: str) -> list[Tok]:
    """The tokens of one field kind for ``text``."""
    return getattr(analyze(text), kind)
