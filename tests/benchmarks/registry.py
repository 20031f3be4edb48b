"""Benchmark groups. Each group module exposes FIGURES (names), GOALS and run() -> figures."""

from __future__ import annotations

import importlib
from collections.abc import Callable

GROUP_MODULES = {
    "search": "benchmarks.search_bench",
    "import": "benchmarks.import_bench",
    "queue": "benchmarks.queue_bench",
    "report": "benchmarks.report_bench",
    "startup": "benchmarks.startup_bench",
    "lan": "benchmarks.lan_bench",
    "keystroke": "benchmarks.keystroke_bench",
}


def _module(group: str):
    return importlib.import_module(GROUP_MODULES[group])


def groups() -> dict[str, Callable[[], dict[str, float]]]:
    return {name: _module(name).run for name in GROUP_MODULES}


def group_of(figure: str) -> str | None:
    for name in GROUP_MODULES:
        if figure in _module(name).FIGURES:
            return name
    return None


def goals() -> dict[str, str]:
    found: dict[str, str] = {}
    for name in GROUP_MODULES:
        found.update(_module(name).GOALS)
    return found
