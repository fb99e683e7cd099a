"""Properties that hold for any text (issue 8), checked with Hypothesis on
Vietnamese (precomposed and NFD), ASCII, punctuation, odd whitespace,
control characters, emoji and right-to-left text.

Deterministic (``derandomize=True``): the same examples on every run, so a
failure in CI is a failure on any machine.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from search.query import MAX_QUERY_CHARS, parse_query, parse_year_range
from search.snippets import highlight_spans, make_snippet
from search.vietnamese.analysis import KINDS, analyze, tokens
from search.vietnamese.segment import tokenize, words
from search.vietnamese.text import (
    SYLLABLE_RE,
    canonical,
    clean,
    fold,
    has_diacritics,
    iy_canonical,
    normalize,
)
from search.web import highlight

PROPS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# --- strategies -----------------------------------------------------------------------------

_TONES = "\u0300\u0301\u0309\u0303\u0323"
_BASES = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
VOWELS = "".join(unicodedata.normalize("NFC", b + t) for b in _BASES for t in ("", *_TONES))
CONSONANTS = "bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVXÐð"
MARKS = _TONES + "\u0302\u0306\u031b"  # tones, circumflex, breve, horn: NFD and broken input
ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
PUNCT = ".,;:!?\"'()[]{}-–—…/\\@#%&*+=<>|_~`^$“”‘’«»"
SPACES = " \t\n\r\x0b\x0c\u00a0\u2028\u2029\u200b\u200c\u200d\ufeff\u3000\u00ad"
CONTROLS = "\x00\x01\x07\x08\x1b\x7f\x85\x9f"
EMOJI = ["😀", "🇻🇳", "👍🏽", "👨\u200d👩\u200d👧", "❤\ufe0f"]
RTL = "مرحباשלום\u200f\u202e\u202c\u0651"
OTHER = "İıΣσςßẞﬁǅ中文한Ⅳŉ"

SYLLABLES = [
    "hà", "nội", "công", "an", "Tô", "Lâm", "thuỷ", "hoà", "uỷ", "quý", "kĩ", "kỹ", "TP", "HCM",
    "đ", "Đảng", "Ðà", "nẵng", "ma", "túy", "OR", "year:2020", "speaker:", '"', "-", "(", ")",
]  # fmt: skip

_char = st.one_of(
    st.sampled_from(VOWELS),
    st.sampled_from(CONSONANTS),
    st.sampled_from(ASCII),
    st.sampled_from(MARKS),
    st.sampled_from(PUNCT),
    st.sampled_from(SPACES),
    st.sampled_from(CONTROLS),
    st.sampled_from(EMOJI),
    st.sampled_from(RTL),
    st.sampled_from(OTHER),
)
_mixed = st.lists(_char, max_size=80).map("".join)
_wordy = st.lists(st.one_of(st.sampled_from(SYLLABLES), _mixed), max_size=12).map(
    " ".join
)  # words a person types, with junk between
_nfd = _wordy.map(lambda t: unicodedata.normalize("NFD", t))

# Any text: Vietnamese-like, NFD, anything Unicode has (surrogates included).
TEXT = st.one_of(_mixed, _wordy, _nfd, st.text(max_size=60))
# Text that can come out of a UTF-8 request or file: no lone surrogates.
VALID_TEXT = TEXT.map(lambda t: t.encode("utf-8", "replace").decode("utf-8"))
# Words as highlighting takes them: tuples of syllables (or junk), or a string.
UNITS = st.lists(
    st.one_of(
        st.lists(st.one_of(st.sampled_from(SYLLABLES), _mixed), min_size=1, max_size=3).map(tuple), _mixed
    ),
    max_size=4,
)


# --- search.vietnamese.text ---------------------------------------------------------------------------


@PROPS
@given(TEXT)
@example("Ð\u0300")
@example("hoa\u0300 thuy\u0309")
@example("Uỳ\u0300")  # was "Ùy" + U+0300: not NFC, so normalising again changed it
def test_normalize_and_clean_are_idempotent(text):
    assert clean(clean(text)) == clean(text)
    assert normalize(normalize(text)) == normalize(text)


@PROPS
@given(TEXT)
def test_clean_output_is_storable(text):
    out = clean(text)
    out.encode("utf-8")  # no lone surrogates left
    assert unicodedata.is_normalized("NFC", out)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\ufeff]", out)
    assert out == out.strip()


@PROPS
@given(VALID_TEXT)
def test_canonical_never_changes_the_length(text):
    text = clean(text)
    assert len(canonical(text)) == len(text)


@PROPS
@given(TEXT)
@example("Đ\u0110\u0111\u00d0\u00f0")
@example("A\u0300\u0301")
def test_fold_is_idempotent_and_leaves_no_marks_and_no_d_stroke(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert not re.search("[\u0300-\u036f\u0110\u0111\u00d0\u00f0]", folded)
    assert not has_diacritics(folded)


@PROPS
@given(
    st.lists(st.one_of(st.sampled_from(VOWELS), st.sampled_from(CONSONANTS), st.sampled_from(ASCII))).map(
        "".join
    )
)
def test_fold_of_vietnamese_is_plain_ascii(text):
    folded = fold(text)
    assert folded.isascii() and len(folded) == len(text)
    assert fold(unicodedata.normalize("NFD", text)) == folded


# --- search.vietnamese.segment ------------------------------------------------------------------------


@PROPS
@given(VALID_TEXT)
def test_segment_words_cover_the_text_with_exact_offsets(text):
    text = unicodedata.normalize("NFC", text)
    found = words(text)
    last = 0
    for w in found:
        assert last <= w.start < w.end <= len(text)
        last = w.end
        span = text[w.start : w.end]
        assert re.sub(r"[\s_]", "", span) == re.sub(r"[\s_]", "", w.text)
        assert w.syllables >= 1
    # every character outside whitespace is in exactly one word
    inside = "".join(re.sub(r"\s", "", text[w.start : w.end]) for w in found)
    assert inside == re.sub(r"\s", "", text)
    if found:
        assert " ".join(w.text for w in found) == tokenize(text)


def test_segment_refuses_what_it_cannot_offset():
    with pytest.raises(ValueError, match="NFC"):
        words("Ha\u0300 Nô\u0323i")
    with pytest.raises(UnicodeEncodeError):
        words("hà \ud800 nội")  # as pyvi fails on a lone surrogate, but with a clear error


# --- search.vietnamese.analysis -----------------------------------------------------------------------


def _key(s: str) -> str:
    """How a piece of text compares with its token: folded, case-folded, i/y alike."""
    return fold(s).casefold().replace("y", "i")


@PROPS
@given(TEXT)
@example("İstanbul ΣΊΣΥΦΟΣ ǅ")
@example("TP.HCM COVID-19 Hà   Nội.\n\nCông_an")
@example("0\ntỶ")  # pyvi glues the line break: the word was "\n_tỷ", from the "\n"
def test_analysis_tokens_point_at_their_text(text):
    analysis = analyze(text)
    stored = normalize(text)  # offsets index the cleaned, canonical text
    n = len(stored)
    for kind in KINDS:
        toks = tokens(text, kind)
        assert toks == getattr(analysis, kind)
        for term, start, end in toks:
            assert isinstance(term, str) and term
            assert 0 <= start <= end <= n, (kind, term, start, end)
    for kind in ("syl", "fold"):
        for term, start, end in getattr(analysis, kind):
            assert SYLLABLE_RE.fullmatch(stored[start:end]), (kind, term, stored[start:end])
            assert _key(term) == _key(stored[start:end]), (kind, term, stored[start:end])
        assert [t[1:] for t in analysis.syl] == [t[1:] for t in analysis.fold]
    for (syl, *_), (folded, *_) in zip(analysis.syl, analysis.fold, strict=True):
        assert folded == fold(syl) and syl == iy_canonical(syl)
    for term, start, end in analysis.fold2:
        pieces = [m.group() for m in SYLLABLE_RE.finditer(stored[start:end])]
        assert len(pieces) == 2 and _key("_".join(pieces)) == _key(term), (term, stored[start:end])
    for term, start, end in analysis.word:
        span = re.sub(r"[\s_]", "", stored[start:end]).rstrip(".")
        assert _key(span) == _key(term.replace("_", "")), (term, stored[start:end])


# --- search.query.build --------------------------------------------------------------------------


@PROPS
@given(TEXT)
@example('"' * 3)
@example("-" * 5 + " OR OR year:99999999999 speaker: foo:bar")
@example("a" * (MAX_QUERY_CHARS + 5))
def test_parse_query_never_fails_and_explains_itself(text):
    pq = parse_query(text)
    assert pq.raw == text
    assert all(isinstance(note, str) and note for note in pq.notes)
    parts = [pq.text, *pq.alternatives, *pq.phrases, *pq.excluded, *pq.speakers]
    assert all(isinstance(p, str) for p in parts)
    assert len(pq.text) <= MAX_QUERY_CHARS
    assert sum(len(p) for p in [pq.text, *pq.phrases, *pq.excluded, *pq.speakers]) <= MAX_QUERY_CHARS
    for part in parts:
        part.encode("utf-8")  # no lone surrogates reach the engines
    if pq.years is not None and pq.years.start is not None and pq.years.end is not None:
        assert pq.years.start <= pq.years.end


@PROPS
@given(st.text(max_size=30))
@example("2019..2021")
@example("٢٠١٩")
def test_parse_year_range_returns_a_range_or_raises_a_query_error(text):
    from search.errors import QueryError

    try:
        years = parse_year_range(text)
    except QueryError as exc:
        assert str(exc)
    else:
        assert years.start is not None or years.end is not None


@pytest.fixture(scope="module")
def searcher(demo_index: Path):
    from search.searcher import Searcher

    with Searcher(demo_index) as s:
        yield s


@PROPS
@given(VALID_TEXT)
@example("<script>alert(1)</script>")
@example('"((OR - * ? speaker:"" year:2021..2019')
def test_any_query_searches(searcher, text):
    result = searcher.search(text, limit=5, facets=False)
    assert result.total >= len(result.hits) and len(result.hits) <= 5
    assert all(isinstance(note, str) for note in result.notes)
    for hit in result.hits:
        assert _only_marks(hit.snippet or "")


# --- search.snippets and the web page's highlighting ---------------------------------------


def _only_marks(markup: str) -> bool:
    """No tag but <mark>…</mark>, and no raw '<' or '>' anywhere else."""
    return "<" not in re.sub("</?mark>", "", markup) and ">" not in re.sub("</?mark>", "", markup)


@PROPS
@given(TEXT, UNITS, st.booleans(), st.integers(min_value=0, max_value=400))
@example("<script>alert(1)</script> hà nội", [("hà", "nội")], False, 300)
@example("a < b & c > d", [("b",)], True, 5)
def test_snippets_escape_everything_but_their_marks(text, units, exact, max_chars):
    for source in (text, clean(text)):
        snippet = make_snippet(source, units, max_chars=max_chars, exact=exact)
        markup = snippet.html
        assert _only_marks(markup), markup
        assert html.unescape(re.sub("</?mark>", "", markup)) == snippet.plain
        assert markup.count("<mark>") == markup.count("</mark>") == len(snippet.matches)
        for frag in snippet.fragments:
            assert 0 <= frag.start <= frag.end <= len(source)
            assert frag.text == source[frag.start : frag.end].replace("\n", " ")
            for a, b in frag.spans:
                assert 0 <= a < b <= len(frag.text)


def _keys(text: str) -> list[str]:
    """The index's syl terms of ``text``, to compare a span with its unit."""
    return [iy_canonical(m.group().lower()) for m in SYLLABLE_RE.finditer(normalize(text))]


