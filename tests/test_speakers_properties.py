"""The speaker rules on any text: they never raise, and what they return is well formed.

An error inside the rules used to stop an ingest (one article of 89,584 did); now it costs that
article its speakers (tests/test_ingest_speaker_fault.py). Hypothesis looks for such errors in
text made of what the rules read — titles, honorifics, names, speech verbs, "Theo", quotation
marks, colons, parentheses, ages, sentence ends — shuffled with junk, NFD and line breaks.
Deterministic (``derandomize=True``), like tests/test_properties.py.
"""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.speakers import extract_speakers
from search.vietnamese.text import normalize

TITLES = [
    "", "Bộ trưởng", "ông", "bà", "anh", "chị", "HLV", "Chủ tịch", "Tổng thống", "Giám đốc",
    "Đại tướng", "TS", "PGS.TS", "Thủ tướng", "phóng viên", "cầu thủ", "người phát ngôn", "cựu",
    "Phó", "Theo", "theo lời", "Theo ông",
]  # fmt: skip
PEOPLE = [
    "Nguyễn Văn An", "Tô Lâm", "Lê Thị Hoa", "Mourinho", "Kim Jong-un", "Park Hang-seo", "Moon",
    "Cristiano Ronaldo", "Xuân", "Tình", "A. Akayev", "Ng.Bee", "De Bruyne", "van Gaal", "bin Salman",
]  # fmt: skip
OTHERS = ["Hà Nội", "TP.HCM", "Bộ Y tế", "Công an", "UBND", "Vingroup", "Chelsea", "Al Nassr", "Anh"]
WORDS = [
    "không", "của", "với", "và", "là", "rằng", "thì", "đã", "sẽ", "từng", "nhưng", "vì", "khi",
    "sau khi", "cũng", "bất ngờ", "cả", "lẫn", "hay", "hoặc", "20 tuổi", "(35 tuổi)", "người Brazil",
    "Ảnh:", "Nguồn:", "nhiều", "người", "đội", "hôm qua", "tại", "trong", "sân", "trận",
]  # fmt: skip
VERBS = [
    "cho biết", "nói", "khẳng định", "chia sẻ", "nhấn mạnh", "cho rằng", "trả lời", "phát biểu",
    "hết lời khen ngợi", "viết rằng", "nói thêm", "kể", "tiết lộ", "thừa nhận",
]  # fmt: skip
PUNCT = [
    "", ",", ".", ":", ";", "!", "?", "…", '"', "“", "”", "'", "‘", "’", "(", ")", "-", "–", "—",
    "/", "\n", "\n\n",
]  # fmt: skip

_junk = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8)
_any = st.sampled_from(TITLES + PEOPLE + OTHERS + WORDS + VERBS + PUNCT)
# A clause as the rules read one: a title, a name, a few words, a verb of saying, punctuation
# and what was said; any part may be missing or junk.
_clause = st.tuples(
    st.sampled_from(TITLES),
    st.one_of(st.sampled_from(PEOPLE), st.sampled_from(PEOPLE), st.sampled_from(OTHERS)),
    st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCT)), max_size=3).map(" ".join),
    st.sampled_from(VERBS),
    st.sampled_from(PUNCT),
    st.lists(st.one_of(_any, _junk), max_size=8).map(" ".join),
).map(" ".join)
_text = st.lists(st.one_of(_clause, _clause, _any, _junk), max_size=12).map(" ".join)
TEXT = st.one_of(_text, _text.map(lambda t: unicodedata.normalize("NFD", t)))

PROPS = settings(
    max_examples=1000,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPS
@given(TEXT, st.one_of(st.just(""), _text))
def test_any_text_gives_well_formed_speakers(body, title):
    speakers = extract_speakers(body, title)
    names = [s.name for s in speakers]
    assert len(names) == len(set(names))  # one entry a person
    read = normalize(f"{title}\n{body}")
    for s in speakers:
        assert s.name.strip() == s.name and s.name and unicodedata.is_normalized("NFC", s.name)
        assert s.quote and s.quote in s.quotes
        assert all(q in read for q in s.quotes), (s.quotes, read)
