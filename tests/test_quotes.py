"""What a person said: the extractor keeps every sentence, the index stores them (an older index
falls back to its one sentence), search.quotes matches, orders and pages them, and the web page
and its CSV show them (400 without a name, 404 for an unknown one).

The small corpus is invented for these tests: "Nguyễn Văn Bình" speaks in three articles (once
as "Văn Bình"), one of which matches "giao thông" only outside his sentences.
"""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path

import pytest
from helpers import DEMO, write_jsonl

from search.corpus import Article, read_paths
from search.query import YearRange
from search.quotes import QUOTE_COLUMNS, UnknownSpeaker, quote_rows, quotes_of
from search.searcher import Searcher
from search.speakers import extract_speakers
from search.vietnamese.text import normalize

pytestmark = pytest.mark.engines

BINH = "Nguyễn Văn Bình"
A1 = (
    "Bộ trưởng Nguyễn Văn Bình cho biết giao thông đô thị đang quá tải vào giờ cao điểm. "
    "Theo ông Bình, ngân sách năm nay dành cho hạ tầng tăng mạnh. "
    "Nhiều tuyến đường mới đã được khởi công. "
    '"Chúng tôi ưu tiên an toàn giao thông cho học sinh", ông Bình nói. '
    "Bà Trần Thị Mai, Giám đốc Sở Giao thông, cho biết giao thông nông thôn đã được cải thiện."
)
A2 = (
    "Tình trạng giao thông tại khu vực vẫn phức tạp. "
    "Ông Nguyễn Văn Bình phát biểu rằng giáo dục cần đổi mới mạnh mẽ. "
    "Ông Bình nói thêm rằng ngân sách cho giáo dục vẫn chưa đủ."
)
A3 = "Ông Văn Bình cho biết giao thông mùa mưa năm nay rất khó khăn. Ông Văn Bình khẳng định sẽ sửa đường trước Tết."
A4 = '"Nước lên rất nhanh trong đêm. Chúng tôi đã sơ tán 200 hộ dân", ông Lê Văn Tám nói. Ông Tám cho biết thêm rằng nước đã rút.'
A5 = "Ông Lê Văn Tâm cho biết năm nay nước lên sớm hơn mọi năm."  # "le van tam": Tâm or Tám?
RECORDS = [
    {"id": "a1", "title": "Giao thông đô thị quá tải", "body": A1, "date": "2020-05-01", "source": "Báo A"},
    {"id": "a2", "title": "Đổi mới giáo dục", "body": A2, "date": "2022-01-10", "source": "Báo B"},
    {"id": "a3", "title": "Đường sá mùa mưa", "body": A3, "date": "2021-03-03", "source": "Báo A"},
    {"id": "a4", "title": "Lũ về trong đêm", "body": A4, "date": "2019-09-09", "source": "Báo B"},
    {"id": "a5", "title": "Mùa nước nổi", "body": A5, "date": "2018-08-08", "source": "Báo B"},
]
S1, S2, S3 = (
    "Bộ trưởng Nguyễn Văn Bình cho biết giao thông đô thị đang quá tải vào giờ cao điểm.",
    "Theo ông Bình, ngân sách năm nay dành cho hạ tầng tăng mạnh.",
    '"Chúng tôi ưu tiên an toàn giao thông cho học sinh", ông Bình nói.',
)
G1, G2 = (
    "Ông Nguyễn Văn Bình phát biểu rằng giáo dục cần đổi mới mạnh mẽ.",
    "Ông Bình nói thêm rằng ngân sách cho giáo dục vẫn chưa đủ.",
)
M1 = "Ông Văn Bình cho biết giao thông mùa mưa năm nay rất khó khăn."


def _ingest(records: list[dict], folder: Path) -> Path:
    from search.indexing.pipeline import ingest

    ingest([write_jsonl(folder / "in.jsonl", records)], folder / "ix", workers=1)
    return folder / "ix"


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory, engine: str):
    with Searcher(_ingest(RECORDS, tmp_path_factory.mktemp(f"quotes-{engine}"))) as s:
        yield s


