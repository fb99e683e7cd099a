"""Did you mean and typeahead on a small archive: accents chosen by context, the archive's
own i/y spelling, typos, Telex/VNI, completions, statistics for an existing index."""

from pathlib import Path

import pytest
from helpers import index_of

from search.engines import open_reader
from search.searcher import Searcher
from search.suggest import CONFIDENT, VOCAB_FILE, build_vocabulary, complete, load_vocabulary, suggest

pytestmark = pytest.mark.engines

TEXTS = [
    "Vi phạm giao thông bị phạt nặng ở Hà Nội.",
    "Xử lý vi phạm giao thông trên quốc lộ.",
    "Nhiều vi phạm giao thông được camera ghi lại.",
    "Sĩ quan quân đội dự lễ tốt nghiệp.",
    "Trường sĩ quan lục quân tuyển sinh.",
    "Một sỹ quan cảnh sát được khen thưởng.",
    "Bão lũ miền Trung gây thiệt hại nặng.",
    "Bão lũ miền Trung làm nhiều nhà bị ngập.",
    "Báo chí đưa tin về bão lũ.",
    "Giá vàng hôm nay tăng mạnh.",
    "Giá vàng trong nước giảm.",
    "Gia đình tôi sống ở Hà Nội.",
    "Mỗi gia đình nhận quà Tết.",
    "Gia đình và nhà trường phối hợp.",
    "Dịch Covid bùng phát ở Hà Nội.",
    "Vắc xin Covid được tiêm miễn phí.",
    "Ca mắc Covid giảm.",
    "Thủ tướng Nguyễn Xuân Phúc làm việc với Hà Nội.",
    "Thủ tướng Nguyễn Xuân Phúc thăm miền Trung.",
    "Bộ trưởng Nguyễn Thanh Long nói về Covid.",
    "Ông Nguyễn Thanh Long họp với Hà Nội.",
    "Việt Nam đón khách, tôi đi trên đường Hòa Bình.",
    "Đội tuyển Việt Nam thắng, đường phố Việt Nam rộn ràng.",
    "Tôi phạm sai lầm, con đường hòa giải.",
]


@pytest.fixture(scope="module")
def index(tmp_path_factory, engine) -> Path:
    records = [{"id": f"a{i}", "body": t + "\nNội dung bài viết."} for i, t in enumerate(TEXTS)]
    return index_of(records, tmp_path_factory.mktemp("spell"))


@pytest.fixture(scope="module")
def vocab(index: Path):
    return load_vocabulary(index)


def test_the_context_chooses_the_accents_of_the_same_letters(vocab):
    assert suggest("gia vang", vocab).text == "giá vàng"
    assert suggest("gia dinh", vocab).text == "gia đình"  # "gia" alone: the other reading
    assert suggest("bao lu mien trung", vocab).text == "bão lũ miền trung"
    assert suggest("toi pham", vocab) is None or suggest("toi pham", vocab).text != "tội phạm"


def test_suggestions_are_spelled_as_the_archive_writes_them(vocab):
    s = suggest("vi pham giao thong", vocab)
    assert s.text == "vi phạm giao thông"  # not the index's i/y form "vy"
    assert s.kind == "accents" and CONFIDENT <= s.confidence <= 1
    assert suggest("si quan", vocab).text == "sĩ quan"  # two "sĩ quan" to one "sỹ quan"
    assert suggest("sỹ quan", vocab) is None  # typed as some write it: fine


def test_typos_are_corrected_by_frequency_and_context(vocab):
    s = suggest("covd", vocab)
    assert (s.text, s.kind) == ("covid", "spelling")
    assert suggest("Nguyen Thanh Log", vocab).text == "Nguyễn Thanh Long"
    s = suggest("Ngyễn Xuân Phúc", vocab)  # accented, with a typo
    assert (s.text, s.kind) == ("Nguyễn Xuân Phúc", "spelling")


def test_queries_that_read_fine_get_nothing(vocab):
    for q in ("giá vàng", "vi phạm giao thông", "covid", "Nguyễn Thanh Long", "hà nội"):
        assert suggest(q, vocab) is None, q
    assert suggest("", vocab) is None


def test_telex_and_vni_typed_without_an_input_method(vocab):
    for q, want in (
        ("vieejt nam", "việt nam"),
        ("vie65t nam", "việt nam"),
        ("dduwowngf", "đường"),
        ("hoaf binhf", "hòa bình"),
    ):
        s = suggest(q, vocab)
        assert (s.text, s.kind) == (want, "telex"), q


def test_context_makes_a_reading_more_confident(vocab):
    alone = suggest("bao", vocab)  # bão or báo: only their counts to choose by
    in_context = suggest("bao lu mien trung", vocab)
    assert alone.confidence < in_context.confidence


def test_typeahead_completes_the_last_syllable_from_the_archive(vocab):
    assert complete("cov", vocab)[0] == "covid"
    assert complete("bao lu", vocab)[0] == "bão lũ"
    assert complete("thu tuong nguyen xuan p", vocab)[0] == "thủ tướng nguyễn xuân phúc"
    assert complete("zzz", vocab) == []


