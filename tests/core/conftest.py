"""Shared setup of the domain tests.

A test module that opens a market day defines its own ``day`` fixture (the stalls it needs);
``hair`` and ``health`` are that day's first two stalls.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def hair(day):
    return day.stalls[0].id


@pytest.fixture
def health(day):
    return day.stalls[1].id
