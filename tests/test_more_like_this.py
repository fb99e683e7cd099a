"""search.more_like_this: the telling words of an article, and the one search they make."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import index_of

from search.more_like_this import COMMON_WORDS, COMMON_WORDS_FILE, QUERY_WORDS, more_like_this, telling_words
from search.searcher import Hit, Searcher, SearchResult, StoredArticle

pytestmark = pytest.mark.engines


def hit(article_id: str) -> Hit:
    return Hit(article_id, f"Bài {article_id}", None, None, [], "", "", 1.0)


def art(fields: dict) -> StoredArticle:
    """An article as Searcher.get gives it, from stored fields (id "x" unless given)."""
    return StoredArticle.from_stored({"id": "x", **fields})


class RecordingSearcher:
    """Answers every search with ``hits`` and remembers what was asked."""

    def __init__(self, hits: list[Hit]) -> None:
        self.hits = hits
        self.calls: list[tuple[str, dict]] = []

    def search(self, q: str, **kwargs) -> SearchResult:
        self.calls.append((q, kwargs))
        return SearchResult(q, len(self.hits), 0, kwargs.get("limit", 10), None, self.hits[: kwargs["limit"]])


# --- the stop list ------------------------------------------------------------------------------


def test_common_words_come_from_the_data_file():
    assert COMMON_WORDS_FILE.parent.name == "data" and COMMON_WORDS_FILE.is_file()
    assert {"của", "và", "những", "hôm", "nay"} <= COMMON_WORDS
    assert len(COMMON_WORDS) == 83
    assert not any(w.startswith("#") for w in COMMON_WORDS)  # the header is not a word
    for word in COMMON_WORDS:
        assert word == word.lower() == word.strip() and unicodedata.is_normalized("NFC", word), word


# --- which words ----------------------------------------------------------------------------


def test_title_and_first_sentence_of_the_lead():
    doc = art(
        {
            "title": "Triệt phá đường dây",
            "lead": "Bắt giữ đối tượng ở Sơn La! Câu tiếp bỏ qua.",
            "body": "Thân bài cũng bỏ qua khi có sapo.",
        }
    )
    assert telling_words(doc) == ["Triệt", "phá", "đường", "dây", "Bắt", "giữ", "đối", "tượng", "Sơn", "La"]
    doc = replace(doc, title="Triệt phá")
    assert telling_words(doc) == ["Triệt", "phá", "Bắt", "giữ", "đối", "tượng", "Sơn", "La"]


def test_body_when_there_is_no_lead_and_sentences_end_at_any_mark():
    for end in (".", "!", "?", "…"):
        doc = art({"title": "", "body": f"  Lũ lụt miền Trung{end} Mưa lớn kéo dài."})
        assert telling_words(doc) == ["Lũ", "lụt", "miền", "Trung"], end
    # a full stop without a space after it does not end the sentence
    assert telling_words(art({"body": "Giá xăng 23.500đ tăng mạnh. Sau đó"})) == [
        "Giá",
        "xăng",
        "500đ",
        "tăng",
        "mạnh",
    ]


def test_common_words_numbers_single_letters_and_or_are_left_out():
    doc = art({"title": "Của những người ở Hà Nội năm 2019 OR or A b", "body": ""})
    # "or" in lower case is an ordinary word; only the query operator "OR" is dropped
    assert telling_words(doc) == ["Hà", "Nội", "or"]


def test_each_word_once_as_first_written():
    doc = art({"title": "Bão số 3 BÃO SỐ 3 bão", "body": "Cơn bão mạnh."})
    assert telling_words(doc) == ["Bão", "số", "Cơn", "mạnh"]


def test_at_most_the_limit_in_reading_order():
    words = [f"từ{i}" for i in range(30)]
    doc = art({"title": " ".join(words)})
    assert QUERY_WORDS == 10 and telling_words(doc) == words[:10]
    assert telling_words(doc, limit=3) == words[:3]


def test_missing_or_empty_fields():
    assert telling_words(art({})) == []
    assert telling_words(art({"title": None, "lead": None, "body": None})) == []
    assert telling_words(art({"title": "và của là", "body": "1 2 3."})) == []


# --- the search -------------------------------------------------------------------------------


def test_one_search_of_the_words_without_facets_and_one_extra_result():
    searcher = RecordingSearcher([hit("a"), hit("b")])
    doc = art({"id": "x", "title": "Lũ lụt miền Trung", "body": ""})
    assert [h.id for h in more_like_this(searcher, doc, count=3)] == ["a", "b"]
    assert searcher.calls == [("Lũ lụt miền Trung", {"limit": 4, "facets": False, "fold": True})]


def test_the_article_itself_is_left_out_and_the_count_kept():
    searcher = RecordingSearcher([hit("b"), hit("x"), hit("c"), hit("d")])
    doc = art({"id": "x", "title": "Lũ lụt miền Trung"})
    assert [h.id for h in more_like_this(searcher, doc, count=3)] == ["b", "c", "d"]
    searcher = RecordingSearcher([hit("b"), hit("c"), hit("d"), hit("e"), hit("f"), hit("g")])
    assert [h.id for h in more_like_this(searcher, doc)] == ["b", "c", "d", "e", "f"]  # 5 by default


def test_no_telling_word_means_no_search():
    searcher = RecordingSearcher([hit("b")])
    assert more_like_this(searcher, art({"id": "x", "title": "Của và các", "body": "2019."})) == []
    assert searcher.calls == []


def test_on_a_real_index(tmp_path: Path):
    records = [
        {"id": "lu1", "title": "Lũ lụt miền Trung gây thiệt hại nặng", "date": "2020-10-10", "body": "Mưa lớn nhiều ngày."},
        {"id": "lu2", "title": "Miền Trung khắc phục hậu quả lũ lụt", "date": "2020-10-20", "body": "Nước rút dần."},
        {"id": "lu3", "title": "Cứu trợ đồng bào vùng lũ miền Trung", "date": "2020-10-25", "body": "Hàng cứu trợ."},
        {"id": "bd", "title": "Đội tuyển bóng đá thắng đậm", "date": "2021-06-01", "body": "Trận đấu hấp dẫn."},
    ]  # fmt: skip
    with Searcher(index_of(records, tmp_path)) as searcher:
        doc = searcher.get("lu1")
        similar = [h.id for h in more_like_this(searcher, doc)]
        assert "lu1" not in similar
        assert {"lu2", "lu3"} <= set(similar) and "bd" not in similar
        assert [h.id for h in more_like_this(searcher, doc, count=1)] == similar[:1]


def test_the_same_story_elsewhere_comes_first_and_once(tmp_path: Path):
    story = (
        "Sáng 5/6, tỉnh Quảng Nam khởi công tuyến đường ven biển nối Hội An với Tam Kỳ, dài 42 km, "
        "tổng vốn hơn 3.000 tỷ đồng. Tuyến đường gồm bốn làn xe, hai cầu vượt sông và một hầm chui "
        "qua khu dân cư, dự kiến hoàn thành sau ba năm thi công theo kế hoạch của chủ đầu tư."
    )
    records = [
        {"id": "a", "title": "Khởi công đường ven biển Hội An - Tam Kỳ", "body": story},
        {"id": "b", "title": "Quảng Nam làm đường ven biển 3.000 tỷ", "body": story + " (Theo báo A)"},
        {"id": "c", "title": "Đường ven biển Hội An - Tam Kỳ", "body": story + " Bản đăng lại."},
        {
            "id": "d",
            "title": "Đường ven biển Hội An thu hút nhà đầu tư",
            "body": "Nhiều nhà đầu tư quan tâm.",
        },
    ]
    with Searcher(index_of(records, tmp_path)) as searcher:
        doc = searcher.get("a")
        similar = more_like_this(searcher, doc)
        assert [h.id for h in similar[:2]] == ["b", "c"] or [h.id for h in similar[:2]] == ["c", "b"]
        assert [h.id for h in similar[2:]] == ["d"]  # the copies once, then the other stories
        assert all(h.group == doc.group for h in similar[:2])
