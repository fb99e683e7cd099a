"""Compare over time (/xu-huong) in a real browser: Playwright driving Debian's Chromium
against waitress over the demo index, as tests/test_browser.py does. Phone and desktop
screenshots go to /tmp/vnsearch-shots/ (trends-*.png) for people to look at."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from browsing import DESKTOP, PHONE, new_context, playwright_or_skip, shoot

pytestmark = pytest.mark.engines

sync_api = playwright_or_skip()


def test_add_a_query_without_javascript_then_follow_a_point(browser, base_url, tmp_path, engine):
    errors: list[str] = []
    context, page = new_context(browser, errors, viewport=DESKTOP, java_script_enabled=False)
    try:
        page.goto(base_url + "/?q=covid")
        page.get_by_role("link", name="Xu hướng theo thời gian").click()
        page.wait_for_url(re.compile(r"/xu-huong\?q=covid$"))
        assert page.locator("svg.trend-chart g.series").count() == 1
        page.get_by_label("Thêm từ khóa").fill("dịch bệnh")
        page.get_by_role("button", name="So sánh").click()
        page.wait_for_url(re.compile(r"q=covid&q=d%E1%BB%8Bch\+b%E1%BB%87nh"))
        assert page.locator("svg.trend-chart g.series").count() == 2
        legend = page.locator("#trend-legend li")
        assert legend.count() == 2
        assert "“covid”" in legend.nth(0).inner_text() and "“dịch bệnh”" in legend.nth(1).inner_text()
        assert page.locator("#trend-table tbody tr").count() == 14
        shoot(page, tmp_path, f"trends-desktop-{engine}")
        point = page.locator("svg.trend-chart g.s1 a.point").first
        label = point.get_attribute("aria-label")
        count = int(re.search(r": (\d+) bài", label).group(1))
        point.click()
        page.wait_for_url(re.compile(r"date_from=\d{4}-\d\d-\d\d&date_to="))
        args = parse_qs(urlsplit(page.url).query)
        assert (
            args["q"] == ["dịch bệnh"]
            and args["date_from"] == ["2020-01-01"]
            and args["date_to"] == ["2020-12-31"]
        )
        assert re.search(rf"<strong>{count}</strong> kết quả", page.inner_html("#result-count"))
        assert page.locator(".chip", has_text="Từ 1/1/2020 đến 31/12/2020").is_visible()
    finally:
        context.close()
    assert not errors


def test_switch_period_and_measure_and_download_the_csv(page, base_url, tmp_path):
    page.goto(base_url + "/xu-huong?q=covid&q=ha+noi&year=2020..2022")
    assert page.locator(".segmented a.current").first.inner_text() == "Tự động (tháng)"
    page.get_by_role("link", name="Năm", exact=True).click()
    page.wait_for_url(re.compile(r"period=year"))
    assert page.locator("#trend-table tbody tr").count() == 3
    page.get_by_role("link", name="Số bài", exact=True).click()
    page.wait_for_url(re.compile(r"measure=count"))
    assert "period=year" in page.url and "year=2020..2022" in page.url
    assert not any("%" in t for t in page.locator("svg.trend-chart text.tick").all_text_contents())
    with page.expect_download() as info:
        page.locator("#trends-csv").click()
    download = info.value
    assert re.match(r"vnsearch-xu-huong-covid-ha-noi-\d{4}-\d\d-\d\d\.csv$", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["query", "period", "date_from", "date_to", "matches", "articles", "share"]
    assert [r[1] for r in rows[1:] if r[0] == "covid"] == ["2020", "2021", "2022", "undated"]


def test_phone_layout(browser, base_url, tmp_path, engine):
    errors: list[str] = []
    context, page = new_context(browser, errors, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page.goto(base_url + "/xu-huong?q=covid&q=d%E1%BB%8Bch+b%E1%BB%87nh&q=ha+noi")
        assert page.locator("svg.trend-chart g.series").count() == 3
        # Nothing but the table (in its own scrolling box) is wider than the phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        box = page.locator("svg.trend-chart").bounding_box()
        assert box["width"] <= PHONE["width"] and box["height"] > 150
        assert page.locator("#trend-table").is_visible()
        shoot(page, tmp_path, f"trends-phone-{engine}")
        page.goto(base_url + "/xu-huong")
        assert page.locator("#trends-empty").is_visible()
        shoot(page, tmp_path, f"trends-phone-empty-{engine}")
    finally:
        context.close()
    assert not errors
