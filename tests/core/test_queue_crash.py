"""Power loss in the middle of a market day: SIGKILL a child running the queue, reopen, check.

After every kill: each transition the child reported is in the file; no ticket number twice
at a stall; every ticket's state is what its events say, and every stall's waiting order is
what the engine computes from those replayed states; PRAGMA integrity_check is ok.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from marketapp.core.market import days as market
from marketapp.core.market.days import StallPlan
from marketapp.core.people.cleaning import clean
from marketapp.core.people.villagers import VillagerInput, save_villager
from marketapp.core.queue import engine as queue
from marketapp.core.queue.rules import STARVATION_LIMIT, InLine, predicted_order, priority_streak
from marketapp.store.database import open_database

CHILD = Path(__file__).resolve().parents[1] / "helpers" / "crash_child.py"
KILLS = 24
T0 = datetime(2025, 3, 8, 7, 30, tzinfo=timezone(timedelta(hours=8)))


def _prepare(path: Path) -> None:
    db = open_database(path)
    market.open_market_day(db, "2025-03-08", "城南村",
                           [StallPlan("haircut", counters=2), StallPlan("health_check")], at=T0)
    for i in range(40):
        birth = "1940-01-01" if i % 5 == 0 else "1975-06-01"  # some are priority by age
        data = clean(VillagerInput(name=f"村民{i:02d}", birth_date=birth), today=date(2025, 3, 8))
        save_villager(db, data, on_duplicate="ignore")
    db.close()


def _run_and_kill(path: Path, rng: random.Random, seed: int) -> list[str]:
    """Start the child, let it report some transitions, SIGKILL it; the reported event ids."""
    child = subprocess.Popen([sys.executable, str(CHILD), str(path), str(seed)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reported: list[str] = []
    wanted = rng.randint(1, 40)
    assert child.stdout is not None
    while len(reported) < wanted:
        line = child.stdout.readline()
        if not line:
            pytest.fail(f"child stopped by itself: {child.stderr.read() if child.stderr else ''}")
        reported.append(line.split()[0])
    time.sleep(rng.random() * 0.01)  # land anywhere, often inside a transaction
    os.kill(child.pid, signal.SIGKILL)
    # Read the rest through the same text stream: communicate() reads the raw pipe and would
    # skip what readline() already buffered, starting mid-line.
    rest = child.stdout.read()
    child.wait()
    if child.stderr is not None:
        child.stderr.close()
    reported += [line.split()[0] for line in rest.splitlines() if line.strip()]
    assert child.returncode == -signal.SIGKILL
    return reported


def _replay(db) -> dict[str, dict]:
    """Every ticket's columns rebuilt from queue_events alone (details.set in seq order)."""
    tickets: dict[str, dict] = {}
    for ticket_id, details in db.execute(
        "SELECT ticket_id, details FROM queue_events ORDER BY seq"
    ):
        tickets.setdefault(ticket_id, {}).update(json.loads(details)["set"])
    return tickets


def _order_from_events(db, stall_id: str, replayed: dict[str, dict]) -> list[str]:
    classes = [row[0] for row in db.execute(
        "SELECT json_extract(details, '$.class') FROM queue_events WHERE stall_id = ? "
        "AND action = 'call' AND undone_by IS NULL ORDER BY seq DESC LIMIT ?",
        [stall_id, STARVATION_LIMIT])]
    waiting = [InLine(tid, t["label"], t["priority"], t["queued_at"], t["queue_seq"],
                      t["villager_id"])
               for tid, t in replayed.items()
               if t["stall_id"] == stall_id and t["status"] == "waiting"]
    return [t.label for t in predicted_order(waiting, priority_streak(classes))]


def _check(path: Path, reported: list[str]) -> int:
    db = open_database(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in db.execute("SELECT id FROM queue_events")}
        assert [r for r in reported if r not in stored] == []
        assert db.execute(
            "SELECT stall_id, number FROM tickets GROUP BY stall_id, number HAVING COUNT(*) > 1"
        ).fetchall() == []
        replayed = _replay(db)
        for row in db.execute("SELECT id, status, queued_at, queue_seq FROM tickets"):
            t = replayed[row[0]]
            assert (t["status"], t["queued_at"], t["queue_seq"]) == row[1:]
        day = market.open_market_days(db)[0]
        for stall in day.stalls:
            engine = [t.label for t in queue.waiting_order(db, stall.id)]
            assert engine == _order_from_events(db, stall.id, replayed)
        return len(stored)
    finally:
        db.close()


@pytest.mark.slow
def test_killed_mid_day_nothing_reported_is_lost_and_the_queue_is_consistent(tmp_path):
    path = tmp_path / "market.db"
    _prepare(path)
    rng = random.Random(20250308)
    reported: list[str] = []
    events = 0
    for kill in range(KILLS):
        reported += _run_and_kill(path, rng, seed=kill)
        events = _check(path, reported)
    assert events >= KILLS * 10  # the day really moved
