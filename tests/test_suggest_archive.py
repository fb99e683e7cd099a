"""Did you mean and typeahead on a real archive (the Dân Trí UNC set), skipped without ../shared."""

import gzip
import json
from pathlib import Path

import pytest
from helpers import SHARED, index_of

from search.suggest import complete, load_vocabulary, suggest

UNC = SHARED / "unc" / "unc.jsonl.gz"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def vocab(tmp_path_factory):
    if not UNC.exists():
        pytest.skip("the shared corpora (../shared/corpora) are not here")
    with gzip.open(UNC, "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    records = [{"id": r["id"], "body": r["body"], "date": r.get("date")} for r in records if r.get("body")]
    folder: Path = index_of(records, tmp_path_factory.mktemp("unc"))
    return load_vocabulary(folder)


@pytest.mark.parametrize(
    "typed, want, kind",
    [
        ("vi pham giao thong", "vi phạm giao thông", "accents"),
        ("si quan", "sĩ quan", "accents"),
        ("bao lu mien trung", "bão lũ miền trung", "accents"),
        ("gia vang", "giá vàng", "accents"),
        ("covd", "covid", "spelling"),
        ("Ngyễn Xuân Phúc", "nguyễn xuân phúc", "spelling"),
        ("Nguyen Thanh Log", "nguyễn thanh long", "spelling"),
        ("vieejt nam", "việt nam", "telex"),
        ("tooi phamj", "tôi phạm", "telex"),
        ("dduwowngf", "đường", "telex"),
    ],
)
def test_real_archive_examples(vocab, typed: str, want: str, kind: str):
    s = suggest(typed, vocab)
    assert s is not None and (s.text.lower(), s.kind) == (want, kind)


def test_real_archive_typeahead(vocab):
    assert complete("cov", vocab)[0] == "covid"
    assert complete("bao lu", vocab)[0] == "bão lũ"


def test_real_archive_leaves_good_queries_alone(vocab):
    for q in ("giá vàng", "covid", "Hà Nội", "vi phạm giao thông"):
        assert suggest(q, vocab) is None, q
