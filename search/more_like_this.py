"""More like this: articles sharing the telling words of one article's title and first sentence."""

from __future__ import annotations

import re
from pathlib import Path

from search.searcher import Hit, Searcher, StoredArticle
from search.wordlist import read_entries

__all__ = ["COMMON_WORDS", "QUERY_WORDS", "more_like_this", "telling_words"]

COMMON_WORDS_FILE = Path(__file__).with_name("data") / "common_words.txt"
QUERY_WORDS = 10  # the query stays short: a longer one is slower and no better

# A sentence ends at . ! ? … followed by white space; a word is a run of letters or digits.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_WORD = re.compile(r"\w+")


COMMON_WORDS = frozenset(read_entries(COMMON_WORDS_FILE))


def telling_words(doc: StoredArticle, limit: int = QUERY_WORDS) -> list[str]:
    """The words of ``doc``'s title and first sentence (of its lead, else its body) that say
    what it is about: common words, numbers, single letters and ``OR`` (query syntax) left
    out; each word once, as first written, in reading order, at most ``limit``."""
    body = doc.lead or doc.body
    first_sentence = _SENTENCE_END.split(body.strip(), maxsplit=1)[0]
    words: dict[str, str] = {}
    for word in _WORD.findall(f"{doc.title} {first_sentence}"):
        key = word.lower()
        if key not in COMMON_WORDS and not word.isdigit() and len(word) > 1 and word != "OR":
            words.setdefault(key, word)
    return list(words.values())[:limit]


def more_like_this(searcher: Searcher, doc: StoredArticle, count: int = 5) -> list[Hit]:
    """Up to ``count`` other articles: first ``doc``'s near-duplicates (the same story
    elsewhere), then those found by searching its telling words, one per story."""
    copies: list[Hit] = []
    if doc.group:
        found = searcher.search("", group=doc.group, limit=count + 1, facets=False).hits
        copies = [hit for hit in found if hit.id != doc.id][:count]
    words = telling_words(doc)
    if not words or len(copies) >= count:
        return copies
    result = searcher.search(" ".join(words), limit=count + 1, facets=False, fold=True)
    others = [hit for hit in result.hits if hit.id != doc.id and not (doc.group and hit.group == doc.group)]
    return (copies + others)[:count]
