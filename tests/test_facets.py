"""Year, month and speaker facets: counts that reflect the other filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import index_of, vnsearch, write_jsonl

from search.indexing.pipeline import ingest
from search.query import YearRange
from search.searcher import Searcher

pytestmark = pytest.mark.engines

ARTICLES = [
    {
        "id": "a",
        "date": "2019-03-02",
        "body": 'Bộ trưởng Nguyễn Văn An phát biểu: "Giao thông phải an toàn".',
    },
    {
        "id": "b",
        "date": "2019-07-10",
        "body": "Theo ông Trần Bình, Giám đốc Sở, giao thông đô thị cần quy hoạch.",
    },
    {
        "id": "c",
        "date": "2020-01-05",
        "body": "Chủ tịch Nguyễn Văn An nhấn mạnh giao thông công cộng là ưu tiên.",
    },
    {"id": "d", "date": "2021", "body": "Giao thông ùn tắc kéo dài trên nhiều tuyến phố."},
    {"id": "e", "body": "Bà Lê Thu cho biết giao thông nông thôn đã được cải thiện."},
]


@pytest.fixture(scope="module")
def index(tmp_path_factory, engine) -> Path:
    return index_of(ARTICLES, tmp_path_factory.mktemp("facets"))


def _facet(result, name):
    return {f.value: f.count for f in result.facets[name]}


def test_speakers_are_extracted_at_ingest_with_canonical_names(index: Path):
    with Searcher(index) as s:
        hits = {h.id: h.speakers for h in s.search("giao thông", limit=10).hits}
    assert hits["a"] == ["Nguyễn Văn An"] and hits["c"] == ["Nguyễn Văn An"]
    assert hits["b"] == ["Trần Bình"] and hits["e"] == ["Lê Thu"] and hits["d"] == []


def test_counts_without_filters(index: Path):
    with Searcher(index) as s:
        r = s.search("giao thông")
    assert _facet(r, "year") == {2019: 2, 2020: 1, 2021: 1, None: 1}
    assert _facet(r, "speaker") == {"Nguyễn Văn An": 2, "Trần Bình": 1, "Lê Thu": 1}
    assert [f.value for f in r.facets["year"]][-1] is None  # undated bucket last, never dropped


def test_year_filter_keeps_other_years_in_the_year_facet(index: Path):
    with Searcher(index) as s:
        r = s.search("giao thông", years=YearRange(2019, 2019))
    assert r.total == 2
    assert _facet(r, "year") == {2019: 2, 2020: 1, 2021: 1, None: 1}  # ignores its own filter
    assert _facet(r, "speaker") == {"Nguyễn Văn An": 1, "Trần Bình": 1}  # but applies to others
    assert _facet(r, "month") == {3: 1, 7: 1}


def test_speaker_filter_keeps_other_speakers_and_narrows_years(index: Path):
    with Searcher(index) as s:
        r = s.search("giao thông", speakers=["Nguyễn Văn An"])
    assert sorted(h.id for h in r.hits) == ["a", "c"]
    assert _facet(r, "speaker") == {"Nguyễn Văn An": 2, "Trần Bình": 1, "Lê Thu": 1}
    assert _facet(r, "year") == {2019: 1, 2020: 1}
    assert "month" not in r.facets


def test_filters_combine_with_and(index: Path):
    with Searcher(index) as s:
        r = s.search("giao thông", years=YearRange(2020, 2021), speakers=["Nguyễn Văn An"])
        assert [h.id for h in r.hits] == ["c"]
        assert [h.id for h in s.search('giao thông speaker:"Nguyễn Văn An" year:2019').hits] == ["a"]


def test_cli_speaker_and_year_options(index: Path):
    proc = vnsearch(
        "search", "--index", str(index), "--format", "json", "--speaker", "Trần Bình", "giao thong"
    )
    data = json.loads(proc.stdout)
    assert [h["id"] for h in data["hits"]] == ["b"]
    assert {f["value"] for f in data["facets"]["speaker"]} == {"Nguyễn Văn An", "Trần Bình", "Lê Thu"}


def test_seeds_facets_as_the_issue_states(seeds_dir: Path, tmp_path: Path):
    ingest([seeds_dir], tmp_path / "ix", workers=1)
    proc = vnsearch("search", "--index", str(tmp_path / "ix"), "--format", "json", "công an")
    data = json.loads(proc.stdout)
    years = {f["value"]: f["count"] for f in data["facets"]["year"]}
    assert years == {2024: 2, 2021: 1, 2020: 1, None: 1}
    by_id = {h["id"]: h["speakers"] for h in data["hits"]}
    quoting_to_lam = {i for i, sp in by_id.items() if "Tô Lâm" in sp}
    assert quoting_to_lam == {
        "000_5bfda8c2a60b10a7.txt",
        "001_1f60bbbcdff71fa4.txt",
        "003_ef6709054a1998c0.txt",
        "004_ad775a49d31fd10f.txt",
    }
    assert {"Đinh Tiến Dũng", "Chu Ngọc Anh"} <= set(by_id["002_734a28bc2cfa8055.txt"])


def test_no_article_with_every_word_falls_back_to_some_words(index: Path):
    with Searcher(index) as s:
        r = s.search("giao thông sao hỏa")  # nobody wrote about Mars
        assert r.total == 5 and any("some of them" in n for n in r.notes)
        phrase = s.search('"thông giao"')  # no article has this phrase
        assert phrase.total == 5 and phrase.notes
        assert s.search("sao hỏa").total == 0  # nothing to fall back to


def test_refresh_sees_a_new_commit_and_its_speakers(tmp_path: Path):
    write_jsonl(tmp_path / "a.jsonl", ARTICLES[:2])
    ingest([tmp_path / "a.jsonl"], tmp_path / "ix", workers=1)
    with Searcher(tmp_path / "ix") as s:
        assert _facet(s.search("giao thông"), "speaker") == {"Nguyễn Văn An": 1, "Trần Bình": 1}
        write_jsonl(tmp_path / "b.jsonl", ARTICLES[2:])
        ingest([tmp_path / "b.jsonl"], tmp_path / "ix", workers=1)
        s.refresh()
        assert _facet(s.search("giao thông"), "speaker") == {"Nguyễn Văn An": 2, "Trần Bình": 1, "Lê Thu": 1}
        assert s.search("giao thông").total == 5


def test_month_filter_within_a_year(index: Path):
    with Searcher(index) as s:
        r = s.search("giao thông", years=YearRange(2019, 2019), month=7)
        assert [h.id for h in r.hits] == ["b"]
        assert _facet(r, "month") == {3: 1, 7: 1}  # the other month stays visible
        with pytest.raises(Exception, match="single year"):
            s.search("giao thông", month=7)


def test_long_texts_need_enough_of_their_content_words(tmp_path: Path):
    records = [
        {"id": "all", "body": "Giá xăng dầu trong nước tăng mạnh từ chiều nay đến hết tuần sau."},
        {"id": "light", "body": "Từ nay đến hết năm, trong khi chờ đợi."},  # only its function words
        {"id": "one", "body": "Giá vé rẻ."},  # one of its words
        {"id": "two", "body": "Giá vé rẻ, nước trong."},  # two of its words, not side by side
    ]
    ix = index_of(records, tmp_path)
    with Searcher(ix) as s:
        r = s.search("giá xăng dầu trong nước tăng mạnh từ chiều nay đến hết tuần sau", limit=10)
        assert r.reading["words"] == "enough" and r.reading["needed"] == 2
        assert [h.id for h in r.hits][0] == "all" and {h.id for h in r.hits} == {"all", "two"}
        assert any(n.kind == "enough" for n in r.notes)
