"""The scale run (issue 19): make bench's query set, and one results section per engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import write_jsonl

from benchmarks import queryset, scale
from search.searcher import Searcher


def test_each_engine_rewrites_only_its_own_section(tmp_path: Path):
    results = tmp_path / "results-scale.md"
    results.write_text(scale.with_section(results, "tantivy", "## tantivy engine\n\nfirst\n"))
    results.write_text(scale.with_section(results, "whoosh", "## whoosh engine\n\nits own\n"))
    results.write_text(scale.with_section(results, "tantivy", "## tantivy engine\n\nagain\n"))
    text = results.read_text()
    assert text.startswith("# Scale runs\n")
    assert "again" in text and "first" not in text and "its own" in text
    assert text.index("## tantivy") < text.index("## whoosh")


def test_the_queries_are_make_benchs_and_built_once(tmp_path: Path, monkeypatch):
    # make bench and the scale run read the same stored set (queryset.stored).
    words = "Bộ trưởng Trần Bình cho biết giao thông Hà Nội đã thông suốt sau nhiều ngày mưa lớn kéo dài"
    articles = [{"id": str(i), "body": f"{words} lần thứ {i}. {words}."} for i in range(30)]
    source = write_jsonl(tmp_path / "in.jsonl", articles)
    first, path = queryset.stored(tmp_path, source, 12, 3, 7)
    assert path.parent == tmp_path and path.is_file()
    assert first.typical == queryset.build(source, None, 12, 3, 7).typical
    monkeypatch.setattr(queryset, "build", lambda *a: (_ for _ in ()).throw(AssertionError("built again")))
    assert queryset.stored(tmp_path, source, 12, 3, 7) == (first, path)


@pytest.mark.parametrize("engine", ["tantivy", "whoosh"])
def test_the_scale_run_writes_every_size_on_both_engines(tmp_path: Path, engine: str):
    # Whoosh's sink clears its staging folder when it closes at each size: the run used to
    # fail writing past the first size.
    articles = [{"id": f"a{i}", "body": f"Bài số {i} nói về giao thông Hà Nội."} for i in range(12)]
    source = write_jsonl(tmp_path / "in.jsonl", articles)
    cache = tmp_path / f"analysed-{engine}.pickle"
    assert scale.analyse(source, cache, engine, 1)["articles"] == 12
    rows = scale.write(cache, tmp_path / "ix", engine, [5, 20], lambda row: row)
    assert [row["articles"] for row in rows] == [5, 20]  # 12 analysed, written again under new ids
    with Searcher(tmp_path / "ix") as s:
        assert s.doc_count == 20 and s.search("giao thong").total == 20
