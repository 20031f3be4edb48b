"""PDF reports: a 2,000-visit day and a year of 50 market days / 50,000 visits.

The demo day is capacity-bound (13 counters, four hours), so these fixtures are written in
bulk, the way the engine leaves its rows: market days and stalls through ``open_market_day``,
tickets and visits with engine-shaped times, outcomes from ``demo_outcome`` and flags from
the catalogue's rules, requests through ``raise_request``. Built once, cached in bench-cache/.

report_daily_2000_s / report_year_s: the whole build (query, figures, layout, file).
report_floor_s: reportlab laying out the same daily story from pre-computed numbers (the
ratio says how much the data side costs); report_year_floor_s likewise for the year.
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from benchmarks.common import CACHE
from marketapp.core.catalogue.outcomes import evaluate_flags
from marketapp.core.demo.day import STALL_CLOSING, STALLS, demo_outcome
from marketapp.core.demo.people import DEFAULT_VILLAGES, make_person
from marketapp.core.figures.daily import daily_data
from marketapp.core.figures.period import period_data
from marketapp.core.market.days import StallPlan, find_market_day, open_market_day
from marketapp.core.requests import changes
from marketapp.core.requests import records as requests
from marketapp.reports.daily_report import build_daily_report
from marketapp.reports.period_report import build_period_report
from marketapp.store.database import open_database

FIGURES = ["report_daily_2000_s", "report_year_s", "report_floor_s", "report_year_floor_s",
           "report_daily_pages", "report_year_pages"]
GOALS = {"report_daily_2000_s": "<= 1.5 s", "report_year_s": "<= 5 s"}
FIXTURE_VERSION = 1
TZ = timezone(timedelta(hours=8))
FIRST_DAY = date(2026, 1, 6)
STATUS_WEIGHTS = (("done", 85), ("no_show", 5), ("cancelled", 3), ("transferred", 2),
                  ("not_served", 5))
DEVICE = "bench-device"


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _villagers(db, rng: random.Random, count: int) -> list[str]:
    now = _iso(datetime(2026, 1, 1, 8, tzinfo=TZ))
    village_ids = {name: str(uuid.UUID(int=rng.getrandbits(128), version=4))
                   for name in DEFAULT_VILLAGES}
    rows, ids, used = [], [], set()
    for seq in range(1, count + 1):
        person = make_person(rng, today=FIRST_DAY)
        id_number = person.id_number if person.id_number not in used else None
        used.add(id_number)
        vid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        ids.append(vid)
        rows.append((vid, seq, person.name, person.gender, person.birth_date.isoformat(),
                     id_number, person.phone, village_ids[person.village], person.address,
                     int(person.living_alone), int(person.left_behind), int(person.disabled),
                     int(person.low_income), now, now, None))
    with db.atomic():
        db.conn.executemany("INSERT INTO villages (id, name, created_at) VALUES (?, ?, ?)",
                            [(vid, name, now) for name, vid in village_ids.items()])
        db.conn.executemany(
            "INSERT INTO villagers (id, seq, name, gender, birth_date, id_number, phone, "
            "village_id, address, living_alone, left_behind, disabled, low_income, "
            "created_at, updated_at, last_seen_at) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return ids


def _fill_day(db, rng: random.Random, day: date, village: str, visits: int,
              people: list[str]) -> None:
    opens = datetime.combine(day, datetime.min.time(), TZ).replace(hour=8)
    market = open_market_day(db, day, village,
                             [StallPlan(code, staff, counters, STALL_CLOSING)
                              for code, (counters, _s, staff) in STALLS.items()],
                             operator="基准", at=opens - timedelta(minutes=20))
    stalls = list(market.stalls)
    weights = [STALLS[s.service_code][1] for s in stalls]
    services = {s.id: s.service() for s in stalls}
    numbers = {s.id: 0 for s in stalls}
    tickets = round(visits / 0.85)
    statuses = [s for s, _w in STATUS_WEIGHTS]
    ticket_rows, visit_rows, follow = [], [], []
    done = 0
    for _ in range(tickets):
        stall = rng.choices(stalls, weights)[0]
        numbers[stall.id] += 1
        status = "done" if done < visits and rng.random() < 0.85 else rng.choices(
            statuses[1:], [w for _s, w in STATUS_WEIGHTS[1:]])[0]
        if numbers[stall.id] > 999:
            continue
        villager = rng.choice(people)
        arrived = opens + timedelta(minutes=rng.triangular(0, 180, 40))
        called = serving = finished = None
        service_seconds = None
        if status in ("done", "no_show"):
            called = arrived + timedelta(minutes=rng.expovariate(1 / 35))
        if status == "done":
            serving = called + timedelta(minutes=rng.uniform(0.5, 2))
            minutes = max(2.0, rng.lognormvariate(0, 0.35) * stall.typical_minutes)
            finished = serving + timedelta(minutes=minutes)
            service_seconds = round(minutes * 60)
        elif status == "no_show":
            finished = called + timedelta(minutes=2)
        elif status in ("cancelled", "transferred"):
            finished = arrived + timedelta(minutes=rng.uniform(5, 30))
        elif status == "not_served":
            finished = opens + timedelta(hours=4)
        ticket_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        label = f"{stall.letter}{numbers[stall.id]:03d}"
        ticket_rows.append((
            ticket_id, market.id, stall.id, villager, numbers[stall.id], label, status,
            "normal", None, _iso(arrived), _iso(arrived), len(ticket_rows) + 1, _iso(arrived),
            _iso(called) if called else None, _iso(serving) if serving else None,
            _iso(finished) if finished else None, service_seconds, 0, 1 if called else None,
            "收市" if status == "not_served" else None, None, None, DEVICE, "登记台"))
        if status != "done":
            continue
        done += 1
        service = services[stall.id]
        outcome = demo_outcome(rng, service)
        flags = evaluate_flags(service, outcome)
        rating = rng.choices(("very_satisfied", "satisfied", "basically_satisfied", "dissatisfied",
                              None), (50, 20, 15, 3, 12))[0]
        visit_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        visit_rows.append((
            visit_id, ticket_id, market.id, stall.id, villager, stall.service_code,
            json.dumps(outcome, ensure_ascii=False), json.dumps(flags), None, None,
            stall.staff[0], rating, _iso(finished) if rating else None,
            "staff" if rating else None, _iso(arrived),
            _iso(serving), _iso(finished), round((serving - arrived).total_seconds() / 60, 2),
            round((finished - serving).total_seconds() / 60, 2), DEVICE))
        if "needs_follow_up" in flags or rng.random() < 0.01:
            follow.append((villager, visit_id, finished, stall))
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO tickets (id, market_day_id, stall_id, villager_id, number, label, "
            "status, priority, priority_reason, arrived_at, queued_at, queue_seq, issued_at, "
            "called_at, serving_at, finished_at, service_seconds, recalls, counter, "
            "end_reason, transferred_from, transferred_to, device_id, issued_by) VALUES "
            f"({', '.join('?' * 24)})", ticket_rows)
        db.conn.executemany(
            "INSERT INTO visits (id, ticket_id, market_day_id, stall_id, villager_id, "
            "service_code, outcome, flags, notes, fee_cents, staff, rating, rated_at, rated_by, "
            "arrived_at, started_at, finished_at, wait_minutes, service_minutes, device_id) "
            f"VALUES ({', '.join('?' * 20)})", visit_rows)
        for villager, visit_id, finished, stall in follow[:80]:
            raised = changes.raise_request(
                db, villager_id=villager, category=rng.choice(list(requests.CATEGORIES)),
                text="血压偏高，转卫生院复查", raised_by=stall.staff[0], unit="卫生院",
                visit_id=visit_id, market_day_id=market.id, at=finished)
            if rng.random() < 0.3:
                changes.resolve_request(db, raised.id, resolution="现场解决",
                                         by=stall.staff[0], at=finished)
        db.execute("UPDATE market_days SET status = 'closed', closed_at = ?, "
                   "close_reason = '收市' WHERE id = ?",
                   [_iso(opens + timedelta(hours=4)), market.id])


def build(name: str, days: int, visits: int, people: int, seed: int) -> Path:
    path = CACHE / f"report-{name}-v{FIXTURE_VERSION}.db"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".building")
    for leftover in path.parent.glob(partial.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    rng = random.Random(seed)
    db = open_database(partial)
    pool = _villagers(db, rng, people)
    for n in range(days):
        day = FIRST_DAY + timedelta(days=7 * n)
        village = DEFAULT_VILLAGES[n % len(DEFAULT_VILLAGES)]
        _fill_day(db, rng, day, village, visits, pool)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    for suffix in ("-wal", "-shm"):
        extra = Path(str(partial) + suffix)
        if extra.exists():
            extra.unlink()
    partial.rename(path)
    print(f"  built {name} ({days} days x {visits} visits) in "
          f"{time.perf_counter() - started:.0f} s -> {path}", flush=True)
    return path


def _best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3)


def run() -> dict[str, float]:
    day_db = open_database(build("day2000", 1, 2000, 6000, seed=21))
    year_db = open_database(build("year50", 50, 1000, 20000, seed=22))
    market = find_market_day(day_db, FIRST_DAY)
    last = (FIRST_DAY + timedelta(days=7 * 49)).isoformat()
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        pages: dict[str, int] = {}

        def daily():
            pages["day"] = build_daily_report(day_db, market.id, out / "day.pdf").pages

        def year():
            pages["year"] = build_period_report(year_db, FIRST_DAY.isoformat(), last,
                                                out / "year.pdf").pages

        figures["report_daily_2000_s"] = _best(daily)
        figures["report_year_s"] = _best(year)
        day_numbers = daily_data(day_db, market.id)
        year_numbers = period_data(year_db, FIRST_DAY.isoformat(), last)
        figures["report_floor_s"] = _best(lambda: build_daily_report(
            day_db, market.id, out / "floor.pdf", data=day_numbers))
        figures["report_year_floor_s"] = _best(lambda: build_period_report(
            year_db, FIRST_DAY.isoformat(), last, out / "year-floor.pdf", data=year_numbers))
        figures["report_daily_pages"] = pages["day"]
        figures["report_year_pages"] = pages["year"]
        visits = day_db.execute("SELECT COUNT(*) FROM visits").fetchone()[0]
        year_visits = year_db.execute("SELECT COUNT(*) FROM visits").fetchone()[0]
        print(f"  day: {visits} visits, {pages['day']} pages; year: {year_visits} visits, "
              f"{pages['year']} pages", flush=True)
    day_db.close()
    year_db.close()
    return figures
