"""Expected waits and the closing-time warning.

Model (simple enough to explain to a registrar):
    service time m = median of the stall's finished visits today (serving -> done) that
                     took at least MIN_SERVICE_SECONDS, or the catalogue's typical minutes
                     until the stall has MIN_VISITS_FOR_MEDIAN of them. Shorter ones are
                     not services but start and done pressed together (the outcome written
                     up afterwards, a visit recorded for the list): a median of those would
                     make every wait 0 minutes and silence the closing-time warning;
    a ticket with p tickets before it in line, while a tickets are at the stall's c open
    counters (called or being served), waits  m * ((p + a) // c)  minutes: everyone ahead is
    served c at a time and she is called when her round comes.
Closing warning: the new ticket is expected to be finished (call + m) after the stall's
closing time on the market's date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

MIN_VISITS_FOR_MEDIAN = 5
MIN_SERVICE_SECONDS = 30


def service_minutes(done: int, median_seconds: float | None, typical_minutes: int) -> float:
    """The stall's expected minutes per person, from its ``done`` visits' median."""
    if done < MIN_VISITS_FOR_MEDIAN or median_seconds is None:
        return float(typical_minutes)
    return round(median_seconds / 60, 1)


def wait_minutes(position: int, at_counters: int, counters: int, minutes_each: float) -> float:
    rounds = (position + min(at_counters, counters)) // max(counters, 1)
    return round(rounds * minutes_each, 1)


def closing_moment(day: str, closes_at: str | None, like: datetime) -> datetime | None:
    """The stall's closing time on the market date, in ``like``'s time zone."""
    if not closes_at:
        return None
    hour, minute = (int(part) for part in closes_at.split(":"))
    return datetime.combine(date.fromisoformat(day), time(hour, minute), tzinfo=like.tzinfo)


@dataclass(frozen=True)
class Estimate:
    position: int  # tickets called before this one
    wait_minutes: float
    minutes_each: float
    expected_call_at: datetime
    expected_done_at: datetime
    closes_at: datetime | None

    @property
    def closing_warning(self) -> bool:
        return self.closes_at is not None and self.expected_done_at > self.closes_at


def estimate(
    *,
    position: int,
    at_counters: int,
    counters: int,
    minutes_each: float,
    now: datetime,
    day: str,
    closes_at: str | None,
) -> Estimate:
    wait = wait_minutes(position, at_counters, counters, minutes_each)
    call_at = now + timedelta(minutes=wait)
    return Estimate(
        position=position,
        wait_minutes=wait,
        minutes_each=minutes_each,
        expected_call_at=call_at,
        expected_done_at=call_at + timedelta(minutes=minutes_each),
        closes_at=closing_moment(day, closes_at, now),
    )
