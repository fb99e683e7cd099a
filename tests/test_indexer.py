"""The index: incremental ingest, parallel analysis, identical indexing of
spelling variants, count verification, locking."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from helpers import write_jsonl

from search.engines import load, open_reader
from search.errors import IndexLocked, IndexNotFound, SearchError
from search.indexing import pipeline as indexer
from search.indexing.lock import WriteLock
from search.indexing.pipeline import ingest
from search.searcher import Searcher

pytestmark = pytest.mark.engines

ARTICLES = [
    {
        "id": "a1",
        "title": "Đảng uỷ khối họp",
        "date": "2019-05-02",
        "body": "Đảng uỷ khối doanh nghiệp họp về công tác thuỷ lợi ở Thanh Hoá.",
    },
    {
        "id": "a2",
        "title": "Đảng ủy khối họp",
        "date": "2020-06",
        "body": "Đảng ủy khối doanh nghiệp họp về công tác thủy lợi ở Thanh Hóa.",
    },
    {
        "id": "a3",
        "title": "Con dê lạc đường",
        "date": "2021",
        "body": "Một con dê lạc vào trụ sở công an phường.",
    },
    {"id": "a4", "title": "Con dế mèn", "body": "Bé nuôi một con dế trong hộp."},
    {
        "id": "a5",
        "title": "Tin NFD",
        "date": "2018-01-01",
        "body": unicodedata.normalize("NFD", "Công an Hà Nội triệt phá đường dây tội phạm ma túy."),
    },
]


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "in" / "tin.jsonl", ARTICLES)


def _ids(result) -> list[str]:
    return [h.id for h in result.hits]


def test_ingest_then_rerun_adds_nothing(corpus: Path, tmp_path: Path):
    ix = tmp_path / "ix"
    first = ingest([corpus], ix, workers=1)
    assert (first.added, first.updated, first.unchanged) == (5, 0, 0)
    again = ingest([corpus], ix, workers=1)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 5)
    assert again.doc_count == 5


def test_changed_article_is_updated_not_duplicated(corpus: Path, tmp_path: Path):
    ix = tmp_path / "ix"
    ingest([corpus], ix, workers=1)
    changed = [dict(a) for a in ARTICLES]
    changed[2]["body"] = "Con dê đã về với chủ sau ba ngày."
    changed.append({"id": "a6", "body": "Bài mới hoàn toàn về bóng đá."})
    write_jsonl(corpus, changed)
    report = ingest([corpus], ix, workers=1)
    assert (report.added, report.updated, report.unchanged) == (1, 1, 4)
    with Searcher(ix) as s:
        assert s.doc_count == 6
        assert _ids(s.search("ba ngày")) == ["a3"]
        assert s.search("trụ sở").total == 0


def test_rebuild_starts_fresh(corpus: Path, tmp_path: Path):
    ix = tmp_path / "ix"
    ingest([corpus], ix, workers=1)
    write_jsonl(corpus, ARTICLES[:2])
    report = ingest([corpus], ix, workers=1, rebuild=True)
    assert report.added == 2 and report.doc_count == 2


def test_two_workers_index_the_same_as_one(corpus: Path, tmp_path: Path):
    one = ingest([corpus], tmp_path / "one", workers=1)
    two = ingest([corpus], tmp_path / "two", workers=2)
    assert one.doc_count == two.doc_count == 5
    with Searcher(tmp_path / "one") as a, Searcher(tmp_path / "two") as b:
        for q in ["cong an", "đảng ủy", "con dê", "ma tuy"]:
            ra, rb = a.search(q), b.search(q)
            assert _ids(ra) == _ids(rb)
            assert [h.snippet for h in ra.hits] == [h.snippet for h in rb.hits]


def test_old_and_new_tone_marks_index_identically(corpus: Path, tmp_path: Path, engine: str):
    ix = tmp_path / "ix"
    ingest([corpus], ix, workers=1)
    body = {term for term, _ in open_reader(ix).field_terms("body")}
    assert {"ủy", "thủy", "hóa"} <= body
    assert not {"uỷ", "thuỷ", "hoá"} & body
    if engine == "whoosh":
        # a1 (old style) and a2 (new style) hold the same terms at the same positions.
        reader = load("whoosh").Reader(ix)._searcher.reader()
        for field in ("body", "body_fold", "body_word", "title", "title_word"):
            assert _postings(reader, field, "a1") == _postings(reader, field, "a2"), field
    with Searcher(ix) as s:
        for q in ["Đảng uỷ", "Đảng ủy", "dang uy", "thuỷ lợi Thanh Hoá", "thủy lợi Thanh Hóa"]:
            result = s.search(q)
            assert sorted(_ids(result)) == ["a1", "a2"], q
            scores = {h.id: h.score for h in result.hits}
            assert scores["a1"] == pytest.approx(scores["a2"], rel=0.02), q


def _postings(reader, field: str, article_id: str) -> list[tuple[bytes, list[int] | float]]:
    """The article's terms in ``field``, each with its positions (its frequency where none are kept)."""
    docnum = next(iter(reader.postings("id", article_id).all_ids()))
    positional = reader.schema[field].format.supports("positions")
    out = []
    for term in reader.lexicon(field):
        matcher = reader.postings(field, term)
        if matcher.skip_to(docnum) is None and matcher.is_active() and matcher.id() == docnum:
            out.append((term, list(matcher.value_as("positions")) if positional else matcher.weight()))
    return out


