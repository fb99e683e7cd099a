"""A query from what a person types to a tree any engine runs: the syntax
(:mod:`.syntax`), equivalent spellings (:mod:`.equivalences`), the weighted
tree (:mod:`.build`) made of the nodes of :mod:`.tree`; the query is analysed
once (:mod:`.plan`) for every use."""

from search.query.build import DEFAULT_WEIGHTS, Weights, build_query
from search.query.plan import QueryPlan, plan
from search.query.syntax import (
    MAX_QUERY_CHARS,
    DateRange,
    ParsedQuery,
    YearRange,
    parse_date_range,
    parse_query,
    parse_year_range,
    relaxed,
    value_key,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "MAX_QUERY_CHARS",
    "ParsedQuery",
    "QueryPlan",
    "Weights",
    "DateRange",
    "YearRange",
    "build_query",
    "parse_query",
    "parse_date_range",
    "parse_year_range",
    "plan",
    "relaxed",
    "value_key",
]
