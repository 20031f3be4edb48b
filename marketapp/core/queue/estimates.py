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
Closing warning, said beside the wait and never contradicting it: the wait shown is
``shown_minutes`` (whole minutes), and
    * ``closing_passed``: the stall's closing time on the market's date has already passed
      (a market opened late, or running over): said as a fact ("收摊时间 16:30 已过"), whatever
      the wait — "0 ahead, about 0 min" beside "may not get a turn before closing" was nonsense;
    * ``turn_after_closing``: not yet closed, but her turn comes at or after the closing time
      by the wait shown (now + shown minutes >= closing): so a warning always stands beside a
      wait of at least one minute that reaches the closing time, and no warning beside one
      that ends before it.
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
    now: datetime

    @property
    def shown_minutes(self) -> int:
        """The wait as the desk, the slip and the display say it: whole minutes."""
        return round(self.wait_minutes)

    @property
    def closing_passed(self) -> bool:
        """The stall's closing time has passed already."""
        return self.closes_at is not None and self.now >= self.closes_at

    @property
    def turn_after_closing(self) -> bool:
        """Before closing, but her turn comes at or after it by the wait shown."""
        return (self.closes_at is not None and not self.closing_passed
                and self.now + timedelta(minutes=self.shown_minutes) >= self.closes_at)

    @property
    def closing_warning(self) -> bool:
        """Anything to say about the closing time beside this estimate."""
        return self.closing_passed or self.turn_after_closing


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
        now=now,
    )
