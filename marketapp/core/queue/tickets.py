"""Tickets in the database: reading them (a stall's line in call order, the load behind
estimates) and ``apply_transition``, the one place a transition is written with its event."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime

from sqlite_utils import Database

from marketapp.core import settings
from marketapp.core.ids import new_id
from marketapp.core.market.days import STALL_COLUMNS, MarketError, Stall, stall_from_row
from marketapp.core.queue.estimates import (
    MIN_SERVICE_SECONDS,
    MIN_VISITS_FOR_MEDIAN,
    Estimate,
    estimate,
    service_minutes,
)
from marketapp.core.queue.rules import (
    ACTION_NAMES,
    PRIORITIES,
    STARVATION_LIMIT,
    InLine,
    QueueError,
    epoch,
    moment,
    predicted_order,
    priority_streak,
)
from marketapp.core.text import say_pair


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
# json.dumps(..., ensure_ascii=False) builds an encoder per call; a transition writes several.
to_json = json.JSONEncoder(ensure_ascii=False).encode
# The hot path talks to the sqlite3 connection itself: sqlite-utils' execute() wrapper costs
# as much as a small indexed query, and a transition makes several.


def get_ticket(db: Database, ticket_id: str) -> Ticket:
    row = db.conn.execute(SELECT_TICKETS + "WHERE id = ?", (ticket_id,)).fetchone()
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


Lines = dict[str, list[tuple[float, int, int | None]]]


def stall_now(db: Database, stall: Stall, *, count_counters: bool = True) -> tuple[Lines, int]:
    """The stall's waiting tickets per priority class as (place seconds, place seq, rowid),
    ready for ``queue_rules.iter_calls``, and how many are at its counters (0 unless
    ``count_counters``): one read of the ``tickets_day_line`` index, no table rows."""
    lines: Lines = {p: [] for p in PRIORITIES}
    at_counters = 0
    states = "'waiting', 'called', 'serving'" if count_counters else "'waiting'"
    for status, rowid, priority, queued_at, queue_seq in db.conn.execute(
        "SELECT status, rowid, priority, queued_at, queue_seq FROM tickets "
        f"WHERE market_day_id = ? AND status IN ({states}) AND stall_id = ?",
        (stall.market_day_id, stall.id),
    ):
        if status == "waiting":
            lines[priority].append((epoch(queued_at), queue_seq, rowid))
        else:
            at_counters += 1
    return lines, at_counters


def villager_tickets(db: Database, villager_id: str, market_day_id: str) -> list[Ticket]:
    rows = db.execute(
        SELECT_TICKETS + "WHERE villager_id = ? AND market_day_id = ? ORDER BY issued_at",
        [villager_id, market_day_id],
    )
    return [Ticket(*row) for row in rows]


def call_streak(db: Database, stall_id: str) -> int:
    """Consecutive priority/urgent calls at the stall, newest first (anti-starvation)."""
    rows = db.conn.execute(
        "SELECT json_extract(details, '$.class') FROM queue_events "
        "WHERE stall_id = ? AND action = 'call' AND undone_by IS NULL "
        "ORDER BY seq DESC LIMIT ?",
        (stall_id, STARVATION_LIMIT),
    ).fetchall()
    return priority_streak(row[0] for row in rows)


def line_streak(db: Database, stall_id: str, lines: Mapping[str, list]) -> int:
    """``call_streak`` where the rule can use it: it only decides between a priority and a
    normal ticket, so a line without both needs no look at the stall's events."""
    return call_streak(db, stall_id) if lines.get("priority") and lines.get("normal") else 0


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


_STALL_CONTEXT = (
    f"SELECT {', '.join(f's.{c.strip()}' for c in STALL_COLUMNS.split(','))}, d.status, d.date "
    "FROM stalls s JOIN market_days d ON d.id = s.market_day_id WHERE s.id = ?"
)


