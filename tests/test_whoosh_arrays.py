"""The Whoosh engine's numpy reading gives exactly what Whoosh's own matchers give.

Postings and field lengths read in bulk (search.engines.whoosh.postings) against
Whoosh's matcher API term by term, and whole query trees run by the evaluator
(search.engines.whoosh.evaluate) against the same trees compiled to Whoosh
queries and collected with its UnlimitedCollector: the same documents, the
same scores. Indexes with several segments and deleted (updated) articles.
"""

from __future__ import annotations

import gzip
import itertools
import json
import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from helpers import DEMO, write_jsonl

from search.engines.whoosh.codec import ArrayCodec
from search.engines.whoosh.compiled import compile_query
from search.engines.whoosh.evaluate import Evaluator
from search.engines.whoosh.postings import Postings
from search.indexing.pipeline import ingest
from search.query import tree as qt
from search.query.build import DEFAULT_WEIGHTS, Matching
from search.query.plan import plan
from search.searcher import Searcher

pytestmark = pytest.mark.whoosh_only

QUERIES = [
    "cong an ha noi",
    "Công an Hà Nội",
    "giao thông",
    '"công an"',
    "ma túy -heroin",
    "bao lu mien trung",
    "year:2021 lũ lụt",
    "Tô Lâm phát biểu",
    "vaccine",
    "UBND",
    "TP.HCM",
    "giá vàng tăng",
    "học sinh OR giáo viên",
    "kinh tế -covid",
    "bóng đá Đà Nẵng",
    "Đảng uỷ",
    "xăng dầu",
    '"hải vân" trụ hạng',
    "-mưa",
    "của và là",
    "Thủ tướng Phạm Minh Chính chỉ đạo các bộ ngành khẩn trương khắc phục hậu quả mưa lũ",
    "tp hcm",
    "chính phủ",
]


