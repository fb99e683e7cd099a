"""Did you mean and typeahead, from the index's own statistics (see :mod:`search.spelling`).

The indexing pipeline calls :func:`build_vocabulary` at the end of ingest;
it also builds the statistics for an existing index folder. The searcher
loads them once with :func:`load_vocabulary` and asks :func:`suggest` (a
better reading of a query) and :func:`complete` (typeahead).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from search.spelling import complete as _complete
from search.spelling import restore
from search.spelling.build import VOCAB_FILE, build_statistics
from search.spelling.keys import KEYS_FILE
from search.spelling.model import Statistics, load_statistics
from search.spelling.restore import CONFIDENT, Suggestion
from search.spelling.wordpairs import load_word_pairs

__all__ = [
    "CONFIDENT",
    "Suggestion",
    "VOCAB_FILE",
    "Vocabulary",
    "build_vocabulary",
    "complete",
    "load_vocabulary",
    "load_word_pairs",
    "suggest",
    "vocabulary_missing",
]


class Vocabulary:
    """One index's statistics, with the two questions the searcher and the site ask."""

    def __init__(self, stats: Statistics) -> None:
        self.stats = stats

    def __bool__(self) -> bool:
        return bool(self.stats)

    def suggest(self, text: str) -> Suggestion | None:
        return suggest(text, self)

    def complete(self, text: str, limit: int = 5) -> list[str]:
        return complete(text, self, limit)


def _stats(vocab: Vocabulary | Statistics) -> Statistics:
    return vocab.stats if isinstance(vocab, Vocabulary) else vocab


def suggest(text: str, vocab: Vocabulary | Statistics) -> Suggestion | None:
    """A better reading of the query ``text`` (accents, a typo, Telex/VNI), or None."""
    return restore.suggest(text, _stats(vocab))


def complete(text: str, vocab: Vocabulary | Statistics, limit: int = 5) -> list[str]:
    """Typeahead: ``text`` with its last syllable completed, most probable first."""
    return _complete.complete(text, _stats(vocab), limit)


def build_vocabulary(reader: Any, folder: Path) -> dict[str, int]:
    """Count the index behind ``reader`` into ``folder`` (at the end of ingest, or for
    an index built before: open its reader and call this); what was counted."""
    return build_statistics(reader, Path(folder))


def vocabulary_missing(folder: Path) -> bool:
    """Whether the index in ``folder`` lacks a file of its statistics (built before it existed)."""
    return not all((Path(folder) / name).exists() for name in (VOCAB_FILE, KEYS_FILE))


def load_vocabulary(folder: Path) -> Vocabulary:
    """The statistics of the index in ``folder`` (empty if it has none)."""
    return Vocabulary(load_statistics(Path(folder)))