@pytest.fixture(scope="module")
def old_searcher(tmp_path_factory: pytest.TempPathFactory, engine: str):
    """An index as built before "quotes" was stored: one sentence per speaker and article."""
    import search.indexing.pipeline as pipeline

    real = pipeline.Doc

    def old_doc(values: dict, texts: dict) -> object:
        for info in values.get("speaker_info") or []:
            info.pop("quotes", None)
        return real(values=values, texts=texts)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "Doc", old_doc)
        folder = _ingest(RECORDS, tmp_path_factory.mktemp(f"quotes-old-{engine}"))
    with Searcher(folder) as s:
        yield s


def texts(result) -> list[str]:
    return [q.text for q in result.all_quotes]


# ------------------------------------------------------------------ the extractor


def test_extractor_keeps_every_sentence_in_text_order() -> None:
    binh, mai = extract_speakers(A1, "Tin")
    assert binh.quotes == (S1, S2, S3)
    assert binh.quote == S3  # unchanged: the direct quotation is still the one sentence
    assert mai.quotes == (mai.quote,)


def test_extractor_keeps_a_sentence_once() -> None:
    text = "Ông Nguyễn Văn Bình cho biết giao thông đang ổn và nói thêm rằng giao thông sẽ tốt hơn."
    (binh,) = extract_speakers(text)
    assert binh.quotes == (text,)


def test_extractor_quotes_on_the_demo_corpus() -> None:
    """Each speaker's one sentence is among its sentences; they are distinct and in text order."""
    seen = 0
    for article in read_paths([DEMO]):
        if not isinstance(article, Article):
            continue
        body = normalize(article.body)
        for speaker in extract_speakers(article.body, article.title):
            assert speaker.quote in speaker.quotes
            assert len(set(speaker.quotes)) == len(speaker.quotes)
            places = [body.find(q) for q in speaker.quotes if body.find(q) >= 0]
            assert places == sorted(places), speaker
            seen += len(speaker.quotes) > 1
    assert seen >= 10  # people say several things in the demo's articles


def test_the_index_stores_every_sentence(searcher: Searcher) -> None:
    info = searcher.reader.get("a1")["speaker_info"]
    assert info[0]["name"] == BINH and info[0]["quotes"] == [S1, S2, S3]
    assert info[0]["quote"] == S3


# ------------------------------------------------------------------ search.quotes


def test_no_query_everything_newest_first(searcher: Searcher) -> None:
    result = quotes_of(searcher, BINH)
    assert [(q.article_id, q.text) for q in result.all_quotes] == [
        ("a2", G1),
        ("a2", G2),
        ("a3", M1),
        ("a3", "Ông Văn Bình khẳng định sẽ sửa đường trước Tết."),
        ("a1", S1),
        ("a1", S2),
        ("a1", S3),
    ]
    assert result.total == 7 and result.articles == 3 and not result.capped
    assert result.reading is None
    assert all(not q.sentence.matches for q in result.all_quotes)


def test_a_variant_name_is_the_same_person(searcher: Searcher) -> None:
    assert searcher.speaker_table.canonical("Văn Bình") == BINH
    by_variant = quotes_of(searcher, "Văn Bình")
    assert by_variant.person.name == BINH and texts(by_variant) == texts(quotes_of(searcher, BINH))
    assert {q.name for q in by_variant.all_quotes if q.article_id == "a3"} == {"Văn Bình"}


def test_only_sentences_holding_the_words(searcher: Searcher) -> None:
    """a2 matches "giao thông", but not in a sentence Bình said: none of a2's is shown."""
    result = quotes_of(searcher, BINH, "giao thông")
    assert result.articles == 3
    assert sorted(texts(result)) == sorted([S1, S3, M1])
    assert result.with_quotes == 2
    for q in result.all_quotes:
        assert q.sentence.matches == ["giao thông"]
        assert "<mark>giao thông</mark>" in q.html


