"""Our query tree as Whoosh query objects (:func:`compile_query`), run by Whoosh's own matchers.

The index is searched by :mod:`search.engines.whoosh.evaluate`, which must
give exactly what these matchers give: tests/test_whoosh_arrays.py runs both
and compares. Kept as that reference, and for anyone who wants to use
Whoosh's own searcher, collectors or highlighter on a vnsearch index.

"At least k of these" is a Whoosh query and matcher of our own (Whoosh's
``Or(minmatch=)`` is not implemented).

The matcher keeps every child's matcher and finds the next document that at
least ``count`` of them are on. No document before the ``count``-th smallest
current id can have ``count`` matching children (the others are past it and
never go back), so every child behind that id skips straight to it.
"""

from __future__ import annotations

from typing import Any

from whoosh import matching
from whoosh import query as wq

from search.query import tree as qt


class AtLeastMatcher(matching.Matcher):
    def __init__(self, children: list[matching.Matcher], count: int, boost: float = 1.0) -> None:
        self._all = children
        self._count = count
        self._boost = boost
        self._id: int | None = None
        self._find()

    def _find(self) -> None:
        k = self._count
        while True:
            active = [c for c in self._all if c.is_active()]
            if len(active) < k:
                self._id = None
                return
            ids = sorted(c.id() for c in active)
            if ids[0] == ids[k - 1]:
                self._id = ids[0]
                return
            target = ids[k - 1]
            for c in active:
                if c.id() < target:
                    c.skip_to(target)

    def is_active(self) -> bool:
        return self._id is not None

    def id(self) -> int:
        return self._id  # type: ignore[return-value]

    def next(self) -> None:
        current = self._id
        for c in self._all:
            if c.is_active() and c.id() == current:
                c.next()
        self._find()

    def skip_to(self, id: int) -> None:
        if self._id is None or id <= self._id:
            return
        for c in self._all:
            if c.is_active() and c.id() < id:
                c.skip_to(id)
        self._find()

    def _on(self) -> list[matching.Matcher]:
        return [c for c in self._all if c.is_active() and c.id() == self._id]

    def score(self) -> float:
        return self._boost * sum(c.score() for c in self._on())

    def weight(self) -> float:
        return sum(c.weight() for c in self._on())

    def supports_block_quality(self) -> bool:
        return False

    def max_quality(self) -> float:
        """At most every child matches (Whoosh's AndMaybe asks for this bound)."""
        return self._boost * sum(c.max_quality() for c in self._all if c.is_active())

    def supports(self, astype: str) -> bool:
        return False

    def children(self) -> list[matching.Matcher]:
        return list(self._all)

    def term_matchers(self) -> Any:
        for c in self._all:
            yield from c.term_matchers()

    def copy(self) -> AtLeastMatcher:
        return AtLeastMatcher([c.copy() for c in self._all], self._count, self._boost)

    def reset(self) -> None:
        for c in self._all:
            c.reset()
        self._find()

    def replace(self, minquality: float = 0) -> matching.Matcher:
        return self


class AtLeast(wq.CompoundQuery):
    """Documents matching at least ``count`` of ``subqueries``."""

    def __init__(self, subqueries: list[wq.Query], count: int, boost: float = 1.0) -> None:
        super().__init__(subqueries, boost=boost)
        self.count = count

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, AtLeast) and other.count == self.count and other.subqueries == self.subqueries
        )

    def __hash__(self) -> int:
        return hash((AtLeast, self.count, tuple(self.subqueries)))

    def normalize(self) -> wq.Query:
        return AtLeast([q.normalize() for q in self.subqueries], self.count, self.boost)

    def simplify(self, ixreader: Any) -> wq.Query:
        return AtLeast([q.simplify(ixreader) for q in self.subqueries], self.count, self.boost)

    def matcher(self, searcher: Any, context: Any = None) -> matching.Matcher:
        children = [q.matcher(searcher, context) for q in self.subqueries]
        children = [m for m in children if m.is_active()]
        if len(children) < self.count or self.count < 1:
            return matching.NullMatcher()
        return AtLeastMatcher(children, self.count, self.boost)


class _Or(wq.Or):
    """Whoosh's Or, always as a tree of union matchers.

    Whoosh otherwise preloads whole posting lists into arrays for segments
    of fewer than 5,000 documents (ours are 2,000), losing the skipping an
    AND over common syllables needs: 25% slower on the full VNTC index,
    same results.
    """

    matcher_type = wq.Or.DEFAULT_MATCHER


class _Flat(wq.ConstantScoreQuery):
    """A term scored by its boost times its idf wherever it stands (``qt.Term.flat``)."""

    def __init__(self, child: wq.Term, boost: float) -> None:
        super().__init__(child, boost)

    def _rewrap(self, child: wq.Query) -> _Flat:
        return _Flat(child, self.score)

    def matcher(self, searcher: Any, context: Any = None) -> matching.Matcher:
        idf = searcher.idf(self.child.fieldname, self.child.text)
        return wq.ConstantScoreQuery(self.child, self.score * idf).matcher(searcher, context)


def compile_query(node: qt.Node) -> wq.Query:
    """Our query tree as Whoosh query objects."""
    if isinstance(node, qt.Term) and node.flat:
        return _Flat(wq.Term(node.field, node.text), node.boost)
    if isinstance(node, qt.Term):
        return wq.Term(node.field, node.text, boost=node.boost)
    if isinstance(node, qt.Phrase):
        return wq.Phrase(node.field, list(node.words), boost=node.boost)
    if isinstance(node, qt.And):
        return wq.And([compile_query(c) for c in node.children])
    if isinstance(node, qt.Or):
        return _Or([compile_query(c) for c in node.children])
    if isinstance(node, qt.AtLeast):
        return AtLeast([compile_query(c) for c in node.children], node.count)
    if isinstance(node, qt.AndMaybe):
        return wq.AndMaybe(compile_query(node.required), compile_query(node.optional))
    if isinstance(node, qt.AndNot):
        return wq.AndNot(compile_query(node.positive), compile_query(node.negative))
    if isinstance(node, qt.Every):
        return wq.Every()
    if isinstance(node, qt.Nothing):
        return wq.NullQuery
    raise TypeError(f"not a query node: {node!r}")
