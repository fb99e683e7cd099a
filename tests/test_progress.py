"""Progress of a long ingest where no bar can draw: lines in a log or a pipe."""

from __future__ import annotations

import gzip
import io
import time
from pathlib import Path

from helpers import DEMO, vnsearch

from search.progress import LogLines, Silent, TerminalBar, for_stderr, input_size


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_line_says_articles_mb_rate_elapsed_and_time_left():
    clock, out = Clock(), io.StringIO()
    log = LogLines(out, total_bytes=100_000_000, clock=clock)
    log.articles, log.nbytes = 12_345, 25_000_000
    clock.now += 100
    assert log.line() == (
        "Indexing: 12,345 articles, 25.0 MB, 0.25 MB/s, 1 min 40 s elapsed, about 5 min 00 s left (25% of the input)"
    )


def test_without_the_input_size_no_time_left_and_a_stall_is_named():
    clock, out = Clock(), io.StringIO()
    log = LogLines(out, total_bytes=None, clock=clock)
    log.articles, log.nbytes = 10, 1_000_000
    clock.now += 3 * 3600 + 65
    log.write()
    clock.now += 10
    log.write()  # nothing moved: a commit, not a hang
    first, second = out.getvalue().splitlines()
    assert first == "Indexing: 10 articles, 1.0 MB, 0.00 MB/s, 3 h 01 min elapsed"
    assert second.endswith("no new article since the last line (writing the index)")


def test_lines_keep_coming_while_no_article_moves():
    out = io.StringIO()
    log = LogLines(out, every=0.05)
    log(5, 5000)  # the first article starts the clock thread; nothing calls again
    time.sleep(0.4)
    log.close()
    lines = out.getvalue().splitlines()
    assert len(lines) >= 3 and all(line.startswith("Indexing: 5 articles") for line in lines)
    time.sleep(0.15)
    assert out.getvalue().splitlines() == lines  # closed: silent


def test_input_size_counts_gz_unpacked(tmp_path: Path):
    text = ("Mưa lớn ở miền Trung. " * 2000).encode()
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(text))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_bytes(b"x" * 1000)
    assert input_size([tmp_path]) == len(text) + 1000
    assert input_size([tmp_path / "missing"]) is None


def test_the_right_kind_for_stderr(monkeypatch):
    assert isinstance(for_stderr(False, [DEMO]), Silent)
    monkeypatch.setattr("sys.stderr", io.StringIO())  # a pipe, not a terminal
    log = for_stderr(None, [DEMO])
    assert isinstance(log, LogLines) and log.total and log.total > 50_000
    bar = for_stderr(True, [DEMO])
    assert isinstance(bar, TerminalBar)
    bar.close()


def test_index_into_a_pipe_prints_the_summary_and_no_bar_debris(tmp_path: Path):
    proc = vnsearch("index", "--index", str(tmp_path / "ix"), str(DEMO))
    assert proc.returncode == 0, proc.stderr
    assert "\r" not in proc.stderr and "it/s" not in proc.stderr  # no bar drawn into a pipe
    assert proc.stdout.startswith("Added 41, updated 0, unchanged 0, skipped 0")
