"""What a person said, in a real browser: from the results page (a speaker chosen) and from the
person page to the sentences, marked and linked to their articles; the page's own search box
without JavaScript; the CSV download; phone and desktop screenshots (/tmp/vnsearch-shots/).

Playwright drives Debian's Chromium against waitress over the demo index, as tests/test_browser.py
does; skipped, with the reason, when either is missing (an error under CI).
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from browsing import DESKTOP, PHONE, args_of, playwright_or_skip, shoot, watch

pytestmark = pytest.mark.engines

sync_api = playwright_or_skip()
KHOI = "Trần Minh Khôi"


def test_from_the_results_page_to_the_sentences_and_an_article(page, base_url):
    page.goto(base_url + "/?q=ma+t%C3%BAy")
    assert page.locator(".quotes-link").count() == 0  # no speaker chosen: no link
    page.locator("#facet-speaker a", has_text=KHOI).first.click()
    page.wait_for_url(re.compile(r"speaker="))
    link = page.locator(".quotes-link")
    assert link.inner_text().strip() == f"{KHOI} nói gì về “ma túy”"
    link.click()
    page.wait_for_url(re.compile(r"/loi-phat-bieu\?"))
    assert args_of(page.url) == {"q": ["ma túy"], "ten": [KHOI]}
    quotes = page.locator("li.quote")
    assert quotes.count() == 7
    for k in range(quotes.count()):
        marks = quotes.nth(k).locator("blockquote mark").all_inner_texts()
        assert marks and {m.lower() for m in marks} == {"ma túy"}
        assert quotes.nth(k).locator("time").get_attribute("datetime")
    assert page.locator("h1").inner_text() == f"{KHOI} nói gì về “ma túy”"
    first = quotes.first.locator(".from a")
    title = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/article/.+\?q=ma\+t%C3%BAy"))
    assert page.locator("h1").inner_text() == title


def test_from_the_person_page_everything_said_newest_first(page, base_url):
    page.goto(base_url + "/nguoi-phat-bieu?ten=" + KHOI)
    page.get_by_role("link", name=re.compile("Đọc các câu")).click()
    page.wait_for_url(re.compile(r"/loi-phat-bieu\?ten="))
    assert page.locator("h1").inner_text() == f"Lời phát biểu của {KHOI}"
    dates = page.locator("li.quote time").evaluate_all("ts => ts.map(t => t.getAttribute('datetime'))")
    assert len(dates) == 12 and dates == sorted(dates, reverse=True)
    assert page.locator("li.quote mark").count() == 0
    assert page.locator(".sort a.current").inner_text() == "Mới nhất"


def test_the_page_search_box_keeps_the_filters_without_javascript(browser, base_url, errors):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    watch(page, errors)
    page.goto(f"{base_url}/loi-phat-bieu?ten={KHOI}&year=2021")
    assert page.locator("li.quote").count() == 3
    page.fill("#quotes-q", "bien gioi")
    page.press("#quotes-q", "Enter")
    page.wait_for_url(re.compile(r"q=bien\+gioi"))
    assert args_of(page.url) == {"ten": [KHOI], "year": ["2021"], "q": ["bien gioi"]}
    assert page.locator("li.quote").count() == 1
    assert page.locator("li.quote mark").all_inner_texts() == ["biên giới"]
    assert page.locator(".chip", has_text="Năm 2021").is_visible()
    page.locator(".chip", has_text="Năm 2021").click()
    page.wait_for_url(lambda url: "year=" not in url)
    assert args_of(page.url) == {"ten": [KHOI], "q": ["bien gioi"]}
    context.close()
    assert not errors


def test_the_csv_download_holds_every_sentence(page, base_url, tmp_path):
    page.goto(f"{base_url}/loi-phat-bieu?ten={KHOI}&q=ma+tuy&size=2")
    assert page.locator("li.quote").count() == 2
    with page.expect_download() as info:
        page.get_by_role("link", name="Xuất CSV").click()
    download = info.value
    assert re.match(
        r"vnsearch-loi-tran-minh-khoi-ma-tuy-\d{4}-\d{2}-\d{2}\.csv$", download.suggested_filename
    )
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert rows[0][:5] == ["date", "speaker", "name", "role", "sentence"] and len(rows) == 8


@pytest.mark.parametrize(("size_name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_screenshots(browser, base_url, tmp_path, errors, size_name, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    watch(page, errors)
    views = {
        "quotes": f"/loi-phat-bieu?ten={KHOI}&q=ma+t%C3%BAy",
        "quotes-all": f"/loi-phat-bieu?ten={KHOI}&size=5&page=2",
        "quotes-none": f"/loi-phat-bieu?ten={KHOI}&q=heroin&year=2021",
        "quotes-results": f"/?q=ma+t%C3%BAy&speaker={KHOI}",
        "quotes-person": f"/nguoi-phat-bieu?ten={KHOI}",
        "quotes-404": "/loi-phat-bieu?ten=Ai+%C4%90%C3%B3",
    }
    for name, path in views.items():
        response = page.goto(base_url + path)
        if name == "quotes-404":
            assert response.status == 404
            errors[:] = [e for e in errors if "404" not in e]
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways at {size_name} width"
        shoot(page, tmp_path, f"{size_name}-{name}")
    context.close()
    assert not errors
