"""Did you mean: accents restored from the index's own vocabulary.

At the end of every ingest we record, for each folded syllable and each
folded multi-syllable word (pyvi's words, ``toi_pham``), its most frequent
accented form in the index and how dominant that form is. An unaccented
query is then read as the sequence of known words and syllables that covers
it best: words first (they carry the context that single syllables lack —
"toi pham" is "tội phạm", never "tôi phạm"), the most frequent form of a
lone syllable otherwise.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from search.vietnamese.text import fold, has_diacritics

__all__ = ["Suggestion", "Vocabulary", "build_vocabulary", "load_vocabulary", "suggest"]

VOCAB_FILE = "vocab.tsv"
MAX_WORD = 4  # syllables in the longest word we look up
MIN_WORD_DF = 2  # a word seen in one article only is not evidence
WORD_BONUS = 0.7  # per syllable covered by a multi-syllable word
CONFIDENT = 0.7


@dataclass(frozen=True)
class Entry:
    accented: str
    share: float  # documents with this form / documents with any form of the key


class Vocabulary(dict[str, Entry]):
    """Folded key (``toi_pham`` or ``toi``) → its dominant accented form."""


@dataclass(frozen=True)
class Suggestion:
    text: str
    confidence: float  # geometric mean of the chosen forms' shares
    kind: str = "accents"  # accents | spelling | telex


def build_vocabulary(reader: Any, folder: Path) -> Vocabulary:
    """Count accented forms in the index's syllable and word fields; write and return them.

    ``reader``: an engine's reader (:meth:`search.engines.base.Reader.field_terms`).
    """
    forms: dict[str, dict[str, int]] = {}
    fields = (("body", False), ("title", False), ("body_word", True), ("title_word", True))
    for field_name, is_word in fields:
        for accented, df in reader.field_terms(field_name):
            if is_word and "_" not in accented:
                continue
            if not accented.replace("_", "").isalpha():
                continue
            key = fold(accented)
            by_form = forms.setdefault(key, {})
            by_form[accented] = by_form.get(accented, 0) + df
    vocab = Vocabulary()
    for key, by_form in forms.items():
        best, best_df = max(by_form.items(), key=lambda kv: (kv[1], kv[0]))
        if "_" in key and best_df < MIN_WORD_DF:
            continue
        vocab[key] = Entry(best, best_df / sum(by_form.values()))
    _write(vocab, folder / VOCAB_FILE)
    return vocab


def _write(vocab: Vocabulary, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        for key in sorted(vocab):
            entry = vocab[key]
            out.write(f"{key}\t{entry.accented}\t{entry.share:.4f}\n")
    os.replace(tmp, path)


def load_vocabulary(folder: Path) -> Vocabulary:
    """The vocabulary written by the last ingest (empty if there is none)."""
    vocab = Vocabulary()
    try:
        with open(folder / VOCAB_FILE, encoding="utf-8") as f:
            for line in f:
                key, accented, share = line.rstrip("\n").split("\t")
                vocab[key] = Entry(accented, float(share))
    except FileNotFoundError:
        pass
    return vocab


def suggest(syllables: list[str], vocab: Vocabulary) -> Suggestion | None:
    """An accented reading of unaccented ``syllables`` (lowercase), or None.

    Dynamic programming over the ways to cover the query with known words
    (≥ 2 syllables) and single syllables: each piece scores the log of its
    form's share, multi-syllable words earn a bonus per syllable.
    """
    if not syllables or any(has_diacritics(s) for s in syllables):
        return None
    n = len(syllables)
    best: list[tuple[float, list[tuple[str, float]]] | None] = [None] * (n + 1)
    best[0] = (0.0, [])
    for i in range(n):
        if best[i] is None:
            continue
        score_i, pieces_i = best[i]
        for j in range(i + 1, min(n, i + MAX_WORD) + 1):
            key = "_".join(syllables[i:j])
            entry = vocab.get(key)
            if entry is None:
                if j - i > 1:
                    continue
                entry = Entry(key, 1.0)  # unknown: keep it as typed
            score = score_i + math.log(max(entry.share, 1e-6))
            if j - i > 1:
                score += WORD_BONUS * (j - i)
            if best[j] is None or score > best[j][0]:
                best[j] = (score, pieces_i + [(entry.accented.replace("_", " "), entry.share)])
    _, pieces = best[n]  # type: ignore[misc]
    text = " ".join(p for p, _ in pieces)
    if text == " ".join(syllables):
        return None
    confidence = math.exp(sum(math.log(max(s, 1e-6)) for _, s in pieces) / len(pieces))
    return Suggestion(text, round(confidence, 3))
