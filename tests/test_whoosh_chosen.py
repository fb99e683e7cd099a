"""Positions read for chosen documents only (search/engines/whoosh/chosen.py): the same as the
whole list's, and only the blocks that hold a chosen document are inflated."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from helpers import write_jsonl

from search.engines.whoosh import chosen
from search.engines.whoosh.evaluate import Evaluator
from search.engines.whoosh.postings import Postings
from search.indexing.pipeline import ingest
from search.query import tree as qt
from search.searcher import Searcher

pytestmark = pytest.mark.whoosh_only

# Common syllables (in nearly every article: lists of several 1,024-posting blocks) and rare ones.
COMMON = ["người", "dân", "thành", "phố", "cho", "biết", "năm", "nay"]
RARE = ["hội", "đồng", "nhân", "kinh", "tế", "giao", "thông", "bão", "lũ", "mưa"]


def _articles(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    records = []
    for n in range(count):
        words = [rng.choice(COMMON) for _ in range(12)] + [rng.choice(RARE) for _ in range(rng.randint(0, 3))]
        rng.shuffle(words)
        body = " ".join(words).capitalize() + ". Người dân cho biết thêm."
        records.append({"id": f"a{n}", "title": f"Tin số {n}", "date": "2024-01-02", "body": body})
    return records


@pytest.fixture(scope="module")
def big_lists(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,600 articles in two segments, a few of them replaced afterwards (deleted documents)."""
    folder = tmp_path_factory.mktemp("chosen")
    records = _articles(2600, 5)
    ingest([write_jsonl(folder / "a.jsonl", records)], folder / "ix", workers=2, batch_size=1300)
    changed = [dict(r, body=r["body"] + " Giao thông thành phố.") for r in records[::97]]
    ingest([write_jsonl(folder / "b.jsonl", changed)], folder / "ix", workers=1)
    return folder / "ix"


def _whole(postings: Postings, field: str, text: str, docs: np.ndarray) -> tuple[list[int], list[int]]:
    ids, _, where, _ = postings.term_with_positions(field, text)
    found, counts = where.take(np.searchsorted(ids, docs))
    return found.tolist(), counts.tolist()


def test_chosen_documents_have_the_positions_of_the_whole_list(big_lists: Path):
    rng = random.Random(3)
    with Searcher(big_lists) as s:
        reader = s.reader._searcher.reader()
        assert len(reader.leaf_readers()) >= 2 and reader.doc_count_all() > reader.doc_count()
        postings = Postings(reader)
        checked = 0
        for field in ("body", "body_fold", "title"):
            for text in [*COMMON, *RARE, "nguoi", "tin", "số"]:
                ids, _, _ = postings.term(field, text)
                if not len(ids):
                    continue
                for size in (1, 3, 40, len(ids) // 2, len(ids)):
                    docs = np.array(sorted(rng.sample(ids.tolist(), min(size, len(ids)))), dtype=np.int64)
                    found, counts = chosen.positions_in(postings.leaves, field, text, docs)
                    assert (found.tolist(), counts.tolist()) == _whole(postings, field, text, docs), (
                        field,
                        text,
                    )
                    checked += 1
        assert checked > 60


def test_only_the_blocks_of_chosen_documents_are_inflated(big_lists: Path, monkeypatch: pytest.MonkeyPatch):
    from search.engines.whoosh import postings as postings_module

    monkeypatch.setattr(postings_module, "_CACHE", postings_module._Cache(64 << 20))  # no list read before
    inflated = []
    real = chosen.inflate
    monkeypatch.setattr(chosen, "inflate", lambda *args: inflated.append(1) or real(*args))
    with Searcher(big_lists) as s:
        postings = Postings(s.reader._searcher.reader())
        ids, _, _ = postings.term("body", "người")
        assert len(ids) > 2 * 1024  # several blocks in a segment
        one = ids[len(ids) // 3 : len(ids) // 3 + 1]
        found, counts = chosen.positions_in(postings.leaves, "body", "người", one)
        assert len(inflated) == 1 and counts.tolist() == [len(found)] and len(found) > 0
        inflated.clear()
        assert postings.positions("body", "người", one)[1].tolist() == counts.tolist()
        assert len(inflated) == 1  # a phrase with a rare word reads one block of the common one


def test_phrases_of_common_and_rare_words_match_whooshs(big_lists: Path):
    from test_whoosh_arrays import _assert_same

    with Searcher(big_lists) as s:
        searcher = s.reader._searcher
        evaluator = Evaluator(searcher, Postings(searcher.reader()))
        matched = 0
        for words in [
            ("cho", "biết"),
            ("người", "dân"),
            ("giao", "thông"),
            ("thông", "thành", "phố"),
            ("bão", "người"),
        ]:
            for field in ("body", "body_fold"):
                matched += _assert_same(searcher, evaluator, qt.Phrase(field, words))
        assert matched > 2600
