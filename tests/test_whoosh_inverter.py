"""The worker's in-memory inverter writes the segment files Whoosh's own pool writes, byte for byte.

search.engines.whoosh.inverter replaces Whoosh's external-sort posting pool
(a pickle per posting) with flat arrays sorted once by numpy; what it writes
must not change: the same term entries, blocks and inlined lists. Each test
writes the same documents through both and compares every file of the
segment.
"""

from __future__ import annotations

import gzip
import itertools
import json
import random
from pathlib import Path

import pytest
from helpers import DEMO, write_jsonl
from whoosh import fields, index
from whoosh.writing import SegmentWriter

import search.engines.whoosh.writer as whoosh_writer
from search.engines.whoosh.codec import BLOCK_LIMIT, INLINE_LIMIT, ArrayCodec
from search.engines.whoosh.inverter import ArrayPool, ArraySegmentWriter
from search.indexing.pipeline import ingest

pytestmark = pytest.mark.whoosh_only


def _segment_files(folder: Path) -> list[dict[str, bytes]]:
    """Each segment's files by what follows the segment id, segments in name order
    (one segment per index here)."""
    segments: dict[str, dict[str, bytes]] = {}
    for file in sorted(folder.iterdir()):
        name = file.name
        if name.startswith("vnsearch_") and "." in name and not name.endswith(".toc"):
            segment, rest = name.split(".", 1)
            segments.setdefault(segment, {})[rest] = file.read_bytes()
    return list(segments.values())


class _WhooshPool(SegmentWriter):
    """Whoosh's own writer with a pool small enough to spill runs to disk and merge them."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, limitmb=1, **kwargs)


def _both_ways(monkeypatch, tmp_path: Path, paths: list[Path]) -> tuple[list, list]:
    written = []
    for name, writer in (("whoosh", _WhooshPool), ("arrays", ArraySegmentWriter)):
        monkeypatch.setattr(whoosh_writer, "ArraySegmentWriter", writer)
        report = ingest(paths, tmp_path / name, workers=1, rebuild=True)
        assert report.added and not report.skipped
        written.append(_segment_files(tmp_path / name))
    return written[0], written[1]


def _assert_identical(whoosh: list[dict[str, bytes]], arrays: list[dict[str, bytes]]) -> None:
    assert len(whoosh) == len(arrays) == 1
    assert sorted(whoosh[0]) == sorted(arrays[0])
    assert {"pst", "trm"} <= set(whoosh[0])
    different = [part for part in whoosh[0] if whoosh[0][part] != arrays[0][part]]
    assert not different


def test_the_demo_corpus_is_written_as_whoosh_writes_it(monkeypatch, tmp_path: Path):
    _assert_identical(*_both_ways(monkeypatch, tmp_path, [DEMO]))


def test_real_articles_are_written_as_whoosh_writes_them(shared_corpora: Path, monkeypatch, tmp_path: Path):
    path = shared_corpora / "vntc" / "vntc.jsonl.gz"
    if not path.exists():
        pytest.skip("VNTC is absent from ../shared/corpora")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in itertools.islice(f, 250)]
    _assert_identical(*_both_ways(monkeypatch, tmp_path, [write_jsonl(tmp_path / "a.jsonl", records)]))


def _schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        tags=fields.KEYWORD(commas=True, scorable=True),
        text=fields.TEXT(phrase=True),
        plain=fields.TEXT(phrase=False),
        number=fields.NUMERIC(int, bits=32, sortable=True),
    )


def _documents(count: int) -> list[dict]:
    """A term in every document (several blocks), terms in one to five documents
    (either side of inlining), repeated words (weights other than 1), empty fields."""
    rng = random.Random(3)
    docs = []
    for n in range(count):
        words = ["common"] * rng.randint(1, 3) + [
            f"rare{rng.randrange(count)}" for _ in range(rng.randint(0, 4))
        ]
        words += [f"few{n // 3}", f"five{n // 5}"] + (["every7"] if n % 7 == 0 else [])
        rng.shuffle(words)
        doc = {"id": f"d{n}", "text": " ".join(words), "number": rng.randrange(100)}
        if n % 4:
            doc["plain"] = " ".join(words[: rng.randint(1, len(words))])
        if n % 3:
            doc["tags"] = ",".join(rng.sample(["a", "b b", "c", "d", "e"], rng.randint(1, 3)))
        docs.append(doc)
    return docs


@pytest.mark.parametrize("count", [1, INLINE_LIMIT + 2, BLOCK_LIMIT * 2 + 17])
def test_blocks_inlined_lists_and_weights_are_whooshs(tmp_path: Path, count: int):
    docs = _documents(count)
    written = []
    for name, writer in (("whoosh", _WhooshPool), ("arrays", ArraySegmentWriter)):
        folder = tmp_path / name
        folder.mkdir()
        ix = index.create_in(str(folder), _schema(), indexname="vnsearch")
        w = writer(ix, compound=False, codec=ArrayCodec())
        for doc in docs:
            w.add_document(**doc)
        w.commit()
        written.append(_segment_files(folder))
    _assert_identical(*written)
    with index.open_dir(str(tmp_path / "arrays"), indexname="vnsearch").searcher() as s:
        assert s.doc_frequency("text", "common") == count
        assert s.doc_count() == count


def test_ingest_writes_through_the_arrays(monkeypatch, tmp_path: Path):
    added = []
    original = ArrayPool.add

    def counting(self, item):
        added.append(item[0])
        original(self, item)

    monkeypatch.setattr(ArrayPool, "add", counting)
    ingest([DEMO], tmp_path / "ix", workers=1)
    assert "body" in added and "id" in added


def test_the_pool_drops_spelling_words():
    pool = ArrayPool()
    pool.add(("text", b"word", -1, 1.0, b""))
    pool.add(("text", b"word", 0, 2.0, b"\x01"))
    field = pool.fields["text"]
    assert list(field.doc) == [0] and list(field.weight) == [2.0] and bytes(field.values) == b"\x01"
