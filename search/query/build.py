"""A parsed query (:mod:`.syntax`) → a query tree (:mod:`.tree`) any engine can
run, weighted by the :class:`Weights` table.

Matching goes through the folded fields, so "cong an" finds "công an"; when
the query carries accents the accented fields add to the score, so exact
forms rank above look-alikes ("con dê" before "con dế").
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from search.fields import PARTS, field_name
from search.query import tree as qt
from search.query.equivalences import Group, Variant, find_groups, load_groups
from search.query.plan import MAX_TERMS, QueryPlan, plan
from search.query.presence import presence_bonus
from search.query.syntax import ParsedQuery
from search.query.words import Unit
from search.vietnamese.text import SYLLABLE_RE, fold, has_diacritics, iy_canonical
from search.wordlist import read_entries

__all__ = ["DEFAULT_WEIGHTS", "MAX_TERMS", "Matching", "Weights", "build_query", "enough", "is_long"]


def _query_words(qp: QueryPlan, text: str) -> list[str]:
    """Multi-syllable words of the query as typed and in Title Case.

    pyvi uses capitalisation as a clue: "tô lâm" stays two words, "Tô Lâm"
    is one name. People type queries in lowercase, so both readings count.
    """
    titled = " ".join(part[:1].upper() + part[1:] for part in text.split(" "))
    out: list[str] = []
    for variant in (text, titled):
        for w in qp.terms(variant, "word"):
            if "_" in w and w not in out:
                out.append(w)
    return out


def _Or(children: list[qt.Node]) -> qt.Node:
    return qt.Or(tuple(children))


def _either(fields_terms: list[tuple[str, str, float]]) -> qt.Node:
    return _Or([qt.Term(f, t, boost=b) for f, t, b in fields_terms if b > 0])


@dataclass(frozen=True)
class Weights:
    """How much each kind of match counts (BM25F per field, then boosted).

    Measured with ``python -m benchmarks tune`` on the relevance benchmark's datasets
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
    the defaults stay simple.

    The lead (issue 17): every article's opening is indexed again as its lead
    (:mod:`search.indexing.texts`), so ``lead`` is what the opening adds to
    the body's weight. On the tuning half of VNTC headlines (7,973 articles,
    Tantivy) no lead gave 0.789 / 0.755; lead 0.1–0.3 0.801–0.806 /
    0.774–0.781; 1.0 0.767 / 0.742; 1.5 0.742 / 0.718. Tried there and on the
    questions' tuning half, and not kept: word 0.1 / 0.6 and pair 0.6 / 1.5
    (< 0.01 either way), pairs at 0.4–0.8 for unaccented queries only (+0.01
    on questions, −0.003 to +0.008 on headlines).

    The phrase boost is off: it changed nothing measurable and cost ~15% of
    query time (position decoding).
    """

    title: float = 2.0
    lead: float = 0.25  # the opening, which the body holds too (search.indexing.texts)
    body: float = 1.0
    exact: float = 1.5  # accented fields, when the query carries accents
    folded_accented: float = 1.0  # folded fields, when the query carries accents
    suggested: float = 0.5  # accented fields through a confident "did you mean"
    pair: float = 1.0  # adjacent syllable pairs
    word: float = 0.3  # pyvi words
    phrase: float = 0.0  # the whole short query as a phrase (off: pairs give adjacency for far less)
    present: float = 1.5  # each distinct word of a long text, by its idf wherever it stands (.presence)
    all_required_up_to: int = 3  # queries of up to this many words need all of them,
    all_syllables_up_to: int = 4  # and those of up to this many syllables
    enough_share: float = 1 / 6  # longer texts: this share of their words (at least two)

    def part(self, name: str) -> float:
        return getattr(self, name)


DEFAULT_WEIGHTS = Weights()


def _syllable_clause(syl: str, exact: float, w: Weights) -> qt.Node:
    """One syllable in any part, folded; also accented when ``exact`` > 0."""
    folded_boost = w.folded_accented if exact else 1.0
    options = [(field_name(p, "fold"), fold(syl), w.part(p) * folded_boost) for p in PARTS]
    if exact:
        options += [(p, syl, w.part(p) * exact) for p in PARTS]
    return _either(options)


def _phrase(syls: list[str], exact: float, w: Weights, boost: float = 1.0) -> qt.Node:
    if len(syls) == 1:
        return _syllable_clause(syls[0], exact, w)
    folded = [fold(s) for s in syls]
    parts = [p for p in PARTS if w.part(p) > 0]
    folded_boost = w.folded_accented if exact else 1.0
    options: list[qt.Node] = [
        qt.Phrase(field_name(p, "fold"), tuple(folded), boost=boost * w.part(p) * folded_boost) for p in parts
    ]
    if exact:
        options += [qt.Phrase(p, tuple(syls), boost=boost * w.part(p) * exact) for p in parts]
    return _Or(options)


def _pairs_clause(qp: QueryPlan, text: str, w: Weights) -> qt.Node | None:
    pairs = list(dict.fromkeys(qp.terms(text, "fold2")))
    options = [(field_name(p, "fold2"), pair, w.part(p) * w.pair) for pair in pairs for p in PARTS]
    return _either(options) if options and w.pair > 0 else None


def _words_clause(qp: QueryPlan, text: str, w: Weights) -> qt.Node | None:
    words = _query_words(qp, text)
    options = [(field_name(p, "word"), word, w.part(p) * w.word) for word in words for p in PARTS]
    return _either(options) if options and w.word > 0 else None


def _equivalent_clause(
    qp: QueryPlan, group: Group, typed: tuple[str, ...], exact: float, w: Weights
) -> qt.Node:
    """Any variant of the group, each as a phrase. Short abbreviations ("CA")
    are searched only when typed: as index terms they collide with syllables."""
    options = [_phrase(qp.terms(v.text, "syl"), exact, w) for v in _variants(group, typed)]
    return options[0] if len(options) == 1 else _Or(options)


def _variants(group: Group, typed: tuple[str, ...]) -> list[Variant]:
    """The variants to search: short ones only when typed, one per spelling, and
    none that holds another ("covid 19" holds "covid": an article with it would
    count twice)."""
    distinct = list({v.keys: v for v in reversed(group.searched(typed))}.values())[::-1]

    def holds(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
        n = len(inner)
        return n < len(outer) and any(outer[i : i + n] == inner for i in range(len(outer) - n + 1))

    return [v for v in distinct if not any(holds(v.keys, o.keys) for o in distinct if o is not v)]


def _text_clauses(
    qp: QueryPlan, text: str, syls: list[str], exact: float, w: Weights, groups: tuple[Group, ...]
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
            clauses.append(_equivalent_clause(qp, group, keys, exact, w))
            i = end
        else:
            clauses.append(_syllable_clause(syls[i], exact, w))
            i += 1
    return clauses


def _unit_match(qp: QueryPlan, unit: Unit, exact: bool, w: Weights) -> qt.Node:
    """Where ``unit`` stands: its syllables side by side in one part, accent-exact
    or folded. It only matches (boost 0): the scoring clauses rank."""
    if unit.group is None:
        return _phrase_match(list(unit.syllables), exact, w)
    options = [_phrase_match(qp.terms(v.text, "syl"), exact, w) for v in _variants(unit.group, unit.typed)]
    return options[0] if len(options) == 1 else _Or(options)


def _phrase_match(syls: list[str], exact: bool, w: Weights) -> qt.Node:
    parts = [p for p in PARTS if w.part(p) > 0]
    fields = parts if exact else [field_name(p, "fold") for p in parts]
    words = tuple(syls) if exact else tuple(fold(s) for s in syls)
    if len(words) == 1:
        return _Or([qt.Term(f, words[0], boost=0.0) for f in fields])
    return _Or([qt.Phrase(f, words, boost=0.0) for f in fields])


def _unit_presence(qp: QueryPlan, unit: Unit, w: Weights) -> qt.Node:
    """``unit`` in an article, cheaply: a syllable's folded term, a word's
    adjacent folded pairs (``fold2``: frequencies only, no positions)."""
    if unit.group is not None:
        return _unit_match(qp, unit, False, w)
    parts = [p for p in PARTS if w.part(p) > 0]
    if len(unit.folded) == 1:
        return _Or([qt.Term(field_name(p, "fold"), unit.folded[0], boost=0.0) for p in parts])
    pairs = [f"{a}_{b}" for a, b in zip(unit.folded, unit.folded[1:], strict=False)]
    each = [_Or([qt.Term(field_name(p, "fold2"), pair, boost=0.0) for p in parts]) for pair in pairs]
    return each[0] if len(each) == 1 else qt.And(tuple(each))


FUNCTION_WORDS = Path(__file__).with_name("data") / "function_words.txt"


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    words = {iy_canonical(w) for w in read_entries(FUNCTION_WORDS)}
    return frozenset(words | {fold(w) for w in words})


def _counted(units: list[Unit], restored: list[str] | None) -> list[Unit]:
    """The units that count towards "enough" of a long text: not its function
    words (nearly every article has "của", "và", "là"), unless that leaves
    fewer than two. Typed without accents, the restored reading decides
    ("cua" is "của" or "cửa")."""
    light = _function_words()
    content, at = [], 0
    for u in units:
        word = u.syllables[0] if restored is None else restored[at]
        if not (len(u.syllables) == 1 and word in light and (restored is None or has_diacritics(word))):
            content.append(u)
        at += len(u.syllables)
    return content if len(content) >= 2 else units


def _is_long(units: list[Unit], syls: list[str], w: Weights) -> bool:
    return len(units) > w.all_required_up_to and len(syls) > w.all_syllables_up_to


def is_long(qp: QueryPlan, text: str, w: Weights = DEFAULT_WEIGHTS, groups: tuple[Group, ...] = ()) -> bool:
    """Is ``text`` a long text (a pasted headline, a question) rather than a query of words?"""
    syls = qp.terms(text, "syl") if text.strip() else []
    return _is_long(qp.units(text, None, groups), syls, w)


def enough(count: int, share: float = 1 / 6) -> int:
    """How many of a long text's ``count`` words an article must hold: ``share`` of them, at least two."""
    return min(count, max(2, math.ceil(count * share - 1e-9)))


