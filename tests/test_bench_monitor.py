"""The benchmark's measured run counts the CPU of the whole process tree (issue 19: CPU per
article compares runs when the machine's speed drifts)."""

from __future__ import annotations

import sys

from benchmarks.monitor import run_measured

BURN = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass\n"


def test_cpu_of_the_command_and_of_the_processes_it_started_is_counted():
    # The command itself idles; the work is in a grandchild, as in ingest's worker pool.
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {BURN!r}], check=True)"
    measured = run_measured([sys.executable, "-c", parent])
    assert measured.returncode == 0
    assert measured.cpu_seconds >= 0.4
    assert measured.cpu_seconds <= measured.seconds * 2 + 0.5  # one busy process, not a sum of others'


def test_a_second_run_counts_only_its_own_cpu():
    first = run_measured([sys.executable, "-c", BURN])
    second = run_measured([sys.executable, "-c", "pass"])
    assert first.cpu_seconds >= 0.4
    assert second.cpu_seconds < 0.4
