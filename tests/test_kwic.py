"""Keyword in context (search/kwic.py, /kwic, /kwic.csv, /api/kwic): the
lines mark exactly what the results page's snippets mark, accented and
unaccented queries, context cut at words, Vietnamese sorting, pages, the cap
and its message, CSV, and the 400s that name a bad parameter."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from search.errors import ConfigError
from search.kwic import (
    CSV_COLUMNS,
    SORTS,
    Line,
    concordance,
    csv_chunks,
    lines_of,
    page_of,
    sort_lines,
    word_key,
)
from search.searcher import Searcher
from search.vietnamese.text import SYLLABLE_RE, fold

pytestmark = pytest.mark.engines

QUERIES = ["ha noi", "hà nội", "hạ nội", "bao lu", "ma tuy", "cong an", '"công an" hà nội']
QUERIES += ["thanh pho ho chi minh", "tphcm", "Hà Nội cho biết"]


@pytest.fixture(scope="module")
def searcher(demo_index: Path):
    with Searcher(demo_index) as s:
        yield s


def _lines(searcher: Searcher, q: str, **kwargs) -> list[Line]:
    return concordance(searcher, q, fold=False, **kwargs).lines


# --- the spans are the results page's -----------------------------------------


@pytest.mark.parametrize("q", QUERIES)
def test_lines_mark_exactly_what_the_snippets_mark(searcher, q):
    """Within every snippet fragment of the results page, the body's lines are its marks, no more, no less."""
    result = searcher.search(q, limit=100, facets=False, fold=False)
    lines = _lines(searcher, q)
    assert result.total and lines
    assert [h.id for h in result.hits] == list(dict.fromkeys(line.article_id for line in lines))
    for hit in result.hits:
        article = searcher.get(hit.id)
        part = "body" if article.body else "lead"
        ours = {(ln.start, ln.end) for ln in lines if ln.article_id == hit.id and ln.part == part}
        for frag in hit.excerpt.fragments:
            marked = {(frag.start + a, frag.start + b) for a, b in frag.spans}
            inside = {(a, b) for a, b in ours if frag.start <= a and b <= frag.end}
            assert inside == marked, (q, hit.id)
        for line in (ln for ln in lines if ln.article_id == hit.id):
            text = getattr(article, line.part)
            assert " ".join(text[line.start : line.end].split()) == line.match


def test_an_accented_query_shows_only_its_accented_forms(searcher):
    accented = concordance(searcher, "hà nội")
    plain = concordance(searcher, "ha noi")
    assert {m for m, _ in accented.forms} == {"Hà Nội"}
    assert "Hà nói" in {m for m, _ in plain.forms}  # any accents: what the results page marks too
    assert len(plain.lines) > len(accented.lines)
    assert all(fold(line.match).lower() == "ha noi" for line in plain.lines)


def test_a_fallback_reading_marks_what_the_page_then_marks(searcher):
    """No article writes "hạ nội": the page shows the unaccented reading, so do the lines."""
    typed, folded = concordance(searcher, "hạ nội"), concordance(searcher, "ha noi")
    assert typed.reading["accents"] == "folded"
    assert {(ln.article_id, ln.start) for ln in typed.lines} == {
        (ln.article_id, ln.start) for ln in folded.lines
    }
    assert "Hà nói" in {m for m, _ in typed.forms}


def test_lines_come_from_title_and_body_but_not_a_derived_title(searcher):
    lines = _lines(searcher, "ha noi")
    assert {"title", "body"} <= {line.part for line in lines}
    derived = "ban-tin/2017-11-cong-an-ha-noi.txt"
    assert searcher.get(derived).title_derived
    assert [ln.part for ln in lines if ln.article_id == derived] and not [
        ln for ln in lines if ln.article_id == derived and ln.part == "title"
    ]
    assert all(ln.path == f"/article/{ln.article_id}?q=ha+noi" for ln in lines)


def test_permalinks_are_the_sites_own_links(app):
    from flask import url_for

    from search.kwic import permalink

    with app.test_request_context():
        for article_id in ["ban-tin/x.txt", "a b?c#d%e&f+g", "Hà Nội", "x'y(z)"]:
            assert permalink(article_id, "hà nội") == url_for(
                "web.article", article_id=article_id, q="hà nội"
            )


# --- context -------------------------------------------------------------------


def test_context_is_cut_at_whole_words_within_the_width():
    text = "Sáng nay, trên đường phố chính của thủ đô Hà Nội có mưa rất to\nkéo dài đến tối muộn hôm nay."
    [(left, match, right, start, end)] = lines_of(text, [("hà", "nội")], True, chars=20)
    assert match == "Hà Nội" and text[start:end] == "Hà Nội"
    assert left == "chính của thủ đô " and right == " có mưa rất to kéo"
    assert len(left) <= 20 and len(right) <= 20
    assert text.replace("\n", " ").find(left + match + right) >= 0


