"""The speaker word lists in search/speakers/data/: each says what it is for, and each is read."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from search.speakers import lexicon

DATA = Path(lexicon.__file__).with_name("data")
FILES = sorted(DATA.glob("*.txt"))


def test_there_are_lists() -> None:
    assert len(FILES) > 30


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_list_file(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines and lines[0].startswith("# "), (
        f"{path.name}: start with a '#' line saying what the list is for"
    )
    entries = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    assert entries, f"{path.name} has no entries"
    twice = sorted({e for e in entries if entries.count(e) > 1})
    assert not twice, f"{path.name}: written more than once: {twice}"
    odd = [e for e in entries if not unicodedata.is_normalized("NFC", e) or "  " in e]
    assert not odd, f"{path.name}: not NFC or with double spaces: {odd}"


def test_every_list_is_read() -> None:
    source = Path(lexicon.__file__).read_text(encoding="utf-8")
    unread = [p.name for p in FILES if f'"{p.stem}"' not in source]
    assert not unread, f"data files that search/speakers/lexicon.py never reads: {unread}"


def test_lists_as_the_code_uses_them() -> None:
    assert "Nguyễn" in lexicon.SURNAMES
    assert lexicon.TITLES.index("Bác sĩ") < lexicon.TITLES.index("Bác")  # longest first
    assert lexicon.VERB_FIRST["cho"][0] in {("cho", "biết"), ("cho", "hay"), ("cho", "rằng")}
    assert "chung" in lexicon.NOT_AFTER[("nói",)]
    assert lexicon.THEO_PREFIXES.index("lời của") < lexicon.THEO_PREFIXES.index("lời")
    assert {"của", "với"} <= lexicon.PREPOSITIONS  # affiliation.txt's words and its own
