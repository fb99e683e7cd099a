"""search.no_result_help: which other searches are offered when one finds nothing, and what each costs."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import index_of

from search.no_result_help import MAX_SEARCHES, Alternative, no_result_help
from search.query import DateRange, YearRange
from search.searcher import Searcher, SearchResult

pytestmark = pytest.mark.engines

Y2019 = YearRange(2019, 2019)


class CountingSearcher:
    """Finds ``totals(q, years, month, speakers)`` articles; remembers every search."""

    def __init__(self, totals=lambda q, years, month, speakers: 0) -> None:
        self.totals = totals
        self.calls: list[dict] = []

    def search(self, q: str, **kwargs) -> SearchResult:
        self.calls.append({"q": q, **kwargs})
        total = self.totals(q, kwargs.get("years"), kwargs.get("month"), tuple(kwargs.get("speakers", ())))
        return SearchResult(q, total, 0, kwargs["limit"], None, [])


def labels(alternatives: list[Alternative]) -> list[str]:
    return [a.label for a in alternatives]


# --- accents --------------------------------------------------------------------------------


def test_an_accented_query_is_offered_without_accents_even_when_that_finds_nothing():
    searcher = CountingSearcher()
    out = no_result_help(searcher, "ngựa zzyzx")
    assert out == [Alternative("Tìm không dấu", "ngua zzyzx", None, None, (), 0)]
    assert searcher.calls == [
        {
            "q": "ngua zzyzx",
            "limit": 0,
            "facets": False,
            "years": None,
            "month": None,
            "speakers": [],
            "sources": [],
            "sections": [],
            "dates": None,
            "sort": "relevance",
        }
    ]  # fmt: skip


def test_an_unaccented_query_is_offered_with_the_suggestions_accents():
    searcher = CountingSearcher(lambda q, *_: 7 if q == "lúa" else 0)
    out = no_result_help(searcher, "lua", suggestion="lúa")
    assert out == [Alternative("Tìm có dấu", "lúa", None, None, (), 7)]


def test_no_accent_option_without_a_different_suggestion_or_without_a_query():
    for q, suggestion in (("lua", None), ("lua", ""), ("lua", "lua"), ("", "lúa")):
        searcher = CountingSearcher(lambda *_: 3)
        assert no_result_help(searcher, q, suggestion=suggestion) == [], (q, suggestion)
        assert searcher.calls == []


def test_an_accented_query_ignores_the_suggestion():
    out = no_result_help(CountingSearcher(), "hà nội", suggestion="hà nội mới")
    assert labels(out) == ["Tìm không dấu"] and out[0].q == "ha noi"


def test_the_accent_option_keeps_the_filters():
    searcher = CountingSearcher()
    out = no_result_help(searcher, "bão", years=Y2019, month=3, speakers=["Trần Minh Khôi"], sort="newest")
    assert out[0] == Alternative("Tìm không dấu", "bao", Y2019, 3, ("Trần Minh Khôi",), 0)
    out = no_result_help(CountingSearcher(), "bao", suggestion="bão", years=Y2019, month=3, speakers=["A"])
    assert out[0] == Alternative("Tìm có dấu", "bão", Y2019, 3, ("A",), 0)
    assert searcher.calls[0] == {
        "q": "bao", "limit": 0, "facets": False, "years": Y2019, "month": 3, "speakers": ["Trần Minh Khôi"],
        "sources": [], "sections": [], "dates": None, "sort": "newest"
    }  # fmt: skip


def test_sources_sections_and_the_day_range_are_each_left_out_in_turn():
    found = CountingSearcher(lambda q, years, month, speakers: 2)
    dates = DateRange("2020-01-01", "2020-01-31")
    out = no_result_help(found, "metro", sources=["A", "B"], sections=["S"], dates=dates)
    labels = [a.label for a in out]
    assert labels == ["Bỏ lọc ngày", "Bỏ lọc nguồn A", "Bỏ lọc nguồn B", "Bỏ lọc chuyên mục S"]
    assert out[1].sources == ("B",) and out[1].sections == ("S",) and out[1].dates == dates
    assert out[0].dates is None and out[0].sources == ("A", "B")


# --- filters left out --------------------------------------------------------------------------


def test_leaving_out_the_year_drops_the_month_too_and_is_offered_only_when_it_finds_something():
    found = CountingSearcher(lambda q, years, month, speakers: 0 if years else 4)
    out = no_result_help(found, "metro", years=Y2019, month=5)
    assert out == [Alternative("Bỏ lọc năm", "metro", None, None, (), 4)]
    assert found.calls[0]["years"] is None and found.calls[0]["month"] is None
    assert no_result_help(CountingSearcher(), "metro", years=Y2019, month=5) == []


def test_each_speaker_is_left_out_in_turn():
    names = ("Trần Minh Khôi", "Phạm Thu Hà", "Lê Thị Hồng Vân")

    def totals(q, years, month, speakers):
        return 2 if "Phạm Thu Hà" not in speakers else 0  # only the one without Phạm Thu Hà finds something

    searcher = CountingSearcher(totals)
    out = no_result_help(searcher, "", years=Y2019, month=1, speakers=names)
    assert [c["speakers"] for c in searcher.calls] == [
        list(names),  # the year left out: all speakers kept
        ["Phạm Thu Hà", "Lê Thị Hồng Vân"],
        ["Trần Minh Khôi", "Lê Thị Hồng Vân"],
        ["Trần Minh Khôi", "Phạm Thu Hà"],
    ]
    assert out == [
        Alternative(
            "Bỏ lọc người phát biểu Phạm Thu Hà", "", Y2019, 1, ("Trần Minh Khôi", "Lê Thị Hồng Vân"), 2
        )
    ]


def test_order_accents_then_year_then_speakers():
    out = no_result_help(CountingSearcher(lambda *_: 1), "hà nội", years=Y2019, speakers=["A", "B"])
    assert labels(out) == [
        "Tìm không dấu",
        "Bỏ lọc năm",
        "Bỏ lọc người phát biểu A",
        "Bỏ lọc người phát biểu B",
    ]
    assert [a.total for a in out] == [1, 1, 1, 1]


def test_at_most_five_searches():
    assert MAX_SEARCHES == 5
    searcher = CountingSearcher(lambda *_: 1)
    speakers = [f"Người {i}" for i in range(8)]
    out = no_result_help(searcher, "hà nội", years=Y2019, speakers=speakers)
    assert len(searcher.calls) == 5
    assert labels(out) == [
        "Tìm không dấu",
        "Bỏ lọc năm",
        *(f"Bỏ lọc người phát biểu Người {i}" for i in range(3)),
    ]


def test_nothing_to_offer_for_an_empty_search():
    searcher = CountingSearcher(lambda *_: 9)
    assert no_result_help(searcher, "") == [] and searcher.calls == []


# --- on a real index ----------------------------------------------------------------------------


def test_on_a_real_index(tmp_path: Path):
    records = [
        {"id": "m1", "title": "Tuyến metro số 1 chạy thử", "date": "2021-05-01", "body": "Tàu chạy thử."},
        {"id": "m2", "title": "Metro số 1 đón khách", "date": "2024-12-22", "body": "Khách đông."},
        {"id": "n1", "title": "Ngựa ô về đích", "date": "2019-03-03", "body": "Cuộc đua."},
    ]
    with Searcher(index_of(records, tmp_path)) as searcher:
        assert searcher.search("metro", years=Y2019, facets=False).total == 0
        assert no_result_help(searcher, "metro", years=Y2019) == [
            Alternative("Bỏ lọc năm", "metro", None, None, (), 2)
        ]
        # offered though the unaccented search finds nothing either
        assert no_result_help(searcher, "qưzx") == [Alternative("Tìm không dấu", "quzx", None, None, (), 0)]
        out = no_result_help(searcher, "ngựa zzyzx")  # the count is what that search finds
        assert out == [
            Alternative("Tìm không dấu", "ngua zzyzx", None, None, (), searcher.search("ngua zzyzx").total)
        ]