def test_unaccented_query_finds_accented_text_and_nfd(corpus: Path, tmp_path: Path):
    ix = tmp_path / "ix"
    ingest([corpus], ix, workers=1)
    with Searcher(ix) as s:
        result = s.search("cong an ha noi toi pham ma tuy")
        assert _ids(result)[0] == "a5"
        snippet = result.hits[0].snippet  # NFD in the source, marked on the right letters, words whole
        assert "<mark>Công an</mark>" in snippet and "Nội</mark>" in snippet


def test_exact_accents_rank_above_look_alikes(corpus: Path, tmp_path: Path):
    ix = tmp_path / "ix"
    ingest([corpus], ix, workers=1)
    with Searcher(ix) as s:
        # Accents typed are meant: the goat is not the cricket.
        assert _ids(s.search("con dê")) == ["a3"]
        assert _ids(s.search("con dế")) == ["a4"]
        # Without accents both match; nothing decides but the text.
        assert sorted(_ids(s.search("con de"))) == ["a3", "a4"]


def test_year_filter_and_sort(corpus: Path, tmp_path: Path):
    ix = tmp_path / "ix"
    ingest([corpus], ix, workers=1)
    from search.query import YearRange

    with Searcher(ix) as s:
        newest = s.search("", sort="newest", limit=10)
        assert _ids(newest) == ["a3", "a2", "a1", "a5", "a4"]  # undated last
        oldest = s.search("", sort="oldest", limit=10)
        assert _ids(oldest) == ["a5", "a1", "a2", "a3", "a4"]  # undated last too
        assert sorted(_ids(s.search("", years=YearRange(2019, 2020)))) == ["a1", "a2"]
        assert sorted(_ids(s.search("year:2019.."))) == ["a1", "a2", "a3"]
        years = {f.value: f.count for f in s.search("").facets["year"]}
        assert years == {2018: 1, 2019: 1, 2020: 1, 2021: 1, None: 1}


def test_pagination(corpus: Path, tmp_path: Path):
    ix = tmp_path / "ix"
    ingest([corpus], ix, workers=1)
    with Searcher(ix) as s:
        everything = _ids(s.search("", sort="newest", limit=10))
        pages = [_ids(s.search("", sort="newest", limit=2, offset=o)) for o in (0, 2, 4)]
        assert sum(pages, []) == everything
        assert s.search("", limit=2, offset=4).total == 5


def test_bad_records_are_skipped_and_named_the_rest_goes_in(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.jsonl").write_text(
        '{"id": "g1", "body": "Bài một về giao thông."}\n'
        "{broken json\n"
        '{"id": "g2", "body": "Bài hai về giáo dục."}\n',
        encoding="utf-8",
    )
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    report = ingest([folder], tmp_path / "ix", workers=1)
    assert report.added == 2
    origins = sorted(s.origin for s in report.skipped)
    assert any(o.endswith("good.jsonl:2") for o in origins), origins
    assert any("binary.txt" in o for o in origins), origins


