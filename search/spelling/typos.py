"""Near spellings of a typed syllable: keys one or two edits away that the archive holds.

Edits are on the folded key (no accents: a typo and a missing accent are
different mistakes): a letter deleted, inserted, replaced, or two neighbours
swapped. Two edits only for longer syllables, where they are rarely another
real word.
"""

from __future__ import annotations

from collections.abc import Container

__all__ = ["near_keys"]

LETTERS = "abcdefghijklmnopqrstuvwxyz"
MIN_LEN_ONE = 3  # "ng" → "nga" is no correction
MIN_LEN_TWO = 5
MAX_LEN = 12  # longer is no syllable (a pasted URL, "aaaa..."): its edits would be thousands


def _edits(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    out |= {a + c + b for a, b in splits for c in LETTERS}
    out.discard(word)
    return out


def near_keys(key: str, known: Container[str], two: bool = True) -> dict[str, int]:
    """Keys in ``known`` within one edit of ``key`` (two if ``two`` and it is long): key → edits."""
    if not MIN_LEN_ONE <= len(key) <= MAX_LEN or not key.isascii() or not key.isalpha():
        return {}
    first = _edits(key)
    found = {k: 1 for k in first if k in known}
    if two and len(key) >= MIN_LEN_TWO:
        for k in first:
            for k2 in _edits(k):
                if k2 not in found and k2 != key and k2 in known:
                    found[k2] = 2
    return found
