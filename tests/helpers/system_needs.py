"""A test that needs a system package skips, saying what to install, on a newcomer's machine,
and fails instead in CI (``CI`` set), where .ci/run installs every package on the list."""

from __future__ import annotations

import os
import shutil

import pytest

from marketapp.system_packages import install_line


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(what: str, group: str) -> None:
    """Skip (or, in CI, fail) because ``what`` is missing; ``group`` of linux-packages.txt."""
    reason = f"{what} is missing: {install_line(group)}"
    if in_ci():
        pytest.fail(reason + " (CI installs it: .ci/run)")
    pytest.skip(reason)


def need_program(program: str, group: str) -> str:
    path = shutil.which(program)
    if path is None:
        missing(program, group)
    return path
