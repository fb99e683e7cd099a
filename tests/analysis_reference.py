"""The analysis as it was before it was made faster (issue 19), kept as the reference
``test_analysis_reference.py`` compares :func:`search.vietnamese.analysis.analyze` with.

Do not optimise this file: its point is to stay the plain version. It reads pyvi's
words through :func:`search.vietnamese.segment.words` (itself checked against pyvi
in ``test_segment.py``) and builds every token as a (term, start, end) tuple, one
Python call at a time.
"""

from __future__ import annotations

import re

from search.vietnamese import segment
from search.vietnamese.text import SYLLABLE_RE, canonical, clean, cut, fold, iy_canonical

_HAS_ALNUM = re.compile(r"[^\W_]")
_JOINERS = frozenset(" .-")
_SYLLABLE_SPLIT = re.compile(f"({SYLLABLE_RE.pattern})")

Tok = tuple[str, int, int]


def syllable_terms(syllable: str) -> tuple[str, str]:
    accented = iy_canonical(syllable)
    return accented, fold(accented)


def word_term(word: str) -> str | None:
    term = word.lower().rstrip(".")
    if "\n" in term:
        term = "_".join(part for part in term.split("_") if part != "\n")
    if not _HAS_ALNUM.search(term):
        return None
    if any(c in term for c in "iìíỉĩị"):
        term = "_".join(iy_canonical(part) for part in term.split("_"))
    return term


def reference_analysis(text: str) -> dict[str, list[Tok]]:
    """Every field kind's (term, start, end) tokens of ``text``."""
    text = canonical(clean(text))
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    pieces, starts, stops = cut(_SYLLABLE_SPLIT, lower)
    pairs = [syllable_terms(s) for s in pieces[1::2]]
    accented = [a for a, _ in pairs]
    folded = [f for _, f in pairs]
    gaps = pieces[2:-1:2]
    fold2 = [
        (folded[k] + "_" + folded[k + 1], starts[k], stops[k + 1])
        for k in range(len(folded) - 1)
        if gaps[k] in _JOINERS
    ]
    words = []
    for wtext, start, end, _n in segment.words(text):
        term = word_term(wtext)
        if term is None:
            continue
        if "\n" in wtext:
            while text[start] == "\n":
                start += 1
            while text[end - 1] == "\n":
                end -= 1
        words.append((term, start, end))
    return {
        "syl": list(zip(accented, starts, stops, strict=True)),
        "fold": list(zip(folded, starts, stops, strict=True)),
        "word": words,
        "fold2": fold2,
    }
