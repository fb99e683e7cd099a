"""The one SQLite FTS5 baseline (benchmarks/fts5.py) that bench and relevance compare with."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from benchmarks import fts5
from benchmarks.queryset import Query

try:
    sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
except sqlite3.OperationalError:
    pytest.skip("this sqlite3 has no FTS5", allow_module_level=True)

ARTICLES = [
    {
        "id": "a",
        "title": "Công an Hà Nội",
        "body": "Công an Hà Nội bắt nhóm trộm xe máy.",
        "date": "2020-05-01",
    },
    {
        "id": "b",
        "title": "Bóng đá",
        "body": "Đội tuyển Việt Nam thắng Thái Lan, ông Park Hang-seo nói.",
        "date": "2021-06-02",
    },
    {"id": "c", "title": "Thời tiết", "body": "Hà Nội mưa to, Thái Bình ngập.", "date": "2021-07-03"},
]


@pytest.fixture
def searcher(tmp_path: Path):
    corpus = tmp_path / "articles.jsonl"
    corpus.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    summary = fts5.build(tmp_path / "fts5.sqlite", [corpus])
    assert (summary["documents"], summary["skipped"]) == (3, 0)
    s = fts5.Fts5Searcher(tmp_path / "fts5.sqlite")
    yield s
    s.close()


def test_every_word_is_quoted_so_fts5_reads_no_syntax():
    assert (
        fts5.or_expression('Vì sao "giải cứu" OR NOT?') == '"Vì" OR "sao" OR "giải" OR "cứu" OR "OR" OR "NOT"'
    )
    assert fts5.and_expression("a-b") == '"a" "b"'
    assert fts5.or_expression(unicodedata.normalize("NFD", "Hà")) == '"Hà"'  # NFC first


def test_match_expression_of_our_queries():
    assert fts5.match_expression(Query("hà nội", "words")) == '"hà" OR "nội"'
    assert fts5.match_expression(Query('"thái lan"', "phrase")) == '"thái lan"'
    speaker = Query("bóng đá", "speaker", speakers=["Park Hang-seo"])
    assert fts5.match_expression(speaker) == '("bóng" OR "đá") AND "Park Hang seo"'
    assert fts5.match_expression(Query("?!", "words")) == ""


def test_search_counts_filters_and_snippets(searcher: fts5.Fts5Searcher):
    assert searcher.doc_count == 3
    total, top = searcher.search(Query("thai", "words", folded=True))  # FTS5 folds the accents
    assert total == 2 and {row[0] for row in top} == {"b", "c"}
    assert "<mark>Thái</mark>" in top[0][2]
    assert searcher.search(Query("ha noi", "words", folded=True))[0] == 3  # "noi" is "nói" too
    assert searcher.search(Query("ha noi", "year", year=2020))[0] == 1
    assert searcher.search(Query("việt nam", "speaker", speakers=["Park Hang-seo"]))[1][0][0] == "b"
    assert searcher.search(Query("", "words")) == (0, [])


def test_rank_or_and_and_then_or(searcher: fts5.Fts5Searcher):
    assert searcher.rank("công an Hà Nội")[0] == "a"
    assert searcher.rank("Thái Lan Hà Nội", and_first=True)[0] in {"b", "c"}
    assert searcher.rank("Việt Nam và Thái Lan", and_first=True) == searcher.rank("Việt Nam và Thái Lan")
    assert searcher.rank("", and_first=True) == []


def test_a_missing_database_says_what_to_run(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="run the ingest stage first"):
        fts5.Fts5Searcher(tmp_path / "none.sqlite")
