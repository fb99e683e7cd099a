"""Word lists as data files: one entry a line, ``#`` comments and blank lines skipped."""

from __future__ import annotations

from pathlib import Path

__all__ = ["read_entries"]


def read_entries(path: Path) -> list[str]:
    """The entries of the UTF-8 list at ``path``, in file order, each stripped."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]
