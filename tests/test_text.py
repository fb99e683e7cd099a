import unicodedata

import pytest

from search.vietnamese.text import (
    canonical,
    clean,
    decode_entities,
    fold,
    has_diacritics,
    normalize,
    syllables,
)

OLD_NEW = [
    ("hoà", "hòa"),
    ("hoá", "hóa"),
    ("hoả", "hỏa"),
    ("hoã", "hõa"),
    ("hoạ", "họa"),
    ("khoẻ", "khỏe"),
    ("loè", "lòe"),
    ("thuỷ", "thủy"),
    ("uỷ", "ủy"),
    ("tuỳ", "tùy"),
    ("luỹ", "lũy"),
    ("tuỵ", "tụy"),
    ("Hoà", "Hòa"),
    ("HOÀ", "HÒA"),
    ("UỶ", "ỦY"),
    ("Thanh Hoá", "Thanh Hóa"),
]


@pytest.mark.parametrize("old,new", OLD_NEW)
def test_old_tone_placement_becomes_new(old, new):
    assert canonical(old) == new
    assert normalize(old) == new


@pytest.mark.parametrize(
    "word",
    ["quý", "quỳ", "Quỳnh", "hoàng", "thuyền", "khuya", "xoáy", "ngoài", "hòa", "thủy", "toán", "quá"],
)
def test_words_already_right_are_untouched(word):
    assert canonical(word) == word


def test_dang_uy_both_spellings_normalize_identically():
    assert normalize("Đảng uỷ") == normalize("Đảng ủy") == "Đảng ủy"


def test_canonical_keeps_length_so_offsets_survive():
    text = "Hoà bình, khoẻ mạnh, thuỷ điện và Đảng uỷ tuỳ tình hình."
    assert len(canonical(text)) == len(text)


def test_nfd_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Hà Nội thuỷ điện")
    assert nfd != "Hà Nội thuỷ điện"
    assert clean(nfd) == "Hà Nội thuỷ điện"
    assert normalize(nfd) == "Hà Nội thủy điện"


def test_marks_typed_in_the_wrong_order_still_compose():
    # a + grave + circumflex: NFC alone cannot compose this into "ầ"
    assert unicodedata.normalize("NFC", "a\u0300\u0302") != "ầ"
    assert clean("a\u0300\u0302") == "ầ"


def test_eth_typed_for_d_with_stroke():
    assert clean("\u00d0à Nẵng") == "Đà Nẵng"
    assert fold(clean("\u00d0à Nẵng")) == "Da Nang"


def test_whitespace_and_invisibles_are_tidied():
    raw = "  Một\u00a0\u00a0câu\u200b  \t hai\r\n\r\n\r\n\r\nBa  \n "
    assert clean(raw) == "Một câu hai\n\nBa"


def test_clean_is_idempotent():
    raw = unicodedata.normalize("NFD", " Xin  chào\r\n\r\n\r\nHoà\u00ad bình ")
    once = clean(raw)
    assert clean(once) == once


def test_fold_removes_every_diacritic_and_maps_d():
    assert fold("Đường đến Hà Nội, thủy điện Hòa Bình") == "Duong den Ha Noi, thuy dien Hoa Binh"
    assert fold("ĐẠI HỘI ĐẢNG") == "DAI HOI DANG"
    assert fold("ă â ê ô ơ ư ắ ằ ẳ ẵ ặ ấ ầ ẩ ẫ ậ ế ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự") == (
        "a a e o o u a a a a a a a a a a e e e e e o o o o o o o o o o u u u u u"
    )


def test_fold_handles_leftover_combining_marks():
    assert fold("e\u0323\u0302") == "e"


def test_has_diacritics():
    assert has_diacritics("tô lâm")
    assert has_diacritics("do") is False
    assert has_diacritics("đi")


def test_syllables_have_exact_offsets():
    text = "TP.HCM ngày 1/8/2014: COVID-19 tăng 3,5%, U23 thắng."
    syls = syllables(text)
    assert [s.text for s in syls] == [
        "tp",
        "hcm",
        "ngày",
        "1/8/2014",
        "covid",
        "19",
        "tăng",
        "3,5",
        "u23",
        "thắng",
    ]
    for s in syls:
        assert text[s.start : s.end].lower() == s.text