@PROPS
@given(VALID_TEXT, UNITS, st.booleans())
@example("Vụ án, ông nói. Công an\nHà Nội", [("cong", "an"), ("ha", "noi")], False)
@example("vi phạm Vì phạm", [("vy", "phạm")], True)
def test_highlight_spans_are_whole_words_of_the_text(text, units, exact):
    text = clean(text)
    syllables = [(m.start(), m.end()) for m in SYLLABLE_RE.finditer(text)]
    starts, ends = {a for a, _ in syllables}, {b for _, b in syllables}
    last = 0
    for start, end, label in highlight_spans(text, units, exact):
        # Sorted, apart, and never a piece of a syllable: they start and end where syllables do.
        assert last <= start < end <= len(text) and start in starts and end in ends
        last = end
        # The syllables covered are the unit's, in order: folded, or accent for accent.
        covered, unit = _keys(text[start:end]), label.split(" ")
        assert [iy_canonical(fold(k)) for k in covered] == [iy_canonical(fold(k)) for k in unit]
        if exact and has_diacritics(label):
            assert covered == unit
        assert len(covered) == len([1 for a, b in syllables if start <= a and b <= end])


_WORD_SYLLABLES = [s for s in SYLLABLES if SYLLABLE_RE.fullmatch(s)]
_GAPS_FAST = [" ", "  ", "\n", ". ", ", ", " - ", ".", ": ", "", "3", "_"]
_LETTERS = st.lists(
    st.one_of(st.sampled_from(VOWELS), st.sampled_from(CONSONANTS), st.sampled_from(OTHER)),
    min_size=1,
    max_size=5,
).map("".join)


