"""A parsed query (:mod:`.syntax`) → a query tree (:mod:`.tree`) any engine can
run, weighted by the :class:`Weights` table.

Matching goes through the folded fields, so "cong an" finds "công an"; when
the query carries accents the accented fields add to the score, so exact
forms rank above look-alikes ("con dê" before "con dế").
"""

from __future__ import annotations

from dataclasses import dataclass

from search.fields import PARTS, field_name
from search.query import tree as qt
from search.query.equivalences import Group, find_groups, load_groups
from search.query.plan import MAX_TERMS, QueryPlan, plan
from search.query.syntax import ParsedQuery
from search.vietnamese.text import SYLLABLE_RE, fold

__all__ = ["DEFAULT_WEIGHTS", "MAX_TERMS", "Weights", "build_query"]


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
    options = []
    for variant in group.variants:
        if variant.short and variant.keys != typed:
            continue
        syls = qp.terms(variant.text, "syl")
        options.append(_phrase(syls, exact, w))
    return options[0] if len(options) == 1 else _Or(options)


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


def _free_text(
    qp: QueryPlan, text: str, exact: float, w: Weights, groups: tuple[Group, ...], suggestion: str | None
) -> qt.Node | None:
    """Words typed without syntax: which articles match, and what ranks them.

    Short queries need every syllable. Long ones (a pasted headline, a
    question) need an adjacent pair of them when ``w.pairs_select`` allows:
    pairs are far rarer than syllables, so far fewer articles are scored,
    and an article sharing no two adjacent words with a long query is
    rarely what was meant. Without any pair match, any syllable will do.
    """
    syls = qp.terms(text, "syl") if text.strip() else []
    if not syls:
        return None
    clauses = _text_clauses(qp, text, syls, exact, w, groups)
    pairs = _pairs_clause(qp, text, w)
    optional: list[qt.Node] = []
    if len(clauses) <= w.all_required_up_to:
        main = clauses[0] if len(clauses) == 1 else qt.And(tuple(clauses))
    elif pairs is not None and 0 < w.pairs_select < len(clauses):
        main = pairs
        optional.append(_Or(clauses))
        pairs = None
    else:
        main = _Or(clauses)
    if 1 < len(syls) <= w.all_required_up_to and w.phrase > 0:
        optional.append(_phrase(syls, exact, w, boost=w.phrase))
    for clause in (pairs, _words_clause(qp, text, w)):
        if clause is not None:
            optional.append(clause)
    if suggestion and not exact and w.suggested > 0:
        hinted = qp.terms(suggestion, "syl")
        optional.append(_either([(p, s, w.part(p) * w.suggested) for s in hinted for p in PARTS]))
    return qt.AndMaybe(main, _Or(optional)) if optional else main


def build_query(
    query: ParsedQuery | QueryPlan,
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
    qp = plan(query)
    pq = qp.parsed
    w = weights
    groups = load_groups() if groups is None else groups
    exact = w.exact if pq.accented else 0.0
    required: list[qt.Node] = []
    if len(pq.alternatives) > 1:
        options = [_free_text(qp, alt, exact, w, groups, None) for alt in pq.alternatives]
        options = [o for o in options if o is not None]
        if options:
            required.append(_Or(options))
    else:
        free = _free_text(qp, pq.text, exact, w, groups, suggestion)
        if free is not None:
            required.append(free)
    for phrase in pq.phrases:
        psyls = qp.terms(phrase, "syl")
        if psyls:
            pclauses = _text_clauses(qp, phrase, psyls, exact, w, groups)
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
    excluded = [_phrase(qp.terms(e, "syl"), 0.0, w) for e in pq.excluded if qp.terms(e, "syl")]
    if excluded:
        main = qt.AndNot(main if main is not None else qt.Every(), _Or(excluded))
    return main
