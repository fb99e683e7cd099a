"""Latency summaries: nearest-rank percentiles, in milliseconds."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], p: float) -> float:
    """The nearest-rank ``p``-th percentile (0 < p <= 100) of ``values``; NaN when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def summary_ms(seconds: Sequence[float]) -> dict[str, float | int]:
    """count, p50, p95, p99, max and mean of durations given in seconds, in ms."""
    if not seconds:
        return {"count": 0}
    return {
        "count": len(seconds),
        "p50": 1000 * percentile(seconds, 50),
        "p95": 1000 * percentile(seconds, 95),
        "p99": 1000 * percentile(seconds, 99),
        "max": 1000 * max(seconds),
        "mean": 1000 * sum(seconds) / len(seconds),
    }
