"""Undo of the latest transition at a stall, restored from its event (see queue)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from marketapp.core.market import get_stall
from marketapp.core.queue_rules import QueueError, moment
from marketapp.core.queue_store import Ticket, apply_transition, get_ticket, refuse_if_closed


def undo_last(db: Database, stall_id: str, *, operator: str = "",
              at: datetime | str | None = None) -> Ticket:
    """Undo the latest not-yet-undone transition at the stall; returns the ticket as restored
    (for an undone transfer: the original ticket, back where it was)."""
    at_text, _ = moment(at)
    with db.atomic():
        stall = get_stall(db, stall_id)
        refuse_if_closed(db, stall.market_day_id, "undo")
        row = db.execute(
            "SELECT id, seq, ticket_id, action, from_state, to_state, details FROM queue_events "
            "WHERE stall_id = ? AND undone_by IS NULL AND action <> 'undo' "
            "ORDER BY seq DESC LIMIT 1",
            [stall_id],
        ).fetchone()
        if row is None:
            raise QueueError("nothing_to_undo", stall_zh=stall.name_zh, stall_en=stall.name_en)
        event = _Event(*row[:6], json.loads(row[6]))
        if event.action == "issue":
            source = event.details.get("transfer_from")
            if not source:
                raise QueueError("cannot_undo_issue", label=get_ticket(db, event.ticket_id).label)
            return _undo_transfer(db, _latest_event(db, str(source)), at_text, operator)
        if event.action == "transfer":
            return _undo_transfer(db, event, at_text, operator)
        return _undo_one(db, event, at_text, operator)


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
        "SELECT id, seq, ticket_id, action, from_state, to_state, details FROM queue_events "
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
    extra = {"undoes": event.id, "undone_action": event.action, **(extra or {})}
    if event.action == "done":
        extra["visit"] = _remove_visit(db, ticket)
    restore = {k: v for k, v in event.details["before"].items() if k != "status"}
    restored, undo_id = apply_transition(db, ticket, "undo", event.from_state or "waiting", restore, at,
                               operator, extra)
    db.execute("UPDATE queue_events SET undone_by = ? WHERE id = ?", [undo_id, event.id])
    return restored


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

