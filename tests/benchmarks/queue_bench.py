"""Queue engine on disk with synchronous=FULL: issue / call / done, against a bare commit.

Day 1: 8 stalls x 50 tickets, each op timed (issue all, then call, start, done), and each
timed op followed by one timed bare commit (the floor): both then see the same write-ahead
log and the same moment's disk, so a burst from another process or the log file growing
weighs on op and floor alike instead of on one of them.
Day 2: 2,000 tickets driven through the engine (3/4 of them done, some at the counters, the
rest waiting), then the board snapshot timed.
The file lives in bench-cache/ so the floor and the engine share the same disk.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta, timezone

from benchmarks.common import CACHE, p95, timed_ms
from marketapp.core.catalogue.model import Service
from marketapp.core.market import days as market
from marketapp.core.market.days import StallPlan
from marketapp.core.people.cleaning import clean
from marketapp.core.people.villagers import VillagerInput, save_in_transaction
from marketapp.core.queue import engine as queue
from marketapp.core.queue import visits
from marketapp.core.screens.board import board_snapshot
from marketapp.store.database import open_database

STALLS = 8
PER_STALL = 50
BOARD_TICKETS = 2_000
SNAPSHOTS = 200
FIGURES = ["queue_issue_p95_ms", "queue_call_p95_ms", "queue_done_p95_ms",
           "commit_floor_p95_ms", "queue_issue_ratio", "queue_call_ratio", "queue_done_ratio",
           "board_snapshot_p95_ms"]
GOALS = {f"queue_{op}_p95_ms": "<= 5 ms" for op in ("issue", "call", "done")} | {
    f"queue_{op}_ratio": "<= 3 x floor" for op in ("issue", "call", "done")} | {
    "board_snapshot_p95_ms": "<= 5 ms"}
T0 = datetime(2025, 3, 8, 8, 0, tzinfo=timezone(timedelta(hours=8)))


def _valid_outcome(service: Service) -> dict[str, object]:
    """The least a stall must record: every required field with a plausible value."""
    outcome: dict[str, object] = {}
    for spec in service.fields:
        if not spec.required:
            continue
        if spec.type in ("int", "decimal"):
            outcome[spec.key] = spec.min if spec.min is not None else 1
        elif spec.type == "choice":
            outcome[spec.key] = spec.options[0].code
        elif spec.type == "bool":
            outcome[spec.key] = False
        else:
            outcome[spec.key] = "已处理"
    return outcome


def _people(db, count: int) -> list[str]:
    with db.atomic():
        return [save_in_transaction(db, clean(VillagerInput(name=f"村民{i}", birth_date="1960-01-01"),
                                              today=date(2025, 3, 8)),
                                    on_duplicate="ignore").villager.id for i in range(count)]


def _open(db, day: str) -> list[market.Stall]:
    codes = market.current_catalogue(db).codes()[:STALLS]
    plans = [StallPlan(code, counters=2) for code in codes]
    return list(market.open_market_day(db, day, "城南村", plans, at=T0).stalls)


def _queue_ops(db, people: list[str]) -> dict[str, list[float]]:
    stalls = _open(db, "2025-03-08")
    outcomes = {s.id: _valid_outcome(s.service()) for s in stalls}
    times: dict[str, list[float]] = {"issue": [], "call": [], "done": [], "floor": []}
    floor = _floor_commit(db)

    def timed(op: str, fn) -> None:
        times[op].append(timed_ms(fn))
        times["floor"].append(timed_ms(floor))

    clock = iter(T0 + timedelta(seconds=5 * i) for i in range(100_000))
    for i in range(PER_STALL):
        for s, stall in enumerate(stalls):
            person = people[(i * STALLS + s) % len(people)]
            timed("issue", lambda st=stall, p=person: queue.issue(db, st.id, p, at=next(clock)))
    for _ in range(PER_STALL):
        for stall in stalls:
            called: list[queue.Ticket] = []
            timed("call", lambda st=stall, out=called: out.append(
                queue.call_next(db, st.id, at=next(clock))))
            queue.start(db, called[0].id, at=next(clock))
            timed("done", lambda t=called[0], st=stall: visits.finish(
                db, t.id, outcomes[st.id], rating="好", at=next(clock)))
    return times


def _floor_commit(db):
    """A bare INSERT + COMMIT through the same Database, pragmas and disk."""
    db.execute("CREATE TABLE IF NOT EXISTS bench_floor (id INTEGER PRIMARY KEY, v TEXT)")
    db.conn.commit()

    def insert_commit() -> None:
        with db.atomic():
            db.execute("INSERT INTO bench_floor (v) VALUES ('x')")
    return insert_commit


def _busy_day(db, people: list[str]) -> str:
    stalls = _open(db, "2025-03-09")
    outcomes = {s.id: _valid_outcome(s.service()) for s in stalls}
    clock = iter(T0 + timedelta(days=1, seconds=3 * i) for i in range(100_000))
    per_stall = BOARD_TICKETS // STALLS
    for i in range(per_stall):
        for s, stall in enumerate(stalls):
            queue.issue(db, stall.id, people[(i * STALLS + s) % len(people)], at=next(clock))
    for _ in range(per_stall * 3 // 4):
        for stall in stalls:
            ticket = queue.start(db, queue.call_next(db, stall.id, at=next(clock)).id,
                                 at=next(clock))
            visits.finish(db, ticket.id, outcomes[stall.id], at=next(clock))
    for stall in stalls:  # someone at each counter
        queue.start(db, queue.call_next(db, stall.id, at=next(clock)).id, at=next(clock))
        queue.call_next(db, stall.id, at=next(clock))
    return stalls[0].market_day_id


def run() -> dict[str, float]:
    CACHE.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as folder:
        db = open_database(f"{folder}/queue.db")
        people = _people(db, 2_500)
        times = _queue_ops(db, people)
        floor = p95(times.pop("floor"))
        day_id = _busy_day(db, people)
        at = T0 + timedelta(days=1, hours=10)
        board_snapshot(db, day_id, at)  # warm
        snapshot = [timed_ms(lambda: board_snapshot(db, day_id, at)) for _ in range(SNAPSHOTS)]
        db.close()
    figures = {f"queue_{op}_p95_ms": p95(values) for op, values in times.items()}
    figures["commit_floor_p95_ms"] = floor
    for op in times:
        figures[f"queue_{op}_ratio"] = round(figures[f"queue_{op}_p95_ms"] / floor, 2)
    figures["board_snapshot_p95_ms"] = p95(snapshot)
    return figures
