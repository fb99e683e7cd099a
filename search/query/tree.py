"""The query tree: what :mod:`search.query.build` builds and every engine runs.

A handful of plain nodes, so that the query logic (which fields, which
boosts, what must match) is written once and each engine only translates
nodes into its own query objects (:mod:`search.engines`). Scores add up the
same way in both engines: a node scores the sum of its matching children,
a term or phrase its BM25 score times its boost.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

__all__ = [
    "And",
    "AndMaybe",
    "AndNot",
    "AtLeast",
    "Every",
    "Node",
    "Nothing",
    "Or",
    "Phrase",
    "Term",
    "matching",
]


@dataclass(frozen=True, slots=True)
class Term:
    """A term of one field, scored by its BM25 times ``boost``; ``flat``: by its
    idf times ``boost`` wherever it stands (presence, whatever its frequency
    and the article's length)."""

    field: str
    text: str
    boost: float = 1.0
    flat: bool = False

    def __str__(self) -> str:
        return f"{self.field}:{self.text}"


@dataclass(frozen=True, slots=True)
class Phrase:
    """The words at consecutive positions of one field."""

    field: str
    words: tuple[str, ...]
    boost: float = 1.0

    def __str__(self) -> str:
        return f'{self.field}:"{" ".join(self.words)}"'


@dataclass(frozen=True, slots=True)
class And:
    """Every child must match."""

    children: tuple[Node, ...]

    def __str__(self) -> str:
        return "(" + " AND ".join(map(str, self.children)) + ")"


@dataclass(frozen=True, slots=True)
class Or:
    """Any child must match."""

    children: tuple[Node, ...]

    def __str__(self) -> str:
        return "(" + " OR ".join(map(str, self.children)) + ")"


@dataclass(frozen=True, slots=True)
class AtLeast:
    """At least ``count`` children must match; the score is the sum of those that do."""

    count: int
    children: tuple[Node, ...]

    def __str__(self) -> str:
        return f"AT LEAST {self.count} OF (" + ", ".join(map(str, self.children)) + ")"


@dataclass(frozen=True, slots=True)
class AndMaybe:
    """``required`` must match; ``optional`` only adds to the score."""

    required: Node
    optional: Node

    def __str__(self) -> str:
        return f"({self.required} ANDMAYBE {self.optional})"


@dataclass(frozen=True, slots=True)
class AndNot:
    """``positive`` without the documents ``negative`` matches."""

    positive: Node
    negative: Node

    def __str__(self) -> str:
        return f"({self.positive} ANDNOT {self.negative})"


@dataclass(frozen=True, slots=True)
class Every:
    """Every document (a query made of exclusions only)."""

    def __str__(self) -> str:
        return "<every>"


@dataclass(frozen=True, slots=True)
class Nothing:
    """No document (a query of punctuation only)."""

    def __str__(self) -> str:
        return "<nothing>"


Node = Term | Phrase | And | Or | AtLeast | AndMaybe | AndNot | Every | Nothing


def matching(node: Node) -> Node:
    """``node`` without the parts that only add to the score (every ``AndMaybe``'s
    optional side): it matches the same documents, and an engine that counts or
    facets with it need not read the optional words' postings, often the commonest
    syllables ("hà", "nội" beside the phrase "hà nội")."""
    if isinstance(node, AndMaybe):
        return matching(node.required)
    if isinstance(node, And | Or | AtLeast):
        return replace(node, children=tuple(map(matching, node.children)))
    if isinstance(node, AndNot):
        return AndNot(matching(node.positive), matching(node.negative))
    return node
