"""Closing a market day and reopening one closed by mistake.

Closing ends the day's lines: every waiting or called ticket becomes not served (one event
each, all in one transaction). A day closed by mistake can be reopened the same day: an
administrator's or registrar's decision, recorded with who and when in the sensitive-action
log and on every ticket it brings back. The tickets closing recorded as not served go back
to waiting in their old order (their place in line was never changed) — a ticket called
when the day closed too, at the head of its line, to be called again: nobody can say she is
still at the counter. Numbers are never reused: the new tickets continue after the highest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from marketapp.core.access.operators import OperatorError, allowed, get_operator, signin_enabled
from marketapp.core.devices.pairing import end_pairings
from marketapp.core.market.days import MarketDay, MarketError, get_market_day, moment_text
from marketapp.core.people.audit import log_sensitive
from marketapp.core.people.search.index import refresh_ranks
from marketapp.core.queue import engine as queue
from marketapp.core.queue.tickets import TICKET_COLUMNS, Ticket, apply_transition

#: The reason stored when staff give none: the day simply ended (stored data, one word).
DEFAULT_REASON = "收市"


def close_market_day(
    db: Database,
    market_day_id: str,
    *,
    reason: str = "",
    operator: str = "",
    at: datetime | str | None = None,
) -> MarketDay:
    """Close the day: no new tickets; every waiting or called ticket becomes not_served with
    ``reason`` (one event each, all in one transaction); every device paired to the day stops.
    Tickets being served may still be finished. Closing a closed day changes nothing."""
    day = get_market_day(db, market_day_id)
    if day.status == "closed":
        return day
    closed_at = moment_text(at)
    reason = reason.strip() or DEFAULT_REASON
    with db.atomic():
        queue.end_unserved(db, market_day_id, reason=reason, operator=operator, at=closed_at)
        # Today's visitors now rank first among equal matches in search.
        visitors = [row[0] for row in db.execute(
            "SELECT DISTINCT villager_id FROM tickets WHERE market_day_id = ?", [market_day_id])]
        refresh_ranks(db, visitors)
        db.execute(
            "UPDATE market_days SET status = 'closed', closed_at = ?, close_reason = ?, "
            "closed_by = ? WHERE id = ?",
            [closed_at, reason, operator, market_day_id],
        )
        # Stall phones and screens of the day stop now; reopening does not revive them.
        end_pairings(db, market_day_id, closed_at)
    return get_market_day(db, market_day_id)


@dataclass(frozen=True)
class Reopened:
    day: MarketDay
    back_in_line: int  # tickets closing had recorded as not served, waiting again


def reopen_market_day(
    db: Database,
    market_day_id: str,
    *,
    back_in_line: bool = True,
    operator: str = "",
    at: datetime | str | None = None,
) -> Reopened:
    """Reopen today's closed day (see the module docstring): open again, and with
    ``back_in_line`` every ticket closing made not_served waiting again in its old place
    (each an undo of its close event, by ``operator``); logged as ``market_reopened``.
    With sign-in on, only an administrator or registrar may do it."""
    at_text = moment_text(at)
    day = get_market_day(db, market_day_id)
    _refuse_unless_allowed(db, operator)
    if day.status != "closed":
        raise MarketError("not_closed", village=day.village, day=day.date)
    if day.date != at_text[:10]:
        raise MarketError("reopen_not_today", village=day.village, day=day.date)
    restored = 0
    with db.atomic():
        closings = db.execute(
            "SELECT e.id, " + ", ".join(f"t.{c}" for c in TICKET_COLUMNS) + " FROM tickets t "
            "JOIN queue_events e ON e.ticket_id = t.id AND e.stall_id = t.stall_id "
            "AND e.action = 'close' AND e.undone_by IS NULL "
            "WHERE t.market_day_id = ? AND t.status = 'not_served' ORDER BY t.number",
            [market_day_id]).fetchall() if back_in_line else []
        for close_id, *columns in closings:
            ticket = Ticket(*columns)
            _, undo_id = apply_transition(
                db, ticket, "undo", "waiting",
                {"finished_at": None, "end_reason": None, "counter": None, "called_at": None,
                 "recalls": 0}, at_text, operator,
                {"undoes": close_id, "undone_action": "close", "reopened": True})
            db.execute("UPDATE queue_events SET undone_by = ? WHERE id = ?", [undo_id, close_id])
            restored += 1
        db.execute("UPDATE market_days SET status = 'open', closed_at = NULL, "
                   "close_reason = NULL, closed_by = '' WHERE id = ?", [market_day_id])
        what = f"{restored} tickets back in line" if back_in_line else "tickets left closed"
        log_sensitive(db, operator, "market_reopened", f"{day.village} {day.date}: {what}",
                      at=at_text)
    return Reopened(get_market_day(db, market_day_id), restored)


def _refuse_unless_allowed(db: Database, operator: str) -> None:
    if not signin_enabled(db):
        return
    try:
        who = get_operator(db, operator) if operator else None
    except OperatorError:
        who = None
    if not allowed(db, who, "open_market"):
        raise OperatorError("not_allowed", name=operator or "—", role=who.role if who else "—")
