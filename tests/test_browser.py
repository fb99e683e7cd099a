"""The site in a real browser: Playwright driving Debian's Chromium against
waitress (the production server) on 127.0.0.1, over the demo index.

Skipped, with the reason, when /usr/bin/chromium or the playwright package
is missing on a developer's machine; under CI (``$CI`` set) a missing
Chromium is an error, since ``make test`` installs it. Screenshots at phone and desktop widths go to the test's tmp
folder and to /tmp/vnsearch-shots/ for people to look at.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from browsing import DESKTOP, PHONE, SHOTS, args_of, playwright_or_skip, shoot, watch

pytestmark = pytest.mark.engines

sync_api = playwright_or_skip()


def test_search_from_the_box(page, base_url):
    page.goto(base_url + "/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("cong an ha noi")
    page.locator("#suggest li").first.wait_for()
    page.keyboard.press("Escape")  # closes the suggestions, keeps the text
    assert page.locator("#suggest").is_hidden()
    assert page.input_value("#q") == "cong an ha noi"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?q=cong\+an\+ha\+noi"))
    assert re.search(r"\d+ kết quả trong [\d,]+ giây", page.inner_text("#result-count"))
    assert page.locator(".hit").count() > 0
    assert page.locator(".hit mark").count() > 0
    assert page.input_value("#q") == "cong an ha noi"
    assert "Công an" in page.locator(".hit h3").first.inner_text()


def test_suggestions_while_typing(page, base_url):
    page.goto(base_url + "/")
    page.click("#q")
    page.keyboard.type("ha noi", delay=30)
    first = page.locator("#suggest li").first
    first.wait_for()
    assert first.inner_text() == "hà nội"
    assert page.get_attribute("#q", "aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=h%C3%A0\+n%E1%BB%99i"))
    assert page.input_value("#q") == "hà nội"


def test_facet_click_filters_and_chip_removes(page, base_url):
    page.goto(base_url + "/?q=ha+noi")
    page.locator(".facets a", has_text=re.compile(r"^\s*2014")).click()
    page.wait_for_url(re.compile(r"year=2014"))
    assert page.locator(".chip", has_text="Năm 2014").is_visible()
    years = {h["year"] for h in _api(page, base_url, q="ha noi", year="2014")["hits"]}
    assert years == {2014}
    assert page.locator(".hit").count() == _api(page, base_url, q="ha noi", year="2014")["total"]
    page.locator(".chip", has_text="Năm 2014").click()
    page.wait_for_url(lambda url: "year=" not in url)
    assert page.locator(".chip").count() == 0


def test_speaker_facet_click(page, base_url):
    page.goto(base_url + "/?q=ha+noi")
    speakers = page.locator(".facets .facet-group", has_text="Người phát biểu").locator("a")
    assert speakers.count() > 0, "the demo corpus quotes people: the speaker facet must list them"
    name = speakers.first.locator(".name").inner_text()
    speakers.first.click()
    page.wait_for_url(re.compile(r"speaker="))
    assert page.locator(".chip", has_text=name).is_visible()
    assert all(name in t for t in page.locator(".hit .speakers").all_inner_texts())


def test_timeline_bar_click(page, base_url):
    page.goto(base_url + "/?q=ha+noi")
    bar = page.locator("svg.chart a").first
    label = bar.get_attribute("aria-label")
    year = re.search(r"Năm (\d{4})", label).group(1)
    bar.click()
    page.wait_for_url(re.compile(f"year={year}"))
    assert page.locator(".chip", has_text=f"Năm {year}").is_visible()


def test_pagination(page, base_url):
    total = _api(page, base_url, q="ha noi")["total"]
    page.goto(base_url + "/?q=ha+noi")
    first_ids = page.locator(".hit h3 a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    page.get_by_role("link", name=re.compile("Trang sau")).click()
    page.wait_for_url(re.compile(r"page=2"))
    assert page.get_attribute("ol.hits", "start") == "11"
    second_ids = page.locator(".hit h3 a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(first_ids) == 10 and len(second_ids) == min(10, total - 10)
    assert not set(first_ids) & set(second_ids)
    page.get_by_role("link", name=re.compile("Trang trước")).click()
    page.wait_for_url(lambda url: "page=" not in url)


def test_article_page(page, base_url):
    page.goto(base_url + "/?q=ma+tuy")
    title = page.locator(".hit h3 a").first.inner_text()
    page.locator(".hit h3 a").first.click()
    page.wait_for_url(re.compile(r"/article/"))
    assert page.locator("h1").inner_text() == title
    assert page.locator(".body mark").count() > 0
    assert "Ngày đăng" in page.inner_text(".facts")
    similar = page.locator(".similar-list a")
    assert similar.count() >= 1
    assert page.url.split("?")[0] not in [
        base_url + h for h in similar.evaluate_all("e => e.map(a => a.getAttribute('href'))")
    ]
    people = page.locator(".people a")
    if people.count():
        name = people.first.inner_text()
        people.first.click()
        page.wait_for_url(re.compile(r"speaker="))
        assert page.locator(".chip", has_text=name).is_visible()


def test_export_downloads_every_result(page, base_url, tmp_path):
    total = _api(page, base_url, q="ha noi")["total"]
    assert total > 10  # more than one page
    page.goto(base_url + "/?q=ha+noi")
    with page.expect_download() as info:
        page.get_by_role("link", name="Xuất CSV").click()
    download = info.value
    assert re.match(r"vnsearch-ha-noi-\d{4}-\d{2}-\d{2}\.csv$", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "date", "title"] and len(rows) == total + 1

    with page.expect_download() as info:
        page.get_by_role("link", name="Xuất JSON").click()
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert data["total"] == total == len(data["hits"])


def test_works_without_javascript(browser, base_url, tmp_path, errors):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    watch(page, errors)
    page.goto(base_url + "/")
    page.fill("#q", "cong an ha noi")
    page.click("form.search button")
    page.wait_for_url(re.compile(r"\?q=cong"))
    assert page.locator(".hit").count() > 0
    page.locator(".facets a", has_text=re.compile(r"^\s*2021")).click()
    page.wait_for_url(re.compile(r"year=2021"))
    assert page.locator(".chip", has_text="Năm 2021").is_visible()
    page.fill("#q", "ma tuy")  # a new query keeps the filter (hidden input)
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"q=ma\+tuy"))
    assert "year=2021" in page.url
    page.goto(base_url + "/")
    more = page.locator("details.more")
    if more.count():
        more.locator("summary").click()
        assert more.locator("li").first.is_visible()
    page.locator(".hits h3 a").first.click()
    page.wait_for_url(re.compile(r"/article/"))
    assert page.locator("h1").is_visible()
    context.close()
    assert not errors


@pytest.mark.parametrize(("size_name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_screenshots(browser, base_url, tmp_path, errors, size_name, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    watch(page, errors)
    views = {
        "home": "/",
        "results": "/?q=cong+an+ha+noi",
        "year": "/?q=ha+noi&year=2021",
        "article": "/article/demo-018?q=ha+noi",
        "none": "/?q=metro&year=2012",
        "notfound": "/article/nope",
    }
    for name, path in views.items():
        response = page.goto(base_url + path)
        if name == "notfound":
            assert response.status == 404
            errors[:] = [e for e in errors if "404" not in e]  # the page's own status
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways at {size_name} width"
        shoot(page, tmp_path, f"{size_name}-{name}")
    page.goto(base_url + "/")
    page.click("#q")
    page.keyboard.type("ha noi", delay=20)
    page.locator("#suggest li").first.wait_for()
    page.screenshot(path=str(tmp_path / f"{size_name}-suggest.png"))
    shutil.copy(tmp_path / f"{size_name}-suggest.png", SHOTS / f"{size_name}-suggest.png")
    context.close()
    assert not errors


def _api(page, base_url: str, **params) -> dict:
    """``/api/search`` with these parameters; a list is a repeated parameter (speaker=A&speaker=B)."""
    from urllib.parse import urlencode

    response = page.request.get(f"{base_url}/api/search?{urlencode({**params, 'size': 100}, doseq=True)}")
    assert response.ok
    return response.json()


def test_script_in_the_query_runs_nowhere_and_shows_as_text(page, base_url, errors):
    """Issue 8: an HTML/script payload in q is text on every page; no dialog ever opens."""
    from urllib.parse import quote, urlencode

    payload = '</title><script>alert(1)</script>"><img src=x onerror=alert(2)> javascript:alert(3)'
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    injected = """() => ({
        inline: document.querySelectorAll('script:not([src])').length,
        imgs: document.querySelectorAll('img[src="x"], [onerror], [onload]').length,
        js: [...document.querySelectorAll('[href], [src], [action]')].filter(e =>
            /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action') || '')).length,
    })"""
    clean = {"inline": 0, "imgs": 0, "js": 0}

    page.goto(base_url + "/?" + urlencode({"q": payload}))
    assert page.input_value("#q") == payload
    assert payload in page.title()
    assert page.evaluate(injected) == clean

    page.goto(base_url + "/article/demo-001?" + urlencode({"q": payload}))
    assert payload in page.inner_text(".back")
    assert page.evaluate(injected) == clean

    response = page.goto(base_url + "/article/" + quote(payload, safe=""))
    assert response.status == 404 and payload in page.inner_text(".message")
    assert page.evaluate(injected) == clean
    errors[:] = [e for e in errors if "404" not in e]  # the page's own status

    page.goto(base_url + "/")
    page.click("#q")
    with page.expect_response(lambda r: "/api/suggest" in r.url):
        page.keyboard.type(payload, delay=5)
    page.wait_for_timeout(400)  # the last suggestion request, if any, has come back
    assert page.evaluate(injected) == clean
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?q=%3C%2Ftitle%3E%3Cscript%3E"))
    assert page.input_value("#q") == payload
    assert not dialogs, dialogs


def test_the_page_says_which_set_it_shows_and_links_the_other_reading(page, base_url, tmp_path):
    page.goto(base_url + "/?q=" + quote("hà nội"))
    reading = page.inner_text("#reading")
    assert "Các bài chứa “hà nội”, đúng dấu đã gõ." in reading
    page.goto(base_url + "/?q=" + quote("hạ nội"))  # no article writes it so
    note = page.locator("p.note", has_text="đúng như dấu đã gõ")
    assert "Không có bài nào chứa “hạ nội”" in note.inner_text()
    shoot(page, tmp_path, "desktop-accents-fallback")
    with page.expect_navigation():
        note.get_by_role("link", name=re.compile("Tìm không dấu")).click()
    assert args_of(page.url)["q"] == ["ha noi"]
    assert "với mọi cách viết dấu" in page.inner_text("#reading")


def _count(page) -> int:
    """The number of results the page says it found."""
    return int(re.search(r"([\d.]+) kết quả", page.inner_text("#result-count")).group(1).replace(".", ""))


def _choose(page, facet: str, name: str) -> None:
    before = page.url
    page.locator(
        f"#facet-{facet} a", has=page.locator(".name", has_text=re.compile(f"^{re.escape(name)}$"))
    ).click()
    page.wait_for_url(lambda url: url != before)


def test_sources_sections_days_and_two_speakers_narrow_with_chips(page, base_url, tmp_path):
    q = "cho biet"
    every = _api(page, base_url, q=q)
    page.goto(f"{base_url}/?q=cho+biet")
    assert _count(page) == every["total"]
    sources = [f["value"] for f in every["facets"]["source"]]
    first, second = sources[0], sources[1]
    _choose(page, "source", first)
    assert page.locator(".chip", has_text=f"Nguồn: {first}").is_visible()
    assert _count(page) == _api(page, base_url, q=q, source=first)["total"]
    # A second source is an alternative: the count grows, both chips show.
    _choose(page, "source", second)
    both = _api(page, base_url, q=q, source=[first, second])
    assert _count(page) == both["total"] > _api(page, base_url, q=q, source=first)["total"]
    assert args_of(page.url)["source"] == [first, second]
    assert page.locator(".chip", has_text="Nguồn:").count() == 2
    # A section narrows across the sources chosen.
    section = both["facets"]["section"][0]["value"]
    _choose(page, "section", section)
    narrowed = _api(page, base_url, q=q, source=[first, second], section=section)
    assert _count(page) == narrowed["total"] <= both["total"]
    assert page.locator(".chip", has_text=f"Chuyên mục: {section}").is_visible()
    assert {h["section"] for h in narrowed["hits"]} == {section}
    shoot(page, tmp_path, "filters-source-section")
    page.locator(".chip.clear").click()
    page.wait_for_url(lambda url: "source=" not in url and "section=" not in url)
    # A day range from the form (no script needed): the timeline draws months of that range.
    page.fill("#date-from", "2019-01-01")
    page.fill("#date-to", "2020-12-31")
    page.locator("form.dates button").click()
    page.wait_for_url(re.compile(r"date_from=2019-01-01"))
    ranged = _api(page, base_url, q=q, date_from="2019-01-01", date_to="2020-12-31")
    assert _count(page) == ranged["total"] < every["total"]
    assert page.locator(".chip", has_text="Từ 1/1/2019 đến 31/12/2020").is_visible()
    assert "Số bài theo tháng" in page.inner_text("figure.timeline figcaption")
    assert all("2019" <= (h["date"] or "")[:4] <= "2020" for h in ranged["hits"])
    shoot(page, tmp_path, "filters-days")
    # Two speakers: articles where either speaks.
    page.goto(f"{base_url}/?q=cho+biet")
    speakers = [f["value"] for f in every["facets"]["speaker"][:2]]
    _choose(page, "speaker", speakers[0])
    _choose(page, "speaker", speakers[1])
    two = _api(page, base_url, q=q, speaker=speakers)
    one = _api(page, base_url, q=q, speaker=speakers[0])
    assert _count(page) == two["total"] > one["total"]
    assert page.locator(".chip", has_text="Người phát biểu:").count() == 2
    for hit in page.locator(".hit .speakers").all_inner_texts():
        assert speakers[0] in hit or speakers[1] in hit
    shoot(page, tmp_path, "filters-two-speakers")


def test_near_duplicates_show_once_and_expand(page, base_url, tmp_path):
    page.goto(f"{base_url}/?q=benh+vien+da+chien")
    data = _api(page, base_url, q="benh vien da chien", fold=1)
    assert data["stories"] == data["total"] - 1  # the demo's syndicated copy is folded
    assert page.inner_text("#story-count") == str(data["stories"])
    link = page.locator(".hit .similar a").first
    assert link.inner_text() == "1 bài tương tự"
    link.click()
    page.wait_for_url(re.compile(r"group=\d+"))
    assert page.locator(".chip", has_text="Chỉ nhóm bài tương tự").is_visible()
    titles = page.locator(".hit h3 a").all_inner_texts()
    assert len(titles) == 2 and len(set(titles)) == 2  # the story and its copy, under two headlines
    shoot(page, tmp_path, "duplicates-expanded")
