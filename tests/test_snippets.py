import unicodedata

import pytest

from search.snippets import highlight_spans, make_snippet
from search.vietnamese.text import clean


def _marked(snippet):
    return snippet.matches


def test_unaccented_terms_highlight_the_accented_letters():
    text = "Công an TP Hà Nội tổng kết năm. Ông Lâm nói công an cần tiếp tục."
    snip = make_snippet(text, ["cong", "an", "ha", "noi"])
    assert _marked(snip)[:4] == ["Công", "an", "Hà", "Nội"]


def test_old_style_tones_in_text_match_new_style_terms():
    text = clean("Đảng uỷ và thuỷ điện")
    snip = make_snippet(text, ["ủy", "thủy"])
    assert _marked(snip) == ["uỷ", "thuỷ"]


def test_nfd_text_once_cleaned_highlights_right_letters():
    text = clean(unicodedata.normalize("NFD", "Mở đầu. Bộ trưởng Tô Lâm phát biểu tại hội nghị."))
    snip = make_snippet(text, ["tô", "lâm"])
    assert _marked(snip) == ["Tô", "Lâm"]


def test_window_goes_to_the_densest_part():
    filler = "Nội dung không liên quan gì cả. " * 30
    text = filler + "Đại tướng Tô Lâm phát biểu chỉ đạo hội nghị công an." + filler
    snip = make_snippet(text, ["tô", "lâm", "công", "an"], max_chars=120)
    assert len(snip.fragments) == 1
    frag = snip.fragments[0]
    assert snip.plain.startswith("…") and snip.plain.endswith("…")
    assert "Tô Lâm" in frag.text and "công an" in frag.text
    assert len(frag.text) <= 120
    assert text[frag.start : frag.end] == frag.text


def test_up_to_three_fragments_cover_terms_the_first_missed():
    filler = " Câu chuyện dài dòng chẳng liên quan gì đến chủ đề hôm nay cả." * 8
    text = "Công an vào cuộc." + filler + "Ma túy bị thu giữ." + filler + "Hà Nội khen thưởng." + filler
    snip = make_snippet(text, ["cong", "an", "ma", "tuy", "ha", "noi"])
    assert len(snip.fragments) == 3
    assert snip.matches == ["Công", "an", "Ma", "túy", "Hà", "Nội"]
    assert snip.html.count(" … ") == 2
    for frag in snip.fragments:
        assert text[frag.start : frag.end].replace("\n", " ") == frag.text


def test_html_is_escaped_and_marks_added():
    text = 'Ông <b>A</b> nói: "công an & dân"'
    html = make_snippet(text, ["công"]).html
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "<mark>công</mark>" in html and "&amp;" in html


def test_no_match_gives_the_start():
    text = "Câu đầu tiên. " + "x " * 300
    snip = make_snippet(text, ["không", "có"], max_chars=50)
    assert snip.plain.startswith("Câu đầu tiên.") and snip.plain.endswith("…")
    assert snip.matches == [] and len(snip.fragments[0].text) <= 50


def test_offsets_survive_double_spaces_line_breaks_codes_and_script():
    from search.vietnamese.text import clean

    raw = "Tin  TP.HCM:\n\n<script>alert(1)</script>  Công an\r\nTP.HCM  thông báo."
    text = clean(raw)
    snip = make_snippet(text, ["tp", "hcm", "công"])
    assert snip.matches == ["TP", "HCM", "Công", "TP", "HCM"]
    assert "<script>" not in snip.html and "&lt;script&gt;" in snip.html


def test_highlight_spans_only_whole_syllables():
    spans = highlight_spans("Anh An ăn an toàn", ["an"])
    assert [(s, e) for s, e, _ in spans] == [(4, 6), (7, 9), (10, 12)]


def test_accented_query_highlights_only_its_own_accents():
    text = "Tổ công tác gặp ông Tô Lâm và tổ dân phố."
    snip = make_snippet(text, ["tô", "lâm"], exact=True)
    assert _marked(snip) == ["Tô", "Lâm"]


def test_partly_accented_query_falls_back_to_folded_for_plain_terms():
    text = "Công an thành phố Hà Nội"
    snip = make_snippet(text, ["cong", "an", "hà", "nội"], exact=True)
    assert _marked(snip) == ["Công", "an", "Hà", "Nội"]


def _slow_spans(text, terms, exact, monkeypatch):
    from search import snippets

    with monkeypatch.context() as m:
        m.setattr(snippets, "_fast_spans", lambda *a: None)
        return snippets.highlight_spans(text, terms, exact)


@pytest.mark.parametrize("exact", [False, True])
def test_fast_highlighting_finds_exactly_what_the_syllable_walk_finds(exact, monkeypatch):
    from search.snippets import _fast_spans, highlight_spans

    text = (
        "Công an TP.HCM bắt 1.200 đối tượng; H5N1 và U23 Việt Nam. Ông Hoà nói: công an "
        "phường Thuỷ Đông (công-an) đã hòa giải. CÔNG AN Hà Nội, cổng an toàn, Cong an."
    )
    for terms in (["cong", "an"], ["công", "an"], ["hoa"], ["hòa"], ["thủy"], ["h"], ["u"], ["ha", "noi"]):
        fast = _fast_spans(text, [t.lower() for t in terms], exact)
        assert fast is not None
        assert fast == _slow_spans(text, terms, exact, monkeypatch), terms
        assert highlight_spans(text, terms, exact) == fast
    # Numbers and texts whose folded form changes length take the careful path.
    assert _fast_spans(text, ["200"], exact) is None
    assert _fast_spans(unicodedata.normalize("NFD", text), ["cong"], exact) is None
