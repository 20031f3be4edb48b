"""The expected wait and the closing-time warning beside it never contradict each other
(core.queue.estimates): the rule checked over every minute around a closing time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from marketapp.core.market.days import (
    StallPlan,
    closing_already_passed,
    suggested_late_closing,
)
from marketapp.core.queue.estimates import estimate

TZ = timezone(timedelta(hours=8))
DAY = "2025-03-08"


def at(hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2025, 3, 8, hour, minute, second, tzinfo=TZ)


def guess(now: datetime, position: int, minutes_each: float = 15.0, counters: int = 1,
          closes_at: str | None = "16:30"):
    return estimate(position=position, at_counters=0, counters=counters,
                    minutes_each=minutes_each, now=now, day=DAY, closes_at=closes_at)


def test_opened_after_closing_the_warning_says_closing_passed_not_no_turn():
    """The issue's slip: 17:00, nobody ahead, "about 0 min" — beside "may not get a turn
    before closing (16:30)". Now: the closing time has passed, said as a fact."""
    first = guess(at(17, 0), position=0)
    assert first.shown_minutes == 0
    assert first.closing_passed and not first.turn_after_closing and first.closing_warning


def test_a_warning_never_stands_beside_a_wait_that_ends_before_closing():
    seen = set()
    for minute in range(13 * 60, 17 * 60, 7):
        for seconds in (0, 29, 59):
            now = at(minute // 60, minute % 60, seconds)
            for position in range(0, 12):
                for minutes_each in (0.5, 4.0, 15.0):
                    e = guess(now, position, minutes_each, counters=2)
                    closes = at(16, 30)
                    call = now + timedelta(minutes=e.shown_minutes)
                    if e.closing_passed:
                        assert now >= closes
                    elif e.turn_after_closing:
                        assert call >= closes and e.shown_minutes >= 1
                    else:
                        assert call < closes and not e.closing_warning
                    seen.add((e.closing_passed, e.turn_after_closing))
    assert seen == {(True, False), (False, True), (False, False)}


def test_no_closing_time_no_warning():
    assert not guess(at(23, 0), position=40, closes_at=None).closing_warning


@pytest.mark.parametrize(("now", "expected"), [
    (at(16, 29), []), (at(16, 30), ["haircut"]), (at(17, 5), ["haircut"])])
def test_a_closing_time_already_passed_is_found_for_todays_market_only(now, expected):
    plans = [StallPlan("haircut", closes_at="16:30"), StallPlan("health_check", closes_at="19:00"),
             StallPlan("medicine")]
    assert [p.service_code for p in closing_already_passed(plans, DAY, now)] == expected
    assert closing_already_passed(plans, "2025-03-09", now) == []


@pytest.mark.parametrize(("now", "expected"), [
    (at(17, 5), "19:30"), (at(16, 30), "18:30"), (at(21, 10), "23:30"), (at(21, 40), "23:59"),
    (at(23, 10), "23:59")])
def test_a_late_market_is_offered_a_closing_time_two_hours_on(now, expected):
    assert suggested_late_closing(now) == expected
