"""A coordination factor for long texts (a pasted headline, a question): each
distinct word of the text adds its idf to an article that holds it, however
often it stands there, so an article holding more of the words ranks above
one that repeats a few of them (issue 17, ``Weights.present``).

MRR@10 accented / unaccented on the tuning halves of ``python -m benchmarks
relevance``'s datasets (Tantivy; questions, Dân Trí headlines, VNTC headlines on
34,358 articles): without it 0.914 / 0.900, 0.837 / 0.834, 0.632 / 0.606; at
1.0 0.922 / 0.914, 0.838 / 0.833, 0.647 / 0.624; at 1.5 0.923 / 0.915,
0.838 / 0.834, 0.647 / 0.629; at 2.0 0.923 / 0.915, 0.839 / 0.835, 0.646 / 0.630.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from search.fields import PARTS, field_name
from search.query import tree as qt
from search.query.words import Unit

if TYPE_CHECKING:
    from search.query.build import Weights


def presence_bonus(units: list[Unit], w: Weights) -> list[qt.Node]:
    """One clause per distinct word of ``units`` (groups aside), each a flat term
    (:class:`.tree.Term`) of ``w.present`` × the part's weight; a word of several
    syllables counts where all its adjacent pairs stand, by their mean idf."""
    if w.present <= 0:
        return []
    present = w.present
    part_weights = {p: w.part(p) for p in PARTS}
    parts = [p for p in PARTS if part_weights[p] > 0]
    out: list[qt.Node] = []
    for folded in dict.fromkeys(u.folded for u in units if u.group is None):
        if len(folded) == 1:
            terms = [
                qt.Term(field_name(p, "fold"), folded[0], present * part_weights[p], flat=True) for p in parts
            ]
            out.append(qt.Or(tuple(terms)))
            continue
        pairs = list(dict.fromkeys(f"{a}_{b}" for a, b in zip(folded, folded[1:], strict=False)))
        share = present / len(pairs)
        each = [
            tuple(qt.Term(field_name(p, "fold2"), pair, share * part_weights[p], flat=True) for pair in pairs)
            for p in parts
        ]
        out.append(qt.Or(tuple(t[0] if len(t) == 1 else qt.And(t) for t in each)))
    return out
