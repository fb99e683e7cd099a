"""A user's query → a query tree (:mod:`search.qtree`) any engine can run.

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

import re
from dataclasses import dataclass, field, replace

from . import qtree as qt
from .analysis import analyze
from .equivalences import Group, find_groups, load_groups
from .errors import QueryError
from .text import SYLLABLE_RE, fold, has_diacritics, normalize

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
    """What the user asked for, before it becomes a query tree."""

    raw: str
    text: str = ""  # the free text, normalised
    alternatives: list[str] = field(default_factory=list)  # free text split at OR
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    years: YearRange | None = None
    speakers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how an odd query was read

    @property
    def accented(self) -> bool:
        return has_diacritics(" ".join([self.text, *self.phrases]))


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
    r"""(?P<neg>-)?(?:(?P<field>(?i:year|speaker|nam|năm|nguoi|người)):)?"""
    r"""(?:"(?P<quoted>[^"]*)(?P<closed>")?|(?P<bare>\S+))"""
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
    """Split a query string into free text, phrases, exclusions and filters.

    Never fails: whatever cannot be read as syntax is read as words, and
    ``notes`` says so (an unclosed quote, a stray operator, a bad year).
    """
    pq = ParsedQuery(raw=raw)
    if len(raw) > MAX_QUERY_CHARS:
        raw = raw[:MAX_QUERY_CHARS]
        pq.notes.append(f"Only the first {MAX_QUERY_CHARS} characters were used.")
    text = normalize(raw.replace("\u201c", '"').replace("\u201d", '"'))
    groups: list[list[str]] = [[]]
    for m in _TOKEN_RE.finditer(text):
        neg, fname, quoted, bare = m.group("neg"), m.group("field"), m.group("quoted"), m.group("bare")
        value = quoted if quoted is not None else bare
        if quoted is not None and m.group("closed") is None:
            pq.notes.append(f'The quote "{quoted.strip()}" was not closed: read as a phrase to the end.')
        if fname:
            _add_filter(pq, _FILTER_NAMES[fname.lower()], value)
        elif neg and value and value.strip("-"):
            pq.excluded.append(value)
        elif neg or (bare is not None and not bare.strip("-")):
            pq.notes.append("A lone '-' was ignored.")
        elif quoted is not None:
            if quoted.strip():
                pq.phrases.append(quoted)
        elif bare == "OR":
            if not groups[-1]:
                pq.notes.append("An OR without words before it was ignored.")
            else:
                groups.append([])
        else:
            groups[-1].append(m.group(0))
    if len(groups) > 1 and not groups[-1]:
        groups.pop()
        pq.notes.append("An OR without words after it was ignored.")
    pq.alternatives = [" ".join(g) for g in groups if g]
    pq.text = " ".join(pq.alternatives)
    return pq


def relaxed(pq: ParsedQuery) -> ParsedQuery:
    """The same query with its phrases read as plain words."""
    words = " ".join([pq.text, *pq.phrases]).strip()
    return replace(pq, text=words, alternatives=[words] if words else [], phrases=[], notes=list(pq.notes))


def _add_filter(pq: ParsedQuery, kind: str, value: str) -> None:
    if kind == "year":
        try:
            pq.years = parse_year_range(value)
        except QueryError as exc:
            pq.notes.append(f"{exc} The year filter was ignored.")
    elif value.strip():
        pq.speakers.append(value.replace("_", " ").strip())


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


def _Or(children: list[qt.Node], scale: float | None = None) -> qt.Node:
    return qt.Or(tuple(children), scale=scale)


def _either(fields_terms: list[tuple[str, str, float]]) -> qt.Node:
    return _Or([qt.Term(f, t, boost=b) for f, t, b in fields_terms if b > 0])


@dataclass(frozen=True)
class Weights:
    """How much each kind of match counts (BM25F per field, then boosted).

    Measured with benchmarks/tune.py on benchmarks/relevance.py datasets
    (MRR@10 accented / unaccented; docs have a body only, like the hidden
    evaluation, so title/lead weights were not exercised there):

    ============================  =============  =============  ===========
    setting                       Dân Trí heads  VNTC heads     questions
    ============================  =============  =============  ===========
    these defaults                0.800 / 0.799  0.791 / 0.764  0.907/0.896
    pair=2                        0.797 / 0.794                 0.887/0.867
    pair=0, word=0                0.690 / 0.669 (before the derived-title fix)
    exact=3                                                     0.893/0.880
    folded_accented=0.3           0.799 / 0.799
    word=0                                                      0.911/0.896
    phrase=2 (was the default)                                  0.907/0.896
    pairs_select=0 (speed below)  0.817 / 0.816  0.791 / 0.764  0.907/0.896
    pairs_select=6                0.822 / 0.821  0.780 / 0.758  0.906/0.895
    pairs_select=8                0.822 / 0.821
    ============================  =============  =============  ===========

    (the pairs_select rows were measured after the other rows, on the
    first 200 headline queries.) Requiring an adjacent pair in long
    queries halves their time (VNTC headlines 446 → 201 ms, questions
    33 → 11 ms) for at most 0.011 MRR; 8 keeps it to pasted headlines and
    long questions.

    Adjacent pairs matter most (+0.1); the rest moves results by < 0.02, so
    the defaults stay simple. The phrase boost is off: it changed nothing
    measurable and cost ~15% of query time (position decoding).
    """

    title: float = 2.0
    lead: float = 1.5
    body: float = 1.0
    exact: float = 1.5  # accented fields, when the query carries accents
    folded_accented: float = 1.0  # folded fields, when the query carries accents
    suggested: float = 0.5  # accented fields through a confident "did you mean"
    pair: float = 1.0  # adjacent syllable pairs
    word: float = 0.3  # pyvi words
    phrase: float = 0.0  # the whole short query as a phrase (off: pairs give adjacency for far less)
    all_required_up_to: int = 4  # queries of up to this many syllables need all of them
    pairs_select: int = 8  # longer than this: an adjacent pair must match (0: off)
    coord: float = 0.0  # longer ones need any: this rewards matching more of them (Whoosh's Or scale)

    def part(self, name: str) -> float:
        return getattr(self, name)


DEFAULT_WEIGHTS = Weights()
_PARTS = ("title", "lead", "body")


def _field(part: str, kind: str) -> str:
    return part if kind == "syl" else f"{part}_{kind}"


def _syllable_clause(syl: str, exact: float, w: Weights) -> qt.Node:
    """One syllable in any part, folded; also accented when ``exact`` > 0."""
    folded_boost = w.folded_accented if exact else 1.0
    options = [(_field(p, "fold"), fold(syl), w.part(p) * folded_boost) for p in _PARTS]
    if exact:
        options += [(p, syl, w.part(p) * exact) for p in _PARTS]
    return _either(options)


def _phrase(syls: list[str], exact: float, w: Weights, boost: float = 1.0) -> qt.Node:
    if len(syls) == 1:
        return _syllable_clause(syls[0], exact, w)
    folded = [fold(s) for s in syls]
    parts = [p for p in _PARTS if w.part(p) > 0]
    folded_boost = w.folded_accented if exact else 1.0
    options: list[qt.Node] = [
        qt.Phrase(_field(p, "fold"), tuple(folded), boost=boost * w.part(p) * folded_boost) for p in parts
    ]
    if exact:
        options += [qt.Phrase(p, tuple(syls), boost=boost * w.part(p) * exact) for p in parts]
    return _Or(options)


def _pairs_clause(text: str, w: Weights) -> qt.Node | None:
    pairs = list(dict.fromkeys(_terms(text, "fold2")))
    options = [(_field(p, "fold2"), pair, w.part(p) * w.pair) for pair in pairs for p in _PARTS]
    return _either(options) if options and w.pair > 0 else None


def _words_clause(text: str, w: Weights) -> qt.Node | None:
    words = _query_words(text)
    options = [(_field(p, "word"), word, w.part(p) * w.word) for word in words for p in _PARTS]
    return _either(options) if options and w.word > 0 else None


def _equivalent_clause(group: Group, typed: tuple[str, ...], exact: float, w: Weights) -> qt.Node:
    """Any variant of the group, each as a phrase. Short abbreviations ("CA")
    are searched only when typed: as index terms they collide with syllables."""
    options = []
    for variant in group.variants:
        if variant.short and variant.keys != typed:
            continue
        syls = _terms(variant.text, "syl")
        options.append(_phrase(syls, exact, w))
    return options[0] if len(options) == 1 else _Or(options)


def _text_clauses(
    text: str, syls: list[str], exact: float, w: Weights, groups: tuple[Group, ...]
) -> list[qt.Node]:
    """One clause per syllable, or per abbreviation/expansion found in the text."""
    typed = [(fold(m.group().lower()), m.group()) for m in SYLLABLE_RE.finditer(text)][:MAX_TERMS]
    spans = {start: (end, group) for start, end, group in find_groups(typed, groups)}
    clauses: list[qt.Node] = []
    i = 0
    while i < len(syls):
        if i in spans:
            end, group = spans[i]
            keys = tuple(t[0] for t in typed[i:end])
            clauses.append(_equivalent_clause(group, keys, exact, w))
            i = end
        else:
            clauses.append(_syllable_clause(syls[i], exact, w))
            i += 1
    return clauses


def _free_text(
    text: str, exact: float, w: Weights, groups: tuple[Group, ...], suggestion: str | None
) -> qt.Node | None:
    """Words typed without syntax: which articles match, and what ranks them.

    Short queries need every syllable. Long ones (a pasted headline, a
    question) need an adjacent pair of them when ``w.pairs_select`` allows:
    pairs are far rarer than syllables, so far fewer articles are scored,
    and an article sharing no two adjacent words with a long query is
    rarely what was meant. Without any pair match, any syllable will do.
    """
    syls = _terms(text, "syl") if text.strip() else []
    if not syls:
        return None
    clauses = _text_clauses(text, syls, exact, w, groups)
    pairs = _pairs_clause(text, w)
    optional: list[qt.Node] = []
    if len(clauses) <= w.all_required_up_to:
        main = clauses[0] if len(clauses) == 1 else qt.And(tuple(clauses))
    elif pairs is not None and 0 < w.pairs_select < len(clauses):
        main = pairs
        optional.append(_Or(clauses))
        pairs = None
    else:
        main = _Or(clauses, scale=w.coord or None)
    if 1 < len(syls) <= w.all_required_up_to and w.phrase > 0:
        optional.append(_phrase(syls, exact, w, boost=w.phrase))
    for clause in (pairs, _words_clause(text, w)):
        if clause is not None:
            optional.append(clause)
    if suggestion and not exact and w.suggested > 0:
        hinted = _terms(suggestion, "syl")
        optional.append(_either([(p, s, w.part(p) * w.suggested) for s in hinted for p in _PARTS]))
    return qt.AndMaybe(main, _Or(optional)) if optional else main


def build_query(
    pq: ParsedQuery,
    weights: Weights = DEFAULT_WEIGHTS,
    suggestion: str | None = None,
    groups: tuple[Group, ...] | None = None,
) -> qt.Node | None:
    """The query tree for ``pq``'s text; None when there is none (filters
    alone: every article matches).

    ``suggestion``: an accented reading of an unaccented query that we are
    confident about; its exact forms add to the score (never to matching).
    ``groups``: equivalent spellings (default: the built-in table).
    """
    w = weights
    groups = load_groups() if groups is None else groups
    exact = w.exact if pq.accented else 0.0
    required: list[qt.Node] = []
    if len(pq.alternatives) > 1:
        options = [_free_text(alt, exact, w, groups, None) for alt in pq.alternatives]
        options = [o for o in options if o is not None]
        if options:
            required.append(_Or(options))
    else:
        free = _free_text(pq.text, exact, w, groups, suggestion)
        if free is not None:
            required.append(free)
    for phrase in pq.phrases:
        psyls = _terms(phrase, "syl")
        if psyls:
            pclauses = _text_clauses(phrase, psyls, exact, w, groups)
            if len(pclauses) == 1 and len(psyls) > 1:
                required.append(pclauses[0])  # the phrase is one abbreviation group
            else:
                required.append(_phrase(psyls, exact, w))
    if not required:
        if pq.text.strip() or pq.phrases:
            return qt.Nothing()  # only punctuation: nothing can match
        main: qt.Node | None = None
    else:
        main = required[0] if len(required) == 1 else qt.And(tuple(required))
    excluded = [_phrase(_terms(e, "syl"), 0.0, w) for e in pq.excluded if _terms(e, "syl")]
    if excluded:
        main = qt.AndNot(main if main is not None else qt.Every(), _Or(excluded))
    return main
