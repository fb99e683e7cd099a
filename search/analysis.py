"""Whoosh analyzers built from :mod:`search.text` and :mod:`search.segment`.

One analysis per text gives every field kind its tokens:

* ``syl``  — accented syllables, lowercased, new-style tone marks;
* ``fold`` — the same syllables with every diacritic removed (``đ``→``d``),
  at the same positions, for people who type without accents;
* ``word`` — pyvi's words (``bộ_công_an``), lowercased.

Offsets (``startchar``/``endchar``) point into ``clean(text)``, which is the
text we store, so highlights land on the right letters. The analysis of the
last few texts is cached because Whoosh calls one analyzer per field on the
same text.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Iterator

from whoosh.analysis import Token, Tokenizer

from . import segment
from .text import Syllable, canonical, clean, fold, syllables

__all__ = ["Analysis", "KINDS", "VietAnalyzer", "analyze", "tokens"]

KINDS = ("syl", "fold", "word")


@dataclass(frozen=True, slots=True)
class Analysis:
    """Tokens of one text for each field kind: (term, start, end) in order."""

    syl: list[Syllable]
    fold: list[Syllable]
    word: list[Syllable]


def _word_terms(text: str) -> list[Syllable]:
    out = []
    for w in segment.words(text):
        term = w.text.lower().rstrip(".")
        if any(c.isalnum() for c in term):
            out.append(Syllable(term, w.start, w.end))
    return out


def _analyze(text: str) -> Analysis:
    text = canonical(clean(text))
    syl = syllables(text)
    folded = [Syllable(fold(s.text), s.start, s.end) for s in syl]
    return Analysis(syl=syl, fold=folded, word=_word_terms(text))


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


def tokens(text: str, kind: str) -> list[Syllable]:
    """The tokens of one field kind for ``text``."""
    return getattr(analyze(text), kind)


class VietAnalyzer(Tokenizer):
    """A Whoosh tokenizer yielding one field kind of our analysis.

    It is a whole analyzer on its own (lowercasing and folding are done in
    the analysis), so it can be stored in the index's schema and used by
    Whoosh's own query parser and highlighter too.
    """

    def __init__(self, kind: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown analysis kind {kind!r}, expected one of {KINDS}")
        self.kind = kind

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.kind == self.kind  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self.kind))

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, item in enumerate(tokens(value, self.kind)):
            token.text = item.text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = item.text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + item.start
                token.endchar = start_char + item.end
            yield token
