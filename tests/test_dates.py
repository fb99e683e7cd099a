"""parse_date reads every notation Vietnamese archives use and keeps their precision."""

from __future__ import annotations

import csv
import gzip
import json
import random
import unicodedata
from pathlib import Path

import pytest

from search.vietnamese.dates import PartialDate, parse_date

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-01-02", PartialDate(2024, 1, 2)),
        ("2024-01-02T10:30:00+07:00", PartialDate(2024, 1, 2, 10, 30)),
        ("2024-01-02 10:30:00", PartialDate(2024, 1, 2, 10, 30)),
        ("2024-01-02T10:30:00Z", PartialDate(2024, 1, 2, 10, 30)),
        ("2024-01-02T10:30:59.123456Z", PartialDate(2024, 1, 2, 10, 30)),
        ("2026-02-03T13:45:00+00:00", PartialDate(2026, 2, 3, 13, 45)),
        ("2024-01-02T23:30:00-05:00", PartialDate(2024, 1, 2, 23, 30)),  # wall clock, not converted
        ("2024-01-02T16:30", PartialDate(2024, 1, 2, 16, 30)),
        ("2024/01/02", PartialDate(2024, 1, 2)),
        ("2024-01", PartialDate(2024, 1)),
        ("2024", PartialDate(2024)),
        ("20210425", PartialDate(2021, 4, 25)),
        ("  2024-01-02  ", PartialDate(2024, 1, 2)),
    ],
)
def test_iso_and_year_first(text: str, expected: PartialDate) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Thứ tư, 10/9/2025, 16:30 (GMT+7)", PartialDate(2025, 9, 10, 16, 30)),
        ("Chủ nhật, 7/9/2025, 20:21 (GMT+7)", PartialDate(2025, 9, 7, 20, 21)),
        ("Thứ bảy, 21/12/2024, 22:01 (GMT+7)", PartialDate(2024, 12, 21, 22, 1)),
        ("Thứ hai, 6/1/2025", PartialDate(2025, 1, 6)),
        ("Thứ 4, 10/9/2025", PartialDate(2025, 9, 10)),
        ("Thu tu, 10/9/2025, 16:30", PartialDate(2025, 9, 10, 16, 30)),
        ("chu nhat 7/9/2025", PartialDate(2025, 9, 7)),
        ("10/9/2025", PartialDate(2025, 9, 10)),
        ("10-9-2025", PartialDate(2025, 9, 10)),
        ("10.9.2025", PartialDate(2025, 9, 10)),
        ("31/12/2024", PartialDate(2024, 12, 31)),
        ("ngày 10 tháng 9 năm 2025", PartialDate(2025, 9, 10)),
        ("Ngày 10 tháng 9 năm 2025", PartialDate(2025, 9, 10)),
        ("tháng 9/2025", PartialDate(2025, 9)),
        ("tháng 9 năm 2025", PartialDate(2025, 9)),
        ("09/2025", PartialDate(2025, 9)),
        ("năm 2025", PartialDate(2025)),
        ("lúc 20 giờ ngày 14.4.2006", PartialDate(2006, 4, 14, 20, 0)),
        ("10/9/2025 16h30", PartialDate(2025, 9, 10, 16, 30)),
    ],
)
def test_vietnamese_notations_are_day_first(text: str, expected: PartialDate) -> None:
    assert parse_date(text) == expected


def test_decomposed_unicode_reads_like_composed() -> None:
    text = "Thứ bảy, 21/12/2024, 22:01 (GMT+7)"
    assert parse_date(unicodedata.normalize("NFD", text)) == PartialDate(2024, 12, 21, 22, 1)


def test_integers_are_read_as_their_digits() -> None:
    assert parse_date(2024) == PartialDate(2024)
    assert parse_date(20210425) == PartialDate(2021, 4, 25)
    assert parse_date(True) is None


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "Unknown",
        "2024-13",
        "2024-13-01",
        "31/2/2024",
        "29/2/2023",
        "32/1/2024",
        "1799",
        "2101",
        "1/1/1799",
        "2024-01-02T24:00",
        "2024-01-02T10:61",
        "10/9",
        "10/9/25",
        "ngày 10 tháng 9",
        "abc 2024",
        "2024-01-02 extra",
        "16:30",
        "\x00",
        "9" * 1000,
    ],
)
def test_impossible_or_unparseable_is_none(text: str | None) -> None:
    assert parse_date(text) is None


def test_leap_day_is_kept() -> None:
    assert parse_date("29/2/2024") == PartialDate(2024, 2, 29)


def test_iso_keeps_precision() -> None:
    assert PartialDate(2024).iso() == "2024"
    assert PartialDate(2024, 1).iso() == "2024-01"
    assert PartialDate(2024, 1, 2).iso() == "2024-01-02"
    assert PartialDate(2024, 1, 2, 16, 30).iso() == "2024-01-02T16:30"
    assert parse_date("Thứ tư, 10/9/2025, 16:30 (GMT+7)").iso() == "2025-09-10T16:30"


@pytest.mark.parametrize(
    "parts", [(2024, None, 2), (2024, 1, None, 10, 30), (2024, 1, 2, 10, None), (2023, 2, 29)]
)
def test_partial_date_rejects_gaps_and_impossible_days(parts: tuple) -> None:
    with pytest.raises(ValueError):
        PartialDate(*parts)


def test_round_trip_on_generated_dates() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        year = rng.randint(1800, 2100)
        month, day, hour, minute = (
            rng.randint(1, 12),
            rng.randint(1, 28),
            rng.randint(0, 23),
            rng.randint(0, 59),
        )
        precision = rng.randint(0, 3)
        date = PartialDate(*(year, month, day, hour, minute)[: (1, 2, 3, 5)[precision]])
        assert parse_date(date.iso()) == date
        if precision >= 2:
            assert parse_date(f"{day}/{month}/{year}") == PartialDate(year, month, day)


def test_never_raises_and_round_trips_on_noise() -> None:
    rng = random.Random(1)
    alphabet = "0123456789/-.:, TtZz+()hgiongaythangnamthứbảyChủnhật\x00é\udcff"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        date = parse_date(text)
        if date is not None:
            assert parse_date(date.iso()) == date


# ---------------------------------------------------------------- real corpora

needs_corpora = pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not present")


@needs_corpora
def test_every_unc_date_parses() -> None:
    with gzip.open(CORPORA / "unc" / "unc.jsonl.gz", "rt", encoding="utf-8") as lines:
        values = [json.loads(line)["date"] for line in lines]
    assert values and all(parse_date(v) is not None for v in values)


@needs_corpora
def test_every_vnexpress_date_parses_except_the_unknown_placeholder() -> None:
    values = [
        item["date"]
        for path in sorted((CORPORA / "vnexpress-2025").glob("*.json"))
        for item in json.loads(path.read_text(encoding="utf-8"))
    ]
    failed = {v for v in values if parse_date(v) is None}
    assert values and failed <= {"Unknown"}
    assert parse_date(values[0]).hour is not None


@needs_corpora
def test_every_news24h_date_parses() -> None:
    csv.field_size_limit(2**31 - 1)
    path = next((CORPORA / "news24h-2026").glob("*.csv"))
    with path.open(encoding="utf-8", newline="") as rows:
        values = [row["published_at"] for row in csv.DictReader(rows)]
    assert values and all(parse_date(v) is not None for v in values)
