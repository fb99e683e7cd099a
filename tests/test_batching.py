"""Batches for the ingest workers: the engine's size, but a small input is shared by every worker."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from helpers import DEMO

from search.indexing.batching import batches
from search.indexing.pipeline import ingest


@pytest.mark.parametrize(
    ("n", "size", "spread", "sizes"),
    [
        (41, 30, 2, [21, 20]),  # shorter than two batches: one even half per worker
        (100, 30, 2, [30, 30, 30, 10]),  # long enough: the engine's size
        (60, 30, 2, [30, 30]),
        (41, 30, 1, [30, 11]),  # one worker, or a size asked for
        (3, 30, 4, [1, 1, 1]),
        (0, 30, 2, []),
    ],
)
def test_batch_sizes(n: int, size: int, spread: int, sizes: list[int]):
    got = list(batches(iter(range(n)), size, spread))
    assert [len(b) for b in got] == sizes
    assert [x for b in got for x in b] == list(range(n))  # every article once, in order


class _Article:
    """Something a weak reference can follow."""


def test_a_batch_handed_on_is_not_kept_by_the_look_ahead():
    """The articles read ahead to size the batches are let go with their batch: the
    whole-VNTC ingest held two batches more than it needed from start to end."""
    refs: list[weakref.ref] = []

    def read():  # as the corpus reader does: an article at a time, kept by nobody
        for _ in range(100):
            article = _Article()
            refs.append(weakref.ref(article))
            yield article

    stream = batches(read(), 10, spread=4)  # 40 articles read ahead
    first, second = next(stream), next(stream)
    assert len(first) == len(second) == 10
    del first
    gc.collect()
    assert all(r() is None for r in refs[:10])  # the first batch is gone with its holder
    assert all(r() is not None for r in refs[10:])
    assert sum(len(b) for b in stream) == 80


@pytest.mark.whoosh_only
def test_a_small_archive_is_written_by_both_workers(tmp_path: Path):
    from whoosh import index

    ingest([DEMO], tmp_path / "ix", workers=2)
    ix = index.open_dir(str(tmp_path / "ix"), indexname="vnsearch")
    assert sorted(seg.doc_count_all() for seg in ix._segments()) == [20, 21]


def test_one_batch_more_than_the_workers_waits_in_memory(tmp_path: Path):
    """The parent hands a worker the next batch as soon as it is free, and reads no
    further ahead: every batch it holds is whole articles in memory."""
    from search.corpus import read_paths
    from search.indexing.pipeline import _results

    articles = list(read_paths([DEMO]))[:12]
    pulled: list[int] = []

    def cut():
        for n in range(0, len(articles), 2):
            pulled.append(n)
            yield articles[n : n + 2]

    results = _results(cut(), str(tmp_path / "ix"), "tantivy", 2, None)
    first = next(results)
    assert len(pulled) == 3  # two at the workers, one ready
    assert len(first.items) == 2
    assert sum(1 for _ in results) == 5
