import pytest

from search.errors import QueryError
from search.query import YearRange, build_query, parse_query, parse_year_range


def test_year_ranges():
    assert parse_year_range("2019") == YearRange(2019, 2019)
    assert parse_year_range("2019..2021") == YearRange(2019, 2021)
    assert parse_year_range("2019..") == YearRange(2019, None)
    assert parse_year_range("..2021") == YearRange(None, 2021)


@pytest.mark.parametrize("bad", ["", "abc", "2021..2019", "19"])
def test_bad_year_ranges_say_what_to_write(bad):
    with pytest.raises(QueryError, match="year"):
        parse_year_range(bad)


def test_parse_splits_phrases_exclusions_and_filters():
    pq = parse_query('tô lâm "hội nghị" -"ma túy" year:2020..2024 speaker:"Tô Lâm"')
    assert pq.text == "tô lâm"
    assert pq.phrases == ["hội nghị"]
    assert pq.excluded == ["ma túy"]
    assert pq.years == YearRange(2020, 2024)
    assert pq.speakers == ["Tô Lâm"]


def test_words_a_phrase_or_an_exclusion_stood_between_are_not_read_as_one():
    from search.query.plan import plan

    qp = plan('Tiếc cho loạt "sao" tỏa sáng')
    units = [u.text for u in qp.units(qp.parsed.text)]
    assert "loạt tỏa" not in units and "tỏa sáng" in units, units
    assert "loat_toa" not in qp.terms(qp.parsed.text, "fold2")
    assert "loat_toa" not in qp.terms(plan("loạt -sao tỏa sáng").parsed.text, "fold2")
    # a filter is no text: the words around it stay next to each other
    assert parse_query("bão năm:2020 số 9").text == "bão số 9"
    assert parse_query('"sao" tỏa sáng "x"').text == "tỏa sáng"


def test_query_is_normalised_like_the_text():
    assert parse_query("Đảng uỷ").text == "Đảng ủy"


def test_accented_query_uses_exact_fields_unaccented_does_not():
    accented = str(build_query(parse_query("con dê")))
    plain = str(build_query(parse_query("con de")))
    assert "body:dê" in accented and "body_fold:de" in accented
    assert "body_fold:de" in plain and "body:" not in plain.replace("body_fold", "").replace("body_word", "")


def test_whole_query_is_segmented_into_words():
    q = str(build_query(parse_query("bộ công an")))
    assert "body_word:công_an" in q


def test_lowercase_names_are_also_read_as_names():
    # pyvi joins "Tô Lâm" but not "tô lâm": the query is read both ways.
    q = str(build_query(parse_query("tô lâm")))
    assert "body_word:tô_lâm" in q


def test_unclosed_quote_and_lone_operators_are_still_queries():
    from search.query.tree import Nothing

    unclosed = parse_query('"công an')
    assert unclosed.phrases == ["công an"] and "not closed" in unclosed.notes[0]
    assert 'body:"công an"' in str(build_query(unclosed))
    for raw in ["-", "- -"]:
        lone = parse_query(raw)
        assert lone.notes and all("lone '-'" in note for note in lone.notes)
        assert build_query(lone) is None  # nothing to search for: every article, as an empty query
    assert build_query(parse_query('""')) is None
    assert "body_fold:year" in str(build_query(parse_query("year:")))  # not a filter without a value
    for raw in ["((", "*"]:
        assert build_query(parse_query(raw)) == Nothing()


def test_only_punctuation_matches_nothing():
    from search.query.tree import Nothing

    assert build_query(parse_query("!!! ...")) == Nothing()


def test_or_splits_alternatives():
    pq = parse_query("tô lâm OR đinh tiến dũng")
    assert pq.alternatives == ["tô lâm", "đinh tiến dũng"]
    q = str(build_query(pq))
    assert " OR " in q and "body_fold:dung" in q and "body_fold:lam" in q


@pytest.mark.parametrize(
    "raw,note",
    [
        ('công an "hà nội', "not closed"),
        ("công an -", "lone '-'"),
        ("OR công an", "without words before"),
        ("công an OR", "without words after"),
        ("công an year:abc", "year filter was ignored"),
        ("x" * 1200, "first 1000 characters"),
    ],
)
def test_odd_queries_are_read_with_a_note(raw, note):
    pq = parse_query(raw)
    assert any(note in n for n in pq.notes), pq.notes
    build_query(pq)


def test_unclosed_quote_is_a_phrase_to_the_end():
    pq = parse_query('công an "hà nội')
    assert pq.phrases == ["hà nội"] and pq.text == "công an"


def test_filter_names_ignore_case():
    assert parse_query("Year:2020 tin").years == YearRange(2020, 2020)


def test_every_note_says_the_same_in_english_and_vietnamese():
    from search.query.notes import MESSAGES, note

    for kind, (english, vietnamese) in MESSAGES.items():
        values = {"n": 1000, "text": "công an", "error": "Cannot read the year 'x'.", "value": "x"}
        values |= {"typed": "tố lâm", "searched": "tô lâm", "total": 8, "needed": 3, "words": 9}
        made = note(kind, **values)
        assert made == english.format(**values) and made.vi == vietnamese.format(**values)
        assert made.vi != str(made) and made.kind == kind
    pq = parse_query('"công an')
    assert pq.notes[0].vi.startswith("Dấu ngoặc kép trước “công an”")


def test_a_respelt_query_changes_only_its_free_words():
    from search.query.syntax import respelled

    pq = parse_query('gia vang -"giá xăng" năm:2020 OR "x y" tang')
    assert pq.alternatives == ["gia vang", "tang"]
    assert respelled(pq, ["giá", "vàng", "tăng"]) == 'giá vàng -"giá xăng" năm:2020 OR "x y" tăng'
    assert respelled(parse_query("covd"), ["covid"]) == "covid"
