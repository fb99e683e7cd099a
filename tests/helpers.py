"""Helpers the test modules share (plain functions and paths, no fixtures):
``from helpers import write_jsonl``. Fixtures and hooks live in conftest.py."""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"
DEMO = ROOT / "demo"

ENGINES = ("whoosh", "tantivy")

# The JSON of ``vnsearch search --format json`` and ``/api/search``: its keys in order, and a hit's.
RESULT_KEYS = [
    "query",
    "total",
    "stories",
    "offset",
    "limit",
    "suggestion",
    "reading",
    "notes",
    "hits",
    "facets",
]
HIT_KEYS = {
    "id",
    "title",
    "date",
    "year",
    "speakers",
    "source",
    "section",
    "url",
    "score",
    "snippet",
    "group",
    "similar",
}


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def index_of(records: list[dict], folder: Path) -> Path:
    """An index over ``records`` (written as JSON Lines) in ``folder``/ix."""
    from search.indexing.pipeline import ingest

    ingest([write_jsonl(folder / "in.jsonl", records)], folder / "ix", workers=1)
    return folder / "ix"


def vnsearch(*args: str, env: dict | None = None, check: bool = False) -> subprocess.CompletedProcess:
    """Run the real console script (falls back to ``python -m search``)."""
    script = Path(sys.executable).with_name("vnsearch")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "search"]
    full_env = {k: v for k, v in os.environ.items() if k != "VNSEARCH_INDEX"}
    full_env.update(env or {})
    proc = subprocess.run(
        cmd + list(args), capture_output=True, text=True, encoding="utf-8", env=full_env, timeout=600
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"vnsearch {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


@contextlib.contextmanager
def served(cmd: list[str], cwd: Path, env: dict | None = None, seconds: float = 30):
    """``cmd`` (a ``vnsearch serve ...`` command line) as a real process: yields the
    URL it prints, None if it printed none within ``seconds``; ends it afterwards."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd, env=env)
    try:
        url = None
        deadline = time.monotonic() + seconds
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            if m := re.search(r"Serving on (http://[^/]+/)", line):
                url = m.group(1)
        if url is None and proc.poll() is not None:
            raise AssertionError(f"vnsearch serve exited:\n{proc.stderr.read()}")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# Issue 16: names the first extractor took for speakers in Dân Trí (clubs, firms, a journal, a
# channel, places, fragments); none may be a speaker again.
WRONG_IN_DAN_TRI = [
    "Barcelona", "Chelsea", "Samsung", "Vingroup", "TPBank", "LienVietPostBank", "General Psychiatry",
    "Kênh Fox", "Fox", "Kênh Radio Esport Valencia", "Hàng Bài", "Phnom Penh", "Quảng Trạch",
    "Cà Màu", "Ngoài Mỹ", "Dù Messi", "Tùngthị", "Thái Cực Quyền",
]  # fmt: skip
