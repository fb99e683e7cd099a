"""The Whoosh schema: the fields of :mod:`search.fields` as Whoosh fields,
each tokenised by a :class:`VietAnalyzer` of its analysis kind.

Positional kinds keep positions (phrases); character offsets are not stored:
snippets are cut from our own analysis of the stored text, never from
Whoosh's postings.

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
from whoosh.analysis import Token, Tokenizer
from whoosh.system import pack_uint

from search.fields import KINDS, POSITIONAL_KINDS, text_fields
from search.vietnamese.analysis import terms, tokens

__all__ = ["Prepared", "VText", "VietAnalyzer", "make_schema", "year_or_none"]


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

        Byte for byte what ``Positions.word_values`` / ``Frequency.word_values``
        encode (a test checks it), without building a Token object per syllable.
        """
        if not isinstance(self.analyzer, VietAnalyzer):
            return Prepared(list(self.index(text)))
        if type(self.format) is formats.Frequency:
            return self._prepare_frequency(text)
        if type(self.format) is not formats.Positions:
            return Prepared(list(self.index(text)))
        seen: dict[str, list[int]] = {}
        for pos, term in enumerate(terms(text, self.analyzer.kind)):
            entry = seen.get(term)
            if entry is None:
                seen[term] = [pos]
            else:
                entry.append(pos)
        boost = self.format.field_boost
        postings = []
        for term, poslist in seen.items():
            deltas = []
            base = 0
            for pos in poslist:
                deltas.append(pos - base)
                base = pos
            n = len(poslist)
            postings.append((term.encode("utf-8"), n, float(n) * boost, pack_uint(n) + dumps(deltas, 2)))
        return Prepared(postings)

    def _prepare_frequency(self, text: str) -> Prepared:
        freqs: dict[str, int] = {}
        for term in terms(text, self.analyzer.kind):
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
        section=fields.ID(stored=True, sortable=True),
        # Near-duplicate group (search.indexing.duplicates); 0 when not grouped.
        group=fields.NUMERIC(int, bits=32, stored=True, sortable=True, default=0),
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
                stored=(kind == "syl"),
                field_boost=1.0,
            ),
        )
    return schema


class VietAnalyzer(Tokenizer):
    """A Whoosh tokenizer yielding one field kind of our analysis.

    It is a whole analyzer on its own (lowercasing and folding are done in
    the analysis), so it can be stored in the index's schema and used by
    Whoosh's own query parser and highlighter too.
    """

    def __init__(self, kind: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown analysis kind {kind!r}, expected one of {KINDS}")
        self.kind = kind

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.kind == self.kind  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self.kind))

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, (term, start, end) in enumerate(tokens(value, self.kind)):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = term
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token
