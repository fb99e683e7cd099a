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
from collections.abc import Callable
from itertools import compress
from typing import Any

from search.vietnamese import segment
from search.vietnamese.text import SYLLABLE_RE, canonical, clean, cut, fold, iy_canonical

__all__ = ["Analysis", "KINDS", "Tok", "analyze", "terms", "tokens"]

KINDS = ("syl", "fold", "word", "fold2")


Tok = tuple[str, int, int]  # (term, start, end)


class Analysis:
    """Tokens of one text for each field kind: ``syl``, ``fold``, ``word``, ``fold2``, each a
    list of (term, start, end) in order; :meth:`terms` gives a kind's terms alone.

    Kept as columns (terms, starts, ends): indexing needs only the terms, so the
    (term, start, end) tuples are built the first time a kind's tokens are asked for.
    """

    __slots__ = ("_columns", "_tokens")

    def __init__(self, columns: dict[str, tuple[list[str], list[int], list[int]]]) -> None:
        self._columns = columns
        self._tokens: dict[str, list[Tok]] = {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Analysis) and self._columns == other._columns

    __hash__ = None  # type: ignore[assignment]  # mutable cache inside: like a list

    def __repr__(self) -> str:
        return "Analysis(" + ", ".join(f"{kind}={self.tokens(kind)!r}" for kind in self._columns) + ")"

    def terms(self, kind: str) -> list[str]:
        """The terms of one field kind, in order."""
        return self._columns[kind][0]

    def tokens(self, kind: str) -> list[Tok]:
        """(term, start, end) of one field kind, in order."""
        built = self._tokens.get(kind)
        if built is None:
            built = self._tokens[kind] = list(zip(*self._columns[kind], strict=True))
        return built

    @property
    def syl(self) -> list[Tok]:
        return self.tokens("syl")

    @property
    def fold(self) -> list[Tok]:
        return self.tokens("fold")

    @property
    def word(self) -> list[Tok]:
        return self.tokens("word")

    @property
    def fold2(self) -> list[Tok]:
        return self.tokens("fold2")


_CACHE_MAX = 500_000
_HAS_ALNUM = re.compile(r"[^\W_]")
# One of these alone between two syllables keeps them adjacent: "công an",
# "TP.HCM", "COVID-19"; anything longer ("Nội. Công") breaks the pair.
_JOINERS = frozenset(" .-")
# SYLLABLE_RE with its match captured, so that split() keeps the syllables.
_SYLLABLE_SPLIT = re.compile(f"({SYLLABLE_RE.pattern})")


class _Memo(dict):
    """A bounded memo of a one-argument function: ``memo[x]`` is ``function(x)``.

    Looked up with ``map(memo.__getitem__, items)``, a text's thousands of
    syllables cost no Python call each once they have been seen.
    """

    def __init__(self, function: Callable[[str], Any]) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, key: str) -> Any:
        if len(self) >= _CACHE_MAX:
            self.clear()
        value = self[key] = self.function(key)
        return value


def _word_term(word: str) -> str | None:
    """pyvi's word as an index term: lowercased, no trailing dot ("tp." → "tp"),
    i/y spelled one way, None for punctuation and line breaks."""
    term = word.lower().rstrip(".")
    if "\n" in term:  # pyvi may glue a line break to a word ("\n_tỶ"): not part of it
        term = "_".join(part for part in term.split("_") if part != "\n")
    if not _HAS_ALNUM.search(term):
        return None
    if "i" in term or "ì" in term or "í" in term or "ỉ" in term or "ĩ" in term or "ị" in term:
        term = "_".join(iy_canonical(part) for part in term.split("_"))
    return term


_ACCENTED = _Memo(iy_canonical)  # lowercase syllable -> its accented term
_FOLDED = _Memo(fold)  # accented term -> folded term
_WORD_TERMS = _Memo(_word_term)  # pyvi word -> its term (None: not indexed)


def _analyze(text: str) -> Analysis:
    text = canonical(clean(text))
    lower = text.lower()
    if len(lower) != len(text):  # a rare letter whose lowercase is longer
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    pieces, starts, stops = cut(_SYLLABLE_SPLIT, lower)  # [gap, syllable, ..., gap]
    accented = list(map(_ACCENTED.__getitem__, pieces[1::2]))
    folded = list(map(_FOLDED.__getitem__, accented))
    # gap k (pieces[2k + 2]) sits between syllables k and k+1
    adjacent = list(map(_JOINERS.__contains__, pieces[2:-1:2]))
    fold2 = (
        list(compress(map("_".join, zip(folded, folded[1:], strict=False)), adjacent)),
        list(compress(starts, adjacent)),
        list(compress(stops[1:], adjacent)),
    )
    texts, wstarts, wends, _sizes = segment.spans(text)
    terms = list(map(_WORD_TERMS.__getitem__, texts))
    if "\n" in text:
        for k, wtext in enumerate(texts):
            if "\n" in wtext and terms[k] is not None:  # a glued line break (see _word_term)
                start, end = wstarts[k], wends[k]
                while text[start] == "\n":
                    start += 1
                while text[end - 1] == "\n":
                    end -= 1
                wstarts[k], wends[k] = start, end
    if None in terms:  # punctuation and line breaks are no words
        wstarts = list(compress(wstarts, terms))
        wends = list(compress(wends, terms))
        terms = list(compress(terms, terms))
    return Analysis(
        {
            "syl": (accented, starts, stops),
            "fold": (folded, starts, stops),
            "word": (terms, wstarts, wends),
            "fold2": fold2,
        }
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
    return analyze(text).tokens(kind)


def terms(text: str, kind: str) -> list[str]:
    """The terms of one field kind for ``text`` (what indexing needs: no offsets)."""
    return analyze(text).terms(kind)
