"""The Whoosh schema: which fields exist, how each is analysed and stored.

Text parts (title, lead, body) are each indexed as several field kinds
(see :mod:`search.analysis`): ``body`` (accented syllables, stored),
``body_fold`` (folded syllables) and ``body_word`` (pyvi words) keep
positions and character offsets into the stored text; ``body_fold2``
(adjacent folded pairs) keeps frequencies only.

:class:`VText` accepts :class:`Prepared` postings instead of text, so worker
processes can run the whole analysis and encoding and the single writer only
files the postings away.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pickle import dumps
from typing import Any

from whoosh import fields, formats
from whoosh.system import pack_uint

from .analysis import KINDS, VietAnalyzer, tokens

__all__ = [
    "PARTS",
    "Prepared",
    "SCHEMA_VERSION",
    "VText",
    "field_name",
    "make_schema",
    "text_fields",
    "year_or_none",
]

SCHEMA_VERSION = 4
# Syllables, folded syllables and words keep positions and character offsets
# (phrases, highlighting); adjacent pairs only need their frequency.
POSITIONAL_KINDS = ("syl", "fold", "word")
PARTS = ("title", "lead", "body")


def field_name(part: str, kind: str) -> str:
    """``("body", "syl")`` → ``"body"``; ``("body", "fold")`` → ``"body_fold"``."""
    return part if kind == "syl" else f"{part}_{kind}"


def text_fields() -> list[tuple[str, str, str]]:
    """Every analysed text field as (field name, part, kind)."""
    return [(field_name(part, kind), part, kind) for part in PARTS for kind in KINDS]


@dataclass(frozen=True, slots=True)
class Prepared:
    """Postings computed elsewhere: (term bytes, freq, weight, value bytes)."""

    postings: list[tuple[bytes, int, float, bytes]]


class VText(fields.TEXT):
    """A TEXT field that also takes :class:`Prepared` postings."""

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if isinstance(value, Prepared):
            return iter(value.postings)
        return super().index(value, **kwargs)

    def prepare(self, text: str) -> Prepared:
        """The postings Whoosh would make of ``text``, made several times faster.

        Byte for byte what ``Characters.word_values`` encodes (a test checks
        it), without building a Token object per syllable.
        """
        if not isinstance(self.analyzer, VietAnalyzer):
            return Prepared(list(self.index(text)))
        if type(self.format) is formats.Frequency:
            return self._prepare_frequency(text)
        if type(self.format) is not formats.Characters:
            return Prepared(list(self.index(text)))
        seen: dict[str, list[tuple[int, int, int]]] = {}
        for pos, (term, start, end) in enumerate(tokens(text, self.analyzer.kind)):
            entry = seen.get(term)
            if entry is None:
                seen[term] = [(pos, start, end)]
            else:
                entry.append((pos, start, end))
        boost = self.format.field_boost
        postings = []
        for term, poslist in seen.items():
            deltas = []
            posbase = charbase = 0
            for pos, start, end in poslist:
                deltas.append((pos - posbase, start - charbase, end - start))
                posbase, charbase = pos, end
            n = len(poslist)
            postings.append((term.encode("utf-8"), n, float(n) * boost, pack_uint(n) + dumps(deltas, 2)))
        return Prepared(postings)

    def _prepare_frequency(self, text: str) -> Prepared:
        freqs: dict[str, int] = {}
        for term, _, _ in tokens(text, self.analyzer.kind):
            freqs[term] = freqs.get(term, 0) + 1
        boost = self.format.field_boost
        return Prepared([(t.encode("utf-8"), n, float(n) * boost, pack_uint(n)) for t, n in freqs.items()])


def year_or_none(value: object) -> int | None:
    """A year from the ``year`` column; undated articles read as None there
    (the column's default for a missing value is a huge number)."""
    return value if isinstance(value, int) and 1 <= value <= 9999 else None


def make_schema() -> fields.Schema:
    """The schema of a new index."""
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        # "<id> <content hash>": finds unchanged articles without reading them.
        fingerprint=fields.ID(),
        # ISO date at the source's precision; "" when undated (sorted last either way).
        date=fields.ID(stored=True, sortable=True),
        year=fields.NUMERIC(int, bits=32, stored=True, sortable=True),
        month=fields.NUMERIC(int, bits=32, stored=True, sortable=True),
        source=fields.ID(stored=True, sortable=True),
        url=fields.STORED(),
        author=fields.STORED(),
        origin=fields.STORED(),
        title_derived=fields.STORED(),
        tags=fields.KEYWORD(stored=True, lowercase=True, commas=True, scorable=True),
        # Who spoke (search.speakers): one term per canonical name, and for
        # each the role last seen and a sentence they said.
        speakers=fields.KEYWORD(stored=True, commas=True),
        speaker_info=fields.STORED(),
    )
    for name, _part, kind in text_fields():
        positional = kind in POSITIONAL_KINDS
        schema.add(
            name,
            VText(
                analyzer=VietAnalyzer(kind),
                phrase=positional,
                chars=positional,
                stored=(kind == "syl"),
                field_boost=1.0,
            ),
        )
    return schema
