"""Tickets in the database: reading them (a stall's line in call order, the load behind
estimates) and ``apply_transition``, the one place a transition is written with its event."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from datetime import datetime

from sqlite_utils import Database

from marketapp.core import settings
from marketapp.core.estimates import MIN_VISITS_FOR_MEDIAN, Estimate, estimate, service_minutes
from marketapp.core.ids import new_id
from marketapp.core.market import STALL_COLUMNS, MarketError, Stall, stall_from_row
from marketapp.core.queue_rules import (
    ACTION_NAMES,
    STARVATION_LIMIT,
    InLine,
    QueueError,
    moment,
    predicted_order,
    priority_streak,
)


@dataclass(frozen=True)
class Ticket:
    id: str
    market_day_id: str
    stall_id: str
    villager_id: str
    number: int
    label: str
    status: str
    priority: str
    priority_reason: str | None
    arrived_at: str
    queued_at: str
    queue_seq: int
    issued_at: str
    called_at: str | None
    serving_at: str | None
    finished_at: str | None
    service_seconds: int | None
    recalls: int
    counter: int | None
    end_reason: str | None
    transferred_from: str | None
    transferred_to: str | None
    device_id: str
    issued_by: str

    def in_line(self) -> InLine:
        return InLine(self.id, self.label, self.priority, self.queued_at, self.queue_seq,
                      self.villager_id)


TICKET_COLUMNS = [f.name for f in fields(Ticket)]
SELECT_TICKETS = f"SELECT {', '.join(TICKET_COLUMNS)} FROM tickets "


def get_ticket(db: Database, ticket_id: str) -> Ticket:
    row = db.execute(SELECT_TICKETS + "WHERE id = ?", [ticket_id]).fetchone()
    if row is None:
        raise QueueError("ticket_not_found", label=ticket_id)
    return Ticket(*row)


def find_ticket(db: Database, market_day_id: str, label: str) -> Ticket:
    row = db.execute(
        SELECT_TICKETS + "WHERE market_day_id = ? AND label = ?", [market_day_id, label.strip().upper()]
    ).fetchone()
    if row is None:
        raise QueueError("ticket_not_found", label=label)
    return Ticket(*row)


def stall_tickets(db: Database, stall_id: str, statuses: tuple[str, ...] = ()) -> list[Ticket]:
    sql, params = SELECT_TICKETS + "WHERE stall_id = ?", [stall_id]
    if statuses:
        # Through the (market_day_id, status, stall_id) index, not the stall's whole day.
        sql += (" AND market_day_id = (SELECT market_day_id FROM stalls WHERE id = ?)"
                f" AND status IN ({','.join('?' * len(statuses))})")
        params += [stall_id, *statuses]
    return [Ticket(*row) for row in db.execute(sql + " ORDER BY number", params)]


def in_line(db: Database, stall: Stall) -> list[InLine]:
    """Just what ordering needs, for the stall's waiting tickets."""
    rows = db.execute(
        "SELECT id, label, priority, queued_at, queue_seq, villager_id FROM tickets "
        "WHERE market_day_id = ? AND stall_id = ? AND status = 'waiting'",
        [stall.market_day_id, stall.id],
    )
    return [InLine(*row) for row in rows]


def villager_tickets(db: Database, villager_id: str, market_day_id: str) -> list[Ticket]:
    rows = db.execute(
        SELECT_TICKETS + "WHERE villager_id = ? AND market_day_id = ? ORDER BY issued_at",
        [villager_id, market_day_id],
    )
    return [Ticket(*row) for row in rows]


def call_streak(db: Database, stall_id: str) -> int:
    """Consecutive priority/urgent calls at the stall, newest first (anti-starvation)."""
    rows = db.execute(
        "SELECT json_extract(details, '$.class') FROM queue_events "
        "WHERE stall_id = ? AND action = 'call' AND undone_by IS NULL "
        "ORDER BY seq DESC LIMIT ?",
        [stall_id, STARVATION_LIMIT],
    ).fetchall()
    return priority_streak(row[0] for row in rows)


def waiting_order(db: Database, stall_id: str) -> list[Ticket]:
    """The stall's waiting tickets in the order they will be called."""
    waiting = {t.id: t for t in stall_tickets(db, stall_id, ("waiting",))}
    order = predicted_order([t.in_line() for t in waiting.values()], call_streak(db, stall_id))
    return [waiting[item.id] for item in order]


def waiting_estimates(
    db: Database, stall_id: str, at: datetime | str | None = None
) -> list[tuple[Ticket, Estimate]]:
    """Each waiting ticket with its expected wait, in call order."""
    _, when = moment(at)
    stall, _status, day = stall_context(db, stall_id)
    at_counters, minutes = stall_load(db, stall)
    return [
        (ticket, estimate(position=i, at_counters=at_counters, counters=stall.counters,
                          minutes_each=minutes, now=when, day=day, closes_at=stall.closes_at))
        for i, ticket in enumerate(waiting_order(db, stall_id))
    ]


