"""A query from what a person types to a tree any engine runs: the syntax
(:mod:`.syntax`), equivalent spellings (:mod:`.equivalences`), the weighted
tree (:mod:`.build`) made of the nodes of :mod:`.tree`."""

from search.query.build import DEFAULT_WEIGHTS, Weights, build_query
from search.query.syntax import (
    MAX_QUERY_CHARS,
    ParsedQuery,
    YearRange,
    parse_query,
    parse_year_range,
    relaxed,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "MAX_QUERY_CHARS",
    "ParsedQuery",
    "Weights",
    "YearRange",
    "build_query",
    "parse_query",
    "parse_year_range",
    "relaxed",
]
