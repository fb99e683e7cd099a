"""A query analysed once: the parsed query and the analysis of each of its texts,
shared by the tree builder, relaxing, suggestions and highlighting.

Each distinct text (the free text, a phrase, an exclusion, an equivalent
spelling, a suggestion, the Title Case reading) is analysed at most once per
plan, however many of those readers ask for it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from search.query.equivalences import Group
from search.query.syntax import ParsedQuery, parse_query, relaxed
from search.query.words import Unit, read_units
from search.vietnamese.analysis import Analysis, analyze

__all__ = ["MAX_TERMS", "QueryPlan", "plan"]

MAX_TERMS = 32  # terms of one kind read from one text: a pasted article is not 5,000 clauses


@dataclass
class QueryPlan:
    parsed: ParsedQuery
    _analyses: dict[str, Analysis] = field(default_factory=dict, repr=False)
    _units: dict[tuple[str, str | None, bool, int, int], list[Unit]] = field(default_factory=dict, repr=False)
    # The units of the last :meth:`units` call on the free text and the
    # phrases, and whether they matched accent-exactly: what highlights mark.
    matched_units: list[Unit] = field(default_factory=list, repr=False)
    exact: bool = False

    def analysis(self, text: str) -> Analysis:
        found = self._analyses.get(text)
        if found is None:
            found = self._analyses[text] = analyze(text)
        return found

    def terms(self, text: str, kind: str) -> list[str]:
        """The first :data:`MAX_TERMS` terms of one analysis kind of ``text``."""
        return [t[0] for t in getattr(self.analysis(text), kind)][:MAX_TERMS]

    @property
    def accented(self) -> bool:
        return self.parsed.accented

    @property
    def syllables(self) -> list[str]:
        """The free text's syllables (accented, lowercased)."""
        return self.terms(self.parsed.text, "syl") if self.parsed.text.strip() else []

    @property
    def folded(self) -> list[str]:
        """The free text's folded syllables (what "did you mean" restores)."""
        return [t[0] for t in self.analysis(self.parsed.text).fold] if self.parsed.text.strip() else []

    def units(
        self,
        text: str,
        restored: str | None = None,
        groups: tuple[Group, ...] = (),
        known_pairs: Collection[str] | None = None,
        titled: bool = True,
    ) -> list[Unit]:
        """``text`` read as words (:func:`.words.read_units`); ``restored``: its
        accented reading when it was typed without accents."""
        key = (text, restored, titled, id(groups), id(known_pairs))  # both live as long as the searcher
        found = self._units.get(key)
        if found is None:
            syls = self.analysis(text).syl if text.strip() else []
            found = read_units(self.analysis, text, syls, restored, groups, MAX_TERMS, known_pairs, titled)
            self._units[key] = found
        return found

    def highlight_units(self) -> list[tuple[str, ...]]:
        """What snippets mark: the matched words and phrases, each as a unit."""
        if self.matched_units:
            out = []
            for unit in self.matched_units:
                if unit.group is None:
                    out.append(unit.syllables)
                else:
                    out += [tuple(self.terms(v.text, "syl")) for v in unit.group.searched(unit.typed)]
            return list(dict.fromkeys(u for u in out if u))
        # Not built yet: pyvi's words of the free text (a syllable no word
        # holds on its own), and each phrase whole.
        units: list[tuple[str, ...]] = []
        if self.parsed.text.strip():
            found = self.analysis(self.parsed.text)
            words = found.word[:MAX_TERMS]
            units += [tuple(w.split("_")) for w, _, _ in words]
            units += [
                (s,)
                for s, a, b in found.syl[:MAX_TERMS]
                if not any(wa <= a and b <= wb for _, wa, wb in words)
            ]
        for phrase in self.parsed.phrases:
            if syllables := tuple(t[0] for t in self.analysis(phrase).syl):
                units.append(syllables)
        return units

    def relaxed(self) -> QueryPlan:
        """The same query with its phrases read as plain words, sharing the analyses."""
        return QueryPlan(relaxed(self.parsed), self._analyses)


def plan(query: str | ParsedQuery | QueryPlan) -> QueryPlan:
    """The plan of a query string, a parsed query, or the plan itself."""
    if isinstance(query, QueryPlan):
        return query
    return QueryPlan(parse_query(query) if isinstance(query, str) else query)
