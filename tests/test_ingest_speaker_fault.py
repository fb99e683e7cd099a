"""An article that trips a defect of the speaker rules costs its speakers, not the ingest.

The rules are real code over real text: last session one article of 89,584 raised inside them
and stopped a whole ingest. The fault is made here by replacing the extractor with one that
raises on a marked article; everything else runs for real, in one process and in two workers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import write_jsonl

from search import Searcher, ingest
from search.indexing import spoken
from search.speakers import extract_speakers

pytestmark = pytest.mark.engines  # each test on both engines: the fingerprint is each engine's

ARTICLES = [
    {
        "id": "a",
        "title": "Giá xăng tăng",
        "body": "Ông Nguyễn Văn An, giám đốc công ty xăng dầu, cho biết giá xăng sẽ tăng từ tuần sau.",
    },
    {
        "id": "b",
        "title": "Mưa lớn ở miền Trung",
        "body": "Bà Trần Thị Bình cho biết mưa lớn kéo dài làm ngập nhiều tuyến đường. Mã lỗi 9137.",
    },
    {
        "id": "c",
        "title": "Đội tuyển tập luyện",
        "body": "HLV Lê Văn Cường nói đội tuyển đã sẵn sàng cho trận đấu vòng loại.",
    },
]


def _faulty(body: str, title: str = ""):
    if "9137" in body:
        raise IndexError("list index out of range")
    return extract_speakers(body, title)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "in" / "news.jsonl", ARTICLES).parent


@pytest.mark.parametrize("workers", [1, 2])
def test_the_article_is_indexed_without_its_speakers_and_named(archive, tmp_path, monkeypatch, workers):
    monkeypatch.setattr(spoken, "extract_speakers", _faulty)
    report = ingest([archive], tmp_path / "ix", workers=workers)
    assert report.added == 3 and not report.skipped and report.incomplete
    [item] = report.without_speakers
    assert item.origin.endswith("news.jsonl:2")
    assert "IndexError" in item.reason and "list index out of range" in item.reason
    assert "test_ingest_speaker_fault.py" in item.reason  # where it failed, for the report
    with Searcher(tmp_path / "ix") as searcher:
        hit = searcher.search("mưa lớn").hits[0]
        assert hit.id == "b" and hit.speakers == []  # searchable, only its speakers are missing
        assert searcher.search("giá xăng").hits[0].speakers == ["Nguyễn Văn An"]
        assert searcher.search("đội tuyển").hits[0].speakers == ["Lê Văn Cường"]


def test_the_next_ingest_reads_that_article_again(archive, tmp_path, monkeypatch):
    monkeypatch.setattr(spoken, "extract_speakers", _faulty)
    ingest([archive], tmp_path / "ix", workers=1)
    again = ingest([archive], tmp_path / "ix", workers=1)  # still faulty: named again
    assert (again.updated, again.unchanged, len(again.without_speakers)) == (1, 2, 1)
    monkeypatch.setattr(spoken, "extract_speakers", extract_speakers)  # a fixed version
    fixed = ingest([archive], tmp_path / "ix", workers=1)
    assert (fixed.updated, fixed.unchanged, fixed.without_speakers) == (1, 2, [])
    with Searcher(tmp_path / "ix") as searcher:
        assert searcher.doc_count == 3
        assert searcher.search("mưa lớn").hits[0].speakers == ["Trần Thị Bình"]
    last = ingest([archive], tmp_path / "ix", workers=1)
    assert (last.added, last.updated, last.unchanged) == (0, 0, 3)


def test_the_cli_names_it_and_exits_1(archive, tmp_path, monkeypatch, capsys):
    from search.cli import main

    monkeypatch.setattr(spoken, "extract_speakers", _faulty)
    index = str(tmp_path / "ix")
    assert main(["index", "--index", index, "--no-progress", "--workers", "1", str(archive)]) == 1
    out = capsys.readouterr().out
    assert "Added 3, updated 0, unchanged 0, skipped 0" in out
    assert "Indexed without their speakers (1):" in out
    assert "news.jsonl:2: indexed without its speakers: the speaker extractor failed (IndexError" in out
    assert "Please report it with this article" in out
    assert main(["index", "--index", index, "--no-progress", "--json", str(archive)]) == 1
    summary = json.loads(capsys.readouterr().out)
    assert [item["origin"].rsplit("/", 1)[-1] for item in summary["without_speakers"]] == ["news.jsonl:2"]
    assert summary["skipped"] == [] and summary["updated"] == 1
