"""core.figures.periods: the usual report periods around today."""

from __future__ import annotations

from datetime import date

import pytest

from marketapp.core.figures.periods import PERIODS, preset_range


def test_every_period_runs_from_its_first_to_its_last_day_and_holds_today_or_precedes_it():
    today = date(2025, 12, 31)
    for key in PERIODS:
        first, last = preset_range(key, today)
        assert first <= last
        assert (first <= today <= last) == key.startswith("this_")


def test_month_ends_know_december_and_leap_years():
    assert preset_range("this_month", date(2024, 2, 1)) == (date(2024, 2, 1), date(2024, 2, 29))
    assert preset_range("this_month", date(2025, 12, 15)) == (date(2025, 12, 1),
                                                              date(2025, 12, 31))
    assert preset_range("last_quarter", date(2026, 1, 1)) == (date(2025, 10, 1),
                                                              date(2025, 12, 31))


def test_an_unknown_period_is_a_programming_error():
    with pytest.raises(ValueError):
        preset_range("custom", date(2025, 1, 1))