def test_every_word_of_the_query(searcher: Searcher) -> None:
    assert texts(quotes_of(searcher, BINH, "giao thông học sinh")) == [S3]
    assert texts(quotes_of(searcher, BINH, '"an toàn giao thông"')) == [S3]
    assert texts(quotes_of(searcher, BINH, '"giao thông đô thị"')) == [S1]


def test_either_side_of_or(searcher: Searcher) -> None:
    assert sorted(texts(quotes_of(searcher, BINH, "học sinh OR ngân sách"))) == sorted([S2, S3, G2])


def test_accents_as_the_results_page_reads_them(searcher: Searcher) -> None:
    assert sorted(texts(quotes_of(searcher, BINH, "giao thong"))) == sorted([S1, S3, M1])
    folded = quotes_of(searcher, BINH, "giao")  # without accents: "giao" and "giáo"
    assert {G1, G2, S1} <= set(texts(folded))
    exact = quotes_of(searcher, BINH, "giáo")  # accents typed: only "giáo"
    assert sorted(texts(exact)) == sorted([G1, G2])
    assert [q.sentence.matches for q in exact.all_quotes] == [["giáo"], ["giáo"]]


def test_relevance_is_article_rank_then_text_order(searcher: Searcher) -> None:
    result = quotes_of(searcher, BINH, "giao thông")
    ranked = [h.id for h in searcher.search("giao thông", speakers=[BINH], fold=False).hits]
    order = [q.article_id for q in result.all_quotes]
    assert sorted(set(order), key=order.index) == [i for i in ranked if i in order]
    a1 = [q.text for q in result.all_quotes if q.article_id == "a1"]
    assert a1 == [S1, S3]
    oldest = quotes_of(searcher, BINH, "giao thông", sort="oldest")
    assert [q.article_id for q in oldest.all_quotes] == ["a1", "a1", "a3"]


def test_pages(searcher: Searcher) -> None:
    whole = quotes_of(searcher, BINH)
    page = quotes_of(searcher, BINH, limit=2, offset=2)
    assert page.total == 7 and [q.text for q in page.quotes] == texts(whole)[2:4]
    assert quotes_of(searcher, BINH, limit=5, offset=50).quotes == []


def test_filters(searcher: Searcher) -> None:
    assert {q.article_id for q in quotes_of(searcher, BINH, years=YearRange(2021, 2021)).all_quotes} == {"a3"}
    assert {q.article_id for q in quotes_of(searcher, BINH, sources=["Báo B"]).all_quotes} == {"a2"}
    assert quotes_of(searcher, BINH, "giao thông", sources=["Báo B"]).total == 0


def test_the_work_is_capped_and_says_so(searcher: Searcher) -> None:
    result = quotes_of(searcher, BINH, max_articles=1)
    assert result.read == 1 and result.articles == 3 and result.capped
    assert {q.article_id for q in result.all_quotes} == {"a2"}


def test_a_quotation_begun_in_an_earlier_sentence(searcher: Searcher) -> None:
    (first, second) = quotes_of(searcher, "Lê Văn Tám").all_quotes
    assert first.text.startswith("Chúng tôi đã sơ tán") and first.continued
    assert not second.continued
    assert not any(q.continued for q in quotes_of(searcher, BINH).all_quotes)


def test_unknown_speaker(searcher: Searcher) -> None:
    with pytest.raises(UnknownSpeaker, match="No speaker named 'Ai Đó'"):
        quotes_of(searcher, "Ai Đó")


def test_a_name_typed_without_accents(searcher: Searcher) -> None:
    assert quotes_of(searcher, "nguyen van binh").person.name == BINH
    with pytest.raises(UnknownSpeaker) as caught:  # two people: never a guess
        quotes_of(searcher, "le van tam")
    assert sorted(caught.value.close) == sorted(["Lê Văn Tâm", "Lê Văn Tám"])


def test_an_older_index_gives_its_one_sentence(old_searcher: Searcher) -> None:
    assert "quotes" not in old_searcher.reader.get("a1")["speaker_info"][0]
    result = quotes_of(old_searcher, BINH)
    assert sorted(texts(result)) == sorted([S3, G1, M1])
    assert result.one_sentence == 3
    assert sorted(texts(quotes_of(old_searcher, BINH, "giao thông"))) == sorted([S3, M1])


