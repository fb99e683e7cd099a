from pathlib import Path

import pytest
from helpers import index_of, write_jsonl

from search.errors import ConfigError
from search.indexing.pipeline import ingest
from search.query.equivalences import find_groups, load_groups, parse_groups
from search.searcher import Searcher
from search.vietnamese.text import fold

pytestmark = pytest.mark.engines


def _tokens(text):
    return [(fold(w.lower()), w) for w in text.replace(".", " ").split()]


def test_longest_variant_wins_and_short_ones_need_capitals():
    groups = load_groups()
    spans = find_groups(_tokens("TP HCM và UBND"), groups)
    assert [(a, b) for a, b, _ in spans] == [(0, 2), (3, 4)]
    assert find_groups(_tokens("ca sĩ"), groups) == []
    assert [(a, b) for a, b, _ in find_groups(_tokens("CA Hà Nội"), groups)] == [(0, 1)]


def test_bad_table_line_names_file_and_line():
    with pytest.raises(ConfigError, match=r"my.tsv:2: write at least two variants"):
        parse_groups(["UBND | Ủy ban nhân dân", "chỉ một"], "my.tsv")


ARTICLES = [
    {"id": "viet-tat", "body": "Sáng nay TP.HCM khai trương tuyến metro số 1."},
    {"id": "day-du", "body": "Thành phố Hồ Chí Minh đón khách du lịch dịp lễ."},
    {"id": "cach", "body": "Kẹt xe kéo dài ở TP HCM chiều qua."},
    {"id": "ubnd", "body": "UBND tỉnh Cần Thơ họp bàn phòng chống lũ."},
    {"id": "uy-ban", "body": "Ủy ban nhân dân tỉnh Cần Thơ ra công điện."},
    {"id": "ca-si", "body": "Ca sĩ nổi tiếng biểu diễn ở nhà hát lớn."},
    {"id": "cong-an", "body": "Công an phường tuần tra đêm giao thừa."},
    {"id": "ki-thuat", "body": "Kĩ thuật mới giúp lí giải hiện tượng lạ."},
]


@pytest.fixture(scope="module")
def index(tmp_path_factory, engine) -> Path:
    return index_of(ARTICLES, tmp_path_factory.mktemp("eq"))


@pytest.mark.parametrize("q", ["TP.HCM", "tp hcm", "TPHCM", "thành phố hồ chí minh", "thanh pho ho chi minh"])
def test_all_spellings_of_ho_chi_minh_city_find_each_other(index: Path, q: str):
    with Searcher(index) as s:
        assert {h.id for h in s.search(q).hits} == {"viet-tat", "day-du", "cach"}


@pytest.mark.parametrize("q", ["UBND Cần Thơ", "ủy ban nhân dân cần thơ", "ubnd can tho"])
def test_ubnd(index: Path, q: str):
    with Searcher(index) as s:
        assert {h.id for h in s.search(q).hits} == {"ubnd", "uy-ban"}


def test_short_abbreviation_in_capitals_expands_but_is_never_a_target(index: Path):
    with Searcher(index) as s:
        assert {h.id for h in s.search("CA phường").hits} == {"cong-an"}
        assert {h.id for h in s.search("công an").hits} == {"cong-an"}  # not "ca sĩ"


def test_i_y_spellings_find_each_other(index: Path):
    with Searcher(index) as s:
        assert [h.id for h in s.search("kỹ thuật lý giải").hits] == ["ki-thuat"]
        assert [h.id for h in s.search("ky thuat").hits] == ["ki-thuat"]


def test_index_folder_table_extends_the_builtin_one(tmp_path: Path):
    write_jsonl(tmp_path / "in.jsonl", [{"id": "x", "body": "Sở Giao thông vận tải ra thông báo."}])
    ingest([tmp_path / "in.jsonl"], tmp_path / "ix", workers=1)
    (tmp_path / "ix" / "equivalences.tsv").write_text("SGTVT | Sở Giao thông vận tải\n", encoding="utf-8")
    load_groups.cache_clear()
    with Searcher(tmp_path / "ix") as s:
        assert [h.id for h in s.search("SGTVT").hits] == ["x"]


LOANWORDS = [
    {"id": "vac-xin", "body": "Tiêm vắc xin mũi hai cho người cao tuổi."},
    {"id": "gach", "body": "Lô vắc-xin mới về đến sân bay."},
    {"id": "en", "body": "Hãng dược công bố vaccine thế hệ mới."},
    {"id": "oto", "body": "Thị trường ôtô tăng trưởng mạnh."},
    {"id": "o-to", "body": "Giá ô tô nhập khẩu giảm."},
    {"id": "khac", "body": "Người dân xếp hàng mua gạo."},
]


@pytest.fixture(scope="module")
def loanwords(tmp_path_factory, engine) -> Path:
    return index_of(LOANWORDS, tmp_path_factory.mktemp("loan"))


@pytest.mark.parametrize("q", ["vaccine", "vắc-xin", "vắc xin", "vac xin"])
def test_loanword_spellings_find_each_other(loanwords: Path, q: str):
    with Searcher(loanwords) as s:
        assert {h.id for h in s.search(q).hits} == {"vac-xin", "gach", "en"}


@pytest.mark.parametrize("q", ["ô tô", "ôtô"])
def test_joined_and_spaced_spellings_find_each_other(loanwords: Path, q: str):
    with Searcher(loanwords) as s:
        assert {h.id for h in s.search(q).hits} == {"oto", "o-to"}
