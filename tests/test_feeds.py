"""Saved searches as Atom feeds (/feed.atom): read back with feedparser and
checked against RFC 4287's required elements, stable entry ids, newest
first, the results page's filters, conditional GET (ETag, Last-Modified,
304) and a new ETag when the index gains a matching article."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from helpers import DEMO, write_jsonl

from search.indexing.pipeline import ingest
from search.web import create_app

pytestmark = pytest.mark.engines

A = "{http://www.w3.org/2005/Atom}"


def _feed(client, url: str = "/feed.atom", **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response, feedparser.parse(response.get_data())


def _ids(parsed) -> list[str]:
    return [e.id for e in parsed.entries]


def test_the_feed_is_valid_atom_with_every_required_element(client):
    response, parsed = _feed(client, "/feed.atom?q=h%C3%A0+n%E1%BB%99i")
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10" and parsed.entries
    assert "hà nội" in parsed.feed.title and parsed.feed.id.startswith("tag:")
    # RFC 4287 4.1.1: feed id, title, updated, an author (here, the site), link rel=self and alternate.
    root = ET.fromstring(response.get_data())
    assert root.tag == f"{A}feed"
    for name in ("id", "title", "updated", "author/" + A + "name"):
        assert root.find(A + name) is not None and root.find(A + name).text, name
    rels = {link.get("rel"): link.get("href") for link in root.findall(A + "link")}
    assert rels["self"].startswith("http://localhost/feed.atom?") and "q=h%C3%A0" in rels["self"]
    assert rels["alternate"].startswith("http://localhost/?") and "sort=newest" in rels["alternate"]
    for entry in root.findall(A + "entry"):
        for name in ("id", "title", "updated", "summary"):
            assert entry.find(A + name) is not None and entry.find(A + name).text, name
        link = next(lk for lk in entry.findall(A + "link") if lk.get("rel") == "alternate")
        assert re.match(r"^http://localhost/article/.+", link.get("href"))
    first = parsed.entries[0]
    assert first.link == f"http://localhost/article/{first.id.rsplit('article/', 1)[1]}"
    assert first.summary and "<" not in first.summary


def test_entry_ids_are_the_same_on_every_request(client):
    _, one = _feed(client)
    _, two = _feed(client)
    assert _ids(one) == _ids(two) and len(set(_ids(one))) == len(one.entries)
    assert all(re.match(r"^tag:localhost,2024:article/\S+$", i) for i in _ids(one))


def test_entry_ids_survive_an_index_rebuild(tmp_path: Path, client):
    _, before = _feed(client, "/feed.atom?size=100")
    ingest([DEMO], tmp_path / "rebuilt", workers=1)
    other = create_app({"TESTING": True, "INDEX": str(tmp_path / "rebuilt")}).test_client()
    _, after = _feed(other, "/feed.atom?size=100")
    assert _ids(after) == _ids(before)
    assert [e.updated for e in after.entries] == [e.updated for e in before.entries]


def test_newest_first_the_latest_thirty_and_undated_articles_left_out(client):
    _, parsed = _feed(client, "/feed.atom?sort=oldest")  # a feed is a timeline, whatever the sort asked
    times = [e.updated_parsed for e in parsed.entries]
    assert times == sorted(times, reverse=True) and len(times) == 30
    _, everything = _feed(client, "/feed.atom?size=100&fold=0")
    assert len(everything.entries) == 36  # the demo's 41 articles less its 5 undated ones
    _, folded = _feed(client, "/feed.atom?size=100")  # as on the results page, a copy folds under its story
    assert len(folded.entries) == 35 and {"demo-016", "demo-031"} & {
        i.rsplit("/", 1)[-1] for i in _ids(folded)
    }
    assert "tag:localhost,2024:article/demo-026" not in _ids(everything)  # demo-026 has no date
    assert _ids(everything)[0] == "tag:localhost,2024:article/demo-025"  # 10/9/2025, 16:30


def test_entry_times_are_the_articles_dates_in_vietnam(client):
    _, parsed = _feed(client, "/feed.atom?size=100")
    by_id = {e.id.rsplit("/", 1)[-1]: e for e in parsed.entries}
    assert by_id["demo-025"].updated == "2025-09-10T16:30:00+07:00"  # a time of day: as printed
    assert by_id["demo-024"].updated == "2024-06-26T00:00:00+07:00"  # a day: its midnight, UTC+7
    assert by_id["demo-021"].published == "2022-11-01T00:00:00+07:00"  # a month: its first day
    assert parsed.feed.updated == "2025-09-10T16:30:00+07:00"  # the newest entry's


def test_the_results_page_filters_are_carried(client):
    _, parsed = _feed(
        client,
        "/feed.atom?q=c%C3%B4ng+an&year=2014..2021&source=Nh%E1%BA%ADt+b%C3%A1o+Th%E1%BB%A7+%C4%90%C3%B4+(demo)",
    )
    assert parsed.entries
    for entry in parsed.entries:
        assert 2014 <= entry.updated_parsed.tm_year <= 2021
        assert "Nhật báo Thủ Đô (demo)" in [t.term for t in entry.tags]
    assert "Nguồn: Nhật báo Thủ Đô (demo)" in parsed.feed.title and "2014–2021" in parsed.feed.title
    self_link = next(lk.href for lk in parsed.feed.links if lk.rel == "self")
    assert parse_qs(urlsplit(self_link).query) == {
        "q": ["công an"],
        "year": ["2014..2021"],
        "source": ["Nhật báo Thủ Đô (demo)"],
    }
    _, narrower = _feed(client, "/feed.atom?q=c%C3%B4ng+an")
    assert len(narrower.entries) > len(parsed.entries)


def test_size_chooses_how_many_entries(client):
    _, parsed = _feed(client, "/feed.atom?size=3")
    assert len(parsed.entries) == 3
    assert "size=3" in next(lk.href for lk in parsed.feed.links if lk.rel == "self")


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("year=20x9", "year"),
        ("size=0", "size"),
        ("size=abc", "size"),
        ("sort=best", "sort"),
        ("month=13&year=2020", "month"),
        ("date_from=2020-02-31", "date_from"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, query: str, parameter: str):
    response = client.get(f"/feed.atom?{query}")
    assert response.status_code == 400
    assert f"&#39;{parameter}&#39;" in response.get_data(as_text=True)


def test_conditional_get_answers_304_when_nothing_changed(client):
    response, _ = _feed(client, "/feed.atom?q=b%C3%A3o")
    etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    again = client.get("/feed.atom?q=b%C3%A3o", headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.get_data() and again.headers["ETag"] == etag
    again = client.get("/feed.atom?q=b%C3%A3o", headers={"If-Modified-Since": modified})
    assert again.status_code == 304
    older = client.get(
        "/feed.atom?q=b%C3%A3o", headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}
    )
    assert older.status_code == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2): an old ETag gets the feed.
    stale = client.get(
        "/feed.atom?q=b%C3%A3o", headers={"If-None-Match": '"old"', "If-Modified-Since": modified}
    )
    assert stale.status_code == 200
    other = client.get("/feed.atom?q=l%C5%A9", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["ETag"] != etag


def _article(n: int, day: str, title: str, **extra) -> dict:
    return {
        "id": f"f{n}",
        "title": title,
        "date": day,
        "source": "Báo Thử",
        "url": f"https://example.org/{n}",
        "body": f"Bão số {n} đổ bộ vào miền Trung, gió giật mạnh. " * 3,
        **extra,
    }


@pytest.fixture
def growing(tmp_path: Path):
    """A small index and a client over it, and a way to add articles to it."""
    index = tmp_path / "index"
    write_jsonl(
        tmp_path / "in1" / "a.jsonl", [_article(1, "2021-05-02", "Bão số 1"), _article(2, "2022", "Bão số 2")]
    )
    ingest([tmp_path / "in1"], index, workers=1)
    client = create_app({"TESTING": True, "INDEX": str(index), "REFRESH_SECONDS": 0}).test_client()

    def add(records: list[dict], name: str) -> None:
        write_jsonl(tmp_path / name / "a.jsonl", records)
        ingest([tmp_path / name], index, workers=1)

    return client, add


def test_the_etag_changes_when_the_index_gains_a_matching_article(growing):
    client, add = growing
    first, parsed = _feed(client, "/feed.atom?q=b%C3%A3o")
    assert _ids(parsed) == ["tag:localhost,2024:article/f2", "tag:localhost,2024:article/f1"]
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    add([_article(3, "2023-01-15", "Bão số 3")], "in2")
    after = client.get("/feed.atom?q=b%C3%A3o", headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag
    assert feedparser.parse(after.get_data()).entries[0].id == "tag:localhost,2024:article/f3"
    assert client.get("/feed.atom?q=b%C3%A3o", headers={"If-Modified-Since": modified}).status_code == 200
    # An article that does not match the saved search leaves its feed as it was.
    unchanged = client.get("/feed.atom?q=b%C3%A3o", headers={"If-None-Match": after.headers["ETag"]})
    add([{"id": "g1", "title": "Giá lúa tăng", "date": "2024-01-01", "body": "Giá lúa tăng mạnh."}], "in3")
    assert unchanged.status_code == 304
    again = client.get("/feed.atom?q=b%C3%A3o", headers={"If-None-Match": after.headers["ETag"]})
    assert again.status_code == 304


def test_control_characters_in_stored_text_do_not_break_the_xml(tmp_path: Path):
    records = [
        _article(1, "2021-05-02", "Bão\x01 số \x0b1 <x>&amp;", author="Lê\x1f Văn"),
        {
            **_article(2, "2021-05-03", "Tin & “mưa” ]]>"),
            "body": "Mưa\x00 to \x08 kéo dài \ufffe ở Huế ]]> & <x>.",
        },
    ]
    write_jsonl(tmp_path / "in" / "a.jsonl", records)
    ingest([tmp_path / "in"], tmp_path / "index", workers=1)
    client = create_app({"TESTING": True, "INDEX": str(tmp_path / "index")}).test_client()
    response, parsed = _feed(client)
    ET.fromstring(response.get_data())  # well-formed XML 1.0
    assert not parsed.bozo, parsed.get("bozo_exception")
    titles = {e.id.rsplit("/", 1)[-1]: e.title for e in parsed.entries}
    assert titles["f1"].startswith("Bão số") and titles["f1"].endswith("<x>&")  # text, not markup
    assert titles["f2"] == "Tin & “mưa” ]]>"
    response, parsed = _feed(
        client, "/feed.atom?q=B%C3%A3o%01%0B+s%E1%BB%91"
    )  # control characters in the query
    ET.fromstring(response.get_data())
    assert not parsed.bozo and parsed.feed.title == "vnsearch: “Bão số”"


def test_an_empty_feed_is_still_valid(client):
    response, parsed = _feed(client, "/feed.atom?q=b%C3%A3o&year=1990")
    assert not parsed.bozo and parsed.entries == [] and parsed.feed.updated == "1970-01-01T00:00:00+00:00"
    assert "Last-Modified" not in response.headers and response.headers["ETag"]


def test_the_results_page_offers_the_feed_in_its_head_and_its_research_links(client):
    page = client.get("/?q=c%C3%B4ng+an&year=2014..2021&sort=oldest&page=2").get_data(as_text=True)
    head = page.split("</head>", 1)[0]
    found = re.search(
        r'<link rel="alternate" type="application/atom\+xml" title="([^"]+)" href="([^"]+)">', head
    )
    assert found and "công an" in found.group(1)
    href = found.group(2).replace("&amp;", "&")
    assert parse_qs(urlsplit(href).query) == {"q": ["công an"], "year": ["2014..2021"]}  # no sort, no page
    link = re.search(r'<a class="feed" href="([^"]+)"[^>]*>Theo dõi bằng RSS/Atom</a>', page)
    assert link and link.group(1).replace("&amp;", "&") == href
    assert client.get(href).status_code == 200
    # No result yet is when an alert matters most: the empty page offers the feed too.
    empty = client.get("/?q=b%C3%A3o&year=1990").get_data(as_text=True)
    assert (
        "Không tìm thấy" in empty
        and 'href="/feed.atom?q=b%C3%A3o&amp;year=1990"' in empty.split("</head>")[1]
    )
    overview = client.get("/").get_data(as_text=True).split("</head>", 1)[0]
    assert 'type="application/atom+xml" title="vnsearch: bài mới (Atom)" href="/feed.atom"' in overview


def test_head_requests_and_speaker_variants(client):
    assert client.head("/feed.atom").status_code == 200
    response, parsed = _feed(client, "/feed.atom?speaker=Ho%C3%A0ng+%C4%90%E1%BB%A9c+Th%E1%BA%AFng")
    assert parsed.entries and not parsed.bozo
