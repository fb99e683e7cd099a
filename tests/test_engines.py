"""The engine seam: choosing, recording and detecting the engine of an index."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest
from helpers import vnsearch, write_jsonl

from search import engines
from search.engines.base import Filters
from search.errors import ConfigError
from search.indexing.pipeline import ingest
from search.query import tree as qt
from search.searcher import Searcher

ARTICLES = [
    {"id": "a", "date": "2021-03-04", "body": "Công an Hà Nội triệt phá đường dây ma túy."},
    {"id": "b", "date": "2020", "body": "Bộ trưởng Trần Bình cho biết giao thông đã thông suốt."},
]


def test_the_engine_is_recorded_and_followed_by_search_and_stats(tmp_path: Path):
    src = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    proc = vnsearch("index", "--engine", "tantivy", "--index", str(tmp_path / "ix"), str(src), check=True)
    assert "tantivy engine" in proc.stdout
    assert json.loads((tmp_path / "ix" / "vnsearch.json").read_text())["engine"] == "tantivy"
    # The default engine is Whoosh, but the index keeps its own.
    env = {"VNSEARCH_ENGINE": "whoosh"}
    stats = json.loads(
        vnsearch("stats", "--index", str(tmp_path / "ix"), "--json", env=env, check=True).stdout
    )
    assert stats["engine"] == "tantivy" and stats["articles"] == 2
    found = vnsearch(
        "search", "--index", str(tmp_path / "ix"), "--format", "json", "cong an", env=env, check=True
    )
    assert [h["id"] for h in json.loads(found.stdout)["hits"]] == ["a"]
    with Searcher(tmp_path / "ix") as s:
        assert s.engine == "tantivy"


def test_asking_for_another_engine_on_an_existing_index_needs_rebuild(tmp_path: Path):
    src = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    ingest([src], tmp_path / "ix", engine="whoosh", workers=1)
    with pytest.raises(ConfigError, match="built with the whoosh engine.*--rebuild"):
        ingest([src], tmp_path / "ix", engine="tantivy", workers=1)
    report = ingest([src], tmp_path / "ix", engine="tantivy", rebuild=True, workers=1)
    assert report.engine == "tantivy" and report.added == 2
    assert not list((tmp_path / "ix").glob("_vnsearch_*.toc"))  # Whoosh's files are gone
    with Searcher(tmp_path / "ix") as s:
        assert s.engine == "tantivy" and s.search("giao thong").hits[0].id == "b"


def _per_engine(tmp_path: Path, articles: list[dict], answer) -> dict:
    """``answer(searcher)`` on ``articles`` indexed by each engine, by engine name."""
    src = write_jsonl(tmp_path / "in.jsonl", articles)
    answers = {}
    for name in engines.ENGINES:
        ingest([src], tmp_path / name, engine=name, workers=1)
        with Searcher(tmp_path / name) as s:
            answers[name] = answer(s)
    return answers


def test_both_engines_answer_alike(tmp_path: Path):
    def answer(s: Searcher):
        r = s.search("cong an OR giao thong", limit=10)
        return [h.id for h in r.hits], [h.snippet for h in r.hits], r.as_dict()["facets"]

    results = _per_engine(tmp_path, ARTICLES, answer)
    assert results["whoosh"] == results["tantivy"]


def test_a_flat_term_scores_its_idf_times_its_boost_wherever_it_stands(tmp_path: Path):
    """The presence of a long text's words (``Weights.present``): however often the word
    stands and however long the article, in both engines."""
    articles = [
        {"id": "once", "body": "Mưa lớn ở Huế."},
        {"id": "thrice", "body": "Mưa, mưa và mưa suốt tuần qua ở miền Trung, nhiều tuyến đường ngập sâu."},
        {"id": "none", "body": "Nắng nóng kéo dài ở Hà Nội."},
        {"id": "dry", "body": "Trời hanh khô."},
    ]
    node = qt.Term("body_fold", "mua", boost=2.0, flat=True)

    def answer(s: Searcher):
        page = s.reader.search(node, Filters(), "relevance", 0, 10, False)
        total = s.reader.search(None, Filters(), "newest", 0, 10, False).total
        return {s.reader.stored(key)["id"]: score for key, score in page.hits}, total

    results = _per_engine(tmp_path, articles, answer)
    for scores, total in results.values():
        assert scores == pytest.approx(
            {"once": 2.0 * (math.log(total / 3) + 1), "thrice": 2.0 * (math.log(total / 3) + 1)}
        )
    assert results["whoosh"][0] == pytest.approx(results["tantivy"][0], rel=1e-6)


def test_a_missing_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "tantivy", None)  # import tantivy now fails
    for module in ("engine", "index", "reader", "writer"):
        monkeypatch.delitem(sys.modules, f"search.engines.tantivy.{module}", raising=False)
    with pytest.raises(ConfigError, match=r"pip install 'vnsearch\[fast\]'"):
        engines.load("tantivy")


def test_unknown_engines_are_refused_with_the_choices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    with pytest.raises(ConfigError, match="--engine must be one of whoosh, tantivy"):
        engines.check_engine("lucene")
    monkeypatch.setenv("VNSEARCH_ENGINE", "elastic")
    with pytest.raises(ConfigError, match="VNSEARCH_ENGINE must be one of"):
        engines.default_engine()
    proc = vnsearch("index", "--engine", "lucene", "--index", str(tmp_path / "ix"), str(tmp_path))
    assert proc.returncode == 2 and "lucene" in proc.stderr and "Traceback" not in proc.stderr


def test_an_index_recording_an_unknown_engine_is_refused(tmp_path: Path):
    src = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    ingest([src], tmp_path / "ix", workers=1)
    meta = tmp_path / "ix" / "vnsearch.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "engine": "lucene"}))
    with pytest.raises(ConfigError, match="engine recorded in .*vnsearch.json must be one of"):
        Searcher(tmp_path / "ix")


SPOKEN = [
    {"id": f"s{i}", "date": f"{2015 + i % 3}", "body": f"Ông {name} cho biết giao thông đã thông suốt."}
    for i, name in enumerate(
        ["Trần Văn Bình", "Lê Thị Hoa", "Trần Văn Bình", "Phạm Minh Chính", "Lê Thị Hoa"]
    )
]


def _speaker_counts(index: Path, **kwargs) -> list[tuple[str, int]]:
    with Searcher(index) as s:
        return [(f.value, f.count) for f in s.search("giao thong", **kwargs).facets["speaker"]]


def test_the_speaker_facet_is_counted_on_numbers_and_named_back(tmp_path: Path):
    from search.engines.tantivy import engine as tantivy_engine
    from search.engines.tantivy import index as tantivy_index

    # A name's number must never change: indexes store it.
    assert tantivy_index.speaker_id("Trần Văn Bình") == 4561452948272964028
    src = write_jsonl(tmp_path / "in.jsonl", SPOKEN)
    ingest([src], tmp_path / "ix", engine="tantivy", workers=1)
    assert tantivy_engine.Reader(tmp_path / "ix")._speaker_field == "speaker_ids"
    expected = [("Lê Thị Hoa", 2), ("Trần Văn Bình", 2), ("Phạm Minh Chính", 1)]
    assert _speaker_counts(tmp_path / "ix") == expected
    # A new name after the searcher opened is named too (the table follows commits).
    with Searcher(tmp_path / "ix") as s:
        s.search("giao thong")
        more = write_jsonl(
            tmp_path / "more.jsonl", [{**SPOKEN[0], "id": "n", "body": "Bà Đỗ Thu Hà nói giao thông tốt."}]
        )
        ingest([more], tmp_path / "ix", workers=1)
        s.refresh()
        assert ("Đỗ Thu Hà", 1) in [(f.value, f.count) for f in s.search("giao thong").facets["speaker"]]


def test_a_tantivy_index_made_before_speaker_numbers_still_counts_speakers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from search.engines.tantivy import index as tantivy_index

    real_schema = tantivy_index.make_schema
    src = write_jsonl(tmp_path / "in.jsonl", SPOKEN)
    with monkeypatch.context() as m:
        m.setattr(tantivy_index, "make_schema", lambda: real_schema(speaker_ids=False))
        ingest([src], tmp_path / "ix", engine="tantivy", workers=1)
    assert not tantivy_index.has_field(tmp_path / "ix", "speaker_ids")
    more = write_jsonl(tmp_path / "more.jsonl", [{**SPOKEN[1], "id": "n"}])
    assert ingest([more], tmp_path / "ix", workers=1).added == 1  # the writer leaves the field out
    assert _speaker_counts(tmp_path / "ix") == [
        ("Lê Thị Hoa", 3),
        ("Trần Văn Bình", 2),
        ("Phạm Minh Chính", 1),
    ]


FACET_ARTICLES = [
    {"id": f"n{i}", "date": f"{2015 + i % 4}", "source": ["Dân Trí", "VnExpress"][i % 2], "body": body}
    for i, body in enumerate(
        [
            "Hà Nội mưa lớn, giao thông ùn tắc. Ông Trần Bình cho biết nước rút chậm.",
            "Giao thông Hà Nội thông suốt sau mưa. Bà Lê Hoa nói các tuyến đã thông.",
            "Nội dung này chỉ có chữ hà và chữ nội cách xa nhau, không phải thủ đô.",
            "Hà Nội tổ chức lễ hội. Ông Trần Bình cho biết lễ hội kéo dài ba ngày.",
            "Thành phố Hồ Chí Minh có mưa, giao thông bình thường.",
        ]
        * 3
    )
]


def test_tantivy_counts_and_facets_read_only_what_must_match(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Counts and facets come from the query without its scoring-only words (the
    commonest syllables beside a phrase): the same numbers as every engine's,
    without reading those words' postings."""

    def answer(s: Searcher):
        r = s.search("hà nội", limit=3)
        return r.total, r.facets, s.search("hà nội", limit=0).total

    answers = _per_engine(tmp_path, FACET_ARTICLES, answer)
    assert answers["tantivy"] == answers["whoosh"]
    assert answers["tantivy"][0] == 9  # the phrase's articles, not the one with "hà" and "nội" apart

    import tantivy

    asked: list[str] = []
    real = tantivy.Searcher.aggregate
    monkeypatch.setattr(
        tantivy.Searcher,
        "aggregate",
        lambda self, query, spec: asked.append(repr(query)) or real(self, query, spec),
    )
    with Searcher(tmp_path / "tantivy") as s:
        s.search("hà nội", limit=3)
    # The phrase decides what matches; the syllables "hà" and "nội" on their own only score.
    assert asked and all("PhraseQuery" in q and "TermQuery" not in q for q in asked), asked
