from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable
from pathlib import Path

CACHE = Path(__file__).resolve().parent.parent.parent / "bench-cache"


def timed_ms(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def percentile(values: Iterable[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def p50(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def p95(values: list[float]) -> float:
    return round(percentile(values, 95), 3)
