"""Child process for test_queue_crash: drives a market day through the queue engine until killed.

    python tests/helpers/crash_child.py DB_PATH SEED

The database already holds an open market day (haircut A, health check B) and villagers;
this process only reads that state (as the app does after a crash) and carries on. After
each operation commits it prints one line per event the operation wrote ("<event id>
<action> <label>") and flushes, so the parent knows exactly which transitions were
reported as saved when it kills us.
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from marketapp.core.errors import UserError  # noqa: E402
from marketapp.core.market import days as market  # noqa: E402
from marketapp.core.queue import engine as queue
from marketapp.core.queue import visits
from marketapp.store.database import open_database  # noqa: E402

START = datetime(2025, 3, 8, 8, 0, tzinfo=timezone(timedelta(hours=8)))
OUTCOMES = {"haircut": {"kind": "men"}, "health_check": {"systolic": "138", "diastolic": "86"}}


def _tickets(db, status: str) -> list[queue.Ticket]:
    rows = db.execute("SELECT id FROM tickets WHERE status = ?", [status]).fetchall()
    return [queue.get_ticket(db, row[0]) for row in rows]


def _one(rng: random.Random, db, status: str) -> queue.Ticket | None:
    found = _tickets(db, status)
    return rng.choice(found) if found else None


def step(db, rng: random.Random, day, people: list[str], at: datetime) -> None:
    stall = rng.choice(day.stalls)
    action = rng.choices(
        ["issue", "call_next", "start", "finish", "recall", "no_show", "return", "cancel",
         "transfer", "undo"],
        weights=[30, 14, 12, 12, 3, 4, 4, 3, 3, 5],
    )[0]
    if action == "issue":
        priority = rng.choice([None] * 6 + ["priority", "urgent"])
        queue.issue(db, stall.id, rng.choice(people), priority=priority, at=at)
    elif action == "call_next":
        queue.call_next(db, stall.id, at=at)
    elif action == "undo":
        queue.undo_last(db, stall.id, at=at)
    elif action == "transfer":
        if ticket := _one(rng, db, "waiting"):
            target = next(s for s in day.stalls if s.id != ticket.stall_id)
            queue.transfer(db, ticket.id, target.id, at=at)
    else:
        source = {"start": "called", "finish": "serving", "recall": "called",
                  "no_show": "called", "return": "no_show", "cancel": "waiting"}[action]
        ticket = _one(rng, db, source)
        if ticket is None:
            return
        if action == "finish":
            service = next(s for s in day.stalls if s.id == ticket.stall_id).service_code
            visits.finish(db, ticket.id, OUTCOMES[service], rating=rng.choice("好中差"), at=at)
        elif action == "return":
            queue.return_to_queue(db, ticket.id, at=at)
        else:
            getattr(queue, action)(db, ticket.id, at=at)


def main(db_path: str, seed: int) -> None:
    db = open_database(db_path)
    day = market.open_market_days(db)[0]  # whatever was open when the last run died
    people = [row[0] for row in db.execute("SELECT id FROM villagers ORDER BY seq")]
    last = db.execute("SELECT MAX(at), COALESCE(MAX(seq), 0) FROM queue_events").fetchone()
    at = datetime.fromisoformat(last[0]) if last[0] else START
    seen = last[1]
    rng = random.Random(seed)
    while True:
        at += timedelta(seconds=rng.randint(5, 60))
        try:
            step(db, rng, day, people, at)
        except UserError:
            pass  # refused (already queued, nothing to undo …): writes nothing
        for event_id, seq, action, label in db.execute(
            "SELECT e.id, e.seq, e.action, t.label FROM queue_events e "
            "JOIN tickets t ON t.id = e.ticket_id WHERE e.seq > ? ORDER BY e.seq", [seen]
        ).fetchall():
            print(event_id, action, label, flush=True)
            seen = seq


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
