"""A user's query → a Whoosh query tree.

The query syntax is small on purpose, so that any text a person types is a
valid query:

* free words — normalised and analysed as one text (never split on spaces
  first), so "bộ công an" meets the word ``bộ_công_an`` and its syllables;
* ``"quoted phrase"`` — the syllables in that order;
* ``-word`` or ``-"phrase"`` — articles containing it are left out;
* ``year:2019`` or ``year:2019..2021``, ``speaker:"Tô Lâm"`` — filters.

Matching goes through the folded fields, so "cong an" finds "công an"; when
the query carries accents the accented fields add to the score, so exact
forms rank above look-alikes ("con dê" before "con dế").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from whoosh import query as wq

from .analysis import analyze
from .errors import QueryError
from .text import fold, has_diacritics, normalize

__all__ = [
    "DEFAULT_WEIGHTS",
    "ParsedQuery",
    "Weights",
    "YearRange",
    "build_query",
    "parse_query",
    "parse_year_range",
]

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32


@dataclass(frozen=True)
class YearRange:
    """Inclusive; either end may be open."""

    start: int | None
    end: int | None


@dataclass
class ParsedQuery:
    """What the user asked for, before it becomes a Whoosh query."""

    raw: str
    text: str = ""  # the free text, normalised
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    years: YearRange | None = None
    speakers: list[str] = field(default_factory=list)

    @property
    def accented(self) -> bool:
        return has_diacritics(" ".join([self.text, *self.phrases]))

    @property
    def is_empty(self) -> bool:
        return not (self.text.strip() or self.phrases)


_YEAR_RE = re.compile(r"^\s*(\d{4})?\s*(?:(\.\.|-|–)\s*(\d{4})?)?\s*$")


def parse_year_range(value: str) -> YearRange:
    """``2019`` → 2019..2019; ``2019..2021``; ``2019..`` and ``..2021`` are open."""
    m = _YEAR_RE.match(value or "")
    if not m or not (m.group(1) or m.group(3)):
        raise QueryError(f"Cannot read the year {value!r}: use a year like 2019 or a range like 2019..2021.")
    start = int(m.group(1)) if m.group(1) else None
    end = int(m.group(3)) if m.group(3) else (None if m.group(2) else start)
    if start is not None and end is not None and start > end:
        raise QueryError(f"The year range {value!r} ends before it starts: write {end}..{start}.")
    return YearRange(start, end)


_TOKEN_RE = re.compile(
    r"""(?P<neg>-)?(?:(?P<field>year|speaker|nam|năm|nguoi|người):)?"""
    r"""(?:"(?P<quoted>[^"]*)"?|(?P<bare>\S+))"""
)
_FILTER_NAMES = {
    "year": "year",
    "nam": "year",
    "năm": "year",
    "speaker": "speaker",
    "nguoi": "speaker",
    "người": "speaker",
}


def parse_query(raw: str) -> ParsedQuery:
    """Split a query string into free text, phrases, exclusions and filters."""
    if len(raw) > MAX_QUERY_CHARS:
        raw = raw[:MAX_QUERY_CHARS]
    text = normalize(raw.replace("\u201c", '"').replace("\u201d", '"'))
    pq = ParsedQuery(raw=raw)
    free: list[str] = []
    for m in _TOKEN_RE.finditer(text):
        neg, fname, quoted, bare = m.group("neg"), m.group("field"), m.group("quoted"), m.group("bare")
        value = quoted if quoted is not None else bare
        if fname:
            kind = _FILTER_NAMES[fname.lower()]
            if kind == "year":
                pq.years = parse_year_range(value)
            elif value.strip():
                pq.speakers.append(value.replace("_", " ").strip())
        elif neg and value and value.strip("-"):
            pq.excluded.append(value)
        elif quoted is not None:
            if quoted.strip():
                pq.phrases.append(quoted)
        else:
            free.append(m.group(0))
    pq.text = " ".join(free)
    return pq


def _terms(text: str, kind: str) -> list[str]:
    return [t[0] for t in getattr(analyze(text), kind)][:MAX_TERMS]


def _query_words(text: str) -> list[str]:
    """Multi-syllable words of the query as typed and in Title Case.

    pyvi uses capitalisation as a clue: "tô lâm" stays two words, "Tô Lâm"
    is one name. People type queries in lowercase, so both readings count.
    """
    titled = " ".join(part[:1].upper() + part[1:] for part in text.split(" "))
    out: list[str] = []
    for variant in (text, titled):
        for w in _terms(variant, "word"):
            if "_" in w and w not in out:
                out.append(w)
    return out


