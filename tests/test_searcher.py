"""The Searcher API the web app and the CLI call: search (hits, snippets,
scores, filters, sorts, paging, facets, notes), get, suggestions; over a
small index built here, for every engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import RESULT_KEYS, index_of, write_jsonl

from search.errors import ConfigError
from search.indexing import ingest
from search.query import YearRange
from search.searcher import MAX_LIMIT, Searcher, StoredArticle

pytestmark = pytest.mark.engines

ARTICLES = [
    {
        "id": "a1",
        "date": "2019-03-02",
        "title": "Công an Hà Nội triệt phá đường dây ma túy",
        "source": "Dân Trí",
        "url": "https://dantri.vn/a1",
        "body": 'Bộ trưởng Nguyễn Văn An phát biểu: "Công an Hà Nội đã triệt phá đường dây ma túy lớn nhất năm".',
    },
    {
        "id": "a2",
        "date": "2019-07-10",
        "title": "Giao thông đô thị",
        "source": "VnExpress",
        "body": "Theo ông Trần Bình, Giám đốc Sở, giao thông đô thị cần quy hoạch lại.",
    },
    {
        "id": "a3",
        "date": "2020-01-05",
        "body": "Chủ tịch Nguyễn Văn An nhấn mạnh giao thông công cộng là ưu tiên của Hà Nội.",
    },
    {"id": "a4", "date": "2021", "body": "Bão số 3 gây ngập lụt ở Hà Nội, giao thông ùn tắc."},
    {"id": "a5", "body": "Bà Lê Thu cho biết giao thông nông thôn đã được cải thiện."},
    {
        "id": "a6",
        "date": "2019-03-20",
        "body": "Hà Nội: công an phường kiểm tra giao thông, ông Trần Bình cho biết.",
    },
]
GIAO_THONG = {"a2", "a3", "a4", "a5", "a6"}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory, engine: str):
    with Searcher(index_of(ARTICLES, tmp_path_factory.mktemp("searcher"))) as s:
        yield s


def _ids(result) -> list[str]:
    return [h.id for h in result.hits]


def _facet(result, name: str) -> list[tuple]:
    return [(f.value, f.count) for f in result.facets[name]]


def test_the_searcher_reads_the_index_s_engine_and_size(searcher: Searcher, engine: str):
    assert searcher.engine == engine and searcher.doc_count == len(ARTICLES)


# --- hits -------------------------------------------------------------------------------------


def test_a_hit_carries_what_a_result_shows(searcher: Searcher):
    (hit,) = searcher.search("ma túy").hits
    assert (hit.id, hit.title, hit.date, hit.year) == (
        "a1",
        "Công an Hà Nội triệt phá đường dây ma túy",
        "2019-03-02",
        2019,
    )
    assert (hit.speakers, hit.source, hit.url) == (["Nguyễn Văn An"], "Dân Trí", "https://dantri.vn/a1")
    assert isinstance(hit.score, float) and hit.score > 0
    # The snippet: escaped HTML with the matches marked; the same as plain text.
    assert "<mark>ma túy</mark>" in hit.snippet and "&quot;" in hit.snippet  # one mark for the word
    assert "ma túy lớn" in hit.snippet_text and "<" not in hit.snippet_text and '"' in hit.snippet_text


def test_an_undated_article_has_no_date_or_year(searcher: Searcher):
    (hit,) = searcher.search("nông thôn").hits
    assert hit.id == "a5" and hit.date is None and hit.year is None and hit.source == ""


def test_unaccented_words_find_accented_text_and_suggest_the_accents(searcher: Searcher):
    r = searcher.search("ma tuy")
    assert _ids(r) == ["a1"] and r.suggestion == "ma túy"
    assert searcher.search("ma túy").suggestion is None  # typed with accents: nothing to suggest
    assert searcher.suggest("cong an ha noi").text == "công an hà nội"
    assert searcher.suggest("công an") is None


def test_relevance_scores_come_highest_first(searcher: Searcher):
    r = searcher.search("giao thông", limit=10)
    assert set(_ids(r)) == GIAO_THONG and r.total == 5
    scores = [h.score for h in r.hits]
    assert scores == sorted(scores, reverse=True) and _ids(r)[0] == "a2"  # in its title too


def test_phrases_and_exclusions(searcher: Searcher):
    assert set(_ids(searcher.search('"công an"'))) == {"a1", "a6"}  # not "công cộng"
    assert set(_ids(searcher.search("giao thông -bão", limit=10))) == GIAO_THONG - {"a4"}
    assert set(_ids(searcher.search("giao thông -bao", limit=10))) == GIAO_THONG - {"a4"}


def test_no_article_with_every_word_shows_those_with_some_and_says_so(searcher: Searcher):
    r = searcher.search("giao thông sao hỏa", limit=10)
    assert set(_ids(r)) == GIAO_THONG and any("some of them" in note for note in r.notes)
    assert searcher.search("giao thông").notes == []


def test_an_empty_query_lists_every_article_newest_first_undated_last(searcher: Searcher):
    r = searcher.search("", limit=10)
    assert _ids(r) == ["a4", "a3", "a2", "a6", "a1", "a5"]
    assert all(h.score is None for h in r.hits)  # no query, no score


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("newest", ["a4", "a3", "a2", "a6", "a5"]), ("oldest", ["a6", "a2", "a3", "a4", "a5"])],
)
def test_date_sorts_put_the_undated_last_and_show_no_score(searcher: Searcher, sort, expected):
    r = searcher.search("giao thông", sort=sort, limit=10)
    assert _ids(r) == expected and all(h.score is None for h in r.hits)


# --- filters ------------------------------------------------------------------------------


def test_year_month_and_speaker_filters(searcher: Searcher):
    assert set(_ids(searcher.search("", years=YearRange(2019, 2019)))) == {"a1", "a2", "a6"}
    assert set(_ids(searcher.search("", years=YearRange(2020, None)))) == {"a3", "a4"}
    assert set(_ids(searcher.search("", years=YearRange(None, 2019)))) == {"a1", "a2", "a6"}
    assert set(_ids(searcher.search("", years=YearRange(2019, 2019), month=3))) == {"a1", "a6"}
    assert set(_ids(searcher.search("", speakers=["Trần Bình"]))) == {"a2", "a6"}
    assert _ids(searcher.search("", speakers=["Trần Bình"], years=YearRange(2019, 2019), month=3)) == ["a6"]


def test_filters_written_in_the_query_add_to_the_arguments(searcher: Searcher):
    assert _ids(searcher.search('giao thông year:2019 speaker:"Trần Bình"', sort="oldest")) == ["a6", "a2"]
    assert _ids(searcher.search("giao thông year:2019", speakers=["Trần Bình"], sort="oldest")) == [
        "a6",
        "a2",
    ]
    # Two speakers, one written and one given: either one (nobody quotes them together).
    either = searcher.search('speaker:"Lê Thu"', speakers=["Trần Bình"])
    thu, binh = searcher.search('speaker:"Lê Thu"'), searcher.search("", speakers=["Trần Bình"])
    assert either.total == thu.total + binh.total > max(thu.total, binh.total)


# --- paging -------------------------------------------------------------------------------------


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_pages_follow_on_without_gaps_or_repeats(searcher: Searcher, sort: str):
    whole = _ids(searcher.search("giao thông", sort=sort, limit=10))
    pages = [searcher.search("giao thông", sort=sort, limit=2, offset=o) for o in (0, 2, 4)]
    assert [i for p in pages for i in _ids(p)] == whole
    assert {p.total for p in pages} == {5} and [len(p.hits) for p in pages] == [2, 2, 1]
    assert all((p.offset, p.limit) == (o, 2) for p, o in zip(pages, (0, 2, 4), strict=True))


def test_past_the_last_page_and_a_zero_limit_still_count(searcher: Searcher):
    beyond = searcher.search("giao thông", offset=50)
    assert beyond.hits == [] and beyond.total == 5
    counted = searcher.search("giao thông", limit=0)
    assert counted.hits == [] and counted.total == 5
    assert dict(_facet(counted, "year")) == {2019: 2, 2020: 1, 2021: 1, None: 1}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"limit": MAX_LIMIT + 1}, f"--limit must be between 0 and {MAX_LIMIT}"),
        ({"limit": -1}, "--limit must be between"),
        ({"offset": -1}, "--offset must be 0 or more"),
        ({"sort": "best"}, "--sort must be one of relevance, newest, oldest"),
        ({"month": 3}, "A month filter needs a single year"),
        ({"month": 13, "years": YearRange(2019, 2019)}, "a month from 1 to 12"),
        ({"month": 3, "years": YearRange(2019, 2020)}, "single year"),
    ],
)
def test_bad_parameters_say_which_and_what_is_allowed(searcher: Searcher, kwargs, message):
    with pytest.raises(ConfigError, match=message):
        searcher.search("giao thông", **kwargs)


# --- facets -------------------------------------------------------------------------------------


def test_facets_years_newest_first_undated_last_speakers_by_count_then_name(searcher: Searcher):
    r = searcher.search("giao thông")
    assert _facet(r, "year") == [(2021, 1), (2020, 1), (2019, 2), (None, 1)]
    assert _facet(r, "speaker") == [("Trần Bình", 2), ("Lê Thu", 1), ("Nguyễn Văn An", 1)]
    assert "month" not in r.facets


def test_each_facet_counts_what_the_other_filters_leave(searcher: Searcher):
    r = searcher.search("giao thông", years=YearRange(2019, 2019), month=7)
    assert _ids(r) == ["a2"]
    assert _facet(r, "year") == [(2021, 1), (2020, 1), (2019, 2), (None, 1)]  # not its own filter
    assert _facet(r, "month") == [(3, 1), (7, 1)]  # the other month of the year stays
    assert _facet(r, "speaker") == [("Trần Bình", 1)]  # the year and month apply
    r = searcher.search("giao thông", speakers=["Nguyễn Văn An"])
    assert _facet(r, "speaker") == [("Trần Bình", 2), ("Lê Thu", 1), ("Nguyễn Văn An", 1)]
    assert _facet(r, "year") == [(2020, 1)]


def test_no_facets_when_not_asked(searcher: Searcher):
    assert searcher.search("giao thông", facets=False).facets == {}


# --- the JSON contract and get --------------------------------------------------------------------


def test_as_dict_is_the_json_of_the_api(searcher: Searcher):
    data = json.loads(json.dumps(searcher.search("ma tuy", limit=3).as_dict()))
    assert list(data) == RESULT_KEYS
    assert data["reading"]["words"] == "all" and data["reading"]["accents"] == "folded"
    assert (data["query"], data["total"], data["offset"], data["limit"]) == ("ma tuy", 1, 0, 3)
    assert data["suggestion"] == "ma túy"
    assert set(data["hits"][0]) == {
        "id",
        "title",
        "date",
        "year",
        "speakers",
        "source",
        "section",
        "url",
        "score",
        "snippet",
        "group",
        "similar",
    }
    assert data["facets"]["year"] == [{"value": 2019, "count": 1}]
    assert data["facets"]["speaker"] == [{"value": "Nguyễn Văn An", "count": 1}]
    assert set(data["facets"]) == {"year", "speaker", "source", "section"}


def test_get_returns_the_stored_article_or_none(searcher: Searcher):
    article = searcher.get("a2")
    assert isinstance(article, StoredArticle)
    assert article.id == "a2" and article.title == "Giao thông đô thị"
    assert article.body == ARTICLES[1]["body"] and article.speakers == ["Trần Bình"]
    assert searcher.get("nope") is None


def test_refresh_sees_an_updated_article_once(tmp_path: Path):
    ix = index_of(ARTICLES, tmp_path)
    with Searcher(ix) as s:
        assert s.search("ma túy").total == 1
        changed = {**ARTICLES[0], "body": "Công an Hà Nội triệt phá đường dây buôn lậu."}
        ingest([write_jsonl(tmp_path / "b.jsonl", [changed])], ix, workers=1)
        s.refresh()
        assert s.search("buôn lậu").total == 1 and s.get("a1").body == changed["body"]
        assert s.search("phát biểu").total == 0 and s.search("").total == s.doc_count == len(ARTICLES)


def test_hits_without_snippets_are_the_same_hits_and_the_marks_stay(searcher: Searcher):
    full, bare = searcher.search("ma tuy"), searcher.search("ma tuy", snippets=False)
    assert [h.id for h in bare.hits] == [h.id for h in full.hits] and bare.total == full.total
    assert full.hits[0].excerpt.matches and not bare.hits[0].excerpt.fragments
    assert bare.marks == full.marks and bare.marks[0]  # what a snippet would mark, for other views


def test_threads_sharing_a_searcher_read_its_statistics_once(searcher: Searcher, monkeypatch):
    """The site's threads share one Searcher: the did-you-mean statistics, read on first use,
    are read by one thread while the others wait (numpy's header parsing in several threads at
    once raised SystemError on Python 3.11, a 500 on /api/search)."""
    import threading
    import time

    import search.searcher as module

    calls: list[int] = []
    real = module.load_vocabulary

    def slow(folder):
        calls.append(1)
        time.sleep(0.05)  # long enough for every thread to ask before the first one is done
        return real(folder)

    monkeypatch.setattr(module, "load_vocabulary", slow)
    fresh = Searcher(searcher.index_dir)
    try:
        seen: list[object] = []
        threads = [threading.Thread(target=lambda: seen.append(fresh.vocabulary)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        fresh.close()
    assert len(calls) == 1 and len(seen) == 8 and all(v is seen[0] for v in seen)
