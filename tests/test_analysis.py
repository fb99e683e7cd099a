"""The analysis of a text into every field kind: syllables, folded
syllables, pyvi's words and adjacent folded pairs, with offsets into the
stored (cleaned) text so that highlights land on the right letters."""

from __future__ import annotations

import unicodedata

import pytest

from search.vietnamese import analysis
from search.vietnamese.analysis import KINDS, analyze, tokens
from search.vietnamese.text import clean, fold


def _terms(text: str, kind: str) -> list[str]:
    return [term for term, _, _ in tokens(text, kind)]


def _letters(text: str) -> str:
    """Lowercase, without diacritics, i and y alike (terms spell "kĩ" as "kỹ")."""
    return fold(text.lower()).replace("i", "y")


def test_the_four_kinds():
    assert KINDS == ("syl", "fold", "word", "fold2")
    text = "Công an TP.HCM bắt giữ"
    assert _terms(text, "syl") == ["công", "an", "tp", "hcm", "bắt", "giữ"]
    assert _terms(text, "fold") == ["cong", "an", "tp", "hcm", "bat", "giu"]
    assert _terms(text, "word") == ["công_an", "tp", "hcm", "bắt_giữ"]
    assert _terms(text, "fold2") == ["cong_an", "an_tp", "tp_hcm", "hcm_bat", "bat_giu"]


def test_syllables_and_folded_syllables_share_positions_and_offsets():
    result = analyze("Đà Nẵng, Thừa Thiên Huế")
    assert [(s, e) for _, s, e in result.syl] == [(s, e) for _, s, e in result.fold]
    assert (
        [t for t, _, _ in result.fold]
        == [fold(t) for t, _, _ in result.syl]
        == [
            "da",
            "nang",
            "thua",
            "thien",
            "hue",
        ]
    )


@pytest.mark.parametrize(
    "spellings",
    [
        ("Hòa bình ở Thanh Hóa", "Hoà bình ở Thanh Hoá"),  # new and old tone mark places
        ("kỹ thuật thủy lợi", "kĩ thuật thuỷ lợi"),  # i/y spelled either way
        ("Công an", unicodedata.normalize("NFD", "Công an")),  # composed or not
        ("HÀ NỘI", "hà nội"),  # case
    ],
)
def test_spelling_variants_give_the_same_terms_in_every_kind(spellings):
    first, other = spellings
    for kind in KINDS:
        assert _terms(first, kind) == _terms(other, kind), kind


@pytest.mark.parametrize(
    "text",
    [
        "  Đà Nẵng  mưa lớn  ",  # spaces the cleaning removes
        unicodedata.normalize("NFD", "Hoà bình ở Thanh Hoá, kĩ thuật"),  # shorter once composed (NFC)
        "Bộ Công an\nHà Nội\u00a0và TP.HCM: COVID-19\u200bgiảm",  # odd spaces, an invisible character
        "Ông Lê Văn Tám, TP. Hồ Chí Minh.",
    ],
)
def test_offsets_point_into_the_cleaned_text_at_the_token_letters(text):
    stored = clean(text)
    result = analyze(text)
    for kind in ("syl", "fold"):
        for term, start, end in getattr(result, kind):
            assert _letters(stored[start:end]) == _letters(term), (kind, term, stored[start:end])
    for term, start, end in result.word:
        # A word covers its syllables and the single spaces between them ("TP." keeps its dot).
        assert _letters(stored[start:end]).replace(" ", "_").rstrip(".") == _letters(term), (term, start)
    for term, start, end in result.fold2:
        first, second = _letters(term).split("_")
        covered = _letters(stored[start:end])
        assert (
            covered.startswith(first)
            and covered.endswith(second)
            and len(covered) == len(first) + 1 + len(second)
        ), (term, covered)


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("công an", ["cong_an"]),
        ("TP.HCM", ["tp_hcm"]),  # a dot inside a name
        ("COVID-19", ["covid_19"]),  # a hyphen
        ("công  an", ["cong_an"]),  # cleaning makes it one space
        ("Hà Nội. Công an", ["ha_noi", "cong_an"]),  # a sentence break is no joiner
        ("công, an", []),
        ("công - an", []),
        ("công an\nhà nội", ["cong_an", "ha_noi"]),  # nor is a line break
        ("công/an", []),
    ],
)
def test_adjacent_pairs_only_across_one_joiner(text, pairs):
    assert _terms(text, "fold2") == pairs


def test_words_are_lowercase_without_a_trailing_dot_or_punctuation():
    assert _terms("Ông Lê Văn Tám, TP. Hồ Chí Minh.", "word") == ["ông", "lê_văn_tám", "tp", "hồ_chí_minh"]
    assert _terms("Lí do và lý do", "word") == ["lý_do", "và", "lý_do"]


def test_text_without_syllables_has_no_tokens():
    for text in ("", "   ", "...!?", "\n\n"):
        assert all(tokens(text, kind) == [] for kind in KINDS), repr(text)


def test_one_text_is_analysed_once_for_every_kind(monkeypatch: pytest.MonkeyPatch):
    # An engine asks for one kind per field of the same text: pyvi runs once.
    calls = []
    real = analysis.segment.spans

    def counting(text):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(analysis.segment, "spans", counting)
    text = "Bão số 3 đổ bộ vào Quảng Ninh chiều thứ bảy (lần đếm)."
    first = analyze(text)
    for kind in KINDS:
        tokens(text, kind)
    assert len(calls) == 1 and analyze(text) is first


def test_results_are_the_same_whether_cached_or_not():
    text = "Giá xăng dầu trong nước tăng mạnh (bộ nhớ đệm)."
    first = analyze(text)
    for i in range(50):  # push it out of the cache
        analyze(f"Tin số {i} về giao thông")
    again = analyze(text)
    assert again is not first and again == first
