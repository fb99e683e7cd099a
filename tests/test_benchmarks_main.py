"""``python -m benchmarks``: every command is reachable and explains itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.__main__ import COMMANDS, main

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name: str, capsys: pytest.CaptureFixture[str]):
    try:
        code = main([name, "--help"])
    except SystemExit as exc:  # argparse exits after printing the help
        code = exc.code
    assert code == 0
    out = capsys.readouterr().out
    assert f"python -m benchmarks {name}" in out
    assert len(out.splitlines()) > 2


def test_no_command_lists_them_all(capsys: pytest.CaptureFixture[str]):
    assert main([]) == 2
    err = capsys.readouterr().err
    assert all(f"  {name}" in err for name in COMMANDS)


def test_an_unknown_command_names_the_known_ones(capsys: pytest.CaptureFixture[str]):
    assert main(["benchh"]) == 2
    err = capsys.readouterr().err
    assert "no command 'benchh'" in err and "relevance" in err


def test_runs_as_a_module_from_the_checkout():
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--help"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert "bench" in proc.stdout and "relevance" in proc.stdout