def test_duplicate_ids_in_the_input_are_reported(tmp_path: Path):
    path = write_jsonl(tmp_path / "dup.jsonl", [{"id": "x", "body": "một"}, {"id": "x", "body": "hai"}])
    report = ingest([path], tmp_path / "ix", workers=1)
    assert report.added == 1
    assert len(report.skipped) == 1 and "duplicate id 'x'" in report.skipped[0].reason


def test_commit_count_is_verified(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str):
    """A commit that silently loses documents (as Whoosh's multi-process
    writer can) must be detected, not reported as success."""
    sink = load(engine).Sink
    real_add = sink.add

    def lossy_add(self, payload, doc_count):
        real_add(self, payload, doc_count)
        self.expected += 1  # as if one more document had been handed over than arrived

    monkeypatch.setattr(sink, "add", lossy_add)
    with pytest.raises(SearchError, match="expected"):
        ingest([corpus], tmp_path / "ix", workers=1)


def test_a_segment_short_of_documents_is_detected(corpus: Path, tmp_path: Path, monkeypatch):
    real_batch = indexer._index_batch

    def short_batch(articles):
        result = real_batch(articles)
        result.doc_count += 1  # the worker claims one more than its segment holds
        return result

    monkeypatch.setattr(indexer, "_index_batch", short_batch)
    with pytest.raises(SearchError, match="A worker wrote 5 of 6"):
        ingest([corpus], tmp_path / "ix", workers=1)
    # Nothing half-done is left behind: the index opens and a new run works.
    monkeypatch.setattr(indexer, "_index_batch", real_batch)
    assert ingest([corpus], tmp_path / "ix", workers=1).added == 5


def test_small_batches_commit_along_the_way(corpus: Path, tmp_path: Path, engine: str):
    report = ingest([corpus], tmp_path / "ix", workers=2, commit_every=2, batch_size=2)
    assert report.doc_count == 5
    if engine == "whoosh":
        files = [f.name for f in (tmp_path / "ix").glob("vnsearch_*.*") if "WRITELOCK" not in f.name]
        assert not [f for f in files if f.endswith(".seg")]  # never compound (read whole on open)
        assert len({f.split(".")[0] for f in files}) == 3  # one segment per batch
        assert not (tmp_path / "ix" / ".staging").exists()
    with Searcher(tmp_path / "ix") as s:
        assert sorted(_ids(s.search("", limit=10))) == ["a1", "a2", "a3", "a4", "a5"]


def test_each_article_reaches_the_engine_as_soon_as_it_is_analysed(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
):
    # A batch's analysed documents are never all held at once: the engine's
    # writer takes each one before the next article is analysed.
    real_prepare = indexer.prepare
    prepared: list[str] = []

    def counting_prepare(article):
        prepared.append(article.id)
        return real_prepare(article)

    monkeypatch.setattr(indexer, "prepare", counting_prepare)
    side_class = type(load(engine).WorkerSide(tmp_path / "unused"))
    real_write = side_class.write
    seen_after: list[int] = []

    def watching_write(self, docs):
        def watched():
            for doc in docs:
                seen_after.append(len(prepared))
                yield doc

        return real_write(self, watched())

    monkeypatch.setattr(side_class, "write", watching_write)
    report = ingest([corpus], tmp_path / "ix", workers=1, batch_size=5)
    assert report.added == 5
    assert seen_after == [1, 2, 3, 4, 5]


def test_a_batch_with_nothing_changed_writes_nothing(corpus: Path, tmp_path: Path, engine: str):
    ingest([corpus], tmp_path / "ix", workers=1)
    reader = open_reader(tmp_path / "ix")
    generation = reader.generation()
    reader.close()
    report = ingest([corpus], tmp_path / "ix", workers=1)
    assert (report.added, report.unchanged) == (0, 5)
    reader = open_reader(tmp_path / "ix")
    assert reader.generation() == generation  # nothing committed: no empty segment
    assert reader.doc_count == 5
    reader.close()
    assert not (tmp_path / "ix" / ".staging").exists()
    files = sorted(p.name for p in (tmp_path / "ix").rglob("*") if p.is_file())
    ingest([corpus], tmp_path / "ix", workers=1)
    assert sorted(p.name for p in (tmp_path / "ix").rglob("*") if p.is_file()) == files  # no leftovers


