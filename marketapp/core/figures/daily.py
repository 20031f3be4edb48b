"""The numbers of the end-of-day report, computed from the same ticket records as the visits
export (``ticket_records``), so the PDF and the spreadsheet of a day cannot disagree.

Definitions (each one is something the visits export of the day lets you recount):
- tickets issued: every ticket of the day, whatever became of it (a transfer makes a second
  ticket at the receiving stall, as the export shows it);
- visits: tickets whose status is done (办结); villagers served: distinct people among them;
- no-shows / cancelled / transferred / not served: tickets whose *final* status is that;
- waits and service times: the done visits' ``wait_minutes`` / ``service_minutes``;
- closing-time overruns: done visits that finished after their stall's closing time;
- arrivals per hour: distinct people by the hour of their first arrival that day;
- age bands and villages: the people served, their age on the market date.
Nothing here formats text or knows a language; reports/ does that.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Database

from marketapp.core.devices.pairing import actor_person
from marketapp.core.figures.ticket_records import TicketRecord, ticket_records
from marketapp.core.market.days import MarketDay, Stall, get_market_day
from marketapp.core.queue.ratings import BAD, RATINGS
from marketapp.core.requests.records import Request, list_requests
from marketapp.core.settings import get_setting

AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0-17", 0, 17), ("18-44", 18, 44), ("45-59", 45, 59), ("60-69", 60, 69),
    ("70-79", 70, 79), ("80+", 80, 200),
)
UNKNOWN_AGE = "?"
# Flags that mean a reading was high: the doctor's follow-up list.
HEALTH_FLAGS = ("high_bp", "high_glucose")


def median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile (the value at rank ceil(pct/100 * n)), as a spreadsheet user
    would recount it: sort the column, take that row."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return round(ordered[int(rank) - 1], 1)


def person_key(r: TicketRecord) -> str:
    return r.villager_id


def age_band(age: int | None) -> str:
    if age is None:
        return UNKNOWN_AGE
    for name, low, high in AGE_BANDS:
        if low <= age <= high:
            return name
    return UNKNOWN_AGE


@dataclass
class StallFigures:
    stall: Stall
    tickets: int = 0
    served: int = 0
    no_show: int = 0
    cancelled: int = 0
    transferred: int = 0
    not_served: int = 0
    open_tickets: int = 0  # waiting / called / serving: only on a day not yet closed
    wait_median: float | None = None
    wait_p90: float | None = None
    service_median: float | None = None
    overruns: int = 0


class RatingShares:
    """Counts of the five levels (``ratings``, core.queue.ratings) and their shares, for a
    day's or a row's figures. 好评 are the top three levels, 差评 the bottom two."""

    ratings: dict[str, int]

    @property
    def rated(self) -> int:
        return sum(self.ratings.values())

    @property
    def bad(self) -> int:
        return sum(n for code, n in self.ratings.items() if code in BAD)

    @property
    def good(self) -> int:
        return self.rated - self.bad

    def share(self, rating: str) -> float | None:
        return self.ratings[rating] / self.rated if self.rated else None

    def good_share(self) -> float | None:
        """好评率: every level but the two of 差评."""
        return self.good / self.rated if self.rated else None


@dataclass
class KeyFigures(RatingShares):
    villagers_served: int = 0
    visitors: int = 0  # distinct people with any ticket
    visits: int = 0
    tickets: int = 0
    no_shows: int = 0
    cancelled: int = 0
    transferred: int = 0
    not_served: int = 0
    requests_raised: int = 0
    requests_on_the_spot: int = 0
    requests_referred: int = 0
    ratings: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RATINGS, 0))


@dataclass
class DailyData:
    township: str
    market: MarketDay
    operators: list[str]
    key: KeyFigures
    stalls: list[StallFigures]
    arrivals_by_hour: dict[int, int]
    served_by_hour: dict[int, int]
    age_gender: dict[str, dict[str, int]]  # band -> {"M": n, "F": n, "?": n}
    villages: list[tuple[str, int]]  # (village, people served), most first
    health: list[TicketRecord]
    requests: list[Request]
    bad_ratings: list[TicketRecord] = field(default_factory=list)  # 差评, to follow up
    records: list[TicketRecord] = field(repr=False, default_factory=list)


def _hour(stamp: str | None) -> int | None:
    return int(stamp[11:13]) if stamp else None


def stall_figures(stall: Stall, records: Iterable[TicketRecord]) -> StallFigures:
    figures = StallFigures(stall)
    waits: list[float] = []
    services: list[float] = []
    for r in records:
        figures.tickets += 1
        if r.status == "done":
            figures.served += 1
            if r.wait_minutes is not None:
                waits.append(r.wait_minutes)
            if r.service_minutes is not None:
                services.append(r.service_minutes)
            if stall.closes_at and r.finished_at and r.finished_at[11:16] > stall.closes_at:
                figures.overruns += 1
        elif r.status == "no_show":
            figures.no_show += 1
        elif r.status == "cancelled":
            figures.cancelled += 1
        elif r.status == "transferred":
            figures.transferred += 1
        elif r.status == "not_served":
            figures.not_served += 1
        else:
            figures.open_tickets += 1
    figures.wait_median = median(waits)
    figures.wait_p90 = percentile(waits, 90)
    figures.service_median = median(services)
    return figures


def key_figures(records: list[TicketRecord]) -> KeyFigures:
    key = KeyFigures()
    served: set[str] = set()
    visitors: set[str] = set()
    statuses = Counter(r.status for r in records)
    for r in records:
        visitors.add(person_key(r))
        if r.status == "done":
            served.add(person_key(r))
            if r.rating in key.ratings:
                key.ratings[r.rating] += 1
    key.tickets = len(records)
    key.visits = statuses["done"]
    key.no_shows = statuses["no_show"]
    key.cancelled = statuses["cancelled"]
    key.transferred = statuses["transferred"]
    key.not_served = statuses["not_served"]
    key.villagers_served = len(served)
    key.visitors = len(visitors)
    return key


def hourly(records: list[TicketRecord]) -> tuple[dict[int, int], dict[int, int]]:
    first_arrival: dict[str, str] = {}
    for r in records:
        known = first_arrival.get(person_key(r))
        if known is None or r.arrived_at < known:
            first_arrival[person_key(r)] = r.arrived_at
    arrivals = Counter(_hour(stamp) for stamp in first_arrival.values())
    served = Counter(_hour(r.finished_at) for r in records if r.status == "done")
    hours = [h for h in (*arrivals, *served) if h is not None]
    if not hours:
        return {}, {}
    span = range(min(hours), max(hours) + 1)
    return {h: arrivals.get(h, 0) for h in span}, {h: served.get(h, 0) for h in span}


def people_served(records: list[TicketRecord]) -> dict[str, TicketRecord]:
    people: dict[str, TicketRecord] = {}
    for r in records:
        if r.status == "done":
            people.setdefault(person_key(r), r)
    return people


def age_gender(records: list[TicketRecord]) -> dict[str, dict[str, int]]:
    bands = {name: {"M": 0, "F": 0, "?": 0} for name, _lo, _hi in AGE_BANDS}
    bands[UNKNOWN_AGE] = {"M": 0, "F": 0, "?": 0}
    for r in people_served(records).values():
        band = age_band(r.age_on(date.fromisoformat(r.market_date)))
        bands[band][r.gender if r.gender in ("M", "F") else "?"] += 1
    if not any(bands[UNKNOWN_AGE].values()):
        del bands[UNKNOWN_AGE]
    return bands


def village_counts(records: list[TicketRecord]) -> list[tuple[str, int]]:
    counts = Counter(r.village or "" for r in people_served(records).values())
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def health_follow_ups(records: list[TicketRecord]) -> list[TicketRecord]:
    flagged = [r for r in records
               if r.status == "done" and any(f in HEALTH_FLAGS for f in r.flags)]
    return sorted(flagged, key=lambda r: (r.village or "", r.label))


def bad_ratings(records: list[TicketRecord]) -> list[TicketRecord]:
    """Every visit rated 不满意 or 非常不满意 (差评), in the order they were finished: each
    one is followed up."""
    bad = [r for r in records if r.status == "done" and r.rating in BAD]
    return sorted(bad, key=lambda r: (r.finished_at or "", r.label))


def _operators(db: Database, market: MarketDay, requests: list[Request]) -> list[str]:
    """Who worked the day besides the stall staff, as the records name them (the registration
    desk, volunteers): operators of queue events, whoever opened the day or raised requests."""
    names: list[str] = []
    row = db.execute("SELECT opened_by FROM market_days WHERE id = ?", [market.id]).fetchone()
    if row and row[0]:
        names.append(row[0])
    # A stall device's writes name it beside the person (core.devices): the person only.
    names += [actor_person(r[0]) for r in db.execute(
        "SELECT DISTINCT e.operator FROM queue_events e JOIN stalls s ON s.id = e.stall_id "
        "WHERE s.market_day_id = ? AND e.operator != '' ORDER BY e.operator", [market.id])]
    names += [actor_person(r.raised_by) for r in requests]
    staff = {name for stall in market.stalls for name in stall.staff}
    return [n for n in dict.fromkeys(names) if n and n not in staff]


def daily_data(db: Database, market_day_id: str,
               records: list[TicketRecord] | None = None) -> DailyData:
    market = get_market_day(db, market_day_id)
    if records is None:
        records = list(ticket_records(db, market.date, market.date, market_day_id))
    by_stall: dict[str, list[TicketRecord]] = defaultdict(list)
    for r in records:
        by_stall[r.stall_id].append(r)
    requests = list_requests(db, market_day_id=market_day_id)
    key = key_figures(records)
    key.requests_raised = len(requests)
    key.requests_on_the_spot = sum(1 for r in requests if r.resolved_on_the_spot)
    key.requests_referred = sum(1 for r in requests if r.status == "referred")
    arrivals, served = hourly(records)
    return DailyData(
        township=str(get_setting(db, "township") or ""),
        market=market,
        operators=_operators(db, market, requests),
        key=key,
        stalls=[stall_figures(s, by_stall.get(s.id, [])) for s in market.stalls],
        arrivals_by_hour=arrivals,
        served_by_hour=served,
        age_gender=age_gender(records),
        villages=village_counts(records),
        health=health_follow_ups(records),
        requests=requests,
        bad_ratings=bad_ratings(records),
        records=records,
    )