@PROPS
@given(
    st.lists(
        st.tuples(st.one_of(st.sampled_from(_WORD_SYLLABLES), _LETTERS), st.sampled_from(_GAPS_FAST)),
        max_size=12,
    ),
    st.lists(
        st.lists(st.one_of(st.sampled_from(_WORD_SYLLABLES), _LETTERS), min_size=1, max_size=3),
        min_size=1,
        max_size=4,
    ),
    st.lists(st.booleans(), min_size=4, max_size=4),
)
@example([("Hoà", " "), ("ĐÀ", " "), ("nẵng", " ")], [["hoa"], ["da", "nang"]], [True, True, True, True])
@example([("ǅà", " "), ("ıa", "")], [["dza"], ["ia"]], [True, True, False, False])
def test_the_regex_highlighting_finds_what_the_syllable_walk_finds(pieces, words, folds):
    """The fast path (one regex, on the folded text when every unit is folded) against
    the walk that compares each syllable's keys: the same spans, units exact, folded or both."""
    from search.highlight import _fast_spans, _slow_spans, _Want, _wants

    text = "".join(s + gap for s, gap in pieces)
    exact = _wants([tuple(w) for w in words], True)
    for folded in (False, True, None):  # every unit exact, every unit folded, some of each
        wants = tuple(
            w._replace(keys=tuple(map(iy_canonical, map(fold, w.keys))), folded=True)
            if (folded if folded is not None else folds[i % 4])
            else w
            for i, w in enumerate(exact)
        )
        wants = tuple(_Want(w.keys, w.folded, " ".join(w.keys)) for w in wants)
        fast = _fast_spans(text, wants)
        if fast is not None:
            assert fast == _slow_spans(text, wants), (text, wants)


