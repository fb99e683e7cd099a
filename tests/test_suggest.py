from pathlib import Path

import pytest

from search.suggest import Entry, Vocabulary, load_vocabulary, suggest

pytestmark = pytest.mark.engines


def _vocab(**entries):
    return Vocabulary({k: Entry(a, share) for k, (a, share) in entries.items()})


VOCAB = _vocab(
    toi=("tôi", 0.7),
    pham=("phạm", 0.9),
    ma=("mà", 0.5),
    tuy=("tùy", 0.6),
    toi_pham=("tội_phạm", 0.98),
    ma_tuy=("ma_túy", 0.99),
)


def test_words_give_context_single_syllables_cannot():
    s = suggest(["toi", "pham", "ma", "tuy"], VOCAB)
    assert s.text == "tội phạm ma túy"
    assert s.confidence > 0.9


def test_lone_syllables_take_their_most_frequent_form():
    s = suggest(["toi", "di"], VOCAB)
    assert s.text == "tôi di"  # "di" unknown: kept as typed
    assert s.confidence < 0.9


def test_accented_or_known_ascii_queries_get_no_suggestion():
    assert suggest(["tội", "phạm"], VOCAB) is None
    assert suggest(["covid"], VOCAB) is None
    assert suggest([], VOCAB) is None


def test_suggestion_from_the_demo_index(demo_index: Path):
    from search.searcher import Searcher

    vocab = load_vocabulary(demo_index)
    assert vocab["ma_tuy"].accented == "ma_túy"  # "ma tuý" (old style) and "ma túy" are one form
    with Searcher(demo_index) as s:
        result = s.search("toi pham ma tuy")
        assert result.suggestion == "tội phạm ma túy"
        assert s.search("tội phạm ma túy").suggestion is None
        # Accents (typed or suggested) change ranking, not matching.
        accented = s.search("tội phạm ma túy", limit=50)
        plain = s.search("toi pham ma tuy", limit=50)
        assert plain.total == accented.total > 0
        assert {h.id for h in plain.hits} == {h.id for h in accented.hits}
