import unicodedata

import pytest

from search.snippets import highlight_spans, make_snippet
from search.vietnamese.text import clean


def _marked(snippet):
    return snippet.matches


def test_unaccented_terms_highlight_the_accented_letters():
    text = "Công an TP Hà Nội tổng kết năm. Ông Lâm nói công an cần tiếp tục."
    snip = make_snippet(text, [("cong", "an"), ("ha", "noi")])
    assert _marked(snip)[:2] == ["Công an", "Hà Nội"]


def test_old_style_tones_in_text_match_new_style_terms():
    text = clean("Đảng uỷ và thuỷ điện")
    snip = make_snippet(text, [("ủy",), ("thủy",)])
    assert _marked(snip) == ["uỷ", "thuỷ"]


def test_nfd_text_once_cleaned_highlights_right_letters():
    text = clean(unicodedata.normalize("NFD", "Mở đầu. Bộ trưởng Tô Lâm phát biểu tại hội nghị."))
    snip = make_snippet(text, [("tô", "lâm")])
    assert _marked(snip) == ["Tô Lâm"]


def test_window_goes_to_the_densest_part():
    filler = "Nội dung không liên quan gì cả. " * 30
    text = filler + "Đại tướng Tô Lâm phát biểu chỉ đạo hội nghị công an." + filler
    snip = make_snippet(text, [("tô", "lâm"), ("công", "an")], max_chars=120)
    assert len(snip.fragments) == 1
    frag = snip.fragments[0]
    assert snip.plain.startswith("…") and snip.plain.endswith("…")
    assert "Tô Lâm" in frag.text and "công an" in frag.text
    assert len(frag.text) <= 120
    assert text[frag.start : frag.end] == frag.text


def test_up_to_three_fragments_cover_units_the_first_missed():
    filler = " Câu chuyện dài dòng chẳng liên quan gì đến chủ đề hôm nay cả." * 8
    text = "Công an vào cuộc." + filler + "Ma túy bị thu giữ." + filler + "Hà Nội khen thưởng." + filler
    snip = make_snippet(text, [("cong", "an"), ("ma", "tuy"), ("ha", "noi")])
    assert len(snip.fragments) == 3
    assert snip.matches == ["Công an", "Ma túy", "Hà Nội"]
    assert snip.html.count(" … ") == 2
    for frag in snip.fragments:
        assert text[frag.start : frag.end].replace("\n", " ") == frag.text


def test_html_is_escaped_and_marks_added():
    text = 'Ông <b>A</b> nói: "công an & dân"'
    html = make_snippet(text, [("công",)]).html
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "<mark>công</mark>" in html and "&amp;" in html


def test_no_match_gives_the_start():
    text = "Câu đầu tiên. " + "x " * 300
    snip = make_snippet(text, [("không", "có")], max_chars=50)
    assert snip.plain.startswith("Câu đầu tiên.") and snip.plain.endswith("…")
    assert snip.matches == [] and len(snip.fragments[0].text) <= 50


def test_offsets_survive_double_spaces_line_breaks_codes_and_script():
    from search.vietnamese.text import clean

    raw = "Tin  TP.HCM:\n\n<script>alert(1)</script>  Công an\r\nTP.HCM  thông báo."
    text = clean(raw)
    snip = make_snippet(text, [("tp", "hcm"), ("công",)])
    assert snip.matches == ["TP.HCM", "Công", "TP.HCM"]
    assert "<script>" not in snip.html and "&lt;script&gt;" in snip.html


def test_highlight_spans_only_whole_syllables():
    spans = highlight_spans("Anh An ăn an toàn", [("an",)])
    assert [(s, e) for s, e, _ in spans] == [(4, 6), (7, 9), (10, 12)]


def test_accented_query_highlights_only_its_own_accents():
    text = "Tổ công tác gặp ông Tô Lâm và tổ dân phố."
    snip = make_snippet(text, [("tô", "lâm")], exact=True)
    assert _marked(snip) == ["Tô Lâm"]