def test_the_searcher_suggests_for_accented_queries_too(index: Path):
    with Searcher(index) as s:
        assert s.suggest("Ngyễn Xuân Phúc").kind == "spelling"
        assert s.suggest("gia vang").text == "giá vàng"
        assert s.suggest("giá vàng") is None
        assert s.search("gia vang").suggestion == "giá vàng"


def test_statistics_can_be_built_for_an_existing_index_folder(index: Path, tmp_path: Path):
    reader = open_reader(index)
    try:
        counted = build_vocabulary(reader, tmp_path)
    finally:
        reader.close()
    assert counted["tokens"] > 50 and counted["pairs"] > 50
    assert (tmp_path / VOCAB_FILE).exists()
    assert suggest("gia vang", load_vocabulary(tmp_path)).text == "giá vàng"
    assert not load_vocabulary(tmp_path / "none")  # no statistics: no suggestions
    assert suggest("gia vang", load_vocabulary(tmp_path / "none")) is None


def test_a_syllables_candidates_are_worked_out_once_and_stay_whole(vocab, monkeypatch):
    """Queries repeat common syllables: their candidates (the near spellings are the
    costly part) are remembered, and a caller changing its list changes nothing after."""
    from search.spelling import candidates as cand
    from search.spelling.restore import typed_syllables

    stats = vocab.stats
    stats.memo.clear()
    asked: list[str] = []
    real = cand.near_keys
    monkeypatch.setattr(cand, "near_keys", lambda key, *a, **k: asked.append(key) or real(key, *a, **k))
    first = suggest("Nguyen Thanh Log", vocab)
    made = len(asked)
    assert made >= 3
    again = suggest("Nguyen Thanh Log", vocab)
    assert again == first and len(asked) == made  # nothing worked out again
    (log,) = typed_syllables("log")
    listed = cand.candidates(log, stats)
    listed.clear()
    assert cand.candidates(log, stats) and suggest("Nguyen Thanh Log", vocab) == first


def test_counting_numbers_each_run_of_syllables_as_runs_reads_them():
    # The statistics count ids run by run (numbered in one pass, issue 19); each run ends
    # with the boundary 0, so no pair is counted across punctuation or a line break.
    from search.spelling.build import _Counts
    from search.spelling.tokens import runs

    texts = [
        "Hà Nội - Hải Phòng: giao thông, vận tải.\nThủ tướng nói",
        "",
        "...",
        "1.2abc x--y  z",
        "Covid-19 và TP.HCM; năm 2020 (tăng 5%)",
    ]
    counts = _Counts()
    expected: list[int] = []
    ids: dict[str, int] = {"<s>": 0}
    for text in texts:
        counts.add(text)
        for run in runs(text):
            expected += [ids.setdefault(s, len(ids)) for s in run] + [0]
    assert list(counts.sequence) == expected
    assert dict(counts.surface_ids) == ids


def _ngrams_reference(seq, n, base, min_count):
    """The straightforward count: every n-tuple without a boundary, np.unique."""
    import numpy as np

    parts = [seq[i : len(seq) - n + 1 + i].astype(np.int64) for i in range(n)]
    ok = np.logical_and.reduce([p != 0 for p in parts])
    key = np.zeros(len(parts[0]), np.int64)
    for p in parts:
        key = key * base + p
    keys, counts = np.unique(key[ok], return_counts=True)
    return keys[counts >= min_count], counts[counts >= min_count]


def test_pairs_and_triples_are_counted_in_place_with_the_same_counts():
    import tracemalloc

    import numpy as np

    from search.spelling.build import _ngrams

    rng = np.random.default_rng(5)
    for size, vocabulary in ((0, 5), (2, 5), (50, 4), (5000, 30), (20000, 3000)):
        seq = rng.integers(0, vocabulary, size).astype(np.int32)  # 0: a run's end
        for n in (2, 3):
            for min_count in (1, 2):
                keys, counts = _ngrams(seq, n, vocabulary + 1, min_count)
                want_keys, want_counts = _ngrams_reference(seq, n, vocabulary + 1, min_count)
                assert keys.tolist() == want_keys.tolist() and counts.tolist() == want_counts.tolist()
    # A whole archive's sample is ten million tokens: the count holds about four copies of the
    # sequence as 64-bit keys at its peak (every key distinct here), not the n parts, their
    # keys and np.unique's copies (over nine).
    seq = rng.integers(1, 200_000, 1_000_000).astype(np.int32)
    tracemalloc.start()
    _ngrams(seq, 3, 200_001, 2)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 5 * 8 * len(seq), peak


def test_did_you_mean_keeps_the_phrases_exclusions_and_filters_typed(index: Path):
    with Searcher(index) as s:
        assert s.search('gia vang -"giảm" năm:2020').suggestion == 'giá vàng -"giảm" năm:2020'
        assert s.search('bao lu "miền Trung" OR gia vang').suggestion == 'bão lũ "miền Trung" OR giá vàng'
        # A typo found nothing: the corrected reading is searched with its exclusion, not without.
        every = {h.id for h in s.search("covid").hits}
        r = s.search('covd -"hà nội"')
        assert r.suggestion == 'covid -"hà nội"' and r.reading["searched"] == 'covid -"hà nội"'
        assert {h.id for h in r.hits} == every - {"a14"} and len(every) == 4