def stall_context(db: Database, stall_id: str) -> tuple[Stall, str, str]:
    """(stall, its day's status, its day's date) in one query."""
    row = db.conn.execute(_STALL_CONTEXT, (stall_id,)).fetchone()
    if row is None:
        raise MarketError("stall_not_found")
    return stall_from_row(row[:-2]), row[-2], row[-1]


_median_cache: dict[tuple[str, int, int], float] = {}


def stall_medians(
    db: Database, market_day_id: str, stall_id: str | None = None
) -> dict[str, tuple[int, float | None]]:
    """stall id -> (finished tickets that count as a service, median service seconds; None
    below MIN_VISITS). Services shorter than MIN_SERVICE_SECONDS are left out (estimates).

    Counted inside SQLite on the covering index (market_day_id, status, stall_id,
    service_seconds); the median is one OFFSET lookup per stall, remembered per (stall,
    count, total) so a board refreshing every second does not recompute an unchanged one.
    """
    sql = ("SELECT stall_id, COUNT(*), SUM(service_seconds) FROM tickets WHERE market_day_id = ?"
           f" AND status = 'done' AND service_seconds >= {MIN_SERVICE_SECONDS}")
    params = [market_day_id]
    if stall_id:
        sql, params = sql + " AND stall_id = ?", [market_day_id, stall_id]
    return {stall: (count, _median(db, market_day_id, stall, count, total))
            for stall, count, total in db.conn.execute(sql + " GROUP BY stall_id", params)}