@dataclass
class _Part:
    """What one piece of the query adds: nodes that must match, nodes that rank."""

    required: list[qt.Node]
    scoring: list[qt.Node]

    def node(self) -> qt.Node | None:
        if not self.required:
            return None
        main = self.required[0] if len(self.required) == 1 else qt.And(tuple(self.required))
        return qt.AndMaybe(main, _Or(self.scoring)) if self.scoring else main


def _free_text(
    qp: QueryPlan,
    text: str,
    exact: float,
    w: Weights,
    groups: tuple[Group, ...],
    suggestion: str | None,
    match: Matching,
) -> _Part:
    """Words typed without syntax: which articles match, and what ranks them.

    A short query (up to ``w.all_required_up_to`` words) needs every word,
    each as its syllables side by side (:mod:`.words`), accent-exact when
    ``match.exact``; ``match.any_word``: any one of them instead (the relaxed
    set). A long text (a pasted headline, a question) needs
    :func:`enough` of its words. Ranking is the same either way: every
    syllable (folded, and accented when the query has accents), adjacent
    pairs, pyvi words and a confident accent restoration add to the score.
    """
    part = _Part([], [])
    syls = qp.terms(text, "syl") if text.strip() else []
    if not syls:
        return part
    units = qp.units(text, match.restored, groups, match.known_pairs, titled=match.titled)
    long = _is_long(units, syls, w)
    if long and match.titled:  # a pasted text has its own capitals: no Title Case reading
        units = qp.units(text, match.restored, groups, match.known_pairs, titled=False)
    if match.any_word and len(units) == 1 and units[0].group is None and len(units[0].syllables) > 1:
        # One word (a quoted phrase no article has): any of its syllables.
        units = [Unit((s,), (fold(s),), shown=s) for s in units[0].syllables]
    qp.matched_units += units
    clauses = _text_clauses(qp, text, syls, exact, w, groups)
    matches = [_unit_match(qp, u, match.exact, w) for u in units]
    if match.any_word:
        part.required.append(matches[0] if len(matches) == 1 else _Or(matches))
        match.kind = "any"
    elif not long:
        part.required += matches
    else:
        # Folded and without positions (pairs of syllables stand for
        # adjacency): ranking, not accents, decides among so many articles,
        # and a pasted headline must stay fast.
        # A word of several syllables counts twice: it says more than "ở"
        # or "những", and a paragraph that answers a question may share only
        # one such word with it.
        restored = qp.terms(match.restored, "syl") if match.restored and not match.exact else None
        counted = _counted(units, restored if restored and len(restored) == len(syls) else None)
        loose = [n for u in counted for n in [_unit_presence(qp, u, w)] * min(2, len(u.syllables))]
        match.kind, match.needed, match.words = "enough", enough(len(loose), w.enough_share), len(loose)
        part.required.append(qt.AtLeast(match.needed, tuple(loose)))
        part.scoring += presence_bonus(units, w)
    part.scoring += clauses
    if 1 < len(syls) <= w.all_required_up_to and w.phrase > 0:
        part.scoring.append(_phrase(syls, exact, w, boost=w.phrase))
    for clause in (_pairs_clause(qp, text, w), _words_clause(qp, text, w)):
        if clause is not None:
            part.scoring.append(clause)
    if suggestion and not exact and w.suggested > 0:
        hinted = qp.terms(suggestion, "syl")
        part.scoring.append(_either([(p, s, w.part(p) * w.suggested) for s in hinted for p in PARTS]))
    return part


