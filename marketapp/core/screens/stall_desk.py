"""What the staff screens (queues page, stall desk, public display) read about a stall's line.

Read-only queries over the queue engine's tables; every change still goes through
``core.queue.engine`` / ``core.queue.visits``. Staff screens may show full names; the public display uses
only ``calls_now`` (labels, no names) beside ``board.board_snapshot`` (masked names).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlite_utils import Database

from marketapp.core.queue.rules import moment
from marketapp.core.queue.tickets import Ticket, stall_tickets, waiting_estimates

AT_COUNTER = ("called", "serving")


@dataclass(frozen=True)
class LineRow:
    """One ticket of a stall's list as staff see it."""

    ticket: Ticket
    name: str  # full name: staff screens only
    age: int | None
    position: int | None  # 1-based place in the call order (waiting tickets only)
    waited_minutes: float  # since arrival
    wait_minutes: float | None  # expected, waiting tickets only


@dataclass(frozen=True)
class CallKey:
    """A ticket being called, with what changes when it is called again (for the display)."""

    stall_id: str
    label: str
    called_at: str
    recalls: int
    counter: int | None


def _people(db: Database, ids: set[str]) -> dict[str, tuple[str, str | None]]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = db.execute(f"SELECT id, name, birth_date FROM villagers WHERE id IN ({marks})",
                      list(ids))
    return {row[0]: (row[1], row[2]) for row in rows}


def _age(birth: str | None, on: date) -> int | None:
    if not birth:
        return None
    born = date.fromisoformat(birth)
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def stall_line(db: Database, stall_id: str, at: datetime | str | None = None) -> list[LineRow]:
    """The stall's list: tickets at the counters, then the waiting line in call order (with
    position and expected wait), then no-shows (who may come back)."""
    _, now = moment(at)
    at_counter = stall_tickets(db, stall_id, AT_COUNTER)
    waiting = waiting_estimates(db, stall_id, now)
    no_shows = stall_tickets(db, stall_id, ("no_show",))
    people = _people(db, {t.villager_id for t in at_counter + no_shows}
                     | {t.villager_id for t, _ in waiting})

    def row(ticket: Ticket, position: int | None, wait: float | None) -> LineRow:
        name, birth = people.get(ticket.villager_id, ("", None))
        waited = max(0.0, (now - moment(ticket.arrived_at)[1]).total_seconds() / 60)
        return LineRow(ticket, name, _age(birth, now.date()), position, round(waited, 1), wait)

    rows = [row(t, None, None) for t in sorted(at_counter, key=lambda t: t.called_at or "")]
    rows += [row(t, i, e.wait_minutes) for i, (t, e) in enumerate(waiting, start=1)]
    rows += [row(t, None, None) for t in no_shows]
    return rows


def at_counter(db: Database, stall_id: str, counter: int) -> Ticket | None:
    """The ticket called to or served at this counter of the stall (the newest, if several)."""
    tickets = [t for t in stall_tickets(db, stall_id, AT_COUNTER) if t.counter == counter]
    return max(tickets, key=lambda t: t.called_at or "") if tickets else None


def calls_now(db: Database, market_day_id: str) -> list[CallKey]:
    """Every ticket being called right now, oldest call first. A recall raises ``recalls``
    and a new call changes ``called_at``, so comparing two lists finds what to announce."""
    rows = db.execute(
        "SELECT stall_id, label, called_at, recalls, counter FROM tickets "
        "WHERE market_day_id = ? AND status = 'called' ORDER BY called_at",
        [market_day_id],
    )
    return [CallKey(*row) for row in rows]
