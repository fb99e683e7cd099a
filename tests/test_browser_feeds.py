"""Feeds and citations in a real browser (Playwright driving Debian's Chromium
against waitress, as tests/test_browser.py does): the results page's feed
link and its <head> autodiscovery link, the article page's "Trích dẫn" block,
the RIS and BibTeX downloads, with and without JavaScript; phone and
desktop screenshots go to /tmp/vnsearch-shots/."""

from __future__ import annotations

import re
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest
from browsing import DESKTOP, PHONE, SHOTS, new_context, playwright_or_skip, shoot, watch

pytestmark = pytest.mark.engines

sync_api = playwright_or_skip()
feedparser = pytest.importorskip(
    "feedparser", reason="the feedparser package is missing: pip install feedparser"
)


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def page(request, browser, errors):  # with and without JavaScript here
    context, page = new_context(browser, errors, java_script_enabled=request.param)
    yield page
    context.close()
    assert not errors


def test_the_results_page_offers_its_feed(page, base_url):
    page.goto(base_url + "/?q=c%C3%B4ng+an&year=2014..2021&sort=oldest")
    link = page.get_by_role("link", name="Theo dõi bằng RSS/Atom")
    assert link.is_visible()
    href = link.get_attribute("href")
    head = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    assert head.count() == 1 and head.get_attribute("href") == href
    assert "công an" in head.get_attribute("title")
    assert parse_qs(urlsplit(href).query) == {"q": ["công an"], "year": ["2014..2021"]}
    response = page.request.get(base_url + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.body())
    assert not parsed.bozo and parsed.entries
    assert all(2014 <= e.updated_parsed.tm_year <= 2021 for e in parsed.entries)
    assert parsed.entries[0].link.startswith(base_url + "/article/")
    page.goto(parsed.entries[0].link)  # an entry's link opens the article
    assert page.locator("h1").inner_text() == parsed.entries[0].title


def test_the_article_page_cites_itself(page, base_url):
    page.goto(base_url + "/article/demo-018?q=ha+noi")
    block = page.locator("section.cite")
    assert block.is_visible() and block.locator("h2").inner_text() == "Trích dẫn"
    permalink = page.locator("#permalink")
    assert permalink.input_value() == base_url + "/article/demo-018"
    assert permalink.get_attribute("readonly") is not None
    assert page.get_by_label(re.compile("Liên kết cố định")).input_value() == base_url + "/article/demo-018"
    reference = page.locator("#apa-reference")
    text = reference.inner_text()
    assert re.match(
        r"^.+\. \(2021, ngày 25 tháng 4\)\. Công an Hà Nội .+\. .+\. https://vi\.example\.org/", text
    )
    assert reference.locator("i").count() == 1  # the newspaper's name, in italics
    page.goto(base_url + "/article/demo-018/cite.ris".replace("/cite.ris", ""))  # the permalink is the page
    assert page.locator("#permalink").input_value() == base_url + "/article/demo-018"


def test_ris_and_bibtex_download(page, base_url, tmp_path):
    page.goto(base_url + "/article/ban-tin/cho-phien-bac-ha.txt")
    with page.expect_download() as info:
        page.get_by_role("link", name="RIS").click()
    download = info.value
    assert download.suggested_filename == "vnsearch-ban-tin-cho-phien-bac-ha-txt.ris"
    download.save_as(tmp_path / "a.ris")
    text = (tmp_path / "a.ris").read_bytes().decode("utf-8")
    assert text.startswith("TY  - NEWS\r\n") and text.endswith("ER  - \r\n")
    assert "ID  - ban-tin/cho-phien-bac-ha.txt\r\n" in text and "Bắc Hà" in text
    with page.expect_download() as info:
        page.get_by_role("link", name="BibTeX").click()
    download = info.value
    assert download.suggested_filename == "vnsearch-ban-tin-cho-phien-bac-ha-txt.bib"
    download.save_as(tmp_path / "a.bib")
    text = (tmp_path / "a.bib").read_text(encoding="utf-8")
    assert text.startswith("@misc{") and f"url = {{{base_url}/article/ban-tin/cho-phien-bac-ha.txt}}" in text


@pytest.mark.parametrize(("size_name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_screenshots(browser, base_url, tmp_path, errors, size_name, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    watch(page, errors)
    for name, path in {
        "feeds-results": "/?q=ha+noi&year=2013..2024",
        "cite-article": "/article/demo-001",
        "cite-undated": "/article/ban-tin/lang-moc-ban-ghe.txt",
    }.items():
        page.goto(base_url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways at {size_name} width"
        shoot(page, tmp_path, f"{size_name}-{name}")
    page.locator("section.cite").scroll_into_view_if_needed()
    box = page.locator("section.cite").bounding_box()
    assert box and box["width"] <= viewport["width"]
    page.locator("section.cite").screenshot(path=str(tmp_path / f"{size_name}-cite-block.png"))
    shutil.copy(tmp_path / f"{size_name}-cite-block.png", SHOTS / f"{size_name}-cite-block.png")
    context.close()
    assert not errors