@dataclass
class Matching:
    """How the query's words are to match, and (after building) how they did.

    ``exact``: accent-exact (the query has diacritics) or folded; ``restored``:
    the accented reading of an unaccented query (it helps find its words);
    ``any_word``: the relaxed set; ``titled=False``: no Title Case reading
    binds the words (it read "sushi quang hanh" as one name). ``kind`` is set by :func:`build_query`:
    "all" (every word), "any" (some word) or "enough" (a long text:
    ``needed`` of its ``words``).
    """

    exact: bool = False
    restored: str | None = None
    any_word: bool = False
    titled: bool = True
    known_pairs: Collection[str] | None = None  # see search.query.words.read_units
    kind: str = "all"
    needed: int = 0
    words: int = 0


def build_query(
    query: ParsedQuery | QueryPlan,
    weights: Weights = DEFAULT_WEIGHTS,
    suggestion: str | None = None,
    groups: tuple[Group, ...] | None = None,
    match: Matching | None = None,
) -> qt.Node | None:
    """The query tree for ``pq``'s text; None when there is none (filters
    alone: every article matches).

    ``suggestion``: an accented reading of an unaccented query that we are
    confident about; its exact forms add to the score (never to matching).
    ``groups``: equivalent spellings (default: the built-in table).
    ``match``: how words match (default: accent-exact when the query has
    diacritics, folded otherwise, every word required).
    """
    qp = plan(query)
    pq = qp.parsed
    w = weights
    groups = load_groups() if groups is None else groups
    match = match if match is not None else Matching(exact=pq.accented)
    qp.exact = match.exact
    qp.matched_units = []
    exact = w.exact if pq.accented else 0.0
    whole = _Part([], [])
    if len(pq.alternatives) > 1:
        options = [_free_text(qp, alt, exact, w, groups, None, match).node() for alt in pq.alternatives]
        options = [o for o in options if o is not None]
        if options:
            whole.required.append(_Or(options))
    else:
        free = _free_text(qp, pq.text, exact, w, groups, suggestion, match)
        whole.required += free.required
        whole.scoring += free.scoring
    for phrase in pq.phrases:
        psyls = qp.terms(phrase, "syl")
        if not psyls:
            continue
        whole.required.append(_phrase_match(psyls, match.exact, w))
        qp.matched_units.append(Unit(tuple(psyls), tuple(fold(s) for s in psyls)))
        pclauses = _text_clauses(qp, phrase, psyls, exact, w, groups)
        if len(pclauses) == 1 and len(psyls) > 1:
            whole.required[-1] = pclauses[0]  # the phrase is one abbreviation group
        else:
            whole.scoring.append(_phrase(psyls, exact, w))
    main = whole.node()
    if main is None and (pq.text.strip() or pq.phrases):
        return qt.Nothing()  # only punctuation: nothing can match
    excluded = []
    for text in pq.excluded:
        esyls = qp.terms(text, "syl")
        if esyls:
            excluded.append(_phrase_match(esyls, match.exact and has_diacritics(text), w))
    if excluded:
        main = qt.AndNot(main if main is not None else qt.Every(), _Or(excluded))
    return main
