"""Term entries looked up through a memory map (search.engines.whoosh.terms) are Whoosh's own.

Every term of every segment of a several-segment index, terms no segment holds, terms of a
field a segment lacks, and a storage whose files cannot be mapped (Whoosh's lookup answers).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import DEMO
from whoosh.filedb.filestore import RamStorage
from whoosh.reading import TermNotFound

from search.engines.whoosh import terms as term_lookup
from search.engines.whoosh.schema import make_schema
from search.indexing.pipeline import ingest
from search.searcher import Searcher

pytestmark = pytest.mark.whoosh_only


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("terms") / "ix"
    ingest([DEMO], folder, workers=2, batch_size=9)
    return folder


def _leaves(s: Searcher) -> list:
    return [leaf for leaf, _ in s.reader._searcher.reader().leaf_readers()]


def test_every_term_of_every_segment_is_found_as_whoosh_finds_it(index: Path):
    with Searcher(index) as s:
        leaves = _leaves(s)
        assert len(leaves) > 2
        checked = 0
        for leaf in leaves:
            terms = leaf._terms
            assert term_lookup._table(terms) is not None  # mapped, not Whoosh's lookup
            for (field, term), info in terms.items():
                mine = term_lookup.term_info(terms, field, term)
                assert vars(mine) == vars(info), (field, term)
                df, inlined, offset = term_lookup.term_entry(terms, field, term)
                assert df == info.doc_frequency()
                if info.is_inlined():
                    assert inlined == info.inlined_postings()
                else:
                    assert inlined is None and offset == info.extent()[0]
                checked += 1
        assert checked > 10_000


@pytest.mark.parametrize(
    ("field", "term"),
    [("body", b"khongcotu"), ("body", b""), ("title", "giao thông".encode() * 9), ("nofield", b"a")],
)
def test_a_term_no_segment_holds_is_not_found_either_way(index: Path, field: str, term: bytes):
    with Searcher(index) as s:
        for leaf in _leaves(s):
            with pytest.raises(TermNotFound):
                leaf._terms.term_info(field, term)
            with pytest.raises(TermNotFound):
                term_lookup.term_info(leaf._terms, field, term)
            with pytest.raises(TermNotFound):
                term_lookup.term_entry(leaf._terms, field, term)


def test_a_term_file_that_cannot_be_mapped_is_read_by_whoosh():
    storage = RamStorage()
    ix = storage.create_index(make_schema(), indexname="t")
    with ix.writer() as w:
        w.add_document(id="a", body="Công an Hà Nội", title="Giao thông")
    with ix.reader() as reader:
        terms = reader._terms
        assert term_lookup._table(terms) is None and term_lookup.term_entry(terms, "body", b"x") is None
        info = term_lookup.term_info(terms, "body", "công".encode())
        assert vars(info) == vars(terms.term_info("body", "công".encode())) and info.doc_frequency() == 1
        with pytest.raises(TermNotFound):
            term_lookup.term_info(terms, "body", b"zzz")


def _block_list(index: Path) -> tuple[bytes, int, int]:
    """A segment's postings file, where a list of several blocks starts, and its document count."""
    with Searcher(index) as s:
        for leaf in _leaves(s):
            terms = leaf._terms
            for _key, info in terms.items():
                if not info.is_inlined() and info.doc_frequency() > 5:
                    return bytes(term_lookup.posting_map(terms)), info.extent()[0], info.doc_frequency()
    raise AssertionError("no list in blocks")


def test_a_list_read_from_the_mapped_file_is_its_blocks_and_a_damaged_one_says_to_rebuild(index: Path):
    from whoosh.reading import CorruptIndexError

    from search.engines.whoosh.codec import blocks_in

    data, offset, df = _block_list(index)
    assert sum(len(ids) for ids, *_ in blocks_in(data, offset)) == df
    damaged = data[:offset] + b"XXXX" + data[offset + 4 :]
    with pytest.raises(CorruptIndexError, match="rebuild the index"):
        list(blocks_in(damaged, offset))
    with pytest.raises(CorruptIndexError, match="past the end"):
        list(blocks_in(data[: offset + 12], offset))


def test_postings_of_a_file_that_cannot_be_mapped_are_read_through_whoosh():
    from search.engines.whoosh.postings import Postings

    storage = RamStorage()
    ix = storage.create_index(make_schema(), indexname="t")
    with ix.writer() as w:
        for i in range(9):
            w.add_document(id=str(i), body="Công an Hà Nội " * (i + 1))
    with ix.reader() as reader:
        assert term_lookup.posting_map(reader._terms) is None
        ids, weights, df = Postings(reader).term("body", "công")
        assert (
            ids.tolist() == list(range(9))
            and weights.tolist() == [float(i + 1) for i in range(9)]
            and df == 9
        )


def test_the_maps_close_with_the_reader(index: Path):
    with Searcher(index) as s:
        terms = _leaves(s)[0]._terms
        table, postings = term_lookup._table(terms), term_lookup.posting_map(terms)
        assert not table.map.closed and not postings.closed
    assert table.map.closed and postings.closed  # the searcher closed its readers
