"""One name per speaker across the archive, end to end on both engines: the table
ingest writes, the facet, the filter, the hits, the person page and its API.

Three articles quote one official: once as "Lê Xuân Tình", twice as "Xuân Tình".
Four quote "Erdogan", one of them misspelt "Erdorgan" before the right spelling (the
extractor joins the two inside that article under the first; the archive joins "Erdorgan" to
"Erdogan", three times as common). The extractor finds exactly these names (the first test
says so).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import vnsearch, write_jsonl

from search.indexing.pipeline import ingest
from search.searcher import Facet, Person, Searcher
from search.speakers import extract_speakers
from search.speakers.archive import SPEAKERS_FILE
from search.web import create_app

pytestmark = pytest.mark.engines

TINH, SHORT, ERDOGAN, TYPO, MAI = "Lê Xuân Tình", "Xuân Tình", "Erdogan", "Erdorgan", "Nguyễn Thị Mai"
RECORDS = [
    {
        "id": "t1",
        "date": "2020-03-01",
        "body": "Ông Lê Xuân Tình, Phó Giám đốc Sở Giao thông, cho biết tuyến đường sẽ thông xe trong tháng tới.",
    },
    {"id": "t2", "date": "2020-05-02", "body": "Ông Xuân Tình nói tuyến đường bị sạt lở sau mưa lớn."},
    {
        "id": "t3",
        "date": "2021-06-03",
        "body": "Chiều qua, ông Xuân Tình nói đơn vị đã điều máy múc tới hiện trường. "
        "Bà Nguyễn Thị Mai cho biết giá rau tăng mạnh.",
    },
    {"id": "e1", "date": "2020-01-10", "body": "Tổng thống Erdogan nói Thổ Nhĩ Kỳ sẽ mở cửa biên giới."},
    {"id": "e2", "date": "2020-02-11", "body": "Ông Erdogan nhấn mạnh Ankara không nhượng bộ."},
    {"id": "e3", "date": "2021-03-12", "body": "Tổng thống Erdogan cho biết khí đốt sẽ về đủ."},
    {
        "id": "e4",
        "date": "2021-04-13",
        "body": "Tổng thống Erdorgan nói quân đội đã sẵn sàng. Sau đó ông Erdogan nhấn mạnh Ankara không nhượng bộ.",
    },
    {"id": "m1", "date": "2019-07-14", "body": "Bà Nguyễn Thị Mai cho biết giá rau tăng mạnh."},
]
SPOKE = {
    "t1": [TINH],
    "t2": [SHORT],
    "t3": [SHORT, MAI],
    "e1": [ERDOGAN],
    "e2": [ERDOGAN],
    "e3": [ERDOGAN],
    "e4": [TYPO],
    "m1": [MAI],
}
TINH_ARTICLES = {"t1", "t2", "t3"}
ERDOGAN_ARTICLES = {"e1", "e2", "e3", "e4"}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    folder = tmp_path_factory.mktemp(f"canon-{engine}")
    report = ingest([write_jsonl(folder / "in.jsonl", RECORDS)], folder / "ix", workers=1)
    assert report.added == len(RECORDS) and not report.skipped
    return folder / "ix"


@pytest.fixture(scope="module")
def searcher(index: Path):
    with Searcher(index) as s:
        yield s


@pytest.fixture(scope="module")
def client(index: Path):
    return create_app({"TESTING": True, "INDEX": str(index), "REFRESH_SECONDS": 0}).test_client()


def ids(result) -> set[str]:
    return {h.id for h in result.hits}


def test_the_articles_name_these_speakers():
    for record in RECORDS:
        assert [s.name for s in extract_speakers(record["body"], "")] == SPOKE[record["id"]], record["id"]


# --- the table ingest writes ------------------------------------------------------------------------


def test_ingest_writes_every_name_with_its_canonical_name_and_count(index: Path):
    lines = (index / SPEAKERS_FILE).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "variant\tcanonical\tarticles"
    assert sorted(lines[1:]) == sorted(
        [
            f"{ERDOGAN}\t{ERDOGAN}\t3",
            f"{TYPO}\t{ERDOGAN}\t1",
            f"{TINH}\t{TINH}\t1",
            f"{SHORT}\t{TINH}\t2",
            f"{MAI}\t{MAI}\t2",
        ]
    )


def test_an_index_built_before_the_table_gets_it_at_the_next_ingest(tmp_path: Path, index: Path):
    old = tmp_path / "old"
    shutil.copytree(index, old)
    (old / SPEAKERS_FILE).unlink()
    with Searcher(old) as s:  # no table: every name as stored
        assert Facet(SHORT, 2) in s.search("").facets["speaker"]
        assert s.search("", speakers=[TINH]).total == 1
    report = ingest([write_jsonl(tmp_path / "in.jsonl", RECORDS)], old, workers=1)
    assert (report.added, report.updated, report.unchanged) == (0, 0, len(RECORDS))
    assert (old / SPEAKERS_FILE).read_text(encoding="utf-8") == (index / SPEAKERS_FILE).read_text(
        encoding="utf-8"
    )
    with Searcher(old) as s:
        assert s.search("", speakers=[TINH]).total == 3


# --- the searcher ---------------------------------------------------------------------------------


def test_the_speaker_facet_counts_each_person_once_under_the_canonical_name(searcher: Searcher):
    facet = searcher.search("").facets["speaker"]
    # Erdogan: 4 articles, not 4 + 1 (e4 holds both spellings)
    assert facet == [Facet(ERDOGAN, 4), Facet(TINH, 3), Facet(MAI, 2)]
    narrowed = searcher.search("year:2020").facets["speaker"]
    assert narrowed == [Facet(ERDOGAN, 2), Facet(TINH, 2)]


def test_the_speaker_facet_lists_the_most_quoted_first_and_ties_by_name_past_the_cut():
    """Thousands of names: only those that can be listed are sorted, in the same order."""
    from collections import Counter
    from types import SimpleNamespace

    from search.engines.base import Filters
    from search.searcher import SPEAKER_FACET_SIZE
    from search.speakers.archive import SpeakerTable

    counts = Counter({f"Người {i:04d}": 1 + (i * 7919) % 13 for i in range(3000)})
    counts.update({"": 99, "Không Ai": 0})
    fake = SimpleNamespace(speaker_table=SpeakerTable(), _speaker_count=lambda *a: 0)
    facet = Searcher._speaker_facet(fake, counts, None, Filters())
    whole = sorted(((v, c) for v, c in counts.items() if v and c), key=lambda vc: (-vc[1], vc[0]))
    assert facet == [Facet(v, c) for v, c in whole[:SPEAKER_FACET_SIZE]]
    assert len(facet) == SPEAKER_FACET_SIZE and facet[-1].count == facet[0].count == 13  # a tie cut by name


@pytest.mark.parametrize("name", [TINH, SHORT])
def test_filtering_by_the_canonical_name_or_a_variant_finds_every_article(searcher: Searcher, name: str):
    by_argument = searcher.search("", speakers=[name])
    assert by_argument.total == 3 and ids(by_argument) == TINH_ARTICLES
    by_syntax = searcher.search(f'speaker:"{name}"')
    assert ids(by_syntax) == TINH_ARTICLES
    assert ids(searcher.search("tuyến đường", speakers=[name])) == {"t1", "t2"}
    # The other facets count under the filter; the speaker facet what the other filters leave.
    assert {f.value: f.count for f in by_argument.facets["year"]} == {2021: 1, 2020: 2}
    assert by_argument.facets["speaker"] == searcher.search("").facets["speaker"]


def test_a_person_named_twice_is_one_filter_and_another_person_is_an_alternative(searcher: Searcher):
    assert ids(searcher.search("", speakers=[SHORT, TINH])) == TINH_ARTICLES
    # Two people chosen: articles where either speaks (OR within a facet).
    assert ids(searcher.search("", speakers=[SHORT, MAI])) == TINH_ARTICLES | {"m1"}
    assert ids(searcher.search("", speakers=[TYPO])) == ERDOGAN_ARTICLES
    assert ids(searcher.search("", speakers=[TINH, ERDOGAN])) == TINH_ARTICLES | ERDOGAN_ARTICLES


def test_hits_and_articles_show_canonical_names_once(searcher: Searcher):
    hits = {h.id: h.speakers for h in searcher.search("", limit=20).hits}
    assert hits == {
        "t1": [TINH],
        "t2": [TINH],
        "t3": [TINH, MAI],
        "e1": [ERDOGAN],
        "e2": [ERDOGAN],
        "e3": [ERDOGAN],
        "e4": [ERDOGAN],
        "m1": [MAI],
    }
    article = searcher.get("t2")
    assert article is not None and article.speakers == [TINH]
    assert searcher.get("t1").roles == {TINH: "Phó Giám đốc Sở Giao thông"}
    assert searcher.get("e4").speakers == [ERDOGAN]


@pytest.mark.parametrize("name", [TINH, SHORT, f"  {SHORT} "])
def test_a_speaker_is_its_canonical_name_its_variants_and_the_total(searcher: Searcher, name: str):
    assert searcher.speaker(name) == Person(TINH, 1, [(SHORT, 2)], 3)


def test_a_person_written_twice_in_one_article_counts_it_once(searcher: Searcher):
    assert searcher.speaker(TYPO) == Person(ERDOGAN, 3, [(TYPO, 1)], 4)
    assert searcher.speaker(MAI) == Person(MAI, 2, [], 2)
    assert searcher.speaker("Không Ai") is None and searcher.speaker("") is None


def test_the_command_line_filters_by_a_variant_as_its_person(index: Path):
    proc = vnsearch("search", "--index", str(index), "--speaker", SHORT, "--format", "json", "")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["total"] == 3 and {h["id"] for h in data["hits"]} == TINH_ARTICLES
    assert all(h["speakers"][0] == TINH for h in data["hits"])
    assert {"value": TINH, "count": 3} in data["facets"]["speaker"]


# --- the web site -----------------------------------------------------------------------------------


def test_the_person_page_shows_the_names_counts_and_a_link_to_the_articles(client):
    response = client.get("/nguoi-phat-bieu", query_string={"ten": SHORT})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f"<h1>{TINH}</h1>" in page
    assert f"“{SHORT}” là một cách viết khác" in page
    assert f'<span class="name">{SHORT}</span> <span class="count">2 bài</span>' in page
    assert "Số bài có phát biểu</dt><dd>3</dd>" in page
    assert 'href="/?speaker=L%C3%AA+Xu%C3%A2n+T%C3%ACnh"' in page
    assert "<script" not in page.split("</head>")[1]  # a page without JavaScript
    canonical = client.get("/nguoi-phat-bieu", query_string={"ten": TINH}).get_data(as_text=True)
    assert "cách viết khác của" not in canonical


def test_the_person_api_answers_the_same_as_json(client):
    response = client.get("/api/speaker", query_string={"name": SHORT})
    assert response.status_code == 200 and response.is_json
    assert response.get_json() == {
        "name": TINH,
        "count": 1,
        "variants": [{"name": SHORT, "count": 2}],
        "total": 3,
    }


def test_an_unknown_or_missing_name_is_a_clear_answer(client):
    page = client.get("/nguoi-phat-bieu", query_string={"ten": "Không Ai"})
    assert page.status_code == 404
    assert "Không có người phát biểu nào tên “Không Ai” trong kho" in page.get_data(as_text=True)
    api = client.get("/api/speaker", query_string={"name": "Không Ai"})
    assert api.status_code == 404 and api.get_json()["error"]["status"] == 404
    missing = client.get("/nguoi-phat-bieu")
    assert missing.status_code == 400 and "Cần có tên người phát biểu" in missing.get_data(as_text=True)
    assert client.get("/api/speaker?name=+").get_json()["error"]["parameter"] == "name"


def test_the_sidebar_links_each_speaker_to_its_person_page_and_keeps_its_filter(client):
    page = client.get("/", query_string={"q": "tuyến đường"}).get_data(as_text=True)
    facet = page.split("<h2>Người phát biểu</h2>", 1)[1]
    assert 'href="/?q=tuy%E1%BA%BFn+%C4%91%C6%B0%E1%BB%9Dng&amp;speaker=L%C3%AA+Xu%C3%A2n+T%C3%ACnh"' in facet
    assert 'class="profile" href="/nguoi-phat-bieu?ten=L%C3%AA+Xu%C3%A2n+T%C3%ACnh"' in facet
    assert f'title="Hồ sơ người phát biểu: {TINH}"' in facet


def test_a_filter_given_as_a_variant_is_shown_as_its_person(client):
    page = client.get("/", query_string={"speaker": SHORT}).get_data(as_text=True)
    assert f"Người phát biểu: {TINH}" in page  # the chip
    assert f"Người phát biểu: {SHORT}" not in page
    facet = page.split("<h2>Người phát biểu</h2>", 1)[1]
    assert 'class="selected has-profile"' in facet and 'aria-current="true"' in facet
