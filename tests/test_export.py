"""CSV and JSON exports of every result of a query (search.export), written
in chunks: whole outputs compared, formulas neutralised, file names."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from search.export import (
    BOM,
    CSV_COLUMNS,
    ROWS_PER_CHUNK,
    all_hits,
    csv_chunks,
    export_filename,
    hit_row,
    json_chunks,
    permalink,
)
from search.searcher import Hit, SearchResult
from search.snippets import Fragment, Snippet


def _hit(n: int, **changes) -> Hit:
    fields = {
        "id": f"a{n}",
        "title": f"Bão số {n} đổ bộ",
        "date": "2020-09-0" + str(n % 9 + 1),
        "year": 2020,
        "speakers": ["Nguyễn Văn An", "Lê Thu"],
        "source": "Dân Trí",
        "url": f"https://example.org/{n}",
        "score": 1.5,
        # "Bão" marked: HTML "<mark>Bão</mark> &amp; lũ", plain "Bão & lũ".
        "excerpt": Snippet([Fragment("Bão & lũ", [(0, 3)], 0, 8)], 8),
    }
    if "snippet_text" in changes:
        changes["excerpt"] = Snippet.of_text(changes.pop("snippet_text"))
    fields.update(changes)
    return Hit(**fields)


def _pages(hits: list[Hit], total: int | None = None):
    """A ``search_page(offset, limit)`` over ``hits`` that records what it was asked."""
    asked: list[tuple[int, int]] = []

    def search_page(offset: int, limit: int) -> SearchResult:
        asked.append((offset, limit))
        page = hits[offset : offset + limit]
        return SearchResult("q", len(hits) if total is None else total, offset, limit, None, page)

    return search_page, asked


# --- CSV --------------------------------------------------------------------------------


def test_the_whole_csv_for_spreadsheets():
    hits = [_hit(1), _hit(2, date=None, score=None, speakers=[], title='Hà Nội, "mưa"\nto')]
    text = "".join(csv_chunks(hits))
    assert text == (
        BOM + "id,date,title,source,section,url,speakers,group,score,snippet,permalink\r\n"
        "a1,2020-09-02,Bão số 1 đổ bộ,Dân Trí,,https://example.org/1,Nguyễn Văn An; Lê Thu,,1.5,Bão & lũ,/article/a1\r\n"
        'a2,,"Hà Nội, ""mưa""\nto",Dân Trí,,https://example.org/2,,,,Bão & lũ,/article/a2\r\n'
    )
    assert list(csv.reader(io.StringIO(text[1:])))[0] == list(CSV_COLUMNS)


def test_csv_without_the_byte_order_mark():
    text = "".join(csv_chunks([_hit(1)], bom=False))
    assert text.startswith("id,date,") and BOM not in text


def test_csv_with_no_hits_is_the_header():
    assert "".join(csv_chunks([])) == BOM + ",".join(CSV_COLUMNS) + "\r\n"


def test_csv_comes_a_batch_of_rows_at_a_time():
    hits = (_hit(n) for n in range(ROWS_PER_CHUNK * 2 + 5))
    chunks = list(csv_chunks(hits))
    assert len(chunks) == 3
    assert [c.count("\r\n") for c in chunks] == [ROWS_PER_CHUNK + 1, ROWS_PER_CHUNK, 5]  # header in the first
    rows = list(csv.reader(io.StringIO("".join(chunks)[1:])))
    assert [r[0] for r in rows[1:]] == [f"a{n}" for n in range(ROWS_PER_CHUNK * 2 + 5)]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_is_text_in_the_csv(start: str):
    hit = _hit(1, title=f"{start}HYPERLINK(1)", source=f"{start}cmd", snippet_text=f"{start}2+2")
    row = next(csv.reader(io.StringIO("".join(csv_chunks([hit], bom=False)).split("\r\n", 1)[1])))
    assert row[CSV_COLUMNS.index("title")] == f"'{start}HYPERLINK(1)"
    assert row[CSV_COLUMNS.index("source")] == f"'{start}cmd"
    assert row[CSV_COLUMNS.index("snippet")] == f"'{start}2+2"


def test_a_row_keeps_numbers_and_harmless_text_as_they_are():
    row = hit_row(_hit(1, title="Giá xăng -5%", score=-0.25))
    assert row[CSV_COLUMNS.index("title")] == "Giá xăng -5%"
    assert row[CSV_COLUMNS.index("score")] == -0.25  # a number, not a formula


# --- JSON -------------------------------------------------------------------------------


def test_the_whole_json_is_one_object_with_the_head_then_the_hits():
    hits = [_hit(1), _hit(2, score=None)]
    text = "".join(json_chunks(hits, {"query": "bão", "total": 2}))
    data = json.loads(text)
    assert list(data) == ["query", "total", "hits"]
    assert data["query"] == "bão" and data["total"] == 2
    assert data["hits"] == [
        {**hits[0].as_dict(), "permalink": "/article/a1"},
        {**hits[1].as_dict(), "permalink": "/article/a2"},
    ]
    assert (
        "snippet_text" not in data["hits"][0]
        and "excerpt" not in data["hits"][0]
        and data["hits"][0]["snippet"] == "<mark>Bão</mark> &amp; lũ"
    )
    assert "Bão số 1" in text  # Vietnamese as it is, not \u escapes


@pytest.mark.parametrize("head", [{}, {"query": ""}])
def test_json_with_no_hits_or_no_head_is_still_valid(head):
    assert json.loads("".join(json_chunks([], head))) == {**head, "hits": []}
    assert json.loads("".join(json_chunks([_hit(1)], head)))["hits"][0]["id"] == "a1"


def test_json_comes_a_batch_of_hits_at_a_time():
    chunks = list(json_chunks((_hit(n) for n in range(ROWS_PER_CHUNK * 2 + 5)), {"total": 405}))
    assert len(chunks) == 4  # the opening, two full batches, the rest with the closing
    assert [c.count('"id": ') for c in chunks] == [0, ROWS_PER_CHUNK, ROWS_PER_CHUNK, 5]
    assert len(json.loads("".join(chunks))["hits"]) == ROWS_PER_CHUNK * 2 + 5


# --- every hit, a page at a time -------------------------------------------------------------


def test_all_hits_fetches_page_after_page_until_the_total():
    hits = [_hit(n) for n in range(25)]
    search_page, asked = _pages(hits)
    assert list(all_hits(search_page, page_size=10)) == hits
    assert asked == [(0, 10), (10, 10), (20, 10)]


def test_all_hits_starts_from_the_first_page_it_is_given():
    hits = [_hit(n) for n in range(15)]
    search_page, asked = _pages(hits)
    first = search_page(0, 10)
    asked.clear()
    assert [h.id for h in all_hits(search_page, page_size=10, first=first)] == [h.id for h in hits]
    assert asked == [(10, 10)]


def test_all_hits_stops_at_an_empty_page_even_if_the_total_said_more():
    # The index shrank between the first page and the next (a rebuild): no endless loop.
    search_page, asked = _pages([_hit(n) for n in range(5)], total=50)
    assert len(list(all_hits(search_page, page_size=5))) == 5
    assert asked == [(0, 5), (5, 5)]


def test_all_hits_is_lazy():
    search_page, asked = _pages([_hit(n) for n in range(30)])
    hits = all_hits(search_page, page_size=10)
    assert asked == []
    next(hits)
    assert asked == [(0, 10)]


# --- file names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Công an Hà Nội", "vnsearch-cong-an-ha-noi-2025-01-31.csv"),
        ("Đà Nẵng year:2020", "vnsearch-da-nang-year-2020-2025-01-31.csv"),
        ('"bão lũ" -miền_Trung', "vnsearch-bao-lu-mien-trung-2025-01-31.csv"),
        ("", "vnsearch-tat-ca-2025-01-31.csv"),
        ("?!…", "vnsearch-tat-ca-2025-01-31.csv"),
        ("../../etc/passwd", "vnsearch-etc-passwd-2025-01-31.csv"),
        ("北京", "vnsearch-tat-ca-2025-01-31.csv"),
    ],
)
def test_export_file_names_are_ascii_slugs_of_the_query(query: str, name: str):
    assert export_filename(query, "csv", date(2025, 1, 31)) == name


def test_a_long_query_is_cut_without_a_dangling_hyphen():
    name = export_filename("giao thông " * 20, "json", date(2025, 1, 31))
    slug = name.removeprefix("vnsearch-").removesuffix("-2025-01-31.json")
    assert len(slug) <= 60 and not slug.endswith("-") and slug.startswith("giao-thong-giao-thong")


def test_the_file_name_is_dated_today_by_default():
    assert export_filename("bão", "json").endswith(f"-{date.today().isoformat()}.json")


# --- permalinks -----------------------------------------------------------------------------------


def test_every_row_carries_the_articles_permalink_as_a_path_or_under_the_sites_address():
    hit = _hit(1, id="ban-tin/bão số 9.txt")
    assert permalink(hit.id) == "/article/ban-tin/b%C3%A3o%20s%E1%BB%91%209.txt"
    row = hit_row(hit, "https://vnsearch.example/")
    assert (
        row[CSV_COLUMNS.index("permalink")]
        == "https://vnsearch.example/article/ban-tin/b%C3%A3o%20s%E1%BB%91%209.txt"
    )
    rows = list(csv.reader(io.StringIO("".join(csv_chunks([hit], bom=False, base_url="http://h")))))
    assert rows[0][-1] == "permalink" and rows[1][-1].startswith("http://h/article/ban-tin/")
    data = json.loads("".join(json_chunks([hit], {}, base_url="http://h")))
    assert data["hits"][0]["permalink"] == rows[1][-1]


def test_the_permalink_is_the_path_the_site_routes_to_the_article(app):
    from flask import url_for

    for article_id in ("demo-001", "ban-tin/2014-05-ma-tuy-ha-noi.txt", "a b?c#d%e&f=g+h", "Đà Nẵng/…"):
        with app.test_request_context():
            assert permalink(article_id) == url_for("web.article", article_id=article_id)
