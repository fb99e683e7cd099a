"""Source and section facets, day ranges, several values per facet: OR within
a facet, AND across facets, each facet counting what the other filters leave."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import index_of, vnsearch

from search.errors import QueryError
from search.query import DateRange, parse_date_range, parse_query
from search.searcher import Searcher

pytestmark = pytest.mark.engines

ARTICLES = [
    {
        "id": "a",
        "date": "2020-03-02",
        "source": "Dân Trí",
        "category": "Thời sự",
        "body": "Giao thông ùn tắc ở Hà Nội.",
    },
    {
        "id": "b",
        "date": "2020-03-15",
        "source": "Dân Trí",
        "category": "Kinh doanh",
        "body": "Giao thông và giá xăng.",
    },
    {
        "id": "c",
        "date": "2020-04-01T08:00",
        "source": "Tuổi Trẻ",
        "category": "Thời sự",
        "body": "Giao thông TP.HCM.",
    },
    {
        "id": "d",
        "date": "2020-06",
        "source": "Tuổi Trẻ",
        "category": "Thể thao",
        "body": "Giao thông quanh sân.",
    },
    {
        "id": "e",
        "date": "2021-01-09",
        "url": "https://www.vnexpress.net/x-1.html",
        "body": "Giao thông ngày Tết.",
    },
    {"id": "f", "source": "Dân Trí", "category": "Thời sự", "body": "Giao thông không rõ ngày."},
]


@pytest.fixture(scope="module")
def index(tmp_path_factory, engine) -> Path:
    return index_of(ARTICLES, tmp_path_factory.mktemp("filters"))


def _ids(result) -> set[str]:
    return {h.id for h in result.hits}


def _facet(result, name) -> dict:
    return {f.value: f.count for f in result.facets[name]}


def test_sources_and_sections_are_read_and_counted(index: Path):
    with Searcher(index) as s:
        r = s.search("giao thông", limit=10)
    # The source falls back to the url's host; the section comes from "category".
    assert _facet(r, "source") == {"Dân Trí": 3, "Tuổi Trẻ": 2, "vnexpress.net": 1}
    assert _facet(r, "section") == {"Thời sự": 3, "Kinh doanh": 1, "Thể thao": 1}
    hit = next(h for h in r.hits if h.id == "b")
    assert (hit.source, hit.section) == ("Dân Trí", "Kinh doanh")


def test_two_sources_are_either_and_a_section_narrows_both(index: Path):
    with Searcher(index) as s:
        either = s.search("giao thông", sources=["Dân Trí", "vnexpress.net"], limit=10)
        both = s.search("giao thông", sources=["Dân Trí", "Tuổi Trẻ"], sections=["Thời sự"], limit=10)
    assert _ids(either) == {"a", "b", "e", "f"}
    assert _ids(both) == {"a", "c", "f"}
    # Each facet counts what the *other* filters leave: the source list still
    # shows every source under the section chosen, and the sections every
    # section of the two sources.
    assert _facet(both, "source") == {"Dân Trí": 2, "Tuổi Trẻ": 1}
    assert _facet(both, "section") == {"Thời sự": 3, "Kinh doanh": 1, "Thể thao": 1}


def test_source_values_are_matched_without_case_or_accents(index: Path):
    with Searcher(index) as s:
        assert _ids(s.search("giao thông", sources=["dan tri"], limit=10)) == {"a", "b", "f"}
        assert _ids(s.search('giao thông nguồn:"tuổi trẻ" mục:thoi_su', limit=10)) == set()
        assert _ids(s.search('giao thông nguồn:"tuổi trẻ" mục:"thoi su"', limit=10)) == {"c"}
        unknown = s.search("giao thông", sources=["Lao Động"])
    assert unknown.total == 0
    # A value chosen stays listed (with 0) so that its chip and its box can be undone.
    assert _facet(unknown, "source")["Lao Động"] == 0


def test_a_day_range_counts_partial_dates_by_their_first_day_and_leaves_out_undated(index: Path):
    with Searcher(index) as s:
        march = s.search("giao thông", dates=DateRange("2020-03-01", "2020-03-31"), limit=10)
        spring = s.search("giao thông date:2020-03-10..2020-06", limit=10)
        open_end = s.search("giao thông", dates=DateRange("2020-06-01", None), limit=10)
    assert _ids(march) == {"a", "b"}
    assert _ids(spring) == {"b", "c", "d"}  # "2020-06" is 1 June
    assert _ids(open_end) == {"d", "e"}
    # Days are counted under every filter but the range's, for the timeline and its undated bucket.
    assert _facet(march, "day") == {
        "2020-03-02": 1, "2020-03-15": 1, "2020-04-01": 1, "2020-06-01": 1, "2021-01-09": 1, None: 1
    }  # fmt: skip


def test_undated_articles_are_left_out_of_a_day_range_but_stay_in_the_year_facet(index: Path):
    with Searcher(index) as s:
        r = s.search("giao thông", dates=DateRange(None, "2030-12-31"), sources=["Dân Trí"])
    assert r.total == 2 and _facet(r, "day")[None] == 1  # "f" is left out, and counted as undated
    with Searcher(index) as s:
        every = s.search("giao thông")
    assert _facet(every, "year")[None] == 1  # the undated article stays visible in the year facet


def test_date_ranges_are_read_with_the_periods_they_name():
    assert parse_date_range("2020-02") == DateRange("2020-02-01", "2020-02-29")
    assert parse_date_range("2019..2020-03") == DateRange("2019-01-01", "2020-03-31")
    assert parse_date_range("..2021-05-04") == DateRange(None, "2021-05-04")
    for bad in ("2020-13", "2021-02-29", "2020-03-01..2019", "hôm qua", ".."):
        with pytest.raises(QueryError):
            parse_date_range(bad)
    pq = parse_query("bão date:2020-02-30 số 9")
    assert pq.dates is None and [n.kind for n in pq.notes] == ["bad_date"] and pq.text == "bão số 9"


def test_filter_names_in_vietnamese_with_and_without_accents():
    pq = parse_query('lũ nguồn:"Dân Trí" nguon:VnExpress mục:"Thời sự" muc:X ngày:2020 source:A section:B')
    assert pq.text == "lũ"
    assert pq.sources == ["Dân Trí", "VnExpress", "A"] and pq.sections == ["Thời sự", "X", "B"]
    assert pq.dates == DateRange("2020-01-01", "2020-12-31")


def test_cli_takes_repeated_sources_sections_and_a_day_range(index: Path):
    proc = vnsearch(
        "search",
        "--index",
        str(index),
        "--format",
        "json",
        "--source",
        "Dân Trí",
        "--source",
        "Tuổi Trẻ",
        "--section",
        "Thời sự",
        "--date",
        "2020-03..2020-04",
        "giao thông",
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert {h["id"] for h in data["hits"]} == {"a", "c"}
    assert {f["value"]: f["count"] for f in data["facets"]["source"]} == {"Dân Trí": 1, "Tuổi Trẻ": 1}
    bad = vnsearch("search", "--index", str(index), "--date", "2020-02-30", "giao thông")
    assert bad.returncode != 0 and "2020-02" in bad.stderr and "Traceback" not in bad.stderr