def test_second_writer_is_refused_with_a_clear_message(corpus: Path, tmp_path: Path):
    ix = tmp_path / "ix"
    ingest([corpus], ix, workers=1)
    holder = WriteLock(ix)
    holder.acquire()
    try:
        with pytest.raises(IndexLocked, match="Another process is writing"):
            ingest([corpus], ix, workers=1)
    finally:
        holder.release()
    assert ingest([corpus], ix, workers=1).unchanged == 5


@pytest.mark.whoosh_only
def test_a_whoosh_writer_of_another_program_is_respected(corpus: Path, tmp_path: Path):
    ix = tmp_path / "ix"
    ingest([corpus], ix, workers=1)
    from whoosh import index as whoosh_index

    holder = whoosh_index.open_dir(str(ix), indexname="vnsearch").writer()
    try:
        with pytest.raises(IndexLocked, match="Another process is writing"):
            ingest([corpus], ix, workers=1)
    finally:
        holder.cancel()


def test_missing_index_says_how_to_build_one(tmp_path: Path):
    with pytest.raises(IndexNotFound, match="vnsearch index"):
        Searcher(tmp_path / "nothing")


@pytest.mark.whoosh_only
def test_fast_postings_are_byte_identical_to_whoosh(engine: str):
    from search.engines.whoosh.schema import make_schema
    from search.fields import text_fields

    schema = make_schema()
    text = unicodedata.normalize(
        "NFC", "Công an TP.HCM: Đảng uỷ họp, công an họp lại; 1/8/2014 COVID-19.\n\nCông an."
    )
    for name, _, _ in text_fields():
        field = schema[name]
        assert field.prepare(text).postings == list(field.index(text)), name


@pytest.mark.whoosh_only
def test_only_fields_that_phrases_are_asked_of_keep_positions(engine: str):
    """Words and pairs are matched one at a time: positions would only cost space and time."""
    from whoosh import formats

    from search.engines.whoosh.schema import make_schema
    from search.fields import text_fields

    schema = make_schema()
    for name, _, kind in text_fields():
        assert (type(schema[name].format) is formats.Positions) == (kind in ("syl", "fold")), name


def test_index_from_another_schema_version_is_refused_with_a_way_out(corpus: Path, tmp_path: Path):
    import json

    ix = tmp_path / "ix"
    ingest([corpus], ix, workers=1)
    meta = ix / "vnsearch.json"
    meta.write_text(json.dumps({"schema_version": 1}), encoding="utf-8")
    with pytest.raises(IndexNotFound, match="--rebuild"):
        Searcher(ix)
    with pytest.raises(IndexNotFound, match="--rebuild"):
        ingest([corpus], ix, workers=1)
    assert ingest([corpus], ix, workers=1, rebuild=True).added == 5
    Searcher(ix).close()


def test_a_title_derived_from_the_body_is_shown_but_not_indexed(tmp_path: Path):
    body = "Lũ quét bất ngờ ở Lào Cai. Người dân được sơ tán kịp thời."
    path = write_jsonl(tmp_path / "in.jsonl", [{"id": "x", "body": body}])
    ingest([path], tmp_path / "ix", workers=1)
    assert not list(open_reader(tmp_path / "ix").field_terms("title_fold"))  # nothing indexed twice
    with Searcher(tmp_path / "ix") as s:
        hit = s.search("lu quet lao cai").hits[0]
        assert hit.title == "Lũ quét bất ngờ ở Lào Cai"


