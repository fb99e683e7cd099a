"""Positions decoded in bulk (search.engines.whoosh.positions) are Whoosh's own.

The numpy reading of whole lists of Positions values against ``pickle`` a
value at a time, on made-up values of every layout (small and large gaps,
more than 1,000 positions, a value without its final STOP) and on every term
of an index's positional fields against Whoosh's own matchers.
"""

from __future__ import annotations

import itertools
import random
from pickle import dumps, loads

import numpy as np
import pytest
from helpers import DEMO, write_jsonl

from search.engines.whoosh import positions
from search.engines.whoosh.positions import PositionLists, decode, decode_each
from search.engines.whoosh.postings import Postings
from search.indexing.pipeline import ingest
from search.searcher import Searcher

pytestmark = pytest.mark.whoosh_only


def _value(found: list[int], stop: bool = True) -> bytes:
    gaps = [b - a for a, b in zip([0, *found], found, strict=False)]
    value = len(gaps).to_bytes(4, "big") + dumps(gaps, 2)
    return value if stop else value[:-1]


def _reference(values: list[bytes]) -> list[list[int]]:
    out = []
    for value in values:
        body = value[4:] if value.endswith(b".") else value[4:] + b"."
        out.append(list(itertools.accumulate(loads(body))))
    return out


def _made_up(rng: random.Random, n: int) -> list[list[int]]:
    lists = []
    for _ in range(n):
        count = (
            rng.choice([1, 1, 2, 3, 5, 8, 40]) if rng.random() > 0.03 else rng.choice([999, 1000, 1001, 2100])
        )
        first = rng.choice([0, 7, 255, 256, 300, 65535, 65536, 3_000_000])
        steps = [rng.choice([1, 2, 255, 256, 400, 70_000]) if rng.random() < 0.1 else rng.randint(1, 60)]
        steps += [
            rng.choice([1, 2, 255, 256, 400, 70_000]) if rng.random() < 0.1 else rng.randint(1, 60)
            for _ in range(count - 2)
        ]
        lists.append(list(itertools.accumulate([first, *steps[: count - 1]])))
    return lists


def _split(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    return np.frombuffer(b"".join(values), dtype=np.uint8), np.array([len(v) for v in values], dtype=np.int64)


def _as_lists(flat: np.ndarray, offsets: np.ndarray) -> list[list[int]]:
    return [flat[a:b].tolist() for a, b in itertools.pairwise(offsets.tolist())]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_layout_decodes_as_pickle_does(seed: int):
    rng = random.Random(seed)
    lists = _made_up(rng, 3000)
    values = [_value(found, stop=rng.random() > 0.01) for found in lists]
    assert _reference(values) == lists
    flat, offsets = decode(*_split(values))
    assert flat.dtype == np.int32 and len(offsets) == len(values) + 1
    assert _as_lists(flat, offsets) == lists
    assert _as_lists(*decode_each(values)) == lists


def test_short_and_empty_lists(monkeypatch: pytest.MonkeyPatch):
    lists = [[0], [3, 4], [300], [70_000, 70_001], [5, 600, 601]]
    values = [_value(found) for found in lists]
    for few in (0, positions.FEW):  # numpy's way even for a few values, and pickle's
        monkeypatch.setattr(positions, "FEW", few)
        for n in range(len(values) + 1):
            flat, offsets = decode(*_split(values[:n]))
            assert _as_lists(flat, offsets) == lists[:n]


def test_position_lists_take_postings_across_parts():
    rng = random.Random(4)
    parts_lists = [_made_up(rng, 50), _made_up(rng, 1), _made_up(rng, 30)]
    parts = [decode(*_split([_value(f) for f in lists])) for lists in parts_lists]
    every = [found for lists in parts_lists for found in lists]
    where = PositionLists(parts)
    chosen = np.array(sorted(rng.sample(range(len(every)), 40)))
    found, counts = where.take(chosen)
    assert counts.tolist() == [len(every[i]) for i in chosen]
    assert found.tolist() == [p for i in chosen for p in every[i]]
    keep = np.array([rng.random() < 0.5 for _ in every])
    kept = [f for f, k in zip(every, keep, strict=True) if k]
    fewer = where.only(keep)
    found, counts = fewer.take(np.arange(len(kept)))
    assert found.tolist() == [p for f in kept for p in f]
    found, counts = fewer.only(np.arange(len(kept)) % 2 == 0).take(np.arange((len(kept) + 1) // 2))
    assert found.tolist() == [p for f in kept[::2] for p in f]
    assert PositionLists([]).take(np.zeros(0, dtype=np.int64))[0].tolist() == []


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("positions")
    ingest([DEMO], folder / "ix", workers=1, batch_size=9)
    records = [
        {"id": "long", "title": "Dài", "body": " ".join(["và"] + ["giao thông"] * 700 + ["và"] * 1200)}
    ]
    ingest([write_jsonl(folder / "long.jsonl", records)], folder / "ix", workers=1)
    return folder / "ix"


def test_every_term_of_an_index_decodes_as_whoosh_does(index, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(positions, "FEW", 0)  # numpy's way for every list
    with Searcher(index) as s:
        reader = s.reader._searcher.reader()
        postings = Postings(reader)
        checked = 0
        for field in ("title", "body", "body_fold"):
            for term in reader.lexicon(field):
                ids, _, where, _ = postings.term_with_positions(field, term.decode("utf-8"))
                found, counts = where.take(np.arange(len(ids)))
                matcher = reader.postings(field, term)
                want = []
                for d in ids.tolist():
                    assert matcher.id() == d
                    want.append(matcher.value_as("positions"))
                    matcher.next()
                assert counts.tolist() == [len(p) for p in want], (field, term)
                assert found.tolist() == [p for ps in want for p in ps], (field, term)
                checked += 1
        assert checked > 1000
        _, _, where, _ = postings.term_with_positions("body", "và")
        assert max(np.diff(offsets).max() for _, offsets in where.parts) > 1000  # several pickle batches
