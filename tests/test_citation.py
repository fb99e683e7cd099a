"""Citations and permalinks: the APA 7 text, RIS and BibTeX of search.citation,
their downloads (/article/<id>/cite.ris, /cite.bib), the "Trích dẫn" block of
the article page, ids that hold slashes or end in "/cite.ris", and the
permalink column of the exports."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers import write_jsonl

from search.citation import (
    apa,
    apa_segments,
    article_datetime,
    article_path,
    bibtex,
    bibtex_key,
    clean_text,
    ris,
)
from search.indexing.pipeline import ingest
from search.results import StoredArticle
from search.web import create_app

PERMALINK = "https://vnsearch.example/article/demo-1"
ARTICLE = StoredArticle(
    id="demo-1",
    title="Hà Nội: Mưa lớn gây ngập nhiều tuyến phố",
    lead="Sáng 5/9, mưa lớn kéo dài.",
    body="Mưa lớn.",
    date="2020-09-05",
    year=2020,
    source="Báo Thủ Đô",
    section="Thời sự",
    url="https://thudo.example/ha-noi-mua-lon",
    author="Nguyễn Văn An",
    tags=["mưa", "Hà Nội"],
)
ICT = timezone(timedelta(hours=7))


def _with(**changes) -> StoredArticle:
    return StoredArticle(**{**ARTICLE.__dict__, **changes})


# --- dates and paths --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2020-09-05", datetime(2020, 9, 5, tzinfo=ICT)),
        ("2020-09-05T16:30", datetime(2020, 9, 5, 16, 30, tzinfo=ICT)),
        ("2020-09", datetime(2020, 9, 1, tzinfo=ICT)),
        ("2020", datetime(2020, 1, 1, tzinfo=ICT)),
        (None, None),
        ("", None),
        ("hôm qua", None),
        ("2020-02-31", None),
    ],
)
def test_an_articles_time_is_midnight_in_vietnam_of_the_first_day_it_may_be(date, expected):
    assert article_datetime(date) == expected
    if expected is not None:
        assert article_datetime(date).utcoffset() == timedelta(hours=7)


def test_the_permalink_path_encodes_the_id_as_the_router_reads_it():
    assert article_path("demo-001") == "/article/demo-001"
    assert article_path("ban-tin/chợ phiên.txt") == "/article/ban-tin/ch%E1%BB%A3%20phi%C3%AAn.txt"
    assert article_path("a?b#c") == "/article/a%3Fb%23c"


def test_clean_text_drops_control_characters_and_joins_lines():
    assert clean_text("  Bão\x01 số\n\n9\x7f \u0085lớn ") == "Bão số 9 lớn"


# --- APA 7 ------------------------------------------------------------------------------------


def test_apa_with_an_author_keeps_vietnamese_names_and_italicises_the_newspaper():
    assert apa(ARTICLE, PERMALINK) == (
        "Nguyễn Văn An. (2020, ngày 5 tháng 9). Hà Nội: Mưa lớn gây ngập nhiều tuyến phố. "
        "Báo Thủ Đô. https://thudo.example/ha-noi-mua-lon"
    )
    assert [s.text for s in apa_segments(ARTICLE, PERMALINK) if s.italic] == ["Báo Thủ Đô"]
    assert apa(ARTICLE, PERMALINK, "en").startswith("Nguyễn Văn An. (2020, September 5). Hà Nội:")


def test_apa_without_an_author_puts_the_title_first():
    text = apa(_with(author="", title="Giá xăng tăng?"), PERMALINK)
    assert text == "Giá xăng tăng? (2020, ngày 5 tháng 9). Báo Thủ Đô. https://thudo.example/ha-noi-mua-lon"


@pytest.mark.parametrize(
    ("date", "vi", "en"),
    [
        ("2020-09", "(2020, tháng 9)", "(2020, September)"),
        ("2020", "(2020)", "(2020)"),
        (None, "(không rõ ngày)", "(n.d.)"),
        ("2021-12-01T08:00", "(2021, ngày 1 tháng 12)", "(2021, December 1)"),
    ],
)
def test_apa_dates_at_the_articles_precision(date, vi, en):
    assert f"An. {vi}. Hà Nội" in apa(_with(date=date), PERMALINK)
    assert f"An. {en}. Hà Nội" in apa(_with(date=date), PERMALINK, "en")


def test_apa_gives_the_permalink_when_the_original_address_is_not_a_web_link():
    for url in ("", "javascript:alert(1)", "ftp://x/y", "https://x.example/a b"):
        assert apa(_with(url=url, source=""), PERMALINK).endswith(". " + PERMALINK)


def test_apa_describes_a_derived_title_in_square_brackets():
    text = apa(
        _with(title="Sáng 22/12, tuyến metro số 1 chính thức vận hành", title_derived=True, author=""), "p"
    )
    assert text.startswith("[Sáng 22/12, tuyến metro số 1 chính thức vận hành…]. (2020, ngày 5 tháng 9).")
    with pytest.raises(ValueError, match="language"):
        apa(ARTICLE, PERMALINK, "fr")


# --- RIS --------------------------------------------------------------------------------------


def _ris_fields(text: str) -> list[tuple[str, str]]:
    assert text.endswith("ER  - \r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in lines), lines
    return [(line[:2], line[6:]) for line in lines]


def test_ris_is_a_news_record_with_every_field_a_reference_manager_reads():
    fields = _ris_fields(ris(ARTICLE, PERMALINK))
    assert fields[0] == ("TY", "NEWS") and fields[-1] == ("ER", "")
    got = dict(fields)
    assert got["TI"] == ARTICLE.title and got["AU"] == "Nguyễn Văn An" and got["T2"] == "Báo Thủ Đô"
    assert got["PY"] == "2020" and got["DA"] == "2020/09/05/" and got["SE"] == "Thời sự"
    assert got["UR"] == ARTICLE.url and got["N1"].endswith(PERMALINK) and got["LA"] == "vi"
    assert [v for k, v in fields if k == "KW"] == ["mưa", "Hà Nội"]


def test_ris_keeps_each_value_on_its_line_and_dates_at_their_precision():
    odd = _with(title="Dòng một\r\nER  - dòng hai\x00", author="Lê Thu; Trần Bình", date="2020-09", url="")
    fields = _ris_fields(ris(odd, PERMALINK))
    assert dict(fields)["TI"] == "Dòng một ER - dòng hai"
    assert [v for k, v in fields if k == "AU"] == ["Lê Thu", "Trần Bình"]
    assert dict(fields)["DA"] == "2020/09//" and dict(fields)["UR"] == PERMALINK
    undated = dict(_ris_fields(ris(_with(date=None), PERMALINK)))
    assert "PY" not in undated and "DA" not in undated


# --- BibTeX -----------------------------------------------------------------------------------


def _balanced(text: str) -> bool:
    depth = 0
    for n, c in enumerate(text):
        if c in "{}" and (n == 0 or text[n - 1] != "\\"):
            depth += 1 if c == "{" else -1
            if depth < 0:
                return False
    return depth == 0


def test_bibtex_is_an_article_in_utf8_with_the_newspaper_as_journal():
    text = bibtex(ARTICLE, PERMALINK)
    assert text.startswith("@article{thudo2020hanoi,\n") and text.endswith("\n}\n") and _balanced(text)
    assert "  title = {{Hà Nội: Mưa lớn gây ngập nhiều tuyến phố}},\n" in text
    assert "  author = {{Nguyễn Văn An}},\n" in text  # braced: a Vietnamese name is not reordered
    assert "  journal = {Báo Thủ Đô},\n" in text and "  date = {2020-09-05},\n" in text
    assert "  url = {https://thudo.example/ha-noi-mua-lon},\n" in text and "\\url{" + PERMALINK + "}" in text
    assert "  month = sep\n" in text and "  langid = {vietnamese}" in text


def test_bibtex_escapes_what_latex_reads_and_keeps_braces_balanced():
    odd = _with(
        title="Lãi 50% & $3 tỷ #1 cho_A {x} ~ ^ \\ }",
        author="Lê Thu và Trần {Bình}",
        source="",
        url='https://x.example/a{b}\\c"d',
    )
    text = bibtex(odd, PERMALINK)
    assert text.startswith("@misc{lethu2020lai50,") and _balanced(text)
    assert (
        r"Lãi 50\% \& \$3 tỷ \#1 cho\_A \{x\} \textasciitilde{} \textasciicircum{} \textbackslash{} \}"
        in text
    )
    assert "author = {{Lê Thu} and {Trần \\{Bình\\}}}" in text
    assert "url = {https://x.example/a%7Bb%7D%5Cc%22d}" in text


def test_bibtex_keys_are_ascii():
    assert bibtex_key(_with(source="Tuổi Trẻ (demo)", title="Đà Nẵng đón khách")) == "tuoitre2020danang"
    assert bibtex_key(_with(source="", author="", date=None, title="")) == "vnsearchnddemo1"


# --- the web: downloads, the article page, routing -----------------------------------------------


@pytest.fixture(scope="module")
def odd_client(tmp_path_factory: pytest.TempPathFactory):
    """An index whose ids hold slashes and end in /cite.ris: "x", "y/cite.ris", "z" and "z/cite.ris"."""
    folder = tmp_path_factory.mktemp("cite")
    rows = [
        {
            "id": i,
            "title": f"Bài {i}",
            "date": "2021-03-04",
            "source": "Báo Thử",
            "body": f"Nội dung bài {i}.",
        }
        for i in ("x", "y/cite.ris", "z", "z/cite.ris", "ban-tin/chợ phiên.txt")
    ]
    write_jsonl(folder / "in" / "a.jsonl", rows)
    ingest([folder / "in"], folder / "index", workers=1)
    return create_app({"TESTING": True, "INDEX": str(folder / "index")}).test_client()


@pytest.mark.engines
def test_the_ris_and_bibtex_downloads(client):
    response = client.get("/article/demo-001/cite.ris")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="vnsearch-demo-001.ris"'
    fields = dict(_ris_fields(response.get_data(as_text=True)))
    assert fields["TI"] == "Hải Vân Đà Nẵng trụ hạng nhờ bàn thắng phút 88" and fields["AU"] == "Quang Vinh"
    assert fields["N1"].endswith("http://localhost/article/demo-001")
    response = client.get("/article/demo-001/cite.bib")
    assert response.headers["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="vnsearch-demo-001.bib"'
    assert response.get_data(as_text=True).startswith("@article{songhan2012haivan,")
    missing = client.get("/article/khong-co/cite.bib")
    assert missing.status_code == 404 and "khong-co" in missing.get_data(as_text=True)


@pytest.mark.engines
def test_the_article_page_shows_its_permalink_and_the_trich_dan_block(client):
    page = client.get("/article/demo-001?q=b%C3%B3ng+%C4%91%C3%A1").get_data(as_text=True)
    block = page.split('<section class="cite"', 1)[1].split("</section>", 1)[0]
    assert "Trích dẫn" in block
    assert (
        'id="permalink" class="permalink" type="url" readonly value="http://localhost/article/demo-001"'
        in block
    )
    assert (
        "Quang Vinh. (2012, ngày 23 tháng 9). Hải Vân Đà Nẵng trụ hạng nhờ bàn thắng phút 88. "
        "<i>Báo Sông Hàn (demo)</i>. https://vi.example.org/song-han/2012/demo-001"
    ) in block
    assert 'href="/article/demo-001/cite.ris" download' in block
    assert 'href="/article/demo-001/cite.bib" download' in block


@pytest.mark.engines
def test_an_id_with_slashes_has_its_citations(client):
    page = client.get("/article/ban-tin/cho-phien-bac-ha.txt").get_data(as_text=True)
    assert 'value="http://localhost/article/ban-tin/cho-phien-bac-ha.txt"' in page
    assert 'href="/article/ban-tin/cho-phien-bac-ha.txt/cite.ris"' in page
    text = client.get("/article/ban-tin/cho-phien-bac-ha.txt/cite.ris").get_data(as_text=True)
    assert dict(_ris_fields(text))["ID"] == "ban-tin/cho-phien-bac-ha.txt"
    # No original address: the reference points at the permalink.
    assert dict(_ris_fields(text))["UR"] == "http://localhost/article/ban-tin/cho-phien-bac-ha.txt"


def test_an_id_that_ends_in_cite_ris_still_has_its_page(odd_client):
    assert dict(_ris_fields(odd_client.get("/article/x/cite.ris").get_data(as_text=True)))["ID"] == "x"
    # No article "y": the address is the page of the article "y/cite.ris".
    page = odd_client.get("/article/y/cite.ris")
    assert page.status_code == 200 and page.content_type.startswith("text/html")
    assert "Bài y/cite.ris" in page.get_data(as_text=True)
    assert 'href="/article/y/cite.ris/cite.ris"' in page.get_data(as_text=True)
    ris_text = odd_client.get("/article/y/cite.ris/cite.ris").get_data(as_text=True)
    assert dict(_ris_fields(ris_text))["ID"] == "y/cite.ris"
    # Both "z" and "z/cite.ris": the address is z's citation; the other's is one level deeper.
    assert dict(_ris_fields(odd_client.get("/article/z/cite.ris").get_data(as_text=True)))["ID"] == "z"
    deeper = odd_client.get("/article/z/cite.ris/cite.bib").get_data(as_text=True)
    assert "title = {{Bài z/cite.ris}}" in deeper
    unicode_id = odd_client.get("/article/ban-tin/ch%E1%BB%A3%20phi%C3%AAn.txt/cite.bib")
    assert unicode_id.status_code == 200
    assert (
        unicode_id.headers["Content-Disposition"]
        == 'attachment; filename="vnsearch-ban-tin-ch-phi-n-txt.bib"'
    )


# --- exports carry the permalink ------------------------------------------------------------------


@pytest.mark.engines
def test_every_exported_row_has_a_permalink_that_opens_its_article(client):
    body = client.get("/export.csv?q=h%C3%A0+n%E1%BB%99i").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows and all(r["permalink"].endswith(article_path(r["id"])) for r in rows)
    for row in rows[:3]:
        assert client.get(row["permalink"]).status_code == 200
    data = json.loads(client.get("/export.json?q=h%C3%A0+n%E1%BB%99i").get_data())
    assert [h["permalink"] for h in data["hits"]] == [r["permalink"] for r in rows]


def test_the_cli_csv_has_the_permalink_path(tmp_path: Path):
    from click.testing import CliRunner

    from search.cli import cli

    write_jsonl(
        tmp_path / "in" / "a.jsonl",
        [{"id": "ban-tin/a b", "title": "Bão", "body": "Bão lớn.", "date": "2020"}],
    )
    ingest([tmp_path / "in"], tmp_path / "index", workers=1)
    result = CliRunner().invoke(cli, ["search", "bão", "--index", str(tmp_path / "index"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows[0]["permalink"] == "/article/ban-tin/a%20b"
