"""The CLI through its real entry point (`vnsearch`), as a user runs it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from helpers import DEMO, HIT_KEYS, RESULT_KEYS, vnsearch, write_jsonl

pytestmark = pytest.mark.engines


def test_help_for_every_command():
    for cmd in ([], ["index"], ["search"], ["stats"]):
        proc = vnsearch(*cmd, "--help")
        assert proc.returncode == 0, proc.stderr
        assert "Usage: vnsearch" in proc.stdout
        assert len(proc.stdout.splitlines()) > 3


def test_python_dash_m_works_too():
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "search", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and "vnsearch" in proc.stdout


def test_json_output_follows_the_contract(demo_index: Path):
    proc = vnsearch("search", "--index", str(demo_index), "--format", "json", "cong an ha noi")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == set(RESULT_KEYS)
    assert data["reading"]["words"] == "all" and data["reading"]["accents"] == "folded"
    assert data["query"] == "cong an ha noi" and data["offset"] == 0 and data["limit"] == 10
    assert data["total"] >= len(data["hits"]) > 0
    for hit in data["hits"]:
        assert set(hit) == HIT_KEYS
        assert isinstance(hit["speakers"], list)
    top = data["hits"][0]
    assert "Công an" in top["title"] and "Hà Nội" in top["title"]
    assert "<mark>" in top["snippet"]
    assert set(data["facets"]) == {"year", "speaker", "source", "section"}
    assert sum(f["count"] for f in data["facets"]["year"]) == data["total"]


def test_unaccented_search_finds_the_police_articles(demo_index: Path):
    proc = vnsearch(
        "search", "--index", str(demo_index), "--format", "jsonl", "--limit", "4", "cong an ha noi"
    )
    hits = json.loads(proc.stdout)["hits"]
    assert all("Hà Nội" in h["title"] or "Hà Nội" in h["snippet"] for h in hits)


def test_queries_file_gives_one_object_per_line_in_order(demo_index: Path, tmp_path: Path):
    queries = ["tội phạm ma túy", "toi pham ma tuy", "", "metro", "zzzz qqqq"]
    path = tmp_path / "q.txt"
    path.write_text("\n".join(queries) + "\n", encoding="utf-8")
    proc = vnsearch("search", "--index", str(demo_index), "--format", "jsonl", "--queries", str(path))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert [json.loads(line)["query"] for line in lines] == queries
    results = [json.loads(line) for line in lines]
    assert results[0]["total"] > 0 and results[-1]["total"] == 0
    # Accents or not, the same articles come back for this query.
    assert {h["id"] for h in results[0]["hits"]} == {h["id"] for h in results[1]["hits"]}


def test_csv_output(demo_index: Path):
    proc = vnsearch("search", "--index", str(demo_index), "--format", "csv", "ma tuy")
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    assert ",".join(rows[0]) == "id,date,title,source,section,url,speakers,group,score,snippet,permalink"
    assert len(rows) > 1 and all(len(r) == 11 for r in rows)
    assert all(r[-1] == f"/article/{r[0]}" for r in rows[1:])  # the CLI knows no host: a path
    assert "<mark>" not in proc.stdout


def test_text_output_and_filters(demo_index: Path):
    proc = vnsearch(
        "search", "--index", str(demo_index), "--year", "2016..2017", "--sort", "oldest", "công an"
    )
    assert proc.returncode == 0, proc.stderr
    years = [
        line.split("[")[1][:4] for line in proc.stdout.splitlines() if line[:1].isdigit() and ". " in line
    ]
    assert years and all(y in ("2016", "2017") for y in years)
    assert years == sorted(years)


def test_stats(demo_index: Path):
    proc = vnsearch("stats", "--index", str(demo_index), "--json")
    data = json.loads(proc.stdout)
    assert data["articles"] == 41
    assert len([y for y in data["years"] if y["value"]]) >= 8
    assert any(y["value"] is None for y in data["years"])
    # demo-031 republishes demo-016: one story of two articles.
    assert data["stories"] == 40 and {"value": "Thời sự", "count": 8} in data["sections"]
    text = vnsearch("stats", "--index", str(demo_index)).stdout
    assert "Articles: 41 (40 stories: 1 near-duplicates)" in text and "Sections: Thời sự: 8" in text


@pytest.mark.parametrize(
    "args,expected",
    [
        (["search", "--index", "{missing}", "x"], "vnsearch index"),
        (["search", "--bogus", "x"], "No such option"),
        (["search", "--index", "{index}", "--year", "năm ngoái", "x"], "year"),
        (["search", "--index", "{index}", "--limit", "-1", "x"], "--limit"),
        (["search", "--index", "{index}"], "Give a query"),
        (["index", "--index", "{tmp}/ix", "--field", "nonsense", "{tmp}"], "field"),
    ],
)
def test_errors_are_one_line_with_exit_2(args, expected, demo_index: Path, tmp_path: Path):
    subst = {"{missing}": str(tmp_path / "none"), "{index}": str(demo_index), "{tmp}": str(tmp_path)}
    args = [subst.get(a, a.replace("{tmp}", str(tmp_path))) for a in args]
    proc = vnsearch(*args)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], proc.stderr


def test_index_command_summary_skips_and_exit_code(tmp_path: Path):
    folder = tmp_path / "in"
    write_jsonl(folder / "a.jsonl", [{"id": "1", "body": "Một bài báo ngắn."}, {"id": "2", "body": ""}])
    (folder / "b.json").write_text('[{"id": "3", "content": "Bài ba."}]', encoding="utf-8")
    ix = tmp_path / "ix"
    proc = vnsearch("index", "--index", str(ix), str(folder))
    assert proc.returncode == 1, proc.stderr
    assert "Added 2, updated 0, unchanged 0, skipped 1" in proc.stdout
    assert "a.jsonl:2" in proc.stdout
    again = vnsearch("index", "--index", str(ix), "--json", str(folder))
    report = json.loads(again.stdout)
    assert (report["added"], report["unchanged"], report["documents"]) == (0, 2, 2)


def test_index_env_variable_sets_the_folder(tmp_path: Path):
    folder = tmp_path / "in"
    write_jsonl(folder / "a.jsonl", [{"id": "1", "body": "Xin chào Hà Nội."}])
    env = {"VNSEARCH_INDEX": str(tmp_path / "env-ix")}
    assert vnsearch("index", str(folder), env=env).returncode == 0
    proc = vnsearch("search", "--format", "json", "ha noi", env=env)
    assert json.loads(proc.stdout)["total"] == 1


def test_demo_corpus_indexes_without_skips(tmp_path: Path):
    proc = vnsearch("index", "--index", str(tmp_path / "ix"), "--workers", "2", str(DEMO))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Added 41" in proc.stdout