def _either(fields_terms: list[tuple[str, str, float]]) -> wq.Query:
    return wq.Or([wq.Term(f, t, boost=b) for f, t, b in fields_terms if b > 0])


@dataclass(frozen=True)
class Weights:
    """How much each kind of match counts (BM25F per field, then boosted).

    Tuned on benchmarks/relevance.py; see the numbers there.
    """

    title: float = 2.0
    lead: float = 1.5
    body: float = 1.0
    exact: float = 1.5  # accented fields, when the query carries accents
    suggested: float = 0.5  # accented fields through a confident "did you mean"
    pair: float = 1.0  # adjacent syllable pairs
    word: float = 0.3  # pyvi words
    phrase: float = 2.0  # the whole short query as a phrase
    all_required_up_to: int = 4  # queries of up to this many syllables need all of them
    min_match: float = 0.5  # longer ones need this share of their syllables

    def part(self, name: str) -> float:
        return getattr(self, name)


DEFAULT_WEIGHTS = Weights()
_PARTS = ("title", "lead", "body")


def _field(part: str, kind: str) -> str:
    return part if kind == "syl" else f"{part}_{kind}"


def _syllable_clause(syl: str, exact: float, w: Weights) -> wq.Query:
    """One syllable in any part, folded; also accented when ``exact`` > 0."""
    options = [(_field(p, "fold"), fold(syl), w.part(p)) for p in _PARTS]
    if exact:
        options += [(p, syl, w.part(p) * exact) for p in _PARTS]
    return _either(options)


def _phrase(syls: list[str], exact: float, w: Weights, boost: float = 1.0) -> wq.Query:
    if len(syls) == 1:
        return _syllable_clause(syls[0], exact, w)
    folded = [fold(s) for s in syls]
    options: list[wq.Query] = [wq.Phrase(_field(p, "fold"), folded, boost=boost * w.part(p)) for p in _PARTS]
    if exact:
        options += [wq.Phrase(p, syls, boost=boost * w.part(p) * exact) for p in _PARTS]
    return wq.Or(options)


def _pairs_clause(text: str, w: Weights) -> wq.Query | None:
    pairs = list(dict.fromkeys(_terms(text, "fold2")))
    options = [(_field(p, "fold2"), pair, w.part(p) * w.pair) for pair in pairs for p in _PARTS]
    return _either(options) if options and w.pair > 0 else None


def _words_clause(text: str, w: Weights) -> wq.Query | None:
    words = _query_words(text)
    options = [(_field(p, "word"), word, w.part(p) * w.word) for word in words for p in _PARTS]
    return _either(options) if options and w.word > 0 else None


def build_query(
    pq: ParsedQuery, weights: Weights = DEFAULT_WEIGHTS, suggestion: str | None = None
) -> wq.Query | None:
    """The Whoosh query for the text part of ``pq``; None when there is none
    (filters alone: every article matches).

    ``suggestion``: an accented reading of an unaccented query that we are
    confident about; its exact forms add to the score (never to matching).
    """
    w = weights
    exact = w.exact if pq.accented else 0.0
    required: list[wq.Query] = []
    optional: list[wq.Query] = []
    syls = _terms(pq.text, "syl") if pq.text.strip() else []
    if syls:
        clauses = [_syllable_clause(s, exact, w) for s in syls]
        if len(clauses) <= w.all_required_up_to:
            required.extend(clauses)
        else:
            required.append(wq.Or(clauses, minmatch=max(1, math.ceil(len(clauses) * w.min_match))))
        if 1 < len(syls) <= w.all_required_up_to and w.phrase > 0:
            optional.append(_phrase(syls, exact, w, boost=w.phrase))
        for clause in (_pairs_clause(pq.text, w), _words_clause(pq.text, w)):
            if clause is not None:
                optional.append(clause)
        if suggestion and not exact and w.suggested > 0:
            hinted = _terms(suggestion, "syl")
            optional.append(_either([(p, s, w.part(p) * w.suggested) for s in hinted for p in _PARTS]))
    for phrase in pq.phrases:
        psyls = _terms(phrase, "syl")
        if psyls:
            required.append(_phrase(psyls, exact, w))
    if not required:
        if pq.text.strip() or pq.phrases:
            # Only punctuation: nothing can match.
            return wq.NullQuery
        main: wq.Query | None = None
    else:
        main = required[0] if len(required) == 1 else wq.And(required)
        if optional:
            main = wq.AndMaybe(main, wq.Or(optional))
    excluded = [_phrase(_terms(e, "syl"), 0.0, w) for e in pq.excluded if _terms(e, "syl")]
    if excluded:
        main = wq.AndNot(main if main is not None else wq.Every(), wq.Or(excluded))
    return main