def test_context_at_the_edges_of_a_text():
    [(left, _, right, _, _)] = lines_of("Hà Nội", [("ha", "noi")], False)
    assert (left, right) == ("", "")
    [(left, _, right, _, _)] = lines_of("Mộtchữrấtdàikhôngcódấucách Hà Nội", [("ha", "noi")], False, chars=10)
    assert left == ""  # the only word is cut: nothing rather than half a word


# --- sorting ---------------------------------------------------------------------


def test_word_key_is_accent_insensitive_first_then_vietnamese_order():
    words = ["hạ", "Há", "hác", "hà", "ha", "hã", "hả", "hàn", "đa", "dà", "da"]
    assert sorted(words, key=word_key) == ["da", "dà", "đa", "ha", "hà", "hả", "hã", "Há", "hạ", "hác", "hàn"]
    assert word_key("hoà") == word_key("hòa") == word_key("HÒA")
    assert sorted(["ơ", "ô", "o", "â", "ă", "a"], key=word_key) == ["a", "ă", "â", "o", "ô", "ơ"]


def _first_word(text: str, last: bool = False):
    words = SYLLABLE_RE.findall(text)
    return word_key(words[-1] if last else words[0]) if words else ("",)


@pytest.mark.parametrize(("sort", "side"), [("right", "right"), ("left", "left")])
def test_sorting_by_the_word_after_or_before(searcher, sort, side):
    lines = sort_lines(_lines(searcher, "ha noi"), sort)
    keys = [_first_word(getattr(ln, side), last=side == "left") for ln in lines]
    assert keys == sorted(keys) and len(set(keys)) > 5


def test_sorting_by_relevance_keeps_the_articles_rank_then_text_order(searcher):
    lines = sort_lines(sort_lines(_lines(searcher, "ha noi"), "right"), "relevance")
    order = [(ln.rank, ["title", "lead", "body"].index(ln.part), ln.start) for ln in lines]
    assert order == sorted(order) and lines[0].rank == 0


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_sorting_by_date(searcher, sort):
    lines = sort_lines(concordance(searcher, "ha noi", sort=sort).lines, sort)
    dated = [ln.date[:10] for ln in lines if ln.date]
    assert dated == sorted(dated, reverse=sort == "newest") and len(set(dated)) > 3
    assert all(ln.date for ln in lines[: len(dated)])  # undated last


def test_a_bad_sort_key_is_refused():
    with pytest.raises(ConfigError, match="sort"):
        sort_lines([], "alphabet")


# --- pages, cap, CSV ---------------------------------------------------------------