_GAPS = [" ", "  ", "\n", ". ", ", ", " - ", ".", "\n\n", ": "]


@PROPS
@given(
    st.lists(st.tuples(st.sampled_from(_WORD_SYLLABLES), st.sampled_from(_GAPS)), min_size=1, max_size=8),
    st.data(),
    st.booleans(),
    st.booleans(),
)
def test_a_run_of_the_texts_own_syllables_is_found(pieces, data, exact, nfd):
    text = "".join(s + gap for s, gap in pieces)
    i = data.draw(st.integers(0, len(pieces) - 1))
    j = data.draw(st.integers(i + 1, min(len(pieces), i + 3)))
    unit = tuple(s.lower() if exact else fold(s.lower()) for s, _ in pieces[i:j])
    if nfd:
        text = unicodedata.normalize("NFD", text)
    spans = highlight_spans(text, [unit], exact)
    assert spans, (text, unit)
    for start, end, _ in spans:
        covered, wanted = _keys(text[start:end]), _keys(" ".join(unit))
        assert [iy_canonical(fold(k)) for k in covered] == [iy_canonical(fold(k)) for k in wanted]
        assert covered == wanted or not exact


@PROPS
@given(VALID_TEXT, UNITS, st.booleans())
def test_article_page_highlight_escapes(text, units, exact):
    markup = str(highlight(clean(text), units, exact))
    assert _only_marks(markup), markup
    assert html.unescape(re.sub("</?mark>", "", markup)) == clean(text)