def test_partly_accented_query_falls_back_to_folded_for_plain_terms():
    text = "Công an thành phố Hà Nội"
    snip = make_snippet(text, [("cong", "an"), ("hà", "nội")], exact=True)
    assert _marked(snip) == ["Công an", "Hà Nội"]


# --- words as units (issue 15) ------------------------------------------------------------


def test_a_word_is_marked_whole_and_never_its_syllables_elsewhere():
    text = "Vụ án ở Hà Đông: ông nói về nội đô. Công an Hà Nội vào cuộc."
    snip = make_snippet(text, [("cong", "an"), ("ha", "noi")])
    assert snip.matches == ["Công an", "Hà Nội"]
    assert snip.html.count("<mark>") == 2 and "<mark>Công an</mark> <mark>Hà Nội</mark>" in snip.html


def test_a_name_does_not_mark_words_sharing_a_syllable():
    text = "Tình hình phức tạp, Thủ tướng Nguyễn Xuân Phúc chỉ đạo."
    assert make_snippet(text, [("nguyen", "xuan", "phuc")]).matches == ["Nguyễn Xuân Phúc"]


def test_vi_and_vy_are_one_spelling_in_units():
    text = "Xử lý vi phạm giao thông; giáo viên và hệ thống vi phạm."
    for unit in (("vi", "phạm"), ("vy", "phạm"), ("vi", "pham"), ("vy", "pham")):
        exact = unit[1] == "phạm"
        assert make_snippet(text, [unit, ("giao", "thong")], exact=exact).matches == [
            "vi phạm",
            "giao thông",
            "vi phạm",
        ], unit
    assert make_snippet("Vì phạm", [("vy", "phạm")], exact=True).matches == []


def test_exact_unit_never_marks_other_accents():
    text = "Ông tố làm việc với tổ dân phố."
    assert highlight_spans(text, [("tô", "lâm")], exact=True) == []
    assert [text[a:b] for a, b, _ in highlight_spans(text, [("to", "lam")])] == ["tố làm"]


def test_units_land_on_the_right_letters_of_nfd_and_old_tone_text():
    raw = "Ông Tô  Lâm nói: thuỷ điện Hoà Bình."
    nfd = unicodedata.normalize("NFD", raw)
    units = [("tô", "lâm"), ("thủy", "điện"), ("hòa", "bình")]
    for text in (raw, nfd, clean(nfd)):
        spans = highlight_spans(text, units, exact=True)
        marked = [unicodedata.normalize("NFC", text[a:b]) for a, b, _ in spans]
        name = "Tô  Lâm" if "  " in text else "Tô Lâm"  # clean() collapses the double space
        assert marked == [name, "thuỷ điện", "Hoà Bình"], text
        assert [label for _, _, label in spans] == ["tô lâm", "thủy điện", "hòa bình"]


def test_a_unit_matches_across_line_breaks_and_punctuation_as_the_index_does():
    text = "Lực lượng công\nan phường. Hà Nội. Công an vào cuộc."
    snip = make_snippet(text, [("công", "an"), ("nội", "công")])
    assert snip.matches == ["công an", "Nội. Công"]
    assert "<mark>công an</mark>" in snip.html  # the line break shows as a space
    assert [text[a:b] for a, b, _ in highlight_spans(text, [("công", "an")])] == ["công\nan", "Công an"]


def test_units_written_as_strings_or_index_spellings():
    text = "Công an TP.HCM làm việc với Bộ Công an."
    assert make_snippet(text, ["công an", "tp.hcm"]).matches == ["Công an", "TP.HCM", "Công an"]
    assert make_snippet(text, [("bộ", "công", "an"), ("công", "an")]).matches == ["Công an", "Bộ Công an"]
    with pytest.raises(TypeError):
        make_snippet(text, "công an")


def test_fragments_prefer_the_most_distinct_units():
    filler = " Câu chuyện dài dòng chẳng liên quan gì đến chủ đề hôm nay cả." * 8
    text = "Công an, công an và công an." + filler + "Công an Hà Nội bắt ma túy." + filler
    snip = make_snippet(text, [("cong", "an"), ("ha", "noi"), ("ma", "tuy")], max_fragments=1)
    assert snip.matches == ["Công an", "Hà Nội", "ma túy"]


