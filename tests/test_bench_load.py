"""The load benchmark drives `vnsearch serve` in one process or several and counts every answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench import vnsearch_command
from benchmarks.load import run_load
from benchmarks.queryset import Query

pytestmark = pytest.mark.whoosh_only


@pytest.mark.parametrize("processes", [1, 2])
def test_the_load_run_answers_every_request_with_the_server_processes_asked(
    demo_index: Path, tmp_path: Path, processes: int
):
    queries = [Query(q, "words") for q in ("hà nội", "giao thong", "bóng đá", "kinh tế")]
    figures = run_load(
        vnsearch_command(), demo_index, queries, 2.0, 3, tmp_path / "serve.log", 2, processes=processes
    )
    assert figures["server_processes"] == processes and figures["server_alive"]
    assert figures["errors"] == 0 and figures["ok"] > 0, figures["error_messages"]
    assert figures["server_tree_processes"] == processes  # the server and the children it forked
