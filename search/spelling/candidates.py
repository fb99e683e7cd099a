"""What each typed syllable may stand for: its accented forms, near spellings, Telex/VNI.

Each candidate carries a cost (log space) that the context must overcome:
nothing for the typed syllable's own accented forms, more for a corrected
spelling (much more when what was typed is itself a syllable the archive
holds), a little for a Telex or VNI reading.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np

from search.spelling.lattice import Position
from search.spelling.model import Statistics
from search.spelling.telex import decode
from search.spelling.tokens import NUMBER, folded_key, token_of
from search.spelling.typos import near_keys
from search.vietnamese.text import has_diacritics

__all__ = ["Candidate", "Typed", "candidates"]

FORMS = 8  # accented forms of one key considered, most frequent first
NEAR_KEYS = 4  # near keys considered, fewest edits then most frequent first
NEAR_FORMS = 3  # forms of each near key
EDIT_COST = 4.0  # per edit of a syllable the archive does not hold
KNOWN_EDIT_COST = 14.0  # per edit of one it holds: the context must really want it
TELEX_COST = 3.0
TONE_MISMATCH_COST = 4.0  # a correction of an accented syllable that changes its tone
MIN_NEAR_COUNT = 2  # a correction must be something the archive says at least twice


@dataclass(frozen=True)
class Typed:
    text: str  # as typed (case kept)
    low: str  # lowercase, new-style tone marks
    after_break: bool = False  # punctuation between it and the previous syllable
    fixed: bool = False  # past the syllables we read: kept as typed


@dataclass(frozen=True)
class Candidate:
    token: int
    cost: float
    show: str  # lowercase surface to show
    kind: str  # "same", "accents", "spelling" or "telex"


def _tone(syllable: str) -> str:
    marks = [c for c in unicodedata.normalize("NFD", syllable) if c in "\u0300\u0301\u0303\u0309\u0323"]
    return marks[0] if marks else ""


MEMO_MAX = 50_000  # syllables whose candidates a Statistics keeps (queries repeat common ones)


def candidates(typed: Typed, stats: Statistics, *, typos: bool = True) -> list[Candidate]:
    """The candidates of one typed syllable, the typed reading first (remembered by
    ``stats`` for the next query that has the syllable)."""
    key = (typed.low, typed.fixed, typos)
    found = stats.memo.get(key)
    if found is None:
        if len(stats.memo) >= MEMO_MAX:
            stats.memo.clear()
        found = stats.memo[key] = tuple(_candidates(typed.low, typed.fixed, stats, typos))
    return list(found)


def _candidates(low: str, fixed: bool, stats: Statistics, typos: bool) -> list[Candidate]:
    tok = token_of(low)
    if fixed:
        return [Candidate(stats.id_of(tok), 0.0, low, "same")]
    decoded = decode(low) if low.isascii() else None
    telex = stats.id_of(token_of(decoded)) if decoded is not None else stats.unknown
    if tok == NUMBER:
        if telex != stats.unknown and low.isalnum() and not low.isdigit():  # VNI: "vie65t"
            return [
                Candidate(stats.unknown, 0.0, low, "same"),
                Candidate(telex, -TELEX_COST, decoded, "telex"),
            ]
        return [Candidate(stats.id_of(NUMBER), 0.0, low, "same")]
    tid = stats.id_of(tok)
    known = tid != stats.unknown
    out = [Candidate(tid, 0.0, low, "same")]
    seen = {tid}
    accented = has_diacritics(low)
    key = folded_key(low)
    if not accented and low.isalpha():
        for i in stats.by_key.get(key, [])[:FORMS]:
            if i not in seen:
                seen.add(i)
                out.append(Candidate(i, 0.0, stats.surfaces[i], "accents"))
    if telex != stats.unknown and telex not in seen:
        seen.add(telex)
        out.append(Candidate(telex, -TELEX_COST, decoded, "telex"))
    if not typos or not low.isalpha():
        return out
    key_known = key in stats.by_key
    near = near_keys(key, stats.by_key.keys(), two=False)
    if not near and not key_known and not known and telex == stats.unknown:
        near = near_keys(key, stats.by_key.keys(), two=True)
    near = dict(sorted(near.items(), key=lambda kv: (kv[1], -stats.key_count[kv[0]]))[:NEAR_KEYS])
    per_edit = KNOWN_EDIT_COST if (known or (key_known and not accented)) else EDIT_COST
    tone = _tone(low)
    for near_key, edits in near.items():
        forms = [i for i in stats.by_key[near_key] if stats.counts[i] >= MIN_NEAR_COUNT]
        if accented:
            forms.sort(key=lambda i: _tone(stats.tokens[i]) != tone)
        for i in forms[:NEAR_FORMS]:
            if i in seen:
                continue
            seen.add(i)
            cost = per_edit * edits
            if accented and _tone(stats.tokens[i]) != tone:
                cost += TONE_MISMATCH_COST
            out.append(Candidate(i, -cost, stats.surfaces[i], "spelling"))
    return out


def position(cands: list[Candidate], typed: Typed) -> Position:
    ids = np.array([c.token for c in cands], np.int64)
    return Position(ids, np.array([c.cost for c in cands]), typed.after_break)