def _records() -> list[dict]:
    return [json.loads(line) for line in (DEMO / "tin-tuc.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def updated_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus in several segments, three articles changed afterwards (deleted and added again)."""
    folder = tmp_path_factory.mktemp("arrays")
    ingest([DEMO], folder / "ix", workers=2, batch_size=7)
    changed = [dict(r, body=r["body"] + " Bài đã cập nhật về giao thông.") for r in _records()[:3]]
    report = ingest([write_jsonl(folder / "changed.jsonl", changed)], folder / "ix", workers=1)
    assert report.updated == 3
    return folder / "ix"


def _whoosh_matches(searcher, node: qt.Node) -> tuple[np.ndarray, np.ndarray]:
    from whoosh import collectors

    collector = collectors.UnlimitedCollector()
    searcher.search_with_collector(compile_query(node), collector)
    pairs = sorted((docnum, score) for score, docnum in collector.items)
    return np.array([d for d, _ in pairs], dtype=np.int64), np.array([s for _, s in pairs])


def _trees(s: Searcher, queries: list[str]) -> list[qt.Node]:
    trees = []
    for q in queries:
        qp = plan(q)
        for exact in (True, False) if qp.parsed.accented else (False,):
            _, tree = s._read(qp, s._for_this_index(DEFAULT_WEIGHTS), None, Matching(exact=exact))
            if tree is not None:
                trees.append(tree)
    return trees


def _assert_same(searcher, evaluator: Evaluator, node: qt.Node) -> int:
    want_ids, want_scores = _whoosh_matches(searcher, node)
    ids, scores = evaluator.run(node)
    assert ids.tolist() == want_ids.tolist(), str(node)
    np.testing.assert_allclose(scores, want_scores, rtol=1e-12, atol=0, err_msg=str(node))
    return len(ids)


def test_the_index_has_segments_and_deletions(updated_index: Path):
    with Searcher(updated_index) as s:
        reader = s.reader._searcher.reader()
        assert len(reader.leaf_readers()) > 2
        assert reader.doc_count_all() > reader.doc_count()  # the replaced versions are still in it
        kinds = Counter(
            info.is_inlined() for leaf, _ in reader.leaf_readers() for _, info in leaf.iter_field("body")
        )
        assert kinds[True] and kinds[False]  # short lists inside the term entry, longer ones in blocks
        assert all(isinstance(leaf._segment.codec(), ArrayCodec) for leaf, _ in reader.leaf_readers())


def test_every_term_reads_as_whooshs_matchers_give_it(updated_index: Path):
    with Searcher(updated_index) as s:
        reader = s.reader._searcher.reader()
        postings = Postings(reader)
        checked = 0
        for field in ("title", "body", "body_fold", "body_fold2", "lead_word", "speakers"):
            for term in itertools.islice(reader.lexicon(field), 0, None, 7):
                text = term.decode("utf-8")
                matcher = reader.postings(field, term)  # Whoosh leaves out deleted documents itself
                want = [(d, matcher.weight()) for d in _ids_with(matcher)]
                ids, weights, df = postings.term(field, text)
                assert df == reader.doc_frequency(field, term), (field, text)  # deleted documents too
                assert ids.tolist() == [d for d, _ in want], (field, text)
                assert weights.tolist() == [w for _, w in want], (field, text)
                checked += 1
        assert checked > 500


def test_the_term_table_holds_every_live_posting_of_a_field(updated_index: Path):
    with Searcher(updated_index) as s:
        reader = s.reader._searcher.reader()
        postings = Postings(reader)
        for field in ("speakers", "title", "body_fold2"):
            names, docs, numbers = postings.term_table(field)
            got = {(names[n], int(d)) for n, d in zip(numbers.tolist(), docs.tolist(), strict=True)}
            want = {
                (term.decode("utf-8"), d)
                for term in reader.lexicon(field)
                for d in _ids_with(reader.postings(field, term))
            }
            assert got == want and len(got) == len(docs), field  # inlined and block lists, no deleted
            assert dict(postings.every_term(field)).keys() == {name for name, _ in want}


def test_a_list_read_without_positions_inflates_only_ids_and_weights(updated_index: Path):
    """Positions are most of a block's bytes: a read that needs none stops inflating before them."""
    from search.engines.whoosh.codec import blocks_in
    from search.engines.whoosh.terms import posting_map, term_entry

    with Searcher(updated_index) as s:
        reader = s.reader._searcher.reader()
        lists = 0
        for leaf, _ in reader.leaf_readers():
            terms = leaf._terms
            for field in ("body", "body_fold", "title"):
                for term in leaf.lexicon(field):
                    df, inlined, offset = term_entry(terms, field, term)
                    if inlined is not None:
                        continue
                    full = list(blocks_in(posting_map(terms), offset))
                    short = list(blocks_in(posting_map(terms), offset, values=False))
                    assert len(full) == len(short)
                    for (ids, weights, data, start), (ids2, weights2, data2, start2) in zip(
                        full, short, strict=True
                    ):
                        assert ids2.tolist() == ids.tolist() and start2 == start
                        assert (weights2 is None) == (weights is None)
                        assert weights is None or weights2.tolist() == weights.tolist()
                        assert len(data) > start  # the positions follow ...
                        assert len(data2) == start  # ... and were not inflated
                    lists += 1
        assert lists > 50


def _ids_with(matcher):
    while matcher.is_active():
        yield matcher.id()
        matcher.next()


def test_positions_and_lengths_are_whooshs(updated_index: Path):
    with Searcher(updated_index) as s:
        reader = s.reader._searcher.reader()
        postings = Postings(reader)
        live = np.flatnonzero(postings.live)
        for field in ("title", "lead", "body", "body_fold", "body_word", "title_fold2"):
            lengths = postings.lengths(field)
            assert [lengths[d] for d in live] == [
                reader.doc_field_length(int(d), field, 0) or 0 for d in live
            ], field
        for field in ("title", "body", "body_fold"):
            for term in itertools.islice(reader.lexicon(field), 0, None, 31):
                ids, _, where, _ = postings.term_with_positions(field, term.decode("utf-8"))
                found, counts = where.take(np.arange(len(ids)))
                want = []
                matcher = reader.postings(field, term)
                for d in ids.tolist():
                    assert matcher.id() == d
                    want.append(matcher.value_as("positions"))
                    matcher.next()
                assert counts.tolist() == [len(p) for p in want]
                assert found.tolist() == [p for ps in want for p in ps]


def test_query_trees_match_and_score_as_whoosh_does(updated_index: Path):
    with Searcher(updated_index) as s:
        searcher = s.reader._searcher
        evaluator = Evaluator(searcher, Postings(searcher.reader()))
        found = [_assert_same(searcher, evaluator, tree) for tree in _trees(s, QUERIES)]
        assert sum(found) > 100 and found.count(0) < len(found) / 2


def test_node_kinds_whoosh_has_no_query_of_ours_for(updated_index: Path):
    with Searcher(updated_index) as s:
        searcher = s.reader._searcher
        evaluator = Evaluator(searcher, Postings(searcher.reader()))
        body = lambda w, boost=1.0: qt.Term("body", w, boost)  # noqa: E731
        nodes = [
            qt.AtLeast(2, (body("giao"), body("thông"), body("tai"), body("nạn"))),
            qt.AtLeast(5, (body("giao"), body("thông"))),
            qt.And((qt.Phrase("body", ("giao", "thông"), 2.0), qt.Or((body("xe"), body("đường", 0.5))))),
            qt.AndNot(qt.Every(), body("giao")),
            qt.AndMaybe(body("hà"), qt.Phrase("body", ("hà", "nội", "hà"))),
            qt.Phrase("body", ("không", "có", "chữ", "này")),
            qt.Or((body("khôngcóchữnày"), qt.Nothing())),
            qt.Phrase("body_fold", ("cong", "an")),
        ]
        for node in nodes:
            _assert_same(searcher, evaluator, node)


def test_results_of_real_articles_are_whooshs(shared_corpora: Path, tmp_path: Path):
    """300 VNTC articles and queries made from other articles' words."""
    path = shared_corpora / "vntc" / "vntc.jsonl.gz"
    if not path.exists():
        pytest.skip("VNTC is absent from ../shared/corpora")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in itertools.islice(f, 400)]
    ingest([write_jsonl(tmp_path / "a.jsonl", records[:300])], tmp_path / "ix", workers=2, batch_size=60)
    rng = random.Random(5)
    queries = []
    for record in records[300:]:
        words = record["body"].split()
        if len(words) > 30:
            start = rng.randrange(len(words) - 10)
            queries.append(" ".join(words[start : start + rng.choice((1, 2, 3, 4, 10))]))
    with Searcher(tmp_path / "ix") as s:
        searcher = s.reader._searcher
        evaluator = Evaluator(searcher, Postings(searcher.reader()))
        found = [_assert_same(searcher, evaluator, tree) for tree in _trees(s, queries)]
        assert len(found) > 100 and sum(found) > 1000
