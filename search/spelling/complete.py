"""Typeahead: the last, partly typed syllable completed from what the archive says after the others.

"cov" → "covid", "bao lu" → "bão lũ": the syllables typed so far are read as
for did-you-mean (accents restored), the last one may be any syllable the
archive holds that starts with what was typed, and the lattice ranks the
whole readings.
"""

from __future__ import annotations

from search.spelling.candidates import Candidate, candidates, position
from search.spelling.lattice import decode
from search.spelling.model import Statistics
from search.spelling.restore import _cased, typed_syllables
from search.spelling.tokens import folded_key
from search.vietnamese.text import has_diacritics

__all__ = ["complete"]

PREFIX_FORMS = 40  # completions of the last syllable considered, most frequent first
EXTEND_COST = 2.5  # a longer syllable than a Vietnamese one typed: "lu" is rather "lũ" than "lực"


def _last(low: str, stats: Statistics) -> list[Candidate]:
    """Every token whose typed form starts with ``low`` (accents kept if typed)."""
    key = folded_key(low) if low.isalpha() else low
    ids = [i for k in stats.keys_with_prefix(key) for i in stats.by_key[k]]
    if has_diacritics(low):
        ids = [i for i in ids if stats.surfaces[i].startswith(low) or stats.tokens[i].startswith(low)]
    ids.sort(key=lambda i: -stats.counts[i])
    # "lu" is a Vietnamese syllable (lũ, lú): probably typed whole; "cov" is not.
    whole = any(has_diacritics(stats.tokens[i]) for i in stats.by_key.get(key, []))
    extend = -EXTEND_COST if whole else 0.0
    return [
        Candidate(i, 0.0 if folded_key(stats.tokens[i]) == key else extend, stats.surfaces[i], "accents")
        for i in ids[:PREFIX_FORMS]
    ]


def complete(text: str, stats: Statistics, limit: int = 5) -> list[str]:
    """Up to ``limit`` completions of the query ``text``, most probable first."""
    typed = typed_syllables(text)
    if not typed or not stats:
        return []
    ends_word = text[-1:].isspace()
    lattice = [candidates(t, stats) for t in typed]
    if not ends_word:
        last = _last(typed[-1].low, stats)
        if not last:
            return []
        lattice[-1] = last
    reading = decode(stats, [position(c, t) for c, t in zip(lattice, typed, strict=True)])
    out: list[str] = []
    for _, path in reading.endings:
        words = [_cased(lattice[i][k].show, t.text) for i, (k, t) in enumerate(zip(path, typed, strict=True))]
        line = " ".join(words)
        if line not in out:
            out.append(line)
        if len(out) >= limit:
            break
    return out
