"""The site's new filters without a browser: repeated parameters, the day range
form, the timeline's unit, folded near-duplicates, exports and errors."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.engines

COPY = ("demo-016", "demo-031")  # demo-031 republishes demo-016 (demo/README.md)


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.data[:300]
    return response.get_data(as_text=True)


def test_repeated_sources_are_kept_in_chips_links_and_the_search_form(client):
    html = _page(
        client,
        "/?q=cho+biet&source=Tin+Mi%E1%BB%81n+T%C3%A2y+(demo)&source=B%C3%A1o+C%E1%BB%91+%C4%90%C3%B4+(demo)",
    )
    assert (
        html.count('class="chip"') >= 2
        and "Nguồn: Tin Miền Tây (demo)" in html
        and "Nguồn: Báo Cố Đô (demo)" in html
    )
    # A new query typed in the box keeps both (hidden inputs), and removing one chip keeps the other.
    assert html.count('<input type="hidden" name="source"') >= 2
    chip = re.search(r'<a class="chip" href="([^"]+)"[^>]*>Nguồn: Tin Miền Tây', html).group(1)
    assert parse_qs(urlsplit(chip.replace("&amp;", "&")).query)["source"] == ["Báo Cố Đô (demo)"]
    data = client.get(
        "/api/search?q=cho+biet&source=Tin+Mi%E1%BB%81n+T%C3%A2y+(demo)&source=B%C3%A1o+C%E1%BB%91+%C4%90%C3%B4+(demo)"
    ).json
    assert {h["source"] for h in data["hits"]} == {"Tin Miền Tây (demo)", "Báo Cố Đô (demo)"}


@pytest.mark.parametrize(
    ("date_from", "date_to", "unit"),
    [
        ("2020-03-01", "2020-03-31", "ngày"),
        ("2020-03-01", "2020-06-30", "tuần"),
        ("2019-01-01", "2020-12-31", "tháng"),
        ("2010-01-01", "2025-12-31", "năm"),
    ],
)
def test_the_timeline_draws_days_weeks_months_or_years_to_fit_the_range(client, date_from, date_to, unit):
    html = _page(client, f"/?date_from={date_from}&date_to={date_to}")
    caption = re.search(r"<figcaption>\s*(.*?)\s*(?:·|</figcaption>)", html, re.S).group(1)
    assert caption.startswith(f"Số bài theo {unit}"), caption
    # Each bar links to its own days, inside the range chosen.
    for href in re.findall(r'<a href="([^"]+)" aria-label="[^"]*: [1-9]', html):
        args = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        assert date_from <= args["date_from"][0] <= args["date_to"][0] <= date_to


def test_the_day_form_is_a_plain_get_form(client):
    html = _page(client, "/?q=bao&speaker=X")
    form = re.search(r'<form class="dates" method="get"[^>]*>(.*?)</form>', html, re.S).group(1)
    assert 'name="date_from"' in form and 'name="date_to"' in form and 'type="date"' in form
    assert '<input type="hidden" name="q" value="bao">' in form
    assert '<input type="hidden" name="speaker" value="X">' in form


def test_near_duplicates_fold_in_pages_and_api_and_stay_in_exports(client):
    data = client.get("/api/search?q=benh+vien+da+chien&fold=1").json
    ids = [h["id"] for h in data["hits"]]
    assert len(set(ids) & set(COPY)) == 1 and data["stories"] == data["total"] - 1
    first = next(h for h in data["hits"] if h["id"] in COPY)
    assert first["similar"] == 1 and first["group"] > 0
    # The API is the CLI's JSON: every article, with its group, unless fold=1.
    every = client.get("/api/search?q=benh+vien+da+chien").json
    assert set(COPY) <= {h["id"] for h in every["hits"]} and every["stories"] is None
    assert client.get("/api/search?q=benh+vien+da+chien&fold=0").json["hits"] == every["hits"]
    group = client.get(f"/api/search?q=benh+vien+da+chien&group={first['group']}").json
    assert {h["id"] for h in group["hits"]} == set(COPY)
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get("/export.csv?q=benh+vien+da+chien").get_data(as_text=True).lstrip("\ufeff")
            )
        )
    )
    groups = {r["id"]: r["group"] for r in rows}
    assert len(rows) == data["total"] and groups[COPY[0]] == groups[COPY[1]] == str(first["group"])
    html = _page(client, "/?q=benh+vien+da+chien")
    assert "1 bài tương tự" in html and f"group={first['group']}" in html
    unfolded = _page(client, "/?q=benh+vien+da+chien&fold=0")
    assert all(f"/article/{a}" in unfolded for a in COPY) and "Hiện cả bài trùng lặp" in unfolded


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("date_from=2020-03-01&date_to=2020-02-01", "date_to"),
        ("date_from=2020-02-30", "date_from"),
        ("date=2020-03..2020-02", "date"),
        ("date=2020&date_from=2020-01-01", "date"),
        ("fold=2", "fold"),
        ("group=abc", "group"),
    ],
)
def test_bad_filters_are_named(client, query, parameter):
    response = client.get(f"/api/search?q=bao&{query}")
    assert response.status_code == 400
    error = response.json["error"]
    assert error["parameter"] == parameter and parameter in error["message"]


def test_a_filter_that_leaves_nothing_offers_to_drop_it(client):
    html = _page(client, "/?q=bong+da&source=Tin+Mi%E1%BB%81n+T%C3%A2y+(demo)")
    assert "Bỏ lọc nguồn Tin Miền Tây (demo)" in html


def test_a_day_range_says_how_many_undated_matches_it_leaves_out(client):
    every = client.get("/api/search?q=").json
    undated = next(f["count"] for f in every["facets"]["year"] if f["value"] is None)
    html = _page(client, "/?date_from=2010-01-01&date_to=2025-12-31")
    assert f"Cùng {undated} bài không rõ ngày, không tính trong khoảng ngày đã chọn." in html