def test_rows(searcher: Searcher) -> None:
    rows = list(quote_rows(quotes_of(searcher, BINH, "ngân sách")))
    assert sorted(dict(zip(QUOTE_COLUMNS, r, strict=True))["sentence"] for r in rows) == sorted([G2, S2])
    first = dict(zip(QUOTE_COLUMNS, rows[0], strict=True))
    assert first["speaker"] == BINH and first["date"] in ("2020-05-01", "2022-01-10")


# ------------------------------------------------------------------ the web page

KHOI = "Trần Minh Khôi"


def test_page_without_a_name_is_400(client) -> None:
    for url in ("/loi-phat-bieu?q=ma+túy", "/loi-phat-bieu.csv", "/loi-phat-bieu?ten=+"):
        response = client.get(url)
        assert response.status_code == 400
        assert "'ten'" in html.unescape(response.get_data(as_text=True))


def test_an_unaccented_name_that_could_be_two_people_is_404_naming_them(searcher: Searcher) -> None:
    from search.web import create_app

    client = create_app({"TESTING": True, "INDEX": str(searcher.index_dir)}).test_client()
    response = client.get("/loi-phat-bieu?ten=le van tam")
    assert response.status_code == 404
    assert "Có phải bạn muốn tìm “Lê Văn Tám” hay “Lê Văn Tâm”?" in response.get_data(as_text=True)
    assert client.get("/loi-phat-bieu?ten=nguyen van binh").status_code == 200


def test_unknown_speaker_is_404_in_vietnamese(client) -> None:
    response = client.get("/loi-phat-bieu?ten=Ai Đó&q=ma túy")
    body = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Không có người phát biểu nào tên “Ai Đó”" in body and "Kiểm tra lại cách viết" in body


def test_bad_filter_names_its_parameter(client) -> None:
    response = client.get(f"/loi-phat-bieu?ten={KHOI}&year=abc")
    assert response.status_code == 400 and "'year'" in html.unescape(response.get_data(as_text=True))
    response = client.get(f"/loi-phat-bieu?ten={KHOI}&sort=popular")
    assert response.status_code == 400 and "'sort'" in html.unescape(response.get_data(as_text=True))


def test_page_marks_links_and_dates(client) -> None:
    response = client.get(f"/loi-phat-bieu?ten={KHOI}&q=ma túy")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<mark>ma túy</mark>" in body
    assert 'href="/article/demo-018?q=ma+t%C3%BAy"' in body
    assert '<time datetime="2021-04-25">' in body
    assert body.count('<li class="quote">') == 7
    assert "1–7 / <strong>7</strong> câu" in body
    assert "/loi-phat-bieu.csv?ten=" in body


def test_page_without_a_query_lists_everything_newest_first(client) -> None:
    body = client.get(f"/loi-phat-bieu?ten={KHOI}").get_data(as_text=True)
    dates = [chunk.split('"')[0] for chunk in body.split('<time datetime="')[1:]]
    assert len(dates) == 12 and dates == sorted(dates, reverse=True)
    assert "<mark>" not in body


def test_page_filters_and_pages(client) -> None:
    body = client.get(f"/loi-phat-bieu?ten={KHOI}&q=ma túy&year=2021").get_data(as_text=True)
    assert body.count('<li class="quote">') == 3 and "Năm 2021" in body
    body = client.get(f"/loi-phat-bieu?ten={KHOI}&size=5&page=2").get_data(as_text=True)
    assert "6–10 / <strong>12</strong> câu" in body and 'rel="prev"' in body


def test_page_with_no_sentence_says_why(client) -> None:
    body = client.get(f"/loi-phat-bieu?ten={KHOI}&q=heroin").get_data(as_text=True)
    assert "Không có câu nào Trần Minh Khôi nói chứa “heroin”" in body
    assert "nhưng ở câu khác" in body


