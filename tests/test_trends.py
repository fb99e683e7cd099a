"""Compare over time (search/trends.py, /xu-huong, /xu-huong.csv, /api/trends, ``vnsearch trends``)
on the demo index, with both engines: every count is checked against the searcher itself."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers import vnsearch

from search.query import DateRange, YearRange
from search.searcher import Searcher
from search.trends import (
    MAX_PERIODS,
    TrendsError,
    check_period,
    check_queries,
    choose_unit,
    periods_between,
    trends,
)

pytestmark = pytest.mark.engines

DICH = "dịch bệnh"


@pytest.fixture(scope="module")
def searcher(demo_index: Path):
    with Searcher(demo_index) as s:
        yield s


def _undated(searcher: Searcher, q: str, **filters) -> int:
    return sum(f.count for f in searcher.search(q, limit=0, **filters).facets["year"] if f.value is None)


# --- periods (no index) ----------------------------------------------------------


def test_weeks_start_on_monday_and_carry_iso_keys():
    weeks = periods_between(date(2020, 12, 30), date(2021, 1, 12), "week")
    assert [p.key for p in weeks] == ["2020-W53", "2021-W01", "2021-W02"]
    assert weeks[0].start == date(2020, 12, 30) and weeks[0].end == date(2021, 1, 3) and weeks[0].partial
    assert weeks[1].start == date(2021, 1, 4) and not weeks[1].partial
    assert weeks[2].end == date(2021, 1, 12) and weeks[2].partial


def test_months_and_years_cover_every_day_once():
    months = periods_between(date(2020, 1, 15), date(2020, 3, 31), "month")
    assert [(p.key, p.start.isoformat(), p.end.isoformat(), p.partial) for p in months] == [
        ("2020-01", "2020-01-15", "2020-01-31", True),
        ("2020-02", "2020-02-01", "2020-02-29", False),
        ("2020-03", "2020-03-01", "2020-03-31", False),
    ]
    years = periods_between(date(2019, 1, 1), date(2021, 12, 31), "year")
    assert [p.key for p in years] == ["2019", "2020", "2021"] and not any(p.partial for p in years)


def test_automatic_unit_fits_the_range():
    assert choose_unit(date(2020, 3, 1), date(2020, 5, 31)) == "week"
    assert choose_unit(date(2020, 1, 1), date(2022, 12, 31)) == "month"
    assert choose_unit(date(2012, 1, 1), date(2025, 12, 31)) == "year"


def test_queries_are_checked():
    assert check_queries(["covid", " ", "covid", "  dịch   bệnh "]) == ["covid", DICH]
    with pytest.raises(TrendsError) as info:
        check_queries(["a", "b", "c", "d", "e", "f"], "Parameter 'q'")
    assert info.value.parameter == "q" and "Parameter 'q'" in str(info.value) and "5" in str(info.value)


def test_period_is_checked():
    assert check_period("") == "auto" and check_period("Month") == "month"
    with pytest.raises(TrendsError) as info:
        check_period("day")
    assert info.value.parameter == "period" and "--period" in str(info.value)


# --- the library on the demo index -------------------------------------------------


def test_counts_and_articles_match_the_searcher_per_period(searcher):
    found = trends(searcher, ["covid", "ha noi"])
    assert found.unit == "year" and found.periods[0].key == "2012" and found.periods[-1].key == "2025"
    for s in found.series:
        for p, count, articles in zip(found.periods, s.counts, s.articles, strict=True):
            days = DateRange(p.start.isoformat(), p.end.isoformat())
            assert count == searcher.search(s.query, dates=days, limit=0, facets=False).total
            assert articles == searcher.search("", dates=days, limit=0, facets=False).total
        # Every match is on the axis or counted as undated.
        assert s.total + s.undated == searcher.search(s.query, limit=0, facets=False).total
        assert s.undated == _undated(searcher, s.query)
    assert found.series[1].undated > 0, "the demo corpus has undated articles about Hà Nội"


def test_share_is_matches_over_all_articles_of_the_period(searcher):
    found = trends(searcher, ["covid"], years=YearRange(2020, 2021))
    s = found.series[0]
    assert found.unit == "month"
    for count, articles, share in zip(s.counts, s.articles, s.shares, strict=True):
        assert share == (count / articles if articles else None)
    assert None in s.shares, "a month without any article has no share, not a share of 0"
    assert max(v for v in s.shares if v is not None) <= 1


def test_a_day_range_gives_weeks_cut_to_the_range(searcher):
    found = trends(searcher, ["covid", DICH], dates=DateRange("2020-03-27", "2020-04-30"))
    assert found.unit == "week"
    assert found.periods[0].start == date(2020, 3, 27) and found.periods[0].partial
    assert found.periods[0].key == "2020-W13"
    assert all(date(2020, 3, 27) <= p.start <= p.end <= date(2020, 4, 30) for p in found.periods)
    assert [s.total for s in found.series] == [2, 2]


def test_the_period_can_be_chosen(searcher):
    monthly = trends(searcher, ["covid"], period="month", years=YearRange(2020, 2020))
    assert monthly.unit == "month" and [p.key for p in monthly.periods] == [
        f"2020-{m:02d}" for m in range(1, 13)
    ]
    weekly = trends(searcher, ["covid"], period="week", years=YearRange(2020, 2020))
    assert weekly.unit == "week" and all(re.fullmatch(r"2020-W\d\d", p.key) for p in weekly.periods)
    assert sum(weekly.series[0].counts) == sum(monthly.series[0].counts)


def test_the_axis_covers_the_range_asked_even_where_nothing_was_published(searcher):
    found = trends(searcher, ["covid"], dates=DateRange("2020-03-01", "2020-05-31"))
    assert found.periods[0].start == date(2020, 3, 1) and found.periods[-1].end == date(2020, 5, 31)
    s = found.series[0]
    assert s.articles[-1] == 0 and s.shares[-1] is None and s.counts[-1] == 0
    # Centuries asked for: the axis keeps to the archive's own years.
    wide = trends(searcher, ["covid"], years=YearRange(1000, 2900), period="year")
    assert [p.key for p in wide.periods] == [str(y) for y in range(2012, 2026)]


def test_too_fine_a_period_is_refused_naming_it(searcher):
    with pytest.raises(TrendsError) as info:
        trends(searcher, ["covid"], period="week")  # 2012-2025 by week
    assert info.value.parameter == "period" and str(MAX_PERIODS) in str(info.value)


def test_filters_narrow_matches_and_denominator_alike(searcher):
    source = searcher.search("covid", limit=0).facets["source"][0].value
    found = trends(searcher, ["covid"], sources=[source])
    s = found.series[0]
    for p, count, articles in zip(found.periods, s.counts, s.articles, strict=True):
        days = DateRange(p.start.isoformat(), p.end.isoformat())
        assert articles == searcher.search("", sources=[source], dates=days, limit=0, facets=False).total
        assert count == searcher.search("covid", sources=[source], dates=days, limit=0, facets=False).total
    assert found.filters == {"sources": [source]}


def test_a_query_with_its_own_filter_has_its_own_denominator(searcher):
    source = searcher.search("covid", limit=0).facets["source"][0].value
    found = trends(searcher, ["covid", f'covid source:"{source}"'])
    plain, own = found.series
    assert own.articles != plain.articles
    for p, articles in zip(found.periods, own.articles, strict=True):
        days = DateRange(p.start.isoformat(), p.end.isoformat())
        assert articles == searcher.search("", sources=[source], dates=days, limit=0, facets=False).total


def test_a_fallback_reading_is_said(searcher):
    found = trends(searcher, ["covd"])
    assert found.series[0].total > 0 and found.series[0].notes  # read as "covid", and told


def test_nothing_dated_gives_no_axis(searcher):
    found = trends(searcher, ["covid"], sources=["no such source"])
    assert found.unit is None and found.periods == [] and found.series[0].counts == []


# --- the web page ----------------------------------------------------------------


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.data[:500]
    return response.get_data(as_text=True)


def test_page_draws_a_line_per_query_with_legend_and_table(client, searcher):
    html = _page(client, "/xu-huong?q=covid&q=d%E1%BB%8Bch+b%E1%BB%87nh")
    assert html.count('<g class="series s') == 2
    assert re.findall(r'data-query="([^"]+)"', html) == ["covid", DICH]
    legend = html[html.index('id="trend-legend"') : html.index("</ul>", html.index('id="trend-legend"'))]
    assert "“covid”" in legend and f"“{DICH}”" in legend and "6 bài" in legend
    table = html[html.index('id="trend-table"') :]
    assert table.count('<th scope="row">') == 14  # 2012..2025, by year
    assert 'aria-current="true" class="current">Tự động (năm)' in html
    assert 'aria-current="true" class="current">Tỉ lệ trên tổng số bài' in html
    assert "không rõ ngày" in html


def test_each_point_links_to_the_results_of_its_period(client, searcher):
    html = _page(client, "/xu-huong?q=covid&q=ha+noi")
    links = [unescape(h) for h in re.findall(r'<a class="point" href="([^"]+)"', html)]
    assert len(links) >= 8
    for href in links:
        args = parse_qs(urlsplit(href).query)
        assert urlsplit(href).path == "/" and set(args) == {"q", "date_from", "date_to"}
        days = DateRange(args["date_from"][0], args["date_to"][0])
        total = searcher.search(args["q"][0], dates=days, limit=0, facets=False).total
        label = re.search(r'aria-label="[^"]*?: (\d+) bài', html[html.index(href.replace("&", "&amp;")) :])
        assert total > 0 and int(label.group(1)) == total


def test_counts_can_replace_shares(client):
    shares = _page(client, "/xu-huong?q=covid")
    counts = _page(client, "/xu-huong?q=covid&measure=count")
    assert re.search(r'class="tick"[^>]*>100 %<', shares)
    assert not re.search(r'class="tick"[^>]*>[^<]*%<', counts)
    assert 'aria-current="true" class="current">Số bài<' in counts
    # The period links keep the measure; the CSV link carries no measure (it has both).
    assert "measure=count" in re.search(r'href="([^"]*period=month[^"]*)"', counts).group(1)


def test_period_parameter_and_its_errors(client):
    html = _page(client, "/xu-huong?q=covid&period=month&year=2020..2021")
    assert '<time datetime="2020-03">Tháng 3/2020</time>' in html
    for url in ("/xu-huong?q=covid&period=day", "/api/trends?q=covid&period=day"):
        response = client.get(url)
        assert response.status_code == 400 and "Parameter &#39;period&#39;" in response.get_data(
            as_text=True
        ).replace("'", "&#39;")
    assert client.get("/api/trends?q=covid&period=day").get_json()["error"]["parameter"] == "period"
    too_fine = client.get("/api/trends?q=covid&period=week")
    assert too_fine.status_code == 400 and too_fine.get_json()["error"]["parameter"] == "period"
    bad = client.get("/api/trends?q=covid&measure=all")
    assert bad.status_code == 400 and bad.get_json()["error"]["parameter"] == "measure"


def test_more_than_five_queries_is_a_400_naming_q(client):
    six = "&".join(f"q={w}" for w in ("a", "b", "c", "d", "e", "f"))
    for path in ("/xu-huong", "/xu-huong.csv", "/api/trends"):
        response = client.get(f"{path}?{six}")
        assert response.status_code == 400
        assert "Parameter 'q'" in unescape(response.get_data(as_text=True))
    assert client.get(f"/api/trends?{six}").get_json()["error"]["parameter"] == "q"


def test_empty_input_shows_the_form_with_an_example(client):
    html = _page(client, "/xu-huong")
    assert 'id="trends-form"' in html and 'name="q"' in html and 'id="trends-empty"' in html
    example = unescape(re.search(r'Ví dụ: <a href="([^"]+)"', html).group(1))
    assert parse_qs(urlsplit(example).query)["q"] == ["covid", DICH]
    assert '<svg class="trend-chart"' not in html
    missing = client.get("/api/trends")
    assert missing.status_code == 400 and missing.get_json()["error"]["parameter"] == "q"


def test_the_form_keeps_filters_and_offers_add_and_remove(client):
    html = _page(client, "/xu-huong?q=covid&q=ha+noi&year=2013..2022&period=month&measure=count")
    form = html[html.index('id="trends-form"') : html.index("</form>", html.index('id="trends-form"'))]
    assert form.count('name="q"') == 3  # the two queries, editable, and one to add
    assert '<input type="hidden" name="year" value="2013..2022">' in form
    assert '<input type="hidden" name="period" value="month">' in form
    assert '<input type="hidden" name="measure" value="count">' in form
    remove = unescape(re.search(r'<a class="remove" href="([^"]+)"', form).group(1))
    assert parse_qs(urlsplit(remove).query) == {
        "q": ["ha noi"],
        "year": ["2013..2022"],
        "period": ["month"],
        "measure": ["count"],
    }
    assert "Năm 2013..2022" in html  # the filter chip
    full = _page(client, "/xu-huong?" + "&".join(f"q={w}" for w in "abcde"))
    full_form = full[full.index('id="trends-form"') : full.index("</form>", full.index('id="trends-form"'))]
    assert full_form.count('name="q"') == 5 and "Thêm từ khóa" not in full_form


def test_page_says_what_it_could_not_draw_and_how_it_read(client):
    nothing = _page(client, "/xu-huong?q=covid&source=no+such+source")
    assert 'id="trends-nothing"' in nothing and '<svg class="trend-chart"' not in nothing
    assert "Nguồn: no such source" in nothing  # the chip that explains it, with a link to drop it
    fallback = _page(client, "/xu-huong?q=covd")
    assert "“covd”: " in fallback and "covid" in fallback.split("“covd”: ", 1)[1][:200]
    cut = _page(client, "/xu-huong?q=covid&date_from=2020-03-27&date_to=2020-04-30")
    assert "Tuần 27/3–29/3/2020</time>*" in cut and "Dấu *" in cut


def test_results_page_links_here_with_its_filters(client):
    html = _page(client, "/?q=covid&year=2020..2022&sort=newest")
    href = unescape(re.search(r'href="(/xu-huong\?[^"]+)"', html).group(1))
    assert parse_qs(urlsplit(href).query) == {"q": ["covid"], "year": ["2020..2022"]}


# --- the API and the CSV -------------------------------------------------------------


def test_api_gives_the_same_numbers(client, searcher):
    data = client.get("/api/trends?q=covid&q=ha+noi&year=2013..2022").get_json()
    assert list(data) == ["queries", "period", "unit", "filters", "periods", "series"]
    assert data["queries"] == ["covid", "ha noi"] and data["unit"] == "year"
    assert data["filters"] == {"year": "2013..2022"}
    assert [p["key"] for p in data["periods"]] == [str(y) for y in range(2013, 2023)]
    expected = trends(searcher, ["covid", "ha noi"], years=YearRange(2013, 2022)).as_dict()
    assert data == expected
    noi = data["series"][1]
    assert noi["total"] == sum(noi["counts"])
    # A year filter leaves undated articles out by itself: none is left out for lacking a date.
    assert noi["undated"] == 0 < _undated(searcher, "ha noi")


def test_csv_download(client, searcher):
    response = client.get("/xu-huong.csv?q=covid&q=-%22ha+noi%22&period=year")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert re.match(
        r'attachment; filename="vnsearch-xu-huong-covid-ha-noi-\d{4}-\d\d-\d\d\.csv"',
        response.headers["Content-Disposition"],
    )
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["query", "period", "date_from", "date_to", "matches", "articles", "share"]
    covid = [r for r in rows[1:] if r[0] == "covid"]
    assert [r[1] for r in covid] == [str(y) for y in range(2012, 2026)] + ["undated"]
    assert sum(int(r[4]) for r in covid) == searcher.search("covid", limit=0, facets=False).total
    row_2020 = next(r for r in covid if r[1] == "2020")
    assert row_2020[2:] == ["2020-01-01", "2020-12-31", "2", "4", "0.500000"]
    assert {r[0] for r in rows[1:]} == {"covid", '\'-"ha noi"'}  # no formula in a spreadsheet


# --- the command line ----------------------------------------------------------------


def test_cli_json_equals_the_api(client, demo_index: Path):
    proc = vnsearch(
        "trends", "--index", str(demo_index), "--format", "json", "--year", "2020..2022", "covid", DICH
    )
    assert proc.returncode == 0, proc.stderr
    api = client.get("/api/trends?q=covid&q=d%E1%BB%8Bch+b%E1%BB%87nh&year=2020..2022").get_json()
    assert json.loads(proc.stdout) == api


def test_cli_text_and_csv(demo_index: Path):
    text = vnsearch("trends", "--index", str(demo_index), "--date", "2020-03", "--period", "week", "covid")
    assert text.returncode == 0, text.stderr
    assert re.search(r"^2020-W13\s+2 \(100\.0%\)\s+2$", text.stdout, re.M)
    assert "Per week" in text.stdout and "covid: 2 dated matches, 0 undated left out" in text.stdout
    out = vnsearch("trends", "--index", str(demo_index), "--format", "csv", "--source", "nowhere", "covid")
    assert (
        out.returncode == 0
        and out.stdout.splitlines()[0] == "query,period,date_from,date_to,matches,articles,share"
    )


def test_cli_errors_and_help(demo_index: Path):
    six = vnsearch("trends", "--index", str(demo_index), "a", "b", "c", "d", "e", "f")
    assert six.returncode == 2 and "QUERY is given 6 times" in six.stderr and "Traceback" not in six.stderr
    bad = vnsearch("trends", "--index", str(demo_index), "--period", "day", "covid")
    assert bad.returncode == 2 and "--period" in bad.stderr
    helped = vnsearch("trends", "--help")
    assert helped.returncode == 0 and "--period [auto|year|month|week]" in helped.stdout
