"""The spelling statistics' load: the tokens grouped by folded key at ingest
(``vocab_keys.npz``) give the same groups, counts and suggestions as grouping
``vocab.tsv`` at load; an index without the file, or with a damaged or stale
one, still loads and answers the same (a damaged or stale file with a warning
that names it)."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from helpers import DEMO

import search.spelling.model as model
from search.searcher import Searcher
from search.spelling.build import KEYS_FILE, NGRAMS_FILE, VOCAB_FILE
from search.spelling.model import Statistics, load_statistics
from search.spelling.tokens import folded_key
from search.suggest import complete, suggest
from search.vietnamese.text import fold


def _old_groups(stats: Statistics) -> tuple[dict, dict, list]:
    """by_key, key_count and sorted_keys as the load computed them before the file existed."""
    by_key: dict[str, list[int]] = {}
    for i, tok in enumerate(stats.tokens[1:], 1):
        by_key.setdefault(folded_key(tok), []).append(i)
    by_key = {k: sorted(v, key=lambda i: -stats.counts[i]) for k, v in by_key.items()}
    key_count = {k: float(sum(stats.counts[i] for i in v)) for k, v in by_key.items()}
    return by_key, key_count, sorted(by_key)


def _same_groups(stats: Statistics, reference: Statistics) -> None:
    by_key, key_count, sorted_keys = _old_groups(reference)
    assert dict(stats.by_key) == by_key
    assert dict(stats.key_count) == key_count
    assert stats.sorted_keys == sorted_keys
    assert len(stats.by_key) == len(by_key) and all(k in stats.by_key for k in by_key)
    assert "qqqq" not in stats.by_key and stats.by_key.get("qqqq") is None
    assert stats.by_key.get("qqqq", []) == []


def _queries() -> list[str]:
    """Every unaccented 1-3 syllable window of the demo titles, and their syllables' prefixes."""
    titles = re.findall(r'"title": "([^"]*)"', (DEMO / "tin-tuc.jsonl").read_text(encoding="utf-8"))
    out: list[str] = []
    for title in titles:
        words = re.findall(r"[^\W_]+", fold(title).lower())
        for n in (1, 2, 3):
            out += [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
    return list(dict.fromkeys(out))


def _answers(stats: Statistics, queries: list[str]) -> list:
    out = []
    for q in queries:
        s = suggest(q, stats)
        out.append((s.text, s.confidence, s.kind) if s else None)
        out.append(complete(q[:-1], stats))
    return out


@pytest.fixture()
def folder(demo_index: Path, tmp_path: Path) -> Path:
    """The demo index's statistics files, copied where a test may change them."""
    for name in (VOCAB_FILE, NGRAMS_FILE, KEYS_FILE):
        shutil.copy(demo_index / name, tmp_path / name)
    return tmp_path


def _rewrite(path: Path, change) -> None:
    """The file written again with ``change`` made to its arrays (its fingerprint kept)."""
    with np.load(path) as z:
        arrays = {k: z[k] for k in z.files}
    change(arrays)
    np.savez(path, **arrays)


def _grouped_at_load(folder: Path) -> Statistics:
    """The statistics as an index without the file loads them."""
    (folder / KEYS_FILE).unlink(missing_ok=True)
    return load_statistics(folder)


def test_ingest_writes_the_groups_and_the_load_reads_them_without_folding(
    demo_index: Path, monkeypatch: pytest.MonkeyPatch
):
    assert (demo_index / KEYS_FILE).exists()

    def no_grouping(*args):
        raise AssertionError("grouped at load although ingest wrote the groups")

    monkeypatch.setattr(model, "group_keys", no_grouping)
    stats = load_statistics(demo_index)
    assert len(stats.by_key) > 100
    _same_groups(stats, stats)


def test_the_groups_read_give_the_answers_of_the_groups_computed(folder: Path, caplog):
    queries = _queries()
    assert len(queries) > 500
    read = load_statistics(folder)
    at_load = _grouped_at_load(folder)
    _same_groups(at_load, at_load)
    assert read.tokens == at_load.tokens and read.ids == at_load.ids
    assert list(read.surfaces) == list(at_load.surfaces) and read.surfaces[-1] == at_load.surfaces[-1]
    assert read.counts.tolist() == at_load.counts.tolist()
    assert _answers(read, queries) == _answers(at_load, queries)
    assert not caplog.records


def test_an_index_without_the_file_searches_as_before(demo_index: Path, tmp_path: Path, caplog):
    older = shutil.copytree(demo_index, tmp_path / "older")
    (older / KEYS_FILE).unlink()
    queries = _queries()[::5]
    with Searcher(demo_index) as new, Searcher(older) as old:
        for q in queries:
            assert old.suggest(q) == new.suggest(q), q
        for q in queries[:40]:
            a, b = old.search(q, limit=5), new.search(q, limit=5)
            assert (a.suggestion, a.notes, a.total) == (b.suggestion, b.notes, b.total), q
    assert not caplog.records  # no file is no fault: an index written before it


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"not a zip"),
        lambda path: path.write_bytes(path.read_bytes()[:200]),  # cut short
        lambda path: _rewrite(path, lambda arrays: arrays.pop("order")),  # an array missing
        lambda path: _rewrite(path, lambda arrays: arrays.update(counts=arrays["counts"][:-1])),
    ],
    ids=["garbage", "truncated", "incomplete", "short"],
)
def test_a_damaged_file_is_ignored_with_a_warning_that_names_it(folder: Path, damage, caplog):
    damage(folder / KEYS_FILE)
    with caplog.at_level(logging.WARNING, logger="search.spelling.keys"):
        stats = load_statistics(folder)
    assert KEYS_FILE in caplog.text and "vnsearch index" in caplog.text
    _same_groups(stats, stats)
    assert suggest("gia vang", stats) == suggest("gia vang", _grouped_at_load(folder))


def test_a_file_written_for_another_vocabulary_is_ignored(folder: Path, caplog):
    lines = (folder / VOCAB_FILE).read_text(encoding="utf-8").splitlines()
    token, surface, count = lines[-1].split("\t")
    lines[-1] = f"{token}\t{surface}\t{int(count) + 1000}"  # vocab.tsv counted again, the file not
    (folder / VOCAB_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="search.spelling.keys"):
        stats = load_statistics(folder)
    assert KEYS_FILE in caplog.text and "another vocab.tsv" in caplog.text
    _same_groups(stats, stats)
    assert stats.key_count[folded_key(token)] >= 1000


def test_groups_that_do_not_match_their_tokens_are_caught(folder: Path, caplog):
    _rewrite(folder / KEYS_FILE, lambda arrays: arrays.update(order=arrays["order"][::-1].copy()))
    with caplog.at_level(logging.WARNING, logger="search.spelling.keys"):
        stats = load_statistics(folder)
    assert "not under their keys" in caplog.text
    _same_groups(stats, stats)


def test_indexing_an_older_index_again_writes_the_file(demo_index: Path, tmp_path: Path):
    """Nothing new to add, but the index has no groups yet: the run writes them."""
    from search.indexing.pipeline import ingest

    older = shutil.copytree(demo_index, tmp_path / "older")
    (older / KEYS_FILE).unlink()
    report = ingest([DEMO], older, workers=1)
    assert not report.added and not report.updated
    assert (older / KEYS_FILE).exists()