def test_the_opening_paragraph_counts_again_as_the_lead(tmp_path: Path, engine: str):
    filler = "Người dân trong vùng vẫn sinh hoạt bình thường, chợ phiên họp như mọi tuần."
    news = "Quốc hội thông qua chủ trương xây dựng đường sắt cao tốc Bắc Nam."
    articles = [
        {"id": "opens", "body": f"{news}\n{filler}\n{filler}"},
        {"id": "ends", "body": f"{filler}\n{filler}\n{news}"},
        {"id": "given", "lead": news, "body": f"{filler}\n{filler}"},
        {"id": "one", "body": f"{filler} {news}"},
    ]
    ix = tmp_path / "ix"
    ingest([write_jsonl(tmp_path / "in.jsonl", articles)], ix, workers=1)
    assert dict(open_reader(ix).field_terms("lead_fold"))["toc"] == 2  # "opens" and "given"
    with Searcher(ix) as s:
        hits = s.search("đường sắt cao tốc").hits
        assert {h.id for h in hits} == {"opens", "ends", "given", "one"}
        scores = {h.id: h.score for h in hits}
        assert scores["opens"] > scores["ends"]
        assert scores["given"] == pytest.approx(scores["opens"], rel=0.05)  # a given lead counts the same
        assert s.search("chợ phiên").hits[0].id == "ends"  # its opening is the filler
        assert s.get("given").body == f"{filler}\n{filler}"  # what is shown is unchanged


def test_indexed_texts_never_count_a_given_lead_three_times():
    from search.indexing.texts import indexed_texts

    parts = {"title": "", "lead": "Mở đầu.", "body": "Mở đầu.\nThân bài."}
    assert indexed_texts(parts) == parts  # the body already starts with its lead
    assert indexed_texts({**parts, "body": "Thân bài."})["body"] == "Mở đầu.\nThân bài."
    assert indexed_texts({**parts, "lead": "", "body": "Ảnh: TTXVN\nMở đầu.\nThân bài."})["lead"] == "Mở đầu."
    assert indexed_texts({**parts, "lead": "", "body": "Một đoạn."})["lead"] == ""


@pytest.mark.whoosh_only
def test_a_table_of_contents_half_written_by_a_killed_run_is_removed(
    corpus: Path, tmp_path: Path, engine: str
):
    ix = tmp_path / "ix"
    ingest([corpus], ix, workers=1)
    stale = ix / "_vnsearch_2.toc.1795546173.6555042"  # Whoosh's temporary name, killed before the rename
    stale.write_bytes(b"half")
    assert ingest([corpus], ix, workers=1).unchanged == 5
    assert not stale.exists()


def test_the_writer_is_let_go_before_the_statistics_are_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """At the end of a large ingest the writer's heap and merges and the statistics' arrays were
    held at once: the peak of the whole run. The statistics now start with no writer open."""
    import tantivy

    from search.engines.tantivy.index import folder_of

    src = write_jsonl(
        tmp_path / "in.jsonl", [{"id": f"a{i}", "body": f"Bài {i} về giao thông."} for i in range(5)]
    )
    opened: list[bool] = []
    real = indexer.build_vocabulary

    def counting(reader, folder):
        try:  # Tantivy allows one writer: this one opens only if ingest's was closed
            tantivy.Index.open(str(folder_of(Path(folder)))).writer(heap_size=15_000_000)
            opened.append(True)
        except ValueError:
            opened.append(False)
        return real(reader, folder)

    monkeypatch.setattr(indexer, "build_vocabulary", counting)
    report = ingest([src], tmp_path / "ix", engine="tantivy", workers=1)
    assert opened == [True] and report.doc_count == 5
    with Searcher(tmp_path / "ix") as s:
        assert s.search("giao thong").total == 5


def test_analysis_runs_with_few_garbage_collections_and_the_caller_gets_its_own_back(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import gc

    from search.indexing import collecting

    seen: list[int] = []
    real_batch = indexer._index_batch

    def watching_batch(batch):
        seen.append(gc.get_threshold()[0])
        return real_batch(batch)

    monkeypatch.setattr(indexer, "_index_batch", watching_batch)
    before = gc.get_threshold()
    ingest([corpus], tmp_path / "ix", workers=1)
    assert seen and set(seen) == {collecting.THRESHOLD}
    assert gc.get_threshold() == before


def test_an_ingest_worker_process_collects_rarely(tmp_path: Path):
    import subprocess
    import sys

    code = (
        "import gc; from search.indexing.pipeline import _pool_worker_init; "
        f"_pool_worker_init({str(tmp_path / 'ix')!r}, 'whoosh', None); print(gc.get_threshold()[0])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    from search.indexing import collecting

    assert int(out) == collecting.THRESHOLD