def stall_context(db: Database, stall_id: str) -> tuple[Stall, str, str]:
    """(stall, its day's status, its day's date) in one query."""
    cols = ", ".join(f"s.{c.strip()}" for c in STALL_COLUMNS.split(","))
    row = db.execute(
        f"SELECT {cols}, d.status, d.date FROM stalls s "
        "JOIN market_days d ON d.id = s.market_day_id WHERE s.id = ?",
        [stall_id],
    ).fetchone()
    if row is None:
        raise MarketError("stall_not_found")
    return stall_from_row(row[:-2]), row[-2], row[-1]


_median_cache: dict[tuple[str, int, int], float] = {}


def stall_medians(
    db: Database, market_day_id: str, stall_id: str | None = None
) -> dict[str, tuple[int, float | None]]:
    """stall id -> (finished tickets, median service seconds; None below MIN_VISITS).

    Counted inside SQLite on the covering index (market_day_id, status, stall_id,
    service_seconds); the median is one OFFSET lookup per stall, remembered per (stall,
    count, total) so a board refreshing every second does not recompute an unchanged one.
    """
    sql = ("SELECT stall_id, COUNT(*), SUM(service_seconds) FROM tickets WHERE market_day_id = ?"
           " AND status = 'done' AND service_seconds IS NOT NULL")
    params = [market_day_id]
    if stall_id:
        sql, params = sql + " AND stall_id = ?", [market_day_id, stall_id]
    found: dict[str, tuple[int, float | None]] = {}
    for stall, count, total in db.execute(sql + " GROUP BY stall_id", params).fetchall():
        key = (stall, count, total)
        if count >= MIN_VISITS_FOR_MEDIAN and key not in _median_cache:
            middle = [row[0] for row in db.execute(
                "SELECT service_seconds FROM tickets WHERE market_day_id = ? AND status = 'done'"
                " AND stall_id = ? AND service_seconds IS NOT NULL ORDER BY service_seconds"
                " LIMIT ? OFFSET ?", [market_day_id, stall, 2 - count % 2, (count - 1) // 2])]
            if len(_median_cache) > 10_000:
                _median_cache.clear()
            _median_cache[key] = sum(middle) / len(middle)
        found[stall] = (count, _median_cache.get(key))
    return found


def stall_load(db: Database, stall: Stall) -> tuple[int, float]:
    """(tickets at the counters now, expected minutes per person) for one stall."""
    at_counters = db.execute(
        "SELECT COUNT(*) FROM tickets WHERE market_day_id = ? "
        "AND status IN ('called', 'serving') AND stall_id = ?",
        [stall.market_day_id, stall.id],
    ).fetchone()[0]
    done, median = stall_medians(db, stall.market_day_id, stall.id).get(stall.id, (0, None))
    return at_counters, service_minutes(done, median, stall.typical_minutes)


def busy_elsewhere(db: Database, market_day_id: str, stall_id: str) -> set[str]:
    rows = db.execute(
        "SELECT villager_id FROM tickets WHERE market_day_id = ? "
        "AND status IN ('called', 'serving') AND stall_id <> ?",
        [market_day_id, stall_id],
    )
    return {row[0] for row in rows}


NEXT_SEQ = "next_seq"  # placeholder in a change set: the seq of the event being written


def apply_transition(
    db: Database,
    ticket: Ticket,
    action: str,
    to_state: str,
    changes: dict[str, object],
    at: str,
    operator: str,
    extra: dict[str, object] | None = None,
    device: str | None = None,
) -> tuple[Ticket, str]:
    """Update one ticket and append its event; the caller holds the transaction."""
    seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM queue_events").fetchone()[0]
    changes = {"status": to_state, **changes}
    changes = {k: (seq if v == NEXT_SEQ else v) for k, v in changes.items()}
    before = {k: getattr(ticket, k) for k in changes}
    cursor = db.execute(
        f"UPDATE tickets SET {', '.join(f'{k} = ?' for k in changes)} WHERE id = ? AND status = ?",
        [*changes.values(), ticket.id, ticket.status],
    )
    if cursor.rowcount != 1:  # someone else moved it since it was read
        raise QueueError("undo_blocked", label=ticket.label)
    event_id = new_id()
    details = {"set": changes, "before": before, **(extra or {})}
    db.execute(
        "INSERT INTO queue_events (id, seq, ticket_id, stall_id, action, from_state, to_state, "
        "at, operator, device_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [event_id, seq, ticket.id, ticket.stall_id, action, ticket.status, to_state, at,
         operator, device or settings.device_id(db), json.dumps(details, ensure_ascii=False)],
    )
    return replace(ticket, **changes), event_id


def refuse_if_closed(db: Database, market_day_id: str, action: str) -> None:
    row = db.execute("SELECT status FROM market_days WHERE id = ?", [market_day_id]).fetchone()
    if row and row[0] == "closed":
        zh, en = ACTION_NAMES[action]
        raise QueueError("day_closed", action_zh=zh, action_en=en)
