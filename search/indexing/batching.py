"""The articles of an ingest cut into the batches the workers analyse, one segment each."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import TypeVar

__all__ = ["batches"]

T = TypeVar("T")


def batches(items: Iterable[T], size: int, spread: int = 1) -> Iterator[list[T]]:
    """Batches of ``size``; an input shorter than ``spread`` of them is cut into ``spread``
    even batches instead, so that each worker gets a share."""
    items = iter(items)
    head = list(islice(items, size * spread))
    if len(head) < size * spread:
        size = max(1, -(-len(head) // spread))
    batch: list[T] = []
    for item in chain(_emptying(head), items):
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _emptying(items: list[T]) -> Iterator[T]:
    """The items of a list, each let go by the list as it is handed on. (A list
    given to ``chain`` stays whole until the chain ends: the look-ahead, two
    batches of articles, would be held for the whole ingest.)"""
    items.reverse()
    while items:
        yield items.pop()
