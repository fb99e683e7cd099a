"""The keyword-in-context page in a real browser (Playwright, Debian's
Chromium, waitress over the demo index), as tests/test_browser.py does: from
a results page follow the research link, see the lines aligned with the
match in the middle, sort by the word after, page, download the CSV; phone
and desktop screenshots go to /tmp/vnsearch-shots/.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from browsing import DESKTOP, PHONE, new_context, playwright_or_skip, shoot, watch

pytestmark = pytest.mark.engines

sync_api = playwright_or_skip()


def _centres(page) -> list[tuple[float, float, float]]:
    """Per line: the left context's right edge, the match's centre, the right context's left edge."""
    return page.evaluate(
        """() => [...document.querySelectorAll('table.kwic tbody tr')].map(tr => {
            const l = tr.querySelector('td.left span').getBoundingClientRect();
            const m = tr.querySelector('td.match mark').getBoundingClientRect();
            const r = tr.querySelector('td.right').getBoundingClientRect();
            return [l.right, (m.left + m.right) / 2, r.left];
        })"""
    )


def _first_words(page, side: str) -> list[str]:
    texts = page.locator(f"table.kwic td.{side}").all_inner_texts()
    return [(re.findall(r"[^\W_]+", t) or [""])[0].lower() for t in texts]


def test_from_results_to_kwic_sort_page_and_csv(browser, base_url, errors, tmp_path):
    context, page = new_context(browser, errors, DESKTOP)
    page.goto(base_url + "/?q=ha+noi&year=2021")
    page.get_by_role("link", name="Ngữ cảnh từ khóa").click()
    page.wait_for_url(re.compile(r"/kwic\?"))
    assert parse_qs(urlsplit(page.url).query) == {"q": ["ha noi"], "year": ["2021"]}
    assert page.locator("h1").inner_text() == "Ngữ cảnh từ khóa: “ha noi”"
    rows = page.locator("table.kwic tbody tr")
    assert rows.count() > 0
    assert all(
        d.startswith("2021")
        for d in page.locator("td.ref time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    )
    # Aligned: the left contexts end where the match column starts, the matches share a centre.
    centres = _centres(page)
    assert max(c[1] for c in centres) - min(c[1] for c in centres) < 2
    assert max(c[0] for c in centres) - min(c[0] for c in centres) < 2
    assert all(left <= mid <= right for left, mid, right in centres)
    assert {t.lower() for t in page.locator("td.match mark").all_inner_texts()} <= {"hà nội", "hà nói"}
    shoot(page, tmp_path, "desktop-kwic")

    # The whole set, five lines a page, sorted by the word after the match.
    page.goto(base_url + "/kwic?q=ha+noi&size=5")
    page.get_by_role("link", name="Từ đứng sau").click()
    page.wait_for_url(re.compile(r"sort=right"))
    assert page.locator(".sort a.current").inner_text() == "Từ đứng sau"
    first_page = _first_words(page, "right")
    assert len(first_page) == 5
    page.get_by_role("link", name=re.compile("Trang sau")).click()
    page.wait_for_url(re.compile(r"page=2"))
    assert "sort=right" in page.url
    second_page = _first_words(page, "right")
    assert "Trang 2 /" in page.inner_text("nav.pages")
    from search.kwic import word_key

    keys = [word_key(w) for w in first_page + second_page]
    assert keys == sorted(keys)
    shoot(page, tmp_path, "desktop-kwic-sorted")

    with page.expect_download() as info:
        page.get_by_role("link", name="Xuất CSV").click()
    download = info.value
    assert re.match(r"vnsearch-kwic-ha-noi-\d{4}-\d{2}-\d{2}\.csv$", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert rows[0][0].startswith("# vnsearch") and rows[1][:4] == ["id", "date", "source", "title"]
    total = int(re.search(r"/ (\d+) dòng", page.inner_text("#kwic-count")).group(1))
    assert len(rows) == total + 2
    csv_keys = [word_key((re.findall(r"[^\W_]+", r[6]) or [""])[0].lower()) for r in rows[2:]]
    assert csv_keys == sorted(csv_keys)  # the page's order
    context.close()
    assert not errors


@pytest.mark.parametrize(("size_name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_kwic_screenshots_and_phone_layout(browser, base_url, errors, tmp_path, size_name, viewport):
    context, page = new_context(browser, errors, viewport)
    page.goto(base_url + "/kwic?q=cong+an&size=12")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways at {size_name} width (only the table may)"
    # The first match is in view without scrolling, its column wide enough to read.
    box = page.locator("td.match mark").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    for side in ("left", "right"):
        assert page.locator(f"td.{side}").first.bounding_box()["width"] >= 150
    if size_name == "phone":
        scroller = page.locator(".kwic-scroll")
        assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")  # the table scrolls inside its box
    shoot(page, tmp_path, f"{size_name}-kwic")
    page.goto(base_url + "/kwic?q=ha+noi&sort=left")
    shoot(page, tmp_path, f"{size_name}-kwic-left")
    context.close()
    assert not errors


def test_kwic_works_without_javascript(browser, base_url, errors):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    watch(page, errors)
    page.goto(base_url + "/?q=ma+tuy")
    page.get_by_role("link", name="Ngữ cảnh từ khóa").click()
    page.wait_for_url(re.compile(r"/kwic\?q=ma\+tuy"))
    assert page.locator("table.kwic tbody tr").count() > 0
    page.get_by_role("link", name="Từ đứng trước").click()
    page.wait_for_url(re.compile(r"sort=left"))
    page.locator("td.ref a").first.click()
    page.wait_for_url(re.compile(r"/article/.*\?q=ma\+tuy"))
    assert page.locator(".body mark").count() + page.locator("h1 mark").count() > 0
    context.close()
    assert not errors
