"""The index's fields, engine-neutral: text parts, the analysis kind of each
field, their names, and the schema version both engines record.

Each text part (title, lead, body) is indexed as every analysis kind of
:mod:`search.vietnamese.analysis`: ``body`` (accented syllables, stored),
``body_fold`` (folded syllables) keep positions; ``body_word`` (pyvi words)
and ``body_fold2`` (adjacent folded pairs) keep frequencies only.
"""

from __future__ import annotations

from search.vietnamese.analysis import KINDS

__all__ = ["KINDS", "PARTS", "POSITIONAL_KINDS", "SCHEMA_VERSION", "field_name", "text_fields"]

# 5: Whoosh postings no longer store character offsets (nothing read them).
# 6: the lead fields hold every article's opening (search.indexing.texts), counted again.
# 7: word fields keep no positions (no phrase is ever asked of them): 6% smaller, 6% faster.
# 8: source and section facets, days, near-duplicate groups.
SCHEMA_VERSION = 8
# Syllables and folded syllables keep positions (phrases); words and
# adjacent pairs only need their frequency.
POSITIONAL_KINDS = ("syl", "fold")
PARTS = ("title", "lead", "body")


def field_name(part: str, kind: str) -> str:
    """``("body", "syl")`` → ``"body"``; ``("body", "fold")`` → ``"body_fold"``."""
    return part if kind == "syl" else f"{part}_{kind}"


def text_fields() -> list[tuple[str, str, str]]:
    """Every analysed text field as (field name, part, kind)."""
    return [(field_name(part, kind), part, kind) for part in PARTS for kind in KINDS]