def _median(db: Database, market_day_id: str, stall_id: str, count: int,
            total: int | None) -> float | None:
    """The median of the stall's ``count`` service times (summing to ``total``)."""
    if count < MIN_VISITS_FOR_MEDIAN:
        return None
    key = (stall_id, count, total or 0)
    if key not in _median_cache:
        middle = [row[0] for row in db.conn.execute(
            "SELECT service_seconds FROM tickets WHERE market_day_id = ? AND status = 'done'"
            f" AND stall_id = ? AND service_seconds >= {MIN_SERVICE_SECONDS} ORDER BY service_seconds"
            " LIMIT ? OFFSET ?", (market_day_id, stall_id, 2 - count % 2, (count - 1) // 2))]
        if len(_median_cache) > 10_000:
            _median_cache.clear()
        _median_cache[key] = sum(middle) / len(middle)
    return _median_cache[key]


def stall_load(db: Database, stall: Stall) -> tuple[int, float]:
    """(tickets at the counters now, expected minutes per person) for one stall."""
    return stall_now(db, stall)[1], stall_minutes(db, stall)


def stall_minutes(db: Database, stall: Stall) -> float:
    """Expected minutes per person at the stall (its median today, or the typical time)."""
    done, median = stall_medians(db, stall.market_day_id, stall.id).get(stall.id, (0, None))
    return service_minutes(done, median, stall.typical_minutes)


@dataclass(frozen=True)
class Joining:
    """A stall's line as someone joining it at ``at`` needs to know it, counted by SQLite
    on the tickets_day_line index in one read: no row comes back to Python."""

    waiting: int
    urgent: int
    at_counters: int
    minutes_each: float
    # Whether everyone waiting came before ``at`` (or at it), among urgent and among the
    # other tickets; None when their times cannot be compared as text (see ``joining``).
    after_urgent: bool | None
    after_others: bool | None


def joining(db: Database, stall: Stall, at: str) -> Joining:
    # ISO times of one length with the same offset sort as text in time order: so are all
    # times this engine writes on one laptop. Anything else, e.g. a file merged from a
    # laptop in another time zone, is counted (odd) and the caller orders the line itself.
    waiting, urgent, at_counters, last_urgent, last_other, odd, done, done_seconds = \
        db.conn.execute(_JOINING_SQL, {"offset": at[19:], "day": stall.market_day_id,
                                       "stall": stall.id}).fetchone()
    median = _median(db, stall.market_day_id, stall.id, done, done_seconds)
    comparable = len(at) == 25 and not odd
    return Joining(
        waiting, urgent, at_counters, service_minutes(done, median, stall.typical_minutes),
        (last_urgent is None or last_urgent <= at) if comparable else None,
        (last_other is None or last_other <= at) if comparable else None,
    )


# The done tickets are counted apart, in their own region of the index: a long morning's
# done tickets would otherwise pass through every aggregate of the line.
_DONE = ("FROM tickets WHERE market_day_id = :day AND status = 'done' AND stall_id = :stall"
         f" AND service_seconds >= {MIN_SERVICE_SECONDS}")
_JOINING_SQL = f"""
SELECT COUNT(*) FILTER (WHERE status = 'waiting'),
       COUNT(*) FILTER (WHERE status = 'waiting' AND priority = 'urgent'),
       COUNT(*) FILTER (WHERE status IN ('called', 'serving')),
       MAX(queued_at) FILTER (WHERE status = 'waiting' AND priority = 'urgent'),
       MAX(queued_at) FILTER (WHERE status = 'waiting' AND priority <> 'urgent'),
       COUNT(*) FILTER (WHERE status = 'waiting'
                        AND (length(queued_at) <> 25 OR substr(queued_at, 20) <> :offset)),
       (SELECT COUNT(service_seconds) {_DONE}), (SELECT SUM(service_seconds) {_DONE})
FROM tickets
WHERE market_day_id = :day AND status IN ('waiting', 'called', 'serving') AND stall_id = :stall
"""


NEXT_SEQ = "next_seq"  # placeholder in a change set: the seq of the event being written
_INSERT_EVENT = (
    "INSERT INTO queue_events (id, seq, ticket_id, stall_id, action, from_state, to_state, "
    "at, operator, device_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_NEXT_SEQ_SQL = "SELECT COALESCE(MAX(seq), 0) + 1 FROM queue_events"


def next_seq(db: Database) -> int:
    return db.conn.execute(_NEXT_SEQ_SQL).fetchone()[0]


def insert_event(db: Database, seq: int | None, ticket_id: str, stall_id: str, action: str,
                 from_state: str | None, to_state: str, at: str, operator: str, device: str,
                 details: dict[str, object]) -> str:
    """Append one event; seq None = the next one (SQLite's rowid: one past the highest)."""
    event_id = new_id()
    db.conn.execute(_INSERT_EVENT, (event_id, seq, ticket_id, stall_id, action, from_state,
                                    to_state, at, operator, device, to_json(details)))
    return event_id


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
    changes = {"status": to_state, **changes}
    seq = None
    if NEXT_SEQ in changes.values():
        seq = next_seq(db)
        changes = {k: (seq if v == NEXT_SEQ else v) for k, v in changes.items()}
    before = {k: getattr(ticket, k) for k in changes}
    cursor = db.conn.execute(
        f"UPDATE tickets SET {', '.join(f'{k} = ?' for k in changes)} WHERE id = ? AND status = ?",
        (*changes.values(), ticket.id, ticket.status),
    )
    if cursor.rowcount != 1:  # someone else moved it since it was read
        raise QueueError("undo_blocked", label=ticket.label)
    details = {"set": changes, "before": before, **(extra or {})}
    event_id = insert_event(db, seq, ticket.id, ticket.stall_id, action, ticket.status,
                            to_state, at, operator, device or settings.device_id(db), details)
    return Ticket(**(vars(ticket) | changes)), event_id  # dataclasses.replace, cheaper


def refuse_if_closed(db: Database, market_day_id: str, action: str) -> None:
    row = db.conn.execute("SELECT status FROM market_days WHERE id = ?",
                          (market_day_id,)).fetchone()
    if row and row[0] == "closed":
        zh, en = say_pair(ACTION_NAMES[action])
        raise QueueError("day_closed", action_zh=zh, action_en=en)
