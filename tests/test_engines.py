"""The engine seam: choosing, recording and detecting the engine of an index."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import vnsearch, write_jsonl

from search import engines
from search.errors import ConfigError
from search.indexer import ingest
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


def test_both_engines_answer_alike(tmp_path: Path):
    src = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    results = {}
    for name in engines.ENGINES:
        ingest([src], tmp_path / name, engine=name, workers=1)
        with Searcher(tmp_path / name) as s:
            r = s.search("cong an OR giao thong", limit=10)
            results[name] = ([h.id for h in r.hits], [h.snippet for h in r.hits], r.as_dict()["facets"])
    assert results["whoosh"] == results["tantivy"]


def test_a_missing_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "tantivy", None)  # import tantivy now fails
    monkeypatch.delitem(sys.modules, "search.engines.tantivy_engine", raising=False)
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