def test_csv_holds_every_sentence(client) -> None:
    response = client.get(f"/loi-phat-bieu.csv?ten={KHOI}&q=ma tuy&size=2")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert text.startswith("\ufeff") and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == [*QUOTE_COLUMNS, "permalink"]
    assert len(rows) - 1 == 7 == int(response.headers["X-Total-Count"])
    assert all(r[1] == KHOI and "ma túy" in r[4].lower() for r in rows[1:])
    assert rows[1][-1].endswith("/article/" + rows[1][5])


def test_results_page_links_here_when_a_speaker_is_chosen(client) -> None:
    body = client.get(f"/?q=ma túy&speaker={KHOI}&year=2021").get_data(as_text=True)
    link = "/loi-phat-bieu?q=ma+t%C3%BAy&amp;year=2021&amp;ten=Tr%E1%BA%A7n+Minh+Kh%C3%B4i"
    assert f'class="quotes-link" href="{link}"' in body
    assert 'class="quotes-link"' not in client.get("/?q=ma túy").get_data(as_text=True)


def test_person_page_links_here(client) -> None:
    body = client.get(f"/nguoi-phat-bieu?ten={KHOI}").get_data(as_text=True)
    assert 'href="/loi-phat-bieu?ten=Tr%E1%BA%A7n+Minh+Kh%C3%B4i"' in body


def test_page_under_a_variant_name(searcher: Searcher) -> None:
    from search.web import create_app

    client = create_app({"TESTING": True, "INDEX": str(searcher.index_dir)}).test_client()
    body = client.get("/loi-phat-bieu?ten=Văn Bình&q=giao thông").get_data(as_text=True)
    assert "tên bạn gõ: “Văn Bình”" in body
    assert "<h1>Nguyễn Văn Bình nói gì về" in body and body.count('<li class="quote">') == 3
    assert "viết là “Văn Bình”" in body  # the sentence of a3 says which name the article used
    assert 'href="/article/a2' not in body  # a2 matches, but not in a sentence Bình said


def test_page_says_once_that_a_long_text_needs_enough_of_its_words(searcher: Searcher) -> None:
    from search.web import create_app

    client = create_app({"TESTING": True, "INDEX": str(searcher.index_dir)}).test_client()
    q = "giao thông đô thị quá tải vào giờ cao điểm ngân sách hạ tầng"
    body = client.get(f"/loi-phat-bieu?ten={BINH}&q={q}").get_data(as_text=True)
    assert "Các câu chứa đủ nhiều từ" in body and body.count("đủ nhiều từ") == 1  # no note repeating it


def test_page_says_when_the_work_was_capped(searcher: Searcher, monkeypatch: pytest.MonkeyPatch) -> None:
    import search.quotes
    from search.web import create_app

    client = create_app({"TESTING": True, "INDEX": str(searcher.index_dir)}).test_client()
    assert 'id="capped"' not in client.get(f"/loi-phat-bieu?ten={BINH}").get_data(as_text=True)
    monkeypatch.setattr(search.quotes, "MAX_ARTICLES", 2)
    body = client.get(f"/loi-phat-bieu?ten={BINH}").get_data(as_text=True)
    assert "Chỉ đọc 2 bài đầu tiên trong 3 bài" in body
    assert body.count('<li class="quote">') == 4  # a2 and a3, the newest two


def test_page_on_an_older_index_says_to_rebuild(old_searcher: Searcher) -> None:
    from search.web import create_app

    client = create_app({"TESTING": True, "INDEX": str(old_searcher.index_dir)}).test_client()
    body = client.get(f"/loi-phat-bieu?ten={BINH}").get_data(as_text=True)
    assert body.count('<li class="quote">') == 3
    assert "3 bài được lập chỉ mục bằng phiên bản cũ" in body and "--rebuild" in body


def test_bad_paging_is_refused(searcher: Searcher) -> None:
    from search.errors import ConfigError

    with pytest.raises(ConfigError, match="0 or more"):
        quotes_of(searcher, BINH, limit=-1)
    nothing = quotes_of(searcher, BINH, max_articles=0)
    assert nothing.read == 0 and nothing.articles == 3 and nothing.capped and nothing.total == 0
