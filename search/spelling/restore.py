"""Did you mean: a query read against the archive's statistics, as a :class:`Suggestion`.

The typed syllables become a lattice of candidates (:mod:`.candidates`), the
most probable reading wins (:mod:`.lattice`), and it is shown in the
archive's own spelling with the typed capitals. ``kind`` says what changed:
"accents" (only accents added), "spelling" (a typo corrected, maybe accents
too) or "telex" (Telex or VNI typed without an input method).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from search.spelling.candidates import Candidate, Typed, candidates, position
from search.spelling.lattice import decode
from search.spelling.model import Statistics
from search.spelling.tokens import ends_run
from search.vietnamese.text import SYLLABLE_RE, canonical, clean

__all__ = ["CONFIDENT", "Suggestion", "read", "suggest", "typed_syllables"]

CONFIDENT = 0.7  # at or above: the reading is right for about nine queries in ten (see benchmarks)


@dataclass(frozen=True)
class Suggestion:
    words: tuple[str, ...]  # the reading of each typed syllable, in order
    confidence: float  # 0-1: how probable this reading is, given the archive
    kind: str = "accents"  # "accents", "spelling" or "telex"

    @property
    def text(self) -> str:
        """What to show and to search: the words, one space apart."""
        return " ".join(self.words)


def typed_syllables(text: str) -> list[Typed]:
    """The syllables of a query, case kept."""
    text = canonical(clean(text))
    out: list[Typed] = []
    end = 0
    for n, m in enumerate(SYLLABLE_RE.finditer(text)):
        gap = text[end : m.start()]
        brk = bool(out) and ends_run(gap)
        out.append(Typed(m.group(), m.group().lower(), brk, n >= MAX_SYLLABLES))
        end = m.end()
    return out


MAX_SYLLABLES = 40  # a longer query (a pasted text) gets no "did you mean"; syllables past it stay as typed


def _cased(shown: str, typed: str) -> str:
    if len(typed) > 1 and typed.isupper():
        return shown.upper()
    if typed[:1].isupper():
        return shown[:1].upper() + shown[1:]
    return shown


def read(typed: list[Typed], stats: Statistics, *, typos: bool = True) -> tuple[list[Candidate], list[float]]:
    """The best candidate of each typed syllable and its posterior probability."""
    lattice = [candidates(t, stats, typos=typos) for t in typed]
    reading = decode(stats, [position(c, t) for c, t in zip(lattice, typed, strict=True)])
    return [lattice[i][k] for i, k in enumerate(reading.choice)], reading.posterior


def suggest(text: str, stats: Statistics, *, typos: bool = True) -> Suggestion | None:
    """A better reading of the query ``text``, or None when it reads fine as typed."""
    typed = typed_syllables(text)
    if not typed or not stats or len(typed) > MAX_SYLLABLES:
        return None  # a pasted article gets no "did you mean"
    chosen, posterior = read(typed, stats, typos=typos)
    if all(c.kind == "same" for c in chosen):
        return None
    words = [
        t.text if c.kind == "same" else _cased(c.show, t.text) for c, t in zip(chosen, typed, strict=True)
    ]
    kinds = {c.kind for c in chosen}
    kind = "telex" if "telex" in kinds else "spelling" if "spelling" in kinds else "accents"
    confidence = math.exp(sum(math.log(max(p, 1e-9)) for p in posterior) / len(posterior))
    return Suggestion(tuple(words), round(min(1.0, confidence), 3), kind)
