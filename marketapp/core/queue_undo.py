"""Undo at a stall: the latest transition the stall's own staff made there, restored from
its event (see queue).

Which transition: the latest not-yet-undone event at the stall whose action is one the
stall's line is worked with — call, recall, no-show, back to line, start, done, cancel,
priority change, or a transfer OUT of this stall. Tickets merely issued here (by the
registration desk) or transferred in (by another stall) are skipped: staff who press undo
after the desk issued A003, or after B001 was moved in, undo their own last step. A transfer
is undone at the stall it left. Only when the stall has done nothing undoable is the
latest ticket that arrived named in the refusal (issuing cannot be undone: cancel it).

Passed over, not dropped, holds for undo too: a transition whose undo would put the
villager back at this stall's counter (called or serving) is refused while she is called
or served at another stall, as ``call`` refuses it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from marketapp.core.market import Stall, get_stall
from marketapp.core.queue_rules import STATE_NAMES, QueueError, moment
from marketapp.core.queue_store import Ticket, apply_transition, get_ticket, refuse_if_closed

AT_COUNTER = ("called", "serving")


_EVENT_COLUMNS = "id, seq, ticket_id, action, from_state, to_state, details"
# Not the stall staff's own steps: issuing (the desk, or a transfer in), closing the day.
_NOT_OWN = ("issue", "close", "undo")
_OWN_LATEST = (
    f"SELECT {_EVENT_COLUMNS} FROM queue_events WHERE stall_id = ? AND undone_by IS NULL "
    f"AND action NOT IN ({', '.join(repr(a) for a in _NOT_OWN)}) ORDER BY seq DESC LIMIT 1"
)


def undo_last(db: Database, stall_id: str, *, operator: str = "",
              at: datetime | str | None = None) -> Ticket:
    """Undo the latest transition the stall's staff made at the stall (rule in the module
    docstring); returns the ticket as restored (for an undone transfer: the original
    ticket, back at this stall)."""
    at_text, _ = moment(at)
    with db.atomic():
        stall = get_stall(db, stall_id)
        refuse_if_closed(db, stall.market_day_id, "undo")
        row = db.conn.execute(_OWN_LATEST, (stall_id,)).fetchone()
        if row is None:
            raise _why_nothing(db, stall)
        event = _Event(*row[:6], json.loads(row[6]))
        if event.action == "transfer":
            return _undo_transfer(db, event, at_text, operator)
        return _undo_one(db, event, at_text, operator)


def _why_nothing(db: Database, stall: Stall) -> QueueError:
    """The refusal when the stall did nothing undoable: about the latest ticket that came in
    (issuing cannot be undone; a transfer is undone where it came from), else plain."""
    row = db.conn.execute(
        "SELECT e.details, t.label FROM queue_events e JOIN tickets t ON t.id = e.ticket_id "
        "WHERE e.stall_id = ? AND e.action = 'issue' AND e.undone_by IS NULL "
        "ORDER BY e.seq DESC LIMIT 1", (stall.id,)).fetchone()
    if row is None:
        return QueueError("nothing_to_undo", stall_zh=stall.name_zh, stall_en=stall.name_en)
    source = json.loads(row[0]).get("transfer_from")
    if not source:
        return QueueError("cannot_undo_issue", label=row[1])
    origin = db.conn.execute(
        "SELECT t.label, s.name_zh, s.name_en FROM tickets t JOIN stalls s ON s.id = t.stall_id"
        " WHERE t.id = ?", (source,)).fetchone()
    return QueueError("undo_transfer_at_source", label=row[1], from_label=origin[0],
                      stall_zh=origin[1], stall_en=origin[2])


@dataclass(frozen=True)
class _Event:
    id: str
    seq: int
    ticket_id: str
    action: str
    from_state: str | None
    to_state: str
    details: dict


def _latest_event(db: Database, ticket_id: str) -> _Event:
    row = db.execute(
        f"SELECT {_EVENT_COLUMNS} FROM queue_events "
        "WHERE stall_id = (SELECT stall_id FROM tickets WHERE id = ?) AND ticket_id = ? "
        "AND undone_by IS NULL AND action <> 'undo' ORDER BY seq DESC LIMIT 1",
        [ticket_id, ticket_id],
    ).fetchone()
    return _Event(*row[:6], json.loads(row[6]))


def _undo_one(db: Database, event: _Event, at: str, operator: str,
              extra: dict[str, object] | None = None) -> Ticket:
    ticket = get_ticket(db, event.ticket_id)
    if ticket.status != event.to_state or _latest_event(db, ticket.id).id != event.id:
        raise QueueError("undo_blocked", label=ticket.label)
    restored_state = event.from_state or "waiting"
    if restored_state in AT_COUNTER:
        _refuse_if_elsewhere(db, ticket, restored_state)
    extra = {"undoes": event.id, "undone_action": event.action, **(extra or {})}
    if event.action == "done":
        extra["visit"] = _remove_visit(db, ticket)
    restore = {k: v for k, v in event.details["before"].items() if k != "status"}
    restored, undo_id = apply_transition(db, ticket, "undo", restored_state, restore, at,
                                         operator, extra)
    db.execute("UPDATE queue_events SET undone_by = ? WHERE id = ?", [undo_id, event.id])
    return restored


def _refuse_if_elsewhere(db: Database, ticket: Ticket, state: str) -> None:
    """She is called or served at another stall now: being back at this stall's counter too
    would break "passed over, not dropped" (``call`` refuses the same)."""
    row = db.conn.execute(
        "SELECT t.label, t.status, s.name_zh, s.name_en FROM tickets t JOIN stalls s "
        "ON s.id = t.stall_id WHERE t.villager_id = ? AND t.market_day_id = ? "
        "AND t.stall_id <> ? AND t.status IN ('called', 'serving') LIMIT 1",
        (ticket.villager_id, ticket.market_day_id, ticket.stall_id)).fetchone()
    if row:
        other_zh, other_en = STATE_NAMES[row[1]]
        state_zh, state_en = STATE_NAMES[state]
        raise QueueError("undo_busy_elsewhere", label=ticket.label, other=row[0],
                         stall_zh=row[2], stall_en=row[3], other_zh=other_zh,
                         other_en=other_en, state_zh=state_zh, state_en=state_en)


def _remove_visit(db: Database, ticket: Ticket) -> dict[str, object] | None:
    """Delete the visit a "done" recorded; the undo event names it by id only (a merge
    removes it from the other laptop's copy by that id). Its readings and notes are not kept
    in the event log: retention could not clear them there, and a merge would spread them."""
    row = db.execute("SELECT id FROM visits WHERE ticket_id = ?", [ticket.id]).fetchone()
    if row is None:
        return None
    try:
        db.execute("DELETE FROM visits WHERE ticket_id = ?", [ticket.id])
    except sqlite3.IntegrityError:  # a request (诉求) was raised on this visit
        raise QueueError("undo_has_requests", label=ticket.label) from None
    return {"id": row[0]}


def _undo_transfer(db: Database, event: _Event, at: str, operator: str) -> Ticket:
    new = get_ticket(db, str(event.details["to_ticket"]))
    issue_event = _latest_event(db, new.id)
    if new.status != "waiting" or issue_event.action != "issue":
        raise QueueError("undo_blocked", label=new.label)
    _, cancel_id = apply_transition(db, new, "undo", "cancelled",
                          {"finished_at": at, "end_reason": "transfer_undone"}, at, operator,
                          {"undoes": issue_event.id, "undone_action": "issue"})
    db.execute("UPDATE queue_events SET undone_by = ? WHERE id = ?", [cancel_id, issue_event.id])
    return _undo_one(db, event, at, operator)

