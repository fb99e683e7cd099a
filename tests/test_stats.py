"""What an index holds (search.stats.index_stats): articles, years with the
undated last, sources by count, bytes on disk, the engine; for every engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import index_of, write_jsonl

from search.indexing import ingest
from search.stats import index_stats

pytestmark = pytest.mark.engines

ARTICLES = [
    {"id": "a", "date": "2019-03-02", "source": "VnExpress", "body": "Giao thông Hà Nội."},
    {"id": "b", "date": "2021-07", "source": "Dân Trí", "body": "Bão số 3."},
    {"id": "c", "date": "2019", "source": "Dân Trí", "body": "Lũ ở miền Trung."},
    {"id": "d", "source": "Tuổi Trẻ", "body": "Tin không ngày tháng."},
    {"id": "e", "date": "2020-01-01", "body": "Tin không nguồn."},
    {"id": "f", "date": "2019-12-31", "source": "Dân Trí", "body": "Cuối năm."},
]


def test_the_whole_report(tmp_path: Path, engine: str):
    ix = index_of(ARTICLES, tmp_path)
    stats = index_stats(ix)
    size = sum(f.stat().st_size for f in ix.rglob("*") if f.is_file())
    assert stats == {
        "index": str(ix),
        "engine": engine,
        "articles": 6,
        "bytes": size,
        "years": [
            {"value": 2021, "count": 1},
            {"value": 2020, "count": 1},
            {"value": 2019, "count": 3},
            {"value": None, "count": 1},
        ],
        # By count, then by name; an article without a source is not a source.
        "sources": [
            {"value": "Dân Trí", "count": 3},
            {"value": "Tuổi Trẻ", "count": 1},
            {"value": "VnExpress", "count": 1},
        ],
        "sections": [],  # no article here has a section
        "stories": 6,  # and none is a near-duplicate of another
        "meaning": None,  # no vectors of meaning (vnsearch index --meaning)
        "meaning_stale": False,  # nor an older version's
    }
    assert size > 0


def test_no_undated_entry_when_every_article_has_a_date(tmp_path: Path):
    stats = index_stats(index_of([a for a in ARTICLES if "date" in a], tmp_path))
    assert [y["value"] for y in stats["years"]] == [2021, 2020, 2019]


def test_an_update_counts_once_and_a_new_article_shows(tmp_path: Path):
    ix = index_of(ARTICLES, tmp_path)
    changed = [{**ARTICLES[0], "date": "2018-05-05", "body": "Giao thông Hà Nội, bản sửa."}]
    added = [{"id": "g", "date": "2018", "source": "VnExpress", "body": "Tin mới."}]
    ingest([write_jsonl(tmp_path / "more.jsonl", changed + added)], ix, workers=1)
    stats = index_stats(ix)
    assert stats["articles"] == 7
    assert {y["value"]: y["count"] for y in stats["years"]} == {2021: 1, 2020: 1, 2019: 2, 2018: 2, None: 1}
    assert stats["sources"][:2] == [{"value": "Dân Trí", "count": 3}, {"value": "VnExpress", "count": 2}]


def test_an_empty_index(tmp_path: Path, engine: str):
    ingest([write_jsonl(tmp_path / "in.jsonl", [])], tmp_path / "ix", workers=1)
    stats = index_stats(tmp_path / "ix")
    assert stats["articles"] == 0 and stats["years"] == [] and stats["sources"] == []
    assert stats["engine"] == engine
