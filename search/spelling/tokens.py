"""The units the statistics count: lowercase syllables, new-style tone marks, one i/y spelling.

The counts are kept per *token* (``kỹ`` for both ``kĩ`` and ``kỹ``, as the
index's ``syl`` field spells it) so that both spellings pool their evidence;
what we show is the *surface* the archive writes most often for that token.
Numbers and codes with digits count as one token, :data:`NUMBER`.
"""

from __future__ import annotations

import re

from search.vietnamese.text import SYLLABLE_RE, canonical, fold, iy_canonical

__all__ = [
    "BOUNDARY",
    "NUMBER",
    "ends_run",
    "folded_key",
    "folded_keys",
    "runs",
    "surface_of",
    "surface_pieces",
    "token_of",
]

BOUNDARY = "<s>"  # token 0: nothing is counted across it
NUMBER = "<num>"
_DIGIT = re.compile(r"\d")
_SPLIT = re.compile(f"({SYLLABLE_RE.pattern})")
_JOINERS = frozenset(" -")  # alone between two syllables, they keep them in one run


def surface_of(syllable: str) -> str:
    """How a syllable is shown: lowercase, new-style tone marks, i/y as written."""
    return canonical(syllable.lower())


def token_of(surface: str) -> str:
    """The counted token of a surface (``sĩ`` → ``sỹ``); numbers → :data:`NUMBER`."""
    return NUMBER if _DIGIT.search(surface) else iy_canonical(surface)


def folded_key(token: str) -> str:
    """The typed-without-accents form a token answers to (``sỹ`` → ``sy``, so ``si`` → ``sy``)."""
    return iy_canonical(fold(token))


def folded_keys(tokens: list[str]) -> list[str]:
    """``folded_key`` of every token, folded as one text: a whole vocabulary at once
    (no token holds a line break, and folding only changes or drops accents)."""
    return list(map(iy_canonical, fold("\n".join(tokens)).split("\n"))) if tokens else []


def ends_run(gap: str) -> bool:
    """Whether ``gap``, the text between two syllables, ends a run: punctuation or a line break
    does; nothing, spaces and hyphens do not."""
    return not set(gap) <= _JOINERS


def surface_pieces(text: str) -> list[str]:
    """``text`` lowercased, new-style tone marks, cut as [gap, surface, gap, ..., gap]."""
    return _SPLIT.split(canonical(text.lower()))


def runs(text: str) -> list[list[str]]:
    """The surfaces of ``text`` in runs of syllables separated only by spaces or hyphens.

    Punctuation and line breaks end a run: no pair is counted across them.
    """
    pieces = surface_pieces(text)
    out: list[list[str]] = []
    run: list[str] = []
    for i in range(1, len(pieces), 2):
        gap = pieces[i - 1]
        if run and ends_run(gap):
            out.append(run)
            run = []
        run.append(pieces[i])
    if run:
        out.append(run)
    return out
