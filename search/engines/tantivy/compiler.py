"""Our query tree compiled into Tantivy queries, scored as Whoosh scores it."""

from __future__ import annotations

import math

import tantivy
from tantivy import Occur, Query

from search.query import tree as qt


def _whoosh_idf(n: int, total: int) -> float:
    return math.log(total / (n + 1)) + 1.0


def _tantivy_idf(n: int, total: int) -> float:
    return math.log(1.0 + (total - n + 0.5) / (n + 0.5))


MAX_DF_KEPT = 200_000  # document frequencies kept between queries (common syllables come back)


class Compiler:
    """Our query tree as Tantivy queries, for one searcher."""

    def __init__(
        self,
        schema: tantivy.Schema,
        searcher: tantivy.Searcher,
        df: dict[tuple[str, str], int],
        scoring: bool = True,
    ) -> None:
        self.schema = schema
        self.searcher = searcher
        self.total = max(searcher.num_docs, 1)
        self._df = df  # the reader's, kept for this searcher: its frequencies never change
        self.scoring = scoring  # False: only what matches counts (no boosts, no frequencies asked)

    def df(self, field: str, term: str) -> int:
        key = (field, term)
        n = self._df.get(key)
        if n is None:
            if len(self._df) >= MAX_DF_KEPT:
                self._df.clear()
            n = self._df[key] = self.searcher.doc_freq(field, term)
        return n

    def _idf_ratio(self, field: str, words: tuple[str, ...]) -> float:
        """Whoosh's idf over Tantivy's: the boost that makes the scores equal."""
        dfs = [self.df(field, w) for w in words]
        if any(n == 0 for n in dfs):
            return 1.0  # matches nothing
        ours = sum(_whoosh_idf(n, self.total) for n in dfs)
        theirs = sum(_tantivy_idf(n, self.total) for n in dfs)
        return ours / theirs if theirs > 0 else 1.0

    def _boosted(self, q: Query, boost: float, field: str, words: tuple[str, ...]) -> Query:
        if not self.scoring:
            return q
        # A clause that only decides what matches weighs 0: no document frequency to ask for.
        return Query.boost_query(q, boost * self._idf_ratio(field, words) if boost else boost)

    def __call__(self, node: qt.Node) -> Query:
        if isinstance(node, qt.Term):
            option = "freq" if node.field.endswith("_fold2") else "position"
            q = Query.term_query(self.schema, node.field, node.text, index_option=option)
            if node.flat and self.scoring and node.boost:
                n = self.df(node.field, node.text)
                return Query.const_score_query(q, node.boost * _whoosh_idf(n, self.total)) if n else q
            return self._boosted(q, node.boost, node.field, (node.text,))
        if isinstance(node, qt.Phrase):
            q = Query.phrase_query(self.schema, node.field, list(node.words))
            return self._boosted(q, node.boost, node.field, node.words)
        if isinstance(node, qt.And):
            return Query.boolean_query([(Occur.Must, self(c)) for c in node.children])
        if isinstance(node, qt.Or):
            return Query.boolean_query([(Occur.Should, self(c)) for c in node.children])
        if isinstance(node, qt.AtLeast):
            return Query.boolean_query(
                [(Occur.Should, self(c)) for c in node.children], minimum_number_should_match=node.count
            )
        if isinstance(node, qt.AndMaybe):
            return Query.boolean_query(
                [(Occur.Must, self(node.required)), (Occur.Should, self(node.optional))]
            )
        if isinstance(node, qt.AndNot):
            return Query.boolean_query(
                [(Occur.Must, self(node.positive)), (Occur.MustNot, self(node.negative))]
            )
        if isinstance(node, qt.Every):
            return Query.all_query()
        if isinstance(node, qt.Nothing):
            return Query.empty_query()
        raise TypeError(f"not a query node: {node!r}")
