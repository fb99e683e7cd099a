"""What a query matches (issue 15): words, not syllables; accents respected;
one labelled set everywhere. A small archive written here, on both engines."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from helpers import index_of

from search.searcher import Searcher
from search.web import create_app

pytestmark = pytest.mark.engines

ARTICLES = [
    ("tolam", "Tô Lâm phát biểu tại hội nghị", "Đồng chí Tô Lâm nói về an ninh trật tự."),
    ("tolam2", "Bộ trưởng gặp cử tri", "Bộ trưởng Tô Lâm gặp cử tri quận Ba Đình."),
    ("tolam-nfd", "Thăm hỏi", "Ông To\u0302 La\u0302m tới thăm gia đình chính sách."),
    ("yeuto", "Yếu tố làm nên thành công", "Nhiều yếu tố làm nên thắng lợi, xe ô tô đi Bảo Lâm."),
    ("hanhan", "Hạn hán kéo dài", "Hạn hán ở miền Tây làm khô ruộng lúa."),
    ("hanquoc", "Hàn Quốc hạn chế nhập khẩu", "Hàn Quốc hạn chế hàng hóa; người Hán ở Trung Quốc."),
    ("pmc", "Thủ tướng Phạm Minh Chính thăm Hà Nội", "Thủ tướng Phạm Minh Chính làm việc với thành phố."),
    ("pmc2", "Ông Phạm Minh Chính", "Ông Phạm Minh Chính nói chuyện với cử tri."),
    ("pham", "Tin vắn", "Anh Phạm Văn Minh nói chính quyền đã hỗ trợ."),
    ("thutuong", "Thủ tướng dự lễ", "Thủ tướng dự lễ khánh thành ở Hà Nam."),
    ("caHN", "Công an Hà Nội bắt giữ nghi phạm", "Công an Hà Nội đã bắt giữ hai nghi phạm."),
    ("noise", "Vụ án ở nội đô", "Công nhân nói vụ án xảy ra ở nội đô, gần Hà Đông."),
    ("hoa", "Hoà bình và hợp tác", "Hội nghị về hoà bình được tổ chức, kỹ sư và quý khách đều dự."),
    ("hoa2", "Hòa bình bền vững", "Hòa bình bền vững là mục tiêu; kĩ sư tham gia."),
]


def _records() -> list[dict]:
    return [
        {"id": i, "title": t, "body": b, "date": f"20{10 + n % 10}-0{1 + n % 9}-01"}
        for n, (i, t, b) in enumerate(ARTICLES)
    ]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, engine: str):
    folder = index_of(_records(), tmp_path_factory.mktemp(f"matching-{engine}"))
    with Searcher(folder) as searcher:
        yield searcher, folder


def ids(searcher: Searcher, q: str, **kwargs) -> set[str]:
    result = searcher.search(q, limit=100, facets=False, **kwargs)
    assert result.total == len(result.hits)
    return {h.id for h in result.hits}


def test_an_accented_name_finds_the_name_only(archive):
    searcher, _ = archive
    found = ids(searcher, "Tô Lâm")
    assert found == {"tolam", "tolam2", "tolam-nfd"}  # not "yếu tố làm", not "ô tô ... Bảo Lâm"
    assert ids(searcher, "tô lâm") == found  # typed in lowercase: still one name
    assert ids(searcher, '"Tô Lâm"') == found


def test_an_unaccented_query_matches_every_accent_form_but_as_a_word(archive):
    searcher, _ = archive
    # "to lam" folds like "tố làm" too: without accents both readings are the user's
    assert ids(searcher, "to lam") == {"tolam", "tolam2", "tolam-nfd", "yeuto"}


def test_accents_typed_are_respected(archive):
    searcher, _ = archive
    assert ids(searcher, "hạn hán") == {"hanhan"}  # not Hàn Quốc, hạn chế, Hán
    assert ids(searcher, "han han") == {"hanhan"}  # folded, but still the two syllables together


def test_a_multi_syllable_name_must_stand_together(archive):
    searcher, _ = archive
    assert ids(searcher, "Phạm Minh Chính") == {"pmc", "pmc2"}  # not "Phạm Văn Minh ... chính quyền"
    assert ids(searcher, "pham minh chinh") == {"pmc", "pmc2"}
    # every word required: not every article with "Thủ tướng"
    assert ids(searcher, "Thủ tướng Phạm Minh Chính") == {"pmc"}


def test_folded_words_do_not_match_syllables_of_other_words(archive):
    searcher, _ = archive
    assert ids(searcher, "cong an ha noi") == {"caHN"}  # not "Công nhân nói vụ án ... nội đô, Hà Đông"
    assert ids(searcher, "công an hà nội") == {"caHN"}


def test_tone_placement_nfd_and_iy_spellings_are_still_equal(archive):
    searcher, _ = archive
    assert ids(searcher, "hòa bình") == {"hoa", "hoa2"}
    assert ids(searcher, "hoà bình") == {"hoa", "hoa2"}
    assert ids(searcher, "kỹ sư") == {"hoa", "hoa2"}
    assert ids(searcher, "kĩ sư") == {"hoa", "hoa2"}
    assert "tolam-nfd" in ids(searcher, "Tô Lâm")


def test_exact_accents_finding_nothing_show_the_folded_set_with_a_note(archive):
    searcher, _ = archive
    result = searcher.search("tố lâm", limit=100)
    assert {h.id for h in result.hits} == {"tolam", "tolam2", "tolam-nfd", "yeuto"}
    assert result.reading["accents"] == "folded"
    assert [n.kind for n in result.notes] == ["accents_ignored"]
    assert "bỏ qua dấu" in result.notes[0].vi and result.notes[0].link[1] == "to lam"


def test_exact_matches_are_never_mixed_with_folded_ones(archive):
    searcher, _ = archive
    result = searcher.search("hàn quốc", limit=100)
    assert {h.id for h in result.hits} == {"hanquoc"}
    assert result.reading == {**result.reading, "accents": "exact", "words": "all"}
    assert not result.notes


def test_no_article_with_every_word_is_a_labelled_relaxed_set(archive):
    searcher, _ = archive
    result = searcher.search("hạn hán Phạm Minh Chính", limit=100)
    assert result.reading["words"] == "any"
    assert {h.id for h in result.hits} == {"hanhan", "pmc", "pmc2"}
    assert [n.kind for n in result.notes][-1] == "relaxed"
    assert "3" in result.notes[-1].vi


def test_a_long_text_needs_enough_of_its_words_and_says_so(archive):
    searcher, _ = archive
    result = searcher.search("Thủ tướng Phạm Minh Chính làm việc với thành phố Hà Nội về hạn hán", limit=100)
    assert result.reading["words"] == "enough"
    needed = result.reading["needed"]
    assert 2 <= needed < result.reading["count"]
    assert [h.id for h in result.hits][0] == "pmc"
    assert "hanquoc" not in {h.id for h in result.hits}
    assert any(n.kind == "enough" for n in result.notes)


def test_the_site_says_once_that_a_long_text_needs_enough_of_its_words(archive):
    _, folder = archive
    client = create_app({"INDEX": str(folder)}).test_client()
    q = "Thủ tướng Phạm Minh Chính làm việc với thành phố Hà Nội về hạn hán"
    page = client.get("/", query_string={"q": q}).get_data(as_text=True)
    assert page.count("đủ nhiều từ") == 1  # the reading line, not a note repeating it


def test_one_set_for_the_total_facets_pages_exports_and_api(archive):
    searcher, folder = archive
    q = "thủ tướng"
    whole = searcher.search(q, limit=100)
    assert {h.id for h in whole.hits} == {"pmc", "thutuong"}
    assert sum(f.count for f in whole.facets["year"]) == whole.total == 2
    paged = [h.id for off in range(whole.total) for h in searcher.search(q, limit=1, offset=off).hits]
    assert sorted(paged) == sorted(h.id for h in whole.hits)
    app = create_app({"INDEX": str(folder)})
    client = app.test_client()
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get("/export.csv", query_string={"q": q}).get_data(as_text=True).lstrip("\ufeff")
            )
        )
    )
    assert sorted(r["id"] for r in rows) == sorted(paged)
    exported = json.loads(client.get("/export.json", query_string={"q": q}).get_data(as_text=True))
    assert sorted(h["id"] for h in exported["hits"]) == sorted(paged)
    api = client.get("/api/search", query_string={"q": q, "size": 100}).get_json()
    assert api["total"] == 2 and api["reading"]["words"] == "all"
    page = client.get("/", query_string={"q": q}).get_data(as_text=True)
    assert "Các bài chứa “thủ tướng”" in page and "đúng dấu đã gõ" in page


def test_the_site_labels_a_fallback_in_vietnamese_with_a_link(archive):
    _, folder = archive
    client = create_app({"INDEX": str(folder)}).test_client()
    page = client.get("/", query_string={"q": "tố lâm"}).get_data(as_text=True)
    assert "Không có bài nào chứa “tố lâm” đúng như dấu đã gõ" in page
    assert "Tìm không dấu" in page and "q=to+lam" in page


def test_a_phrase_inside_the_free_text_does_not_glue_the_words_around_it(tmp_path: Path, engine: str):
    """'Tiếc cho loạt "sao" tỏa sáng': pyvi read "loạt tỏa" as one word once the phrase was
    taken out, and the article saying "loạt sao tỏa sáng" did not hold enough of the query."""
    records = [{"id": "a", "title": "", "body": "Loạt sao tỏa sáng ngắn hạn."}]
    ix = index_of(records, tmp_path)
    with Searcher(ix) as s:
        assert [h.id for h in s.search('Tiếc cho loạt "sao" tỏa sáng').hits] == ["a"]


def test_syllables_title_case_joined_into_one_name_fall_back_to_the_words_apart(tmp_path: Path, engine: str):
    """Title Case reads "sushi quang hanh" as one name, "Sushi Quang Hanh", and no article
    has those three syllables side by side: the article with sushi and Quang Hanh was lost."""
    records = [
        {"id": "a", "title": "", "body": "Khách thưởng thức Sushi bên núi rừng Quang Hanh."},
        {"id": "b", "title": "", "body": "Du khách tắm khoáng nóng ở Quang Hanh, Cẩm Phả."},
    ]
    ix = index_of(records, tmp_path)
    with Searcher(ix) as s:
        for q in ("sushi quang hanh", "sushi Quang Hanh"):
            result = s.search(q)
            assert [h.id for h in result.hits] == ["a"], q
            assert result.reading["names_split"] and result.reading["words"] == "all"
            assert [n.kind for n in result.notes] == ["names_split"]
            assert "liền nhau" in result.notes[0].vi
        assert s.search("quang hanh").reading["names_split"] is False  # found as typed: no note
