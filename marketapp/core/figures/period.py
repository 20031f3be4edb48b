"""The numbers of a period report (month, quarter, year, custom range).

Reads the tickets with the same joins and definitions as ``core.figures.ticket_records`` (which the
daily report and the visits export use), but only the columns a period needs and without
decoding outcomes: a year is tens of thousands of tickets. Nothing is held per ticket.
Requests are counted with the rules of ``core.requests.records`` ("problems solved" = requests
resolved with the resolution date in the range).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlite_utils import Database

from marketapp.core.figures.daily import RatingShares
from marketapp.core.people.villages import list_villages
from marketapp.core.queue.ratings import RATINGS
from marketapp.core.requests.records import (
    RequestCounts,
    category_counts,
    count_solved,
    request_counts,
)
from marketapp.core.settings import get_setting

# The joins of ticket_records._SQL, lean: one row per ticket.
_SQL = """
SELECT t.market_day_id, s.service_code, s.name_zh, s.name_en, t.status, t.villager_id,
       vv.name, vi.rating, vi.wait_minutes
FROM tickets t
JOIN market_days d ON d.id = t.market_day_id
JOIN stalls s ON s.id = t.stall_id
JOIN villagers v ON v.id = t.villager_id
LEFT JOIN villages vv ON vv.id = v.village_id
LEFT JOIN visits vi ON vi.ticket_id = t.id
WHERE d.date BETWEEN ? AND ?
"""


@dataclass
class DayRow(RatingShares):
    id: str
    date: str
    village: str
    status: str
    tickets: int = 0
    visits: int = 0
    people: int = 0
    ratings: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RATINGS, 0))


@dataclass
class ServiceRow:
    code: str
    name_zh: str
    name_en: str
    tickets: int = 0
    visits: int = 0
    people: int = 0
    wait_median: float | None = None

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass
class VillageRow:
    village: str
    people: int = 0
    visits: int = 0
    markets: int = 0  # market days this village hosted in the range


@dataclass
class PeriodData:
    township: str
    date_from: str
    date_to: str
    days: list[DayRow]
    people: int
    visits: int
    tickets: int
    services: list[ServiceRow]
    villages: list[VillageRow]
    no_market: list[str]  # the township's villages that hosted no market in the range
    requests: RequestCounts
    solved: int
    categories: list[tuple[str, int]]  # most common first, zeros left out
    ratings: dict[str, int]

    @property
    def rated(self) -> int:
        return sum(self.ratings.values())


def market_days_in(db: Database, date_from: str, date_to: str) -> list[DayRow]:
    rows = db.execute(
        "SELECT d.id, d.date, g.name, d.status FROM market_days d "
        "JOIN villages g ON g.id = d.village_id WHERE d.date BETWEEN ? AND ? "
        "ORDER BY d.date, g.name", [date_from, date_to]).fetchall()
    return [DayRow(*row) for row in rows]


def period_data(db: Database, date_from: str, date_to: str,
                tick: Callable[[], None] | None = None) -> PeriodData:
    """``tick`` is called every few thousand tickets (a worker checks for cancel there)."""
    days = market_days_in(db, date_from, date_to)
    by_id = {d.id: d for d in days}
    day_people: dict[str, set[str]] = defaultdict(set)
    people: set[str] = set()
    services: dict[str, ServiceRow] = {}
    service_people: dict[str, set[str]] = defaultdict(set)
    waits: dict[str, list[float]] = defaultdict(list)
    village_people: dict[str, set[str]] = defaultdict(set)
    village_visits: Counter[str] = Counter()
    ratings = dict.fromkeys(RATINGS, 0)
    tickets = visits = 0
    cursor = db.execute(_SQL, [date_from, date_to])
    while True:
        batch = cursor.fetchmany(5000)
        if not batch:
            break
        if tick:
            tick()
        for day_id, code, name_zh, name_en, status, person, village, rating, wait in batch:
            day = by_id[day_id]
            row = services.get(code)
            if row is None:
                row = services[code] = ServiceRow(code, name_zh, name_en)
            day.tickets += 1
            row.tickets += 1
            tickets += 1
            if status != "done":
                continue
            visits += 1
            day.visits += 1
            row.visits += 1
            day_people[day_id].add(person)
            people.add(person)
            service_people[code].add(person)
            if wait is not None:
                waits[code].append(wait)
            village = village or ""
            village_people[village].add(person)
            village_visits[village] += 1
            if rating in ratings:
                ratings[rating] += 1
                day.ratings[rating] += 1
    for day in days:
        day.people = len(day_people.get(day.id, ()))
    for code, row in services.items():
        row.people = len(service_people.get(code, ()))
        row.wait_median = round(statistics.median(waits[code]), 1) if waits[code] else None
    hosted = Counter(d.village for d in days)
    township_villages = [v.name for v in list_villages(db)]
    names = set(village_people) | set(hosted)
    villages = [VillageRow(name, len(village_people.get(name, ())), village_visits[name],
                           hosted[name]) for name in names]
    villages.sort(key=lambda v: (-v.people, -v.markets, v.village))
    cats = category_counts(db, date_from, date_to)
    return PeriodData(
        township=str(get_setting(db, "township") or ""),
        date_from=date_from, date_to=date_to, days=days, people=len(people), visits=visits,
        tickets=tickets,
        services=sorted(services.values(), key=lambda s: (-s.visits, s.code)),
        villages=villages,
        no_market=[name for name in township_villages if name not in hosted],
        requests=request_counts(db, date_from, date_to),
        solved=count_solved(db, date_from, date_to),
        categories=sorted(((c, n) for c, n in cats.items() if n),
                          key=lambda item: (-item[1], item[0])),
        ratings=ratings,
    )