def test_syllable_offsets_point_into_clean_text_after_canonical():
    stored = clean(unicodedata.normalize("NFD", "Ông Hoà nói về thuỷ lợi"))
    analysed = canonical(stored)
    for s in syllables(analysed):
        assert canonical(stored[s.start : s.end]).lower() == s.text


def test_lone_surrogates_are_dropped():
    assert clean("Hà\ud800 Nội") == "Hà Nội"
    clean("Hà\ud800 Nội").encode("utf-8")


@pytest.mark.parametrize(
    "variant,canon",
    [("kĩ", "kỹ"), ("lí", "lý"), ("quí", "quý"), ("sĩ", "sỹ"), ("ti", "ty"), ("mĩ", "mỹ"), ("hi", "hy")],
)
def test_i_y_spellings_share_one_index_term(variant, canon):
    from search.vietnamese.text import iy_canonical

    assert iy_canonical(variant) == canon
    assert iy_canonical(canon) == canon


@pytest.mark.parametrize(
    "variant,canon",
    [("kĩ", "kỹ"), ("lí", "lý"), ("quí", "quý"), ("sĩ", "sỹ"), ("ti", "ty"), ("mĩ", "mỹ"), ("hi", "hy")],
)
def test_i_y_spellings_go_back_to_the_i(variant, canon):
    # the speakers' place lists hold both spellings ("Thụy Sĩ" and "Thụy Sỹ")
    from search.vietnamese.text import iy_with_i

    assert iy_with_i(canon) == variant
    assert iy_with_i(variant) == variant
    assert all(iy_with_i(word) == word for word in ["khi", "thi", "chi", "gì", "tin", "quyết", "tuy", "hay"])


@pytest.mark.parametrize("word", ["khi", "thi", "chi", "gì", "bi", "tin", "kim", "quyết", "ni"])
def test_i_y_leaves_other_syllables_alone(word):
    from search.vietnamese.text import iy_canonical

    assert iy_canonical(word) == word


def test_clean_skips_translate_only_when_no_character_needs_it():
    # clean() searches for the characters of its table before translating;
    # the search must find exactly those characters, no more, no fewer.
    from search.vietnamese.text import _CLEAN_TABLE, _NEEDS_TRANSLATE

    found = {code for code in range(0x110000) if _NEEDS_TRANSLATE.fullmatch(chr(code))}
    assert found == set(_CLEAN_TABLE)
    assert clean("a\u00a0b\u200bc\x07d\u00d0") == "a bcdĐ"


def test_cut_gives_the_same_matches_and_offsets_as_finditer():
    import re

    from search.vietnamese.text import SYLLABLE_RE, cut

    pattern = re.compile(f"({SYLLABLE_RE.pattern})")
    for text in ["", "  ", "Công an TP.HCM, 1.200 người\n\nCOVID-19!", "x", "đ_đ"]:
        pieces, starts, ends = cut(pattern, text)
        assert "".join(pieces) == text
        found = [(m.group(), m.start(), m.end()) for m in SYLLABLE_RE.finditer(text)]
        assert list(zip(pieces[1::2], starts, ends, strict=True)) == found


@pytest.mark.parametrize(
    "raw, decoded",
    [
        ("lúc&nbsp11h", "lúc\xa011h"),  # a broken entity without ";" (23 Dân Trí titles)
        ("&nbsptrong", "\xa0trong"),
        ("a &amp; b &lt;i&gt;", "a & b <i>"),
        ("&#7843; &#xE1; &#160x", "ả á \xa0x"),
        ("&amp;quot;x&amp;quot;", '"x"'),  # escaped twice
        ("&copy; 2020 &hellip;", "© 2020 …"),
        ("KH&CN, NN&PTNT; LĐ-TB&XH, AT&T, R&D, Bộ GD&ĐT", "KH&CN, NN&PTNT; LĐ-TB&XH, AT&T, R&D, Bộ GD&ĐT"),
        ("&foo; &", "&foo; &"),
    ],
)
def test_html_entities_are_decoded_abbreviations_kept(raw, decoded):
    assert decode_entities(raw) == decoded
