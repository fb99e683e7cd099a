"""The web app through Flask's test client: every route, error shapes, exports."""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
import socket
import subprocess
import sys
import threading
import tracemalloc
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers import HIT_KEYS, RESULT_KEYS, ROOT, served, write_jsonl

from search.errors import ConfigError
from search.export import BOM, CSV_COLUMNS, all_hits, csv_chunks, export_filename, neutralise
from search.indexing.pipeline import ingest
from search.searcher import Hit, Searcher, SearchResult
from search.snippets import Snippet
from search.web import create_app

pytestmark = pytest.mark.engines


# --- fixtures and helpers (app and client: conftest.py) -----------------------------------------------------------


@pytest.fixture(scope="module")
def all_ids(demo_index: Path) -> list[str]:
    with Searcher(demo_index) as s:
        result = s.search("", limit=1000, facets=False)
    return [h.id for h in result.hits]


class _Links(HTMLParser):
    """Every <a href> with its text, and the section (aside/section id) it sits in."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict] = []
        self._open: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            link = {"href": dict(attrs).get("href"), "text": "", "attrs": dict(attrs)}
            self.links.append(link)
            self._open.append(link)

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            self._open.pop()

    def handle_data(self, data):
        for link in self._open:
            link["text"] += data + " "


def links(html: str) -> list[dict]:
    parser = _Links()
    parser.feed(html)
    for link in parser.links:
        link["text"] = " ".join(link["text"].split())
    return parser.links


def section(html: str, start: str, end: str) -> str:
    """The HTML between the first ``start`` marker and the next ``end`` marker."""
    i = html.index(start)
    return html[i : html.index(end, i)]


def args_of(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def api(client, **params) -> dict:
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def text(response) -> str:
    return response.get_data(as_text=True)


# --- the search page ------------------------------------------------------------------


def test_home_shows_the_archive_overview(client):
    response = client.get("/")
    assert response.status_code == 200
    page = text(response)
    assert "Kho lưu trữ" in page
    assert "<strong>41</strong> bài báo" in page
    assert "từ năm <strong>2012</strong> đến năm <strong>2025</strong>" in page
    assert "không rõ năm" in page
    assert "Bài mới nhất" in page
    assert '<svg class="chart"' in page
    assert "Tìm kiếm" in page and 'name="q"' in page


def test_search_shows_hits_with_count_time_and_highlights(client):
    page = text(client.get("/?q=cong+an+ha+noi"))
    assert re.search(r"<strong>\d+</strong> kết quả trong \d+,\d{3} giây", page)
    assert 'value="cong an ha noi"' in page  # the box keeps the query
    assert "<mark>" in page
    hits = re.findall(r'<li class="hit">', page)
    assert len(hits) == min(10, api(client, q="cong an ha noi")["total"]) > 0
    first_title = re.search(r'<li class="hit">\s*<h3><a href="([^"]+)">([^<]+)</a>', page)
    assert first_title and "Công an" in first_title.group(2) and "Hà Nội" in first_title.group(2)
    assert first_title.group(1).startswith("/article/") and "q=cong+an+ha+noi" in first_title.group(1)
    assert "Nhật báo Thủ Đô (demo)" in page  # source
    assert re.search(r"<time datetime=\"\d{4}-\d{2}-\d{2}", page)  # date


def test_did_you_mean_is_a_link(client):
    page = text(client.get("/?q=ha+noi"))
    assert "Bạn có muốn tìm" in page
    link = next(link for link in links(page) if link["text"] == "hà nội")
    assert args_of(link["href"])["q"] == ["hà nội"]


def test_query_is_always_escaped(client):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    for url in ("/", "/article/demo-001", "/article/nope"):
        page = text(client.get(url, query_string={"q": evil}))
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;" in page


def test_year_facet_click_filters_and_click_again_removes(client):
    page = text(client.get("/?q=ha+noi"))
    facet = section(page, "<h2>Năm</h2>", "</section>")
    year_links = [link for link in links(facet) if re.match(r"^\d{4}\b", link["text"])]
    assert len(year_links) >= 5
    link = next(link for link in year_links if link["text"].startswith("2014"))
    count = int(link["text"].split()[-1])
    assert args_of(link["href"]) == {"q": ["ha noi"], "year": ["2014"]}

    filtered = text(client.get(link["href"]))
    assert f"<strong>{count}</strong> kết quả" in filtered
    assert 'class="chip"' in filtered and "Năm 2014" in filtered
    data = api(client, q="ha noi", year="2014")
    assert data["total"] == count and all(h["year"] == 2014 for h in data["hits"])
    assert '<input type="hidden" name="year" value="2014">' in filtered  # a new query keeps the filter

    facet = section(filtered, "<h2>Năm</h2>", "</section>")
    selected = next(link for link in links(facet) if link["attrs"].get("aria-current") == "true")
    assert selected["text"].startswith("2014")
    assert args_of(selected["href"]) == {"q": ["ha noi"]}  # clicking again removes it
    chip = next(link for link in links(filtered) if link["attrs"].get("class") == "chip")
    assert args_of(chip["href"]) == {"q": ["ha noi"]}


def test_undated_articles_are_counted_in_the_year_facet(client):
    page = text(client.get("/"))
    facet = section(page, "<h2>Năm</h2>", "</section>")
    assert re.search(r"Không rõ năm</span><span class=\"count\">5<", facet)


def test_month_drill_down_within_a_year(client):
    data = api(client, year="2021")
    assert data["facets"]["month"], "a single-year search must give a month facet"
    page = text(client.get("/?year=2021"))
    assert "Tháng (2021)" in page
    assert "Số bài theo tháng, năm 2021" in page
    months = [f for f in data["facets"]["month"] if f["value"]]
    assert months
    month_links = [link for link in links(section(page, "Tháng (2021)", "</section>")) if link["href"]]
    month = months[0]["value"]
    link = next(link for link in month_links if link["text"].startswith(f"Tháng {month} "))
    filtered = api(client, **{k: v[0] for k, v in args_of(link["href"]).items()})
    assert filtered["total"] == months[0]["count"]


def test_speaker_facet_shows_top_15_then_more(client, app):
    data = api(client, q="")
    speakers = data["facets"]["speaker"]
    assert len(speakers) >= 10, "the demo corpus quotes more than ten people: speaker extraction regressed"
    page = text(client.get("/?q=ha+noi"))
    facet = section(page, "<h2>Người phát biểu</h2>", "</aside>")
    top = app.config["SPEAKER_FACET_TOP"]
    main_list = facet.split("<details", 1)[0]
    assert 0 < main_list.count("<li") <= top
    search_speakers = api(client, q="ha noi")["facets"]["speaker"]
    if len(search_speakers) > top:
        assert "Xem thêm" in facet and "<details" in facet

    name, count = search_speakers[0]["value"], search_speakers[0]["count"]
    link = next(link for link in links(facet) if link["text"].startswith(name))
    assert args_of(link["href"]) == {"q": ["ha noi"], "speaker": [name]}
    filtered = text(client.get(link["href"]))
    assert f"<strong>{count}</strong> kết quả" in filtered
    assert f"Người phát biểu: {name}" in filtered  # the chip
    result = api(client, q="ha noi", speaker=name)
    assert result["total"] == count and all(name in h["speakers"] for h in result["hits"])


def test_sort_links_and_orders(client):
    page = text(client.get("/?q=ha+noi"))
    sort_nav = section(page, 'class="sort"', "</nav>")
    labels = {link["text"]: link for link in links(sort_nav)}
    assert set(labels) == {"Liên quan", "Mới nhất", "Cũ nhất"}
    assert labels["Liên quan"]["attrs"].get("aria-current") == "true"
    assert args_of(labels["Mới nhất"]["href"]) == {"q": ["ha noi"], "sort": ["newest"]}
    newest = [h["date"] for h in api(client, q="ha noi", sort="newest", size=50)["hits"] if h["date"]]
    oldest = [h["date"] for h in api(client, q="ha noi", sort="oldest", size=50)["hits"] if h["date"]]
    assert newest == sorted(newest, reverse=True) and oldest == sorted(oldest)
    assert "Cũ nhất" in text(client.get("/?q=ha+noi&sort=oldest"))


def test_pagination(client):
    total = api(client, q="ha noi")["total"]
    assert total > 10
    first = text(client.get("/?q=ha+noi"))
    nav = section(first, 'class="pages"', "</nav>")
    assert "Trang sau" in nav and "Trang trước" not in nav
    nxt = next(link for link in links(nav) if "Trang sau" in link["text"])
    assert args_of(nxt["href"]) == {"q": ["ha noi"], "page": ["2"]}
    second = text(client.get(nxt["href"]))
    assert f"11–{total} / <strong>{total}</strong> kết quả" in second
    assert '<ol class="hits" start="11">' in second
    prev = next(link for link in links(second) if "Trang trước" in link["text"])
    assert args_of(prev["href"]) == {"q": ["ha noi"]}  # page 1 has one address
    ids = lambda page: re.findall(r'<h3><a href="/article/([^"?]+)', page)  # noqa: E731
    all_ids = [h["id"] for h in api(client, q="ha noi", size=100)["hits"]]
    assert ids(first) + ids(second) == all_ids
    beyond = text(client.get("/?q=ha+noi&page=9"))
    assert "Trang này không còn kết quả" in beyond


def test_no_results_says_so_and_suggests(client):
    page = text(client.get("/?q=metro&year=2012"))
    assert "Không tìm thấy kết quả nào cho “metro”" in page
    option = next(link for link in links(page) if link["text"] == "Bỏ lọc năm")
    assert args_of(option["href"]) == {"q": ["metro"]}
    assert api(client, q="metro")["total"] > 0

    page = text(client.get("/?q=ng%E1%BB%B1a+zzyzx"))  # "ngựa zzyzx": nothing
    assert "Không tìm thấy kết quả nào cho “ngựa zzyzx”" in page
    option = next(link for link in links(page) if link["text"].startswith("Tìm không dấu"))
    assert args_of(option["href"]) == {"q": ["ngua zzyzx"]}

    page = text(client.get("/?q=lua+-lua"))  # nothing; "lúa" is the accented reading
    assert "Không tìm thấy kết quả nào cho “lua -lua”" in page
    option = next(link for link in links(page) if link["text"].startswith("Tìm có dấu"))
    assert args_of(option["href"]) == {"q": ["lúa -lua"]}  # the free words respelt, the exclusion kept


def test_timeline_bars_are_links_that_filter(client):
    page = text(client.get("/?q=ha+noi"))
    chart = section(page, '<svg class="chart"', "</svg>")
    assert "<script" not in chart
    bars = [link for link in links(chart) if link["href"]]
    years = {args_of(link["href"])["year"][0] for link in bars}
    facet_years = {str(f["value"]) for f in api(client, q="ha noi")["facets"]["year"] if f["value"]}
    assert years == facet_years
    assert re.search(r"<title>Năm 2014: \d+ bài</title>", chart)
    filtered = text(client.get(bars[0]["href"]))
    assert "Năm " in filtered and 'class="chip"' in filtered


# --- article page -----------------------------------------------------------------------


def test_article_page_highlights_matches_and_links_speakers(client):
    response = client.get("/article/demo-018?q=ha+noi")
    assert response.status_code == 200
    page = text(response)
    h1 = section(page, "<h1>", "</h1>")
    assert "<mark>Hà Nội</mark>" in h1  # the word, as one unit
    for label in ("Ngày đăng", "Nguồn", "Tác giả", "Bài gốc", "25/4/2021"):
        assert label in page
    assert "Quay lại kết quả" in page
    doc = api(client, q="", size=100)
    speakers = next(h for h in doc["hits"] if h["id"] == "demo-018")["speakers"]
    for name in speakers:
        link = next(link for link in links(page) if link["text"] == name)
        assert args_of(link["href"]) == {"speaker": [name]}


def test_more_like_this_excludes_the_article_itself(client):
    page = text(client.get("/article/demo-018"))
    similar = section(page, "Bài tương tự", "</section>")
    hrefs = [link["href"] for link in links(similar)]
    assert 1 <= len(hrefs) <= 5
    assert "/article/demo-018" not in hrefs
    assert any("Công an" in link["text"] or "ma túy" in link["text"].lower() for link in links(similar))


def test_article_ids_with_slashes(client, all_ids):
    slashed = [i for i in all_ids if "/" in i]
    assert slashed
    for article_id in slashed:
        response = client.get(f"/article/{article_id}")
        assert response.status_code == 200, article_id


@pytest.mark.parametrize(
    "path",
    [
        "/article/nope",
        "/article/../../etc/passwd",
        "/article/..%2F..%2Fetc%2Fpasswd",
        "/article/%2e%2e/%2e%2e/etc/passwd",
        "/article/demo-001/../../../etc/passwd",
    ],
)
def test_unknown_article_is_a_404_page(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.content_type.startswith("text/html")
    page = text(response)
    assert "Không tìm thấy" in page and "root:" not in page


# --- exports --------------------------------------------------------------------------------


@pytest.fixture
def small_pages_client(demo_index: Path):
    app = create_app({"TESTING": True, "INDEX": str(demo_index), "EXPORT_PAGE_SIZE": 7})
    return app.test_client()


def _csv_rows(response) -> list[list[str]]:
    body = response.get_data().decode("utf-8")
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body[1:])))


def test_export_csv_has_every_row_not_just_a_page(small_pages_client, all_ids):
    response = small_pages_client.get("/export.csv")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert re.match(
        r'attachment; filename="vnsearch-tat-ca-\d{4}-\d{2}-\d{2}\.csv"',
        response.headers["Content-Disposition"],
    )
    rows = _csv_rows(response)
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r[0] for r in rows[1:]] == all_ids  # 41 rows fetched 7 at a time
    assert response.headers["X-Total-Count"] == str(len(all_ids))


def test_export_csv_follows_query_filters_and_sort(small_pages_client, client):
    expected = api(client, q="ha noi", year="2013..2021", sort="newest", size=100)
    response = small_pages_client.get("/export.csv?q=ha+noi&year=2013..2021&sort=newest&page=2&size=3")
    rows = _csv_rows(response)
    assert [r[0] for r in rows[1:]] == [h["id"] for h in expected["hits"]]
    assert "vnsearch-ha-noi-" in response.headers["Content-Disposition"]
    snippet = rows[1][CSV_COLUMNS.index("snippet")]
    assert snippet and "<mark>" not in snippet and "&amp;" not in snippet


def test_export_json_has_every_hit(small_pages_client, client):
    response = small_pages_client.get("/export.json?q=ha+noi")
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.headers["Content-Disposition"].endswith('.json"')
    data = json.loads(response.get_data())
    expected = api(client, q="ha noi", size=100)
    assert data["total"] == expected["total"] == len(data["hits"])
    assert [h["id"] for h in data["hits"]] == [h["id"] for h in expected["hits"]]
    assert all(set(h) == HIT_KEYS | {"permalink"} for h in data["hits"])
    assert all(h["permalink"] == f"http://localhost/article/{h['id']}" for h in data["hits"])
    assert data["query"] == "ha noi" and data["sort"] == "relevance"


def test_export_is_streamed_in_chunks(small_pages_client):
    response = small_pages_client.get("/export.json")
    chunks = list(response.response)
    assert len(chunks) > 1  # not one string built in memory
    json.loads(b"".join(chunks))


def test_export_bad_parameters_are_400(client):
    response = client.get("/export.json?year=20x9")
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == "year"
    response = client.get("/export.csv?sort=best")
    assert response.status_code == 400 and "sort" in text(response)


def test_csv_cells_that_start_a_formula_are_neutralised(tmp_path: Path):
    rows = [
        {"id": "f1", "title": '=HYPERLINK("http://x","bấm")', "date": "2020-01-02", "body": "Tin một."},
        {"id": "f2", "title": "+84 số điện thoại", "date": "2020-01-03", "body": "Tin hai."},
        {"id": "f3", "title": "-5 độ C ở Sa Pa", "date": "2020-01-04", "body": "Tin ba."},
        {
            "id": "f4",
            "title": "@vnsearch trả lời",
            "date": "2020-01-05",
            "body": "Tin bốn.",
            "source": "=cmd",
        },
        {"id": "f5", "title": "Bình thường", "date": "2020-01-06", "body": "Tin năm."},
    ]
    write_jsonl(tmp_path / "in" / "a.jsonl", rows)
    index = tmp_path / "index"
    ingest([tmp_path / "in"], index, workers=1)
    client = create_app({"TESTING": True, "INDEX": str(index)}).test_client()
    out = {r[0]: r for r in _csv_rows(client.get("/export.csv?sort=oldest"))[1:]}
    title = CSV_COLUMNS.index("title")
    assert out["f1"][title] == '\'=HYPERLINK("http://x","bấm")'
    assert out["f2"][title] == "'+84 số điện thoại"
    assert out["f3"][title] == "'-5 độ C ở Sa Pa"
    assert out["f4"][title] == "'@vnsearch trả lời"
    assert out["f4"][CSV_COLUMNS.index("source")] == "'=cmd"
    assert out["f5"][title] == "Bình thường"
    assert neutralise("\t=1") == "'\t=1" and neutralise(3.5) == 3.5 and neutralise("") == ""


def _fake_hit(n: int) -> Hit:
    return Hit(
        id=f"a{n}",
        title=f"Bài số {n} về Hà Nội",
        date="2020-01-01",
        year=2020,
        speakers=["Nguyễn Văn A"],
        source="Báo mẫu",
        url=f"https://example.org/{n}",
        score=1.0,
        excerpt=Snippet.of_text("Đoạn trích " * 20),
    )


def test_80000_rows_are_streamed_without_building_up(tmp_path: Path):
    total = 80_000
    calls = []

    def search_page(offset: int, limit: int) -> SearchResult:
        calls.append(offset)
        hits = [_fake_hit(n) for n in range(offset, min(total, offset + limit))]
        return SearchResult("", total, offset, limit, None, hits)

    chunks = csv_chunks(all_hits(search_page, page_size=1000))
    first = next(chunks)
    assert calls == [0]  # lazy: one page fetched for the first chunk
    tracemalloc.start()
    size, lines = len(first), first.count("\r\n")
    for chunk in chunks:
        size += len(chunk)
        lines += chunk.count("\r\n")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert lines == total + 1  # the header and every row
    assert len(calls) == total // 1000
    assert size > 20_000_000  # the export is large...
    assert peak < 5_000_000  # ...but never all in memory


def test_export_filename():
    from datetime import date

    assert (
        export_filename("Công an Hà Nội", "csv", date(2025, 1, 31))
        == "vnsearch-cong-an-ha-noi-2025-01-31.csv"
    )
    assert export_filename("", "json", date(2025, 1, 31)) == "vnsearch-tat-ca-2025-01-31.json"
    assert export_filename('"; rm -rf /', "csv", date(2025, 1, 31)) == "vnsearch-rm-rf-2025-01-31.csv"


# --- API ----------------------------------------------------------------------------------------


def test_api_search_is_the_cli_json(client, demo_index: Path):
    from helpers import vnsearch

    proc = vnsearch(
        "search", "--index", str(demo_index), "--format", "json", "--year", "2014..2022", "--limit", "5",
        "--offset", "5", "--sort", "newest", "cong an",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    data = api(client, q="cong an", year="2014..2022", size=5, page=2, sort="newest")
    assert data == json.loads(proc.stdout)
    assert set(data) == set(RESULT_KEYS)


def test_api_search_parameters(client):
    data = api(client, q="ha noi", year_from="2014", year_to="2016", page="2", size="2")
    assert data["offset"] == 2 and data["limit"] == 2
    assert all(2014 <= h["year"] <= 2016 for h in data["hits"])
    assert data["total"] == api(client, q="ha noi", year="2014..2016")["total"]
    assert (
        api(client, q="ha noi", year_from="2020")["total"] == api(client, q="ha noi", year="2020..")["total"]
    )
    speakers = api(client)["facets"]["speaker"]
    if speakers:
        name = speakers[0]["value"]
        data = api(client, speaker=name)
        assert data["total"] == speakers[0]["count"]
    response = client.get("/api/search?q=h%C3%A0+n%E1%BB%99i")
    assert "Hà Nội".encode() in response.data  # UTF-8, not \\u escapes


def test_api_size_is_capped(client, app):
    data = api(client, size="100000")
    assert data["limit"] == app.config["API_MAX_SIZE"] == 100
    assert len(data["hits"]) == 41


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("year=abc", "year"),
        ("year=2021..2019", "year"),
        ("year_from=20x1", "year_from"),
        ("year_from=2021&year_to=2019", "year_to"),
        ("year=2020&year_from=2019", "year"),
        ("sort=best", "sort"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=-1", "page"),
        ("page=999999", "page"),
        ("size=0", "size"),
        ("size=1e3", "size"),
        ("month=13&year=2020", "month"),
        ("month=5", "month"),
    ],
)
def test_bad_parameters_are_400_json_naming_the_parameter(client, query, parameter):
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["parameter"] == parameter and error["status"] == 400
    assert parameter in error["message"]


def test_bad_parameters_on_a_page_are_an_html_page(client):
    response = client.get("/?q=ha+noi&page=abc")
    assert response.status_code == 400
    assert response.content_type.startswith("text/html")
    page = text(response)
    assert "Yêu cầu không hợp lệ" in page and "&#39;page&#39;" in page
    assert 'value="ha noi"' in page


def test_unknown_routes_and_methods(client):
    response = client.get("/api/nope")
    assert response.status_code == 404 and response.get_json()["error"]["status"] == 404
    response = client.post("/api/search")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]
    assert response.get_json()["error"]["status"] == 405
    response = client.get("/nope")
    assert response.status_code == 404 and "Không tìm thấy" in text(response)


def test_api_suggest(client):
    data = client.get("/api/suggest?q=ha+noi").get_json()
    assert data["query"] == "ha noi"
    kinds = [s["kind"] for s in data["suggestions"]]
    assert data["suggestions"][0] == {"text": "hà nội", "kind": "query"}
    assert 1 <= kinds.count("article") <= 5
    article = next(s for s in data["suggestions"] if s["kind"] == "article")
    assert article["url"].startswith("/article/") and client.get(article["url"]).status_code == 200
    assert client.get("/api/suggest?q=").get_json() == {"query": "", "suggestions": []}
    response = client.get("/api/suggest?q=ha+noi&format=opensearch")
    assert response.mimetype == "application/x-suggestions+json"
    q, texts, descriptions, urls = response.get_json()
    assert q == "ha noi" and texts[0] == "hà nội" and len(texts) == len(descriptions) == len(urls)
    assert client.get("/api/suggest?q=x&format=xml").status_code == 400


def test_opensearch_description_is_linked_from_every_page(client):
    response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/opensearchdescription+xml"
    xml = text(response)
    assert 'template="http://localhost/?q={searchTerms}"' in xml
    assert "/api/suggest?format=opensearch&amp;q={searchTerms}" in xml
    import xml.etree.ElementTree as ET

    ET.fromstring(response.data)
    for url in ("/", "/?q=ha+noi", "/article/demo-001", "/article/nope", "/?page=x"):
        assert 'rel="search" type="application/opensearchdescription+xml"' in text(client.get(url)), url


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok" and response.get_json()["articles"] == 41


def test_missing_index_is_503_with_what_to_do(tmp_path: Path):
    client = create_app({"TESTING": True, "INDEX": str(tmp_path / "none")}).test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "vnsearch index" in response.get_json()["error"]["message"]
    response = client.get("/?q=x")
    assert response.status_code == 503 and "vnsearch index" in text(response)
    assert client.get("/api/search?q=x").status_code == 503


# --- security and assets ----------------------------------------------------------------


def test_security_headers_and_no_inline_script_or_style(client):
    for url in ("/", "/?q=ha+noi&year=2014", "/article/demo-018?q=ha", "/article/nope", "/api/search?q=x"):
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp and "script-src 'self'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"]
        if response.mimetype == "text/html":
            page = text(response)
            assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page))
            assert not re.search(r"\son[a-z]+\s*=", page)
            assert not re.search(r"\sstyle\s*=", page)


def test_links_to_original_articles_are_http_only(tmp_path: Path):
    rows = [
        {"id": "j1", "title": "Bài có link lạ", "url": "javascript:alert(1)", "date": "2021-01-01", "body": "Nội dung."},
        {"id": "j2", "title": "Bài có link thường", "url": "https://example.org/j2", "date": "2021-01-01", "body": "Nội dung."},
    ]  # fmt: skip
    write_jsonl(tmp_path / "in" / "a.jsonl", rows)
    ingest([tmp_path / "in"], tmp_path / "index", workers=1)
    client = create_app({"TESTING": True, "INDEX": str(tmp_path / "index")}).test_client()
    assert "javascript:" not in text(client.get("/article/j1"))
    assert 'href="https://example.org/j2"' in text(client.get("/article/j2"))


def test_static_assets(client):
    page = text(client.get("/"))
    for name, mimetype in (("app.css", "text/css"), ("app.js", "text/javascript")):
        href = re.search(rf'"(/static/{name}\?v=\d+)"', page).group(1)
        response = client.get(href)
        assert response.status_code == 200 and response.mimetype == mimetype
        response.close()


def test_app_settings(demo_index: Path, tmp_path: Path):
    app = create_app({"INDEX": str(demo_index)})
    assert not app.debug and not app.testing
    assert Path(app.template_folder, "index.html").is_file()
    assert Path(app.static_folder, "app.js").is_file()
    with pytest.raises(ConfigError, match="PAGE_SIZE"):
        create_app({"INDEX": str(demo_index), "PAGE_SIZE": 0})
    with pytest.raises(ConfigError, match="API_MAX_SIZE"):
        create_app({"INDEX": str(demo_index), "PAGE_SIZE": 50, "API_MAX_SIZE": 20})


# --- searchers shared across requests -------------------------------------------------------


def test_a_new_commit_is_seen_without_restart(tmp_path: Path):
    first = [{"id": f"n{i}", "title": f"Lũ lụt miền Trung số {i}", "date": f"2020-10-0{i + 1}", "body": "Mưa lớn."} for i in range(3)]  # fmt: skip
    write_jsonl(tmp_path / "a" / "a.jsonl", first)
    index = tmp_path / "index"
    ingest([tmp_path / "a"], index, workers=1)
    client = create_app({"TESTING": True, "INDEX": str(index), "REFRESH_SECONDS": 0}).test_client()
    assert api(client, q="lu lut")["total"] == 3
    assert client.get("/healthz").get_json()["articles"] == 3
    more = [{"id": f"m{i}", "title": f"Lũ lụt miền Bắc số {i}", "date": f"2021-08-0{i + 1}", "body": "Mưa to."} for i in range(2)]  # fmt: skip
    write_jsonl(tmp_path / "b" / "b.jsonl", more)
    ingest([tmp_path / "b"], index, workers=1)
    assert api(client, q="lu lut")["total"] == 5
    assert client.get("/healthz").get_json()["articles"] == 5
    assert client.get("/article/m1").status_code == 200


def test_searchers_are_shared_safely_across_threads(app):
    queries = ["ha noi", "cong an", "metro", "lúa gạo", "", "bão", "tuyển sinh", "du lịch"]
    client = app.test_client()
    expected = {q: api(client, q=q, size=20)["hits"] for q in queries}
    errors: list[str] = []

    def worker(n: int) -> None:
        c = app.test_client()
        for i in range(6):
            q = queries[(n + i) % len(queries)]
            body = c.get("/api/search", query_string={"q": q, "size": 20}).get_json()
            if "hits" not in body:  # an error answer: a thread's exception would pass unseen
                errors.append(f"{q}: {body}")
            elif [h["id"] for h in body["hits"]] != [h["id"] for h in expected[q]]:
                errors.append(q)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    pool = app.extensions["vnsearch"]
    assert 1 <= len(pool._idle) <= pool.max_idle


# --- vnsearch serve ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _served(demo_index: Path, threads: int, env: dict | None = None):
    """``vnsearch serve`` on a free port, as a real process: yields the URL it
    prints (None if it printed none within 30 s)."""
    script = Path(sys.executable).with_name("vnsearch")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "search"]
    cmd += ["serve", "--index", str(demo_index), "--port", "0", "--threads", str(threads)]
    return served(cmd, cwd=ROOT, env=env)


def test_serve_command_runs_waitress(demo_index: Path):
    with _served(demo_index, threads=2) as url:
        assert url and re.fullmatch(r"http://127\.0\.0\.1:\d+/", url), url or "no URL printed"
        with urllib.request.urlopen(url + "healthz", timeout=10) as response:
            assert response.status == 200 and json.load(response)["articles"] == 41
            assert response.headers["Server"] == "vnsearch"
        with urllib.request.urlopen(url + "export.csv?q=ha+noi", timeout=30) as response:
            body = response.read().decode("utf-8")
            assert body.startswith(BOM) and body.count("\r\n") > 10


def test_serve_in_two_processes_answers_and_stops_with_its_parent(demo_index: Path):
    import concurrent.futures
    import signal

    import psutil

    script = Path(sys.executable).with_name("vnsearch")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "search"]
    cmd += ["serve", "--index", str(demo_index), "--port", "0", "--threads", "2", "--processes", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        first = proc.stdout.readline()
        assert "41 articles" in first and "2 processes" in first, first + proc.stderr.read()
        url = re.search(r"Serving on (http://[^/]+/)", proc.stdout.readline()).group(1)
        children = psutil.Process(proc.pid).children()
        assert len(children) == 1

        def ask(i: int) -> int:
            with urllib.request.urlopen(
                url + f"api/search?q=ha+noi&page={1 + i % 3}", timeout=30
            ) as response:
                return response.status

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            assert set(pool.map(ask, range(40))) == {200}
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
        assert "Stopped." in proc.stderr.read()
        psutil.wait_procs(children, timeout=5)
        assert not children[0].is_running() or children[0].status() == psutil.STATUS_ZOMBIE
        # A parent killed without a word: its children stop by themselves.
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        proc.stdout.readline()
        proc.stdout.readline()
        orphan = psutil.Process(proc.pid).children()[0]
        proc.kill()
        proc.wait(timeout=10)
        gone, _ = psutil.wait_procs([orphan], timeout=10)
        assert gone, "the child kept serving after its parent was killed"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def test_serve_command_help_and_errors(tmp_path: Path, demo_index: Path):
    from helpers import vnsearch

    proc = vnsearch("serve", "--help")
    assert proc.returncode == 0 and "--threads" in proc.stdout and "waitress" in proc.stdout
    assert "--processes" in proc.stdout
    proc = vnsearch("serve", "--index", str(tmp_path / "none"))
    assert proc.returncode == 2 and "vnsearch index" in proc.stderr and "Traceback" not in proc.stderr
    busy = socket.socket()
    busy.bind(("127.0.0.1", _free_port()))
    busy.listen()
    try:
        proc = vnsearch("serve", "--index", str(demo_index), "--port", str(busy.getsockname()[1]))
        assert proc.returncode == 2 and "Choose another --port" in proc.stderr
    finally:
        busy.close()


def test_unexpected_errors_are_a_500_without_traceback(demo_index: Path, monkeypatch):
    app = create_app({"TESTING": True, "INDEX": str(demo_index)})
    client = app.test_client()

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(Searcher, "search", broken)
    response = client.get("/api/search?q=x")
    assert response.status_code == 500 and response.get_json()["error"]["status"] == 500
    assert "secret" not in text(response)
    response = client.get("/?q=x")
    assert response.status_code == 500 and "Lỗi máy chủ" in text(response)
    assert "secret" not in text(response) and "Traceback" not in text(response)


# --- web hardening (issue 8) ------------------------------------------------------------------


def _assert_security_headers(response, what: str) -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, what
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, what
    assert "object-src 'none'" in csp and "base-uri 'none'" in csp, what
    assert headers.get("X-Content-Type-Options") == "nosniff", what
    assert headers.get("X-Frame-Options") == "DENY", what
    assert headers.get("Referrer-Policy") in ("same-origin", "no-referrer"), what


def test_security_headers_on_every_kind_of_response(demo_index: Path, monkeypatch):
    app = create_app({"TESTING": True, "INDEX": str(demo_index)})
    client = app.test_client()
    answers = {
        "page": client.get("/?q=ha+noi"),
        "article": client.get("/article/demo-001"),
        "api": client.get("/api/search?q=x"),
        "export": client.get("/export.csv?q=ha+noi"),
        "static": client.get("/static/app.css"),
        "static 404": client.get("/static/nope.css"),
        "404": client.get("/nope"),
        "400": client.get("/api/search?page=x"),
        "405": client.post("/"),
        "405 static": client.open("/static/app.css", method="OPTIONS"),
        "413": client.get("/", data=b"x" * 100_000),
        "414": client.get("/?q=" + "a" * 20_000),
        "head": client.head("/"),
        "opensearch": client.get("/opensearch.xml"),
        "healthz": client.get("/healthz"),
    }
    monkeypatch.setattr(Searcher, "search", lambda *a, **k: 1 / 0)
    answers["500"] = client.get("/?q=x")
    for what, response in answers.items():
        _assert_security_headers(response, what)
        response.close()
    assert answers["500"].status_code == 500 and answers["413"].status_code == 413


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"])
def test_the_site_only_reads(client, method):
    for path in (
        "/",
        "/api/search",
        "/export.csv",
        "/article/demo-001",
        "/static/app.css",
        "/healthz",
        "/nope",
    ):
        response = client.open(path, method=method, data=b"q=x")
        assert response.status_code == 405, (method, path)
        assert response.headers["Allow"] == "GET, HEAD", (method, path)
        if path.startswith("/api/"):
            assert response.get_json()["error"]["status"] == 405
    response = client.head("/api/search?q=ha+noi")
    assert response.status_code == 200 and response.data == b""


def test_debug_mode_is_never_switched_on_by_the_environment(demo_index: Path, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setenv("VNSEARCH_DEBUG", "1")  # the CLI's "show tracebacks" switch
    app = create_app({"INDEX": str(demo_index)})
    assert not app.debug and not app.config["DEBUG"]
    monkeypatch.setattr(Searcher, "search", lambda *a, **k: 1 / 0)
    response = app.test_client().get("/?q=x")
    page = text(response)
    assert response.status_code == 500
    assert "Traceback" not in page and "ZeroDivisionError" not in page and "Werkzeug" not in page
    assert create_app({"INDEX": str(demo_index), "DEBUG": True}).debug  # only when code asks


def test_serve_binds_localhost_without_debug_by_default(demo_index: Path, monkeypatch):
    import waitress
    from flask import Flask

    from search.cli import main

    seen = {}

    class FakeServer:
        effective_host, effective_port = "127.0.0.1", 5000

        def run(self):
            seen["ran"] = True

        def close(self):
            pass

    def fake_create_server(app, **kwargs):
        seen.update(kwargs, app=app)
        return FakeServer()

    monkeypatch.setattr(waitress, "create_server", fake_create_server)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setenv("VNSEARCH_DEBUG", "1")
    assert main(["serve", "--index", str(demo_index)]) == 0
    assert seen["ran"] and seen["host"] == "127.0.0.1" and seen["port"] == 5000
    app = seen["app"]
    assert isinstance(app, Flask) and not app.debug  # not wrapped in Werkzeug's debugger either
    assert main(["serve", "--index", str(demo_index), "--host", "0.0.0.0"]) == 0
    assert seen["host"] == "0.0.0.0"  # only when told


def test_served_site_has_no_debugger_even_with_debug_variables(demo_index: Path):
    import os
    import urllib.error

    env = {k: v for k, v in os.environ.items() if k != "VNSEARCH_INDEX"}
    env.update(FLASK_DEBUG="1", VNSEARCH_DEBUG="1", FLASK_ENV="development")
    with _served(demo_index, threads=1, env=env) as url:
        assert url and url.startswith("http://127.0.0.1:"), url
        for path, status in (("console", 404), ("?page=x", 400), ("?q=%FF%FE", 200)):
            try:
                with urllib.request.urlopen(url + path, timeout=30) as response:
                    got, body = response.status, response.read().decode()
            except urllib.error.HTTPError as exc:
                got, body = exc.code, exc.read().decode()
            assert got == status, path
            assert "Traceback" not in body and "Werkzeug" not in body and "__debugger__" not in body, path
        # The production server refuses a big body itself, before buffering it.
        host, port = url[len("http://") :].rstrip("/").rsplit(":", 1)
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.putrequest("POST", "/api/search")
        conn.putheader("Content-Length", str(50_000_000))
        conn.endheaders()
        conn.send(b"x" * 65536)
        response = conn.getresponse()
        # waitress's own answer (the app's would carry its security headers).
        assert response.status == 413 and "Content-Security-Policy" not in response.headers
        conn.close()


@pytest.mark.parametrize(
    "path",
    [
        "/article/..%2F..%2Fetc%2Fpasswd",
        "/article/../../etc/passwd",
        "/article/%2Fetc%2Fpasswd",
        "/article//etc/passwd",
        "/article/....//....//etc/passwd",
        "/article/..%5C..%5Cwindows%5Cwin.ini",
        "/article/%00",
        "/article/%252e%252e%252fetc%252fpasswd",
        "/article/file:%2F%2F%2Fetc%2Fpasswd",
    ],
)
def test_article_ids_that_look_like_paths_read_no_file(client, monkeypatch, path):
    import builtins
    import io
    import os

    opened = []
    real_open, real_os_open = builtins.open, os.open

    def spy_open(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    def spy_os_open(file, *args, **kwargs):
        opened.append(str(file))
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(io, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    response = client.get(path)
    if response.status_code == 308:  # Werkzeug merges "//": still an article id, on this site
        target = urlsplit(response.location)
        assert target.path.startswith("/article/") and target.netloc in ("", "localhost"), target
        response = client.get(response.location)
    assert response.status_code == 404 and response.content_type.startswith("text/html")
    page = text(response)
    assert "Không tìm thấy" in page and "root:" not in page and "[extensions]" not in page
    assert not [f for f in opened if "passwd" in f or "win.ini" in f or f.startswith("/etc")], opened


def test_every_export_cell_that_starts_a_formula_is_neutralised():
    from search.export import hit_row

    for start in ("=", "+", "-", "@", "\t", "\r"):
        hit = Hit(
            id=f"{start}id",
            title=f"{start}1+1",
            date=None,
            year=None,
            speakers=[f"{start}cmd|' /C calc'!A0"],
            source=f"{start}SUM(A1)",
            url=f'{start}HYPERLINK("http://x")',
            score=None,
            excerpt=Snippet.of_text(f"{start}2+2"),
        )
        row = hit_row(hit)
        permalink = row.pop(CSV_COLUMNS.index("permalink"))  # a path: "/article/...", nothing to run
        assert permalink.startswith("/article/") and neutralise(permalink) == permalink
        texts = [cell for cell in row if isinstance(cell, str) and cell]
        assert len(texts) == 6 and all(cell.startswith("'" + start) for cell in texts), row
    assert neutralise("Hà Nội") == "Hà Nội" and neutralise(" =1") == " =1" and neutralise(-5) == -5


def test_request_and_url_size_limits_answer_with_what_to_do(client, app):
    response = client.get("/api/search", query_string={"q": "hà nội " * 2_000})
    error = response.get_json()["error"]
    assert response.status_code == 414 and error["status"] == 414 and error["parameter"] == "q"
    assert "'q'" in error["message"] and str(app.config["MAX_URL_BYTES"]) in error["message"]
    response = client.get("/", query_string={"q": "<b>" * 6_000})
    page = text(response)
    assert response.status_code == 414 and "Địa chỉ quá dài" in page
    assert "&lt;b&gt;&lt;b&gt;" not in page  # the refused query is not echoed back
    response = client.get("/article/" + "a" * 20_000)
    assert response.status_code == 414 and "the path is" in text(response)
    response = client.get("/api/search?q=x", data=b"x" * 100_000)
    assert response.status_code == 413 and response.get_json()["error"]["status"] == 413
    ok = client.get("/api/search", query_string={"q": "ha noi " * 1_400})  # 10 kB: read up to the cap
    assert ok.status_code == 200 and ok.get_json()["total"] > 0


def test_result_size_limits_name_the_parameter(client, app):
    data = api(client, size=str(10**9))
    assert data["limit"] == app.config["API_MAX_SIZE"]
    for page in (str(10**9), "9" * 50):
        error = client.get("/api/search", query_string={"page": page}).get_json()["error"]
        assert error["parameter"] == "page" and "too deep" in error["message"], error
    error = client.get("/api/search", query_string={"month": "9" * 40, "year": "2020"}).get_json()["error"]
    assert error["parameter"] == "month" and "between 1 and 12" in error["message"]
    assert len(error["message"]) < 200  # the value is shown cut short
    error = client.get("/api/search", query_string={"year": "1" * 5000}).get_json()["error"]
    assert error["parameter"] == "year" and len(error["message"]) < 300


def test_hostile_article_data_is_escaped_everywhere(tmp_path: Path):
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    rows = [
        {
            "id": "x1",
            "title": f"Hà Nội {payload}",
            "lead": f"Tóm tắt {payload}",
            "body": f"Công an Hà Nội cho biết {payload} hôm nay.\n{payload}",
            "source": f"{payload} báo",
            "author": payload,
            "url": "javascript:alert(1)",
            "tags": [payload, "Hà Nội"],
            "date": "2021-01-01",
        },
        {"id": "<script>alert(2)</script>", "title": "Mã lạ", "body": "Hà Nội.", "date": "2021-01-02"},
    ]
    write_jsonl(tmp_path / "in" / "a.jsonl", rows)
    ingest([tmp_path / "in"], tmp_path / "index", workers=1)
    client = create_app({"TESTING": True, "INDEX": str(tmp_path / "index")}).test_client()
    for url in ("/?q=ha+noi", "/?q=script+alert", "/", "/article/x1?q=ha+noi", "/article/x1"):
        page = text(client.get(url))
        assert "<script>alert" not in page and "<img src=x" not in page and "javascript:" not in page, url
        assert "&lt;script&gt;alert(1)" in page, url
    page = text(client.get("/?q=ma+la"))
    assert "<script>alert(2)" not in page and "/article/%3Cscript%3Ealert(2)%3C/script%3E" in page
    assert client.get("/article/%3Cscript%3Ealert(2)%3C/script%3E").status_code == 200
    suggest = client.get("/api/suggest?q=ha+noi")
    assert suggest.mimetype == "application/json" and suggest.headers["X-Content-Type-Options"] == "nosniff"


def test_notes_on_the_site_are_in_vietnamese(client):
    page = text(client.get("/", query_string={"q": '"công an'}))
    assert "Lưu ý: Dấu ngoặc kép trước “công an” chưa được đóng" in page
    assert "was not closed" not in page
    page = text(client.get("/", query_string={"q": "- year:20x9 OR"}))
    assert "Dấu “-” đứng riêng đã được bỏ qua." in page and "bộ lọc năm đã được bỏ qua" in page
    assert "Chữ OR không có từ nào đứng trước" in page and "ignored" not in page
    page = text(client.get("/", query_string={"q": "công an bitcoin"}))
    assert "Không có bài nào chứa đủ mọi từ" in page and "some of them" not in page
