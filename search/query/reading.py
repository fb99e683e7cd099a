"""Which set of articles a query returned (:class:`Reading`), and the note that
says so when it is not the set the words as typed would give."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from search.query.notes import Note, note
from search.vietnamese.text import fold

__all__ = ["Reading", "fallback_note"]


@dataclass
class Reading:
    """Which set of articles a query returned, said so the page can show it.

    ``accents``: "exact" (as typed, diacritics respected) or "folded" (any
    accent form); ``words``: "all" of the query's words, "enough" of a long
    text's (``needed`` of ``count``), or "any" (the relaxed set); ``searched``:
    the text searched when it is not what was typed (a correction); ``units``:
    the words as they were matched, each a run of syllables side by side.
    """

    accents: str
    words: str
    units: list[str]
    searched: str | None = None
    needed: int = 0
    count: int = 0
    phrases_as_words: bool = False  # no article has the quoted phrases: their words instead
    names_split: bool = False  # no article has the syllables Title Case joined: the words apart

    @property
    def kind(self) -> str:
        return self.words

    def as_dict(self) -> dict[str, Any]:
        return {
            "accents": self.accents,
            "words": self.words,
            "units": list(self.units),
            "searched": self.searched,
            "needed": self.needed,
            "count": self.count,
            "phrases_as_words": self.phrases_as_words,
            "names_split": self.names_split,
        }


def fallback_note(reading: Reading, typed: str, total: int) -> Note:
    """What the page says when another reading than the first was shown."""
    if reading.searched is not None:
        return note("corrected", typed=typed, searched=reading.searched, total=total)
    if reading.words == "any":
        return note("relaxed", total=total)
    if reading.phrases_as_words:
        return note("phrases_as_words", total=total)
    if reading.names_split:
        return note("names_split", text=" · ".join(reading.units), total=total)
    folded = fold(typed)
    link = (f"Tìm không dấu: “{folded}”", folded) if folded != typed else None
    return note("accents_ignored", link=link, typed=typed, total=total)