def _slow(text, units, exact, monkeypatch):
    from search import highlight

    with monkeypatch.context() as m:
        m.setattr(highlight, "_fast_spans", lambda *a: None)
        return highlight.highlight_spans(text, units, exact)


@pytest.mark.parametrize("exact", [False, True])
def test_fast_highlighting_finds_exactly_what_the_syllable_walk_finds(exact, monkeypatch):
    from search.highlight import _fast_spans, _wants

    text = (
        "Công an TP.HCM bắt 1.200 đối tượng; H5N1 và U23 Việt Nam. Ông Hoà nói: công an "
        "phường Thuỷ Đông (công-an) đã hòa giải. CÔNG AN Hà Nội, cổng an toàn, Cong an. "
        "Đường dài 3,5km, 35km; kĩ thuật, kỹ sư, Kí, vi phạm, Vì, Ðà Nẵng."
    )
    for units in (
        [("cong", "an")],
        [("công", "an")],
        [("hoa",)],
        [("hòa",)],
        [("thủy", "đông")],
        [("h",)],
        [("u",)],
        [("ha", "noi"), ("an",)],
        [("km",), ("ky",)],
        [("kỹ",), ("vi", "phạm"), ("đà", "nẵng")],
    ):
        fast = _fast_spans(text, tuple(_wants(units, exact)))
        assert fast is not None
        assert highlight_spans(text, units, exact) == _slow(text, units, exact, monkeypatch), units
    assert [text[a:b] for a, b, _ in highlight_spans(text, [("km",)])] == ["km"]  # not in "35km"
    # Numbers and texts that are not NFC take the careful path.
    assert _fast_spans(text, tuple(_wants([("200",)], exact))) is None
    assert _fast_spans(unicodedata.normalize("NFD", text), tuple(_wants([("cong",)], exact))) is None


def test_the_regex_is_tried_only_where_a_unit_begins_and_finds_the_same(monkeypatch):
    from search import highlight

    text = (
        "Công an TP.HCM bắt 1.200 đối tượng; ông Hoà nói: công an phường Thuỷ Đông (công-an) đã hòa giải. "
        "CÔNG AN Hà Nội, cổng an toàn, Cong an, bán anh, hoan hô; 3,5km, 35km; kĩ thuật, Kí, vi phạm, Vì."
    )
    cases = [
        ([("cong", "an")], False),
        ([("an",), ("ha", "noi")], False),
        ([("km",), ("ky",)], False),
        ([("công", "an"), ("hòa",)], True),
        ([("kỹ",), ("vi", "phạm")], True),
        ([("cong", "an"), ("thủy",)], True),  # a unit without accents beside one with them
    ]
    anchored = {(tuple(units), exact): highlight_spans(text, units, exact) for units, exact in cases}
    monkeypatch.setattr(highlight, "_anchors", lambda *a: None)  # the regex at every character
    for units, exact in cases:
        assert highlight_spans(text, units, exact) == anchored[(tuple(units), exact)], units
    monkeypatch.undo()
    # Folded units are looked for by their first syllables' spellings (i/y both), not by the regex.
    assert highlight._anchors(highlight._wants_of((("ky",), ("cong", "an")), False), True) == (
        "cong",
        "ky",
        "ki",
    )
    assert highlight._anchors(highlight._wants_of((("cong", "an"),), False), False) is None  # letter classes


def test_a_quoted_phrase_longer_than_a_window_is_still_shown():
    # A window holds at least the match it starts at: a unit over 100 characters used to leave
    # the window empty and fail the whole page.
    phrase = "một hai ba bốn năm sáu bảy tám chín mười " * 3
    text = "Mở đầu. " + phrase * 2 + "kết thúc."
    snippet = make_snippet(text, [tuple(phrase.split())])
    assert snippet.matches and snippet.matches[0].startswith("một hai ba") and len(snippet.matches[0]) > 100
