"""Benchmarks: `python tests/bench.py [NAMES…]`, names being groups or figure names.

Prints a readable table and, as its last line, one JSON object with every figure.
Speed targets live here, not in the test suite (timed asserts are flaky on shared machines).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "helpers"))

from benchmarks import registry  # noqa: E402

Figures = dict[str, float]


def peak_rss_mb() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(usage / 1024, 1)  # Linux reports KiB


def main(argv: list[str]) -> int:
    groups: dict[str, Callable[[], Figures]] = registry.groups()
    wanted = argv or list(groups)
    unknown = [w for w in wanted if w not in groups and not registry.group_of(w)]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; groups: {', '.join(groups)}")
        return 2
    chosen = []
    for name in wanted:
        group = name if name in groups else registry.group_of(name)
        if group not in chosen:
            chosen.append(group)
    figures: Figures = {}
    goals = registry.goals()
    for group in chosen:
        started = time.perf_counter()
        print(f"[{group}] running…", flush=True)
        figures.update(groups[group]())
        print(f"[{group}] done in {time.perf_counter() - started:.1f} s", flush=True)
    figures["peak_rss_mb"] = peak_rss_mb()
    print()
    print(f"{'figure':<34}{'value':>12}  goal")
    print("-" * 60)
    for key, value in figures.items():
        goal = goals.get(key, "")
        print(f"{key:<34}{value:>12}  {goal}")
    print(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
