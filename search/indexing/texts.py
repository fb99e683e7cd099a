"""What an article's text fields index: its lead counted again, and the hash that tells
whether an article changed since it was indexed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from search.corpus import Article, derive_lead
from search.fields import SCHEMA_VERSION

__all__ = ["content_hash", "indexed_texts"]


def content_hash(article: Article, parts: Mapping[str, str]) -> str:
    """A hash of everything we index for an article, and of the schema version."""
    payload = [
        SCHEMA_VERSION,
        article.id,
        parts["title"],
        parts["lead"],
        parts["body"],
        article.date.iso() if article.date else None,
        article.url,
        article.source,
        article.author,
        list(article.tags),
    ]
    return hashlib.sha1(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def indexed_texts(parts: Mapping[str, str]) -> dict[str, str]:
    """What each part's fields index. The lead is the article's opening, counted again
    (``Weights.lead`` adds to the body's weight): a given lead is also the start of the
    body (unless the body already starts with it); without one, the body's first paragraph
    (:func:`derive_lead`) is the lead. The texts shown stay as they were."""
    lead, body = parts["lead"], parts["body"]
    if not lead:
        return {**parts, "lead": derive_lead(body)}
    if body.startswith(lead):
        return dict(parts)
    return {**parts, "body": f"{lead}\n{body}".strip()}