def test_pages(searcher):
    lines = _lines(searcher, "ha noi")
    first, pages = page_of(lines, 1, 10)
    second, _ = page_of(lines, 2, 10)
    assert first == lines[:10] and second == lines[10:20] and pages == -(-len(lines) // 10)
    last, _ = page_of(lines, pages, 10)
    assert last == lines[(pages - 1) * 10 :]
    with pytest.raises(ConfigError, match="page"):
        page_of(lines, pages + 1, 10)
    assert page_of([], 1, 10) == ([], 1)


def test_the_cap_on_articles_is_said(searcher):
    whole = concordance(searcher, "ha noi")
    assert whole.capped is None and whole.cap_message is None and whole.read == whole.total
    cut = concordance(searcher, "ha noi", max_articles=3)
    assert cut.capped == "articles" and cut.read == 3
    assert f"3 bài đầu tiên trên tổng số {whole.total} bài" in cut.cap_message
    assert {ln.rank for ln in cut.lines} <= {0, 1, 2}


def test_the_cap_on_lines_is_said_only_when_it_cuts(searcher):
    every = len(concordance(searcher, "ha noi").lines)
    cut = concordance(searcher, "ha noi", max_lines=5)
    assert cut.capped == "lines" and len(cut.lines) == 5 and "dừng ở 5 dòng" in cut.cap_message
    exact = concordance(searcher, "ha noi", max_lines=every)
    assert exact.capped is None and len(exact.lines) == every


def test_csv_first_line_says_the_set_then_every_line(searcher):
    cut = concordance(searcher, "ha noi", max_articles=2)
    raw = "".join(csv_chunks(cut))
    assert raw.startswith("\ufeff") and "\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw[1:])))
    assert rows[0][0].startswith("# vnsearch") and "Giới hạn" in rows[0][0] and "(Capped" in rows[0][0]
    assert tuple(rows[1]) == CSV_COLUMNS
    assert len(rows) == len(cut.lines) + 2
    first = cut.lines[0]
    assert rows[2][:4] == [first.article_id, first.date or "", first.source, first.title]
    assert rows[2][4:7] == [first.left, first.match, first.right]


def test_csv_cells_a_spreadsheet_would_run_are_neutralised():
    line = Line("x", None, "s", "=cmd()", "body", "-1 ", "Hà Nội", "+2", "/article/x?q=a", 0, 0, 6)
    assert line.row()[3:7] == ["'=cmd()", "'-1 ", "Hà Nội", "'+2"]


def test_no_words_no_lines(searcher):
    found = concordance(searcher, "year:2021")
    assert found.lines == [] and found.total > 0


# --- web -----------------------------------------------------------------------------


def test_results_page_links_to_the_kwic_with_its_filters(client):
    page = client.get("/?q=ha+noi&year=2021").get_data(as_text=True)
    assert 'href="/kwic?q=ha+noi&amp;year=2021"' in page
    kwic = client.get("/kwic?q=ha+noi&year=2021")
    assert kwic.status_code == 200
    api = client.get("/api/kwic?q=ha+noi&year=2021&size=500").get_json()
    assert api["lines"] and all(item["date"].startswith("2021") for item in api["items"])


def test_page_shows_aligned_lines_and_sort_links(client):
    text = client.get("/kwic?q=ha+noi&sort=right&size=5").get_data(as_text=True)
    assert text.count('<td class="match"><mark>') == 5
    assert 'aria-current="true" class="current">Từ đứng sau' in text
    assert 'href="/kwic?q=ha+noi&amp;sort=right&amp;page=2&amp;size=5"' in text
    assert 'href="/kwic.csv?q=ha+noi&amp;sort=right"' in text
    assert 'href="/article/tn-02?q=ha+noi"' in client.get("/kwic?q=ha+noi").get_data(as_text=True)


def test_api_page_and_csv_agree(client):
    api = client.get("/api/kwic?q=ha+noi&sort=left&size=500").get_json()
    assert api["capped"] is None and api["total"] >= api["articles"] > 0
    rows = list(csv.reader(io.StringIO(client.get("/kwic.csv?q=ha+noi&sort=left").get_data(as_text=True))))
    assert [r[5] for r in rows[2:]] == [i["match"] for i in api["items"]]
    assert [r[4] for r in rows[2:]] == [i["left"] for i in api["items"]]


def test_the_page_and_csv_say_when_the_cap_cut_the_set(client, monkeypatch):
    from search.web import kwic_views

    monkeypatch.setattr(kwic_views, "MAX_ARTICLES", 2)
    text = client.get("/kwic?q=ha+noi").get_data(as_text=True)
    assert 'id="kwic-cap"' in text and "chỉ đọc 2 bài đầu tiên" in text
    response = client.get("/kwic.csv?q=ha+noi")
    assert response.headers["X-KWIC-Capped"] == "articles"
    assert "chỉ đọc 2 bài đầu tiên" in response.get_data(as_text=True).splitlines()[0]
    assert client.get("/api/kwic?q=ha+noi").get_json()["capped"] == "articles"


BAD = [("sort=alphabet", "sort"), ("page=0", "page"), ("page=abc", "page"), ("page=99", "page")]
BAD += [("size=-3", "size"), ("year=soon", "year"), ("date_from=yesterday", "date_from")]


@pytest.mark.parametrize(
    ("path", "query", "parameter"),
    [(path, *bad) for path in ("/kwic", "/api/kwic") for bad in BAD]
    + [("/kwic.csv", *bad) for bad in BAD if bad[1] not in ("page", "size")],  # the CSV is not paged
)
def test_bad_parameters_are_400s_naming_them(client, path, query, parameter):
    response = client.get(f"{path}?q=ha+noi&{query}")
    assert response.status_code == 400
    assert f"'{parameter}'" in response.get_data(as_text=True).replace("&#39;", "'")


def test_without_a_query_the_page_asks_for_one(client):
    response = client.get("/kwic")
    assert response.status_code == 200 and "Cần có từ khóa" in response.get_data(as_text=True)


def test_every_sort_key_renders(client):
    for key in SORTS:
        assert client.get(f"/kwic?q=cong+an&sort={key}").status_code == 200


def test_the_page_names_the_filters_in_force(client):
    text = client.get(
        "/kwic?q=ha+noi&year=2021&source=Nh%E1%BA%ADt+b%C3%A1o+Th%E1%BB%A7+%C4%90%C3%B4+(demo)"
    ).get_data(as_text=True)
    assert "Đang lọc: Năm 2021 · Nguồn: Nhật báo Thủ Đô (demo)" in text
    assert "Đang lọc" not in client.get("/kwic?q=ha+noi").get_data(as_text=True)
