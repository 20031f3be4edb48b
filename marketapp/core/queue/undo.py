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

Before undoing, staff are told what it would take back: ``describe_undo`` runs the same
selection and the same checks as ``undo_last`` (``_select``) and writes nothing; it names
the ticket, the step, when it was taken and, for a "done", the recorded values the undo
deletes. ``undo_last(expect=...)`` then undoes only that step: if something else became
the stall's last step meanwhile, it refuses instead of undoing what nobody confirmed.
An undo asks to be confirmed (``UndoPreview.needs_confirmation``) when it deletes a recorded
visit or when the step is ``CONFIRM_AFTER_MINUTES`` old or older; undoing a call just made
stays one key.

A stall phone works one counter: given ``counter``, undo takes back the latest step taken
at that counter (a call to it, a recall, arrival, no-show or finish of the ticket there),
never another counter's and never the desk's stall-wide steps (cancel, priority, transfer,
back to line). Without ``counter`` (the laptop's desk) it is the stall's latest step.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from marketapp.core.catalogue.outcomes import format_value
from marketapp.core.market.days import Stall, get_stall
from marketapp.core.queue.ratings import RATING_NAMES
from marketapp.core.queue.rules import STATE_NAMES, QueueError, epoch, moment
from marketapp.core.queue.tickets import Ticket, apply_transition, get_ticket, refuse_if_closed
from marketapp.core.text import N_, current_language, gettext, say, say_pair

AT_COUNTER = ("called", "serving")


class UndoError(QueueError):
    messages = {
        **QueueError.messages,
        "undo_changed": N_("The last step at {stall_en} changed just now; nothing was undone. "
                           "Press undo again to see which step it is now."),
    }


# A step this old is no longer "the one I just did": undoing it asks first.
CONFIRM_AFTER_MINUTES = 3
_TEXT_SHOWN = 20  # characters of a free-text value the confirmation shows


_EVENT_COLUMNS = "id, seq, ticket_id, action, from_state, to_state, at, operator, details"
# Not the stall staff's own steps: issuing (the desk, or a transfer in), closing the day.
_NOT_OWN = ("issue", "close", "undo")
_OWN_LATEST = (
    f"SELECT {_EVENT_COLUMNS} FROM queue_events WHERE stall_id = ? AND undone_by IS NULL "
    f"AND action NOT IN ({', '.join(repr(a) for a in _NOT_OWN)}) ORDER BY seq DESC LIMIT 1"
)
# The counter a step was taken at: the one a call set, the one a no-show left, else the
# ticket's own (a step is undone only while it is its ticket's latest, so that is current).
_AT_COUNTER_LATEST = (
    f"SELECT {', '.join('e.' + c for c in _EVENT_COLUMNS.split(', '))} FROM queue_events e "
    "JOIN tickets t ON t.id = e.ticket_id WHERE e.stall_id = ? AND e.undone_by IS NULL "
    f"AND e.action NOT IN ({', '.join(repr(a) for a in _NOT_OWN)}) "
    "AND e.action NOT IN ('cancel', 'reprioritise', 'transfer', 'return') "
    "AND coalesce(json_extract(e.details, '$.set.counter'), "
    "json_extract(e.details, '$.before.counter'), t.counter) = ? ORDER BY e.seq DESC LIMIT 1"
)


@dataclass(frozen=True)
class UndoPreview:
    """What ``undo_last`` would take back at a stall now (``describe_undo``)."""

    event_id: str
    label: str  # the ticket at this stall
    action: str  # the step: call, recall, no_show, return, start, done, cancel, reprioritise,
    #              transfer
    at: str  # when the step was taken
    operator: str  # who took it ("" when sign-in is off)
    minutes_ago: float
    restores: str  # the state the ticket goes back to
    priority_before: str | None  # reprioritise: the class it goes back to
    visit: tuple[str, ...] | None  # done: the recorded values the undo deletes, as read
    to_label: str | None = None  # transfer: the new ticket the undo cancels, and its stall
    to_stall: str | None = None

    @property
    def deletes_visit(self) -> bool:
        return self.visit is not None

    @property
    def needs_confirmation(self) -> bool:
        return self.deletes_visit or self.minutes_ago >= CONFIRM_AFTER_MINUTES


def describe_undo(db: Database, stall_id: str, *, at: datetime | str | None = None,
                  lang: str | None = None, counter: int | None = None) -> UndoPreview:
    """What ``undo_last`` would undo at the stall (``counter``: at that counter) now,
    without undoing it; raises the refusal ``undo_last`` would raise. Values and names are
    in ``lang`` (default: the current language)."""
    _, when = moment(at)
    lang = lang or current_language()
    event = _select(db, stall_id, counter)
    ticket = get_ticket(db, event.ticket_id)
    to_label = to_stall = None
    if event.action == "transfer":
        row = db.conn.execute(
            "SELECT t.label, s.name_zh, s.name_en FROM tickets t JOIN stalls s "
            "ON s.id = t.stall_id WHERE t.id = ?", (event.details["to_ticket"],)).fetchone()
        to_label, to_stall = row[0], row[1] if lang == "zh" else row[2]
    return UndoPreview(
        event.id, ticket.label, event.action, event.at, event.operator or "",
        max(0.0, (when.timestamp() - epoch(event.at)) / 60), event.from_state or "waiting",
        event.details["before"].get("priority") if event.action == "reprioritise" else None,
        _recorded_values(db, ticket, lang) if event.action == "done" else None,
        to_label, to_stall)


def undo_last(db: Database, stall_id: str, *, operator: str = "",
              at: datetime | str | None = None, expect: str | None = None,
              counter: int | None = None) -> Ticket:
    """Undo the latest transition the stall's staff made at the stall (rule in the module
    docstring); returns the ticket as restored (for an undone transfer: the original
    ticket, back at this stall). ``expect``: the event a ``describe_undo`` showed; any
    other is refused (``undo_changed``)."""
    at_text, _ = moment(at)
    with db.atomic():
        event = _select(db, stall_id, counter)
        if expect is not None and event.id != expect:
            stall = get_stall(db, stall_id)
            raise UndoError("undo_changed", stall_zh=stall.name_zh, stall_en=stall.name_en)
        if event.action == "transfer":
            return _undo_transfer(db, event, at_text, operator)
        return _undo_one(db, event, at_text, operator)


def _select(db: Database, stall_id: str, counter: int | None = None) -> _Event:
    """The step undo takes back at the stall (or at one counter of it), checked as undoing
    it would check it (reads only): one selection for ``describe_undo`` and ``undo_last``,
    so they cannot disagree."""
    stall = get_stall(db, stall_id)
    refuse_if_closed(db, stall.market_day_id, "undo")
    if counter is None:
        row = db.conn.execute(_OWN_LATEST, (stall_id,)).fetchone()
    else:
        row = db.conn.execute(_AT_COUNTER_LATEST, (stall_id, counter)).fetchone()
        if row is None:
            raise QueueError("nothing_to_undo_at_counter", counter=counter)
    if row is None:
        raise _why_nothing(db, stall)
    event = _event(row)
    if event.action == "transfer":
        new = get_ticket(db, str(event.details["to_ticket"]))
        if new.status != "waiting" or _latest_event(db, new.id).action != "issue":
            raise QueueError("undo_blocked", label=new.label)
    ticket = get_ticket(db, event.ticket_id)
    if ticket.status != event.to_state or _latest_event(db, ticket.id).id != event.id:
        raise QueueError("undo_blocked", label=ticket.label)
    if (event.from_state or "waiting") in AT_COUNTER:
        _refuse_if_elsewhere(db, ticket, event.from_state or "waiting")
    if event.action == "done" and db.conn.execute(
            "SELECT 1 FROM requests r JOIN visits v ON v.id = r.visit_id "
            "WHERE v.ticket_id = ? LIMIT 1", (ticket.id,)).fetchone():
        raise QueueError("undo_has_requests", label=ticket.label)
    return event


def _recorded_values(db: Database, ticket: Ticket, lang: str) -> tuple[str, ...]:
    """The visit a "done" recorded, as a person reads it: 血压 165/101, 脉搏 72 次/分,
    评价 中 (free text shortened)."""
    row = db.conn.execute("SELECT outcome, notes, fee_cents, rating FROM visits "
                          "WHERE ticket_id = ?", (ticket.id,)).fetchone()
    if row is None:
        return ()
    outcome, notes, fee_cents, rating = json.loads(row[0] or "{}"), row[1], row[2], row[3]
    service = get_stall(db, ticket.stall_id).service()
    parts = []
    # The pair is read as one, as staff say it: 血压 165/101.
    paired = () if None in (outcome.get("systolic"), outcome.get("diastolic")) else (
        "systolic", "diastolic")
    if paired:
        pressure = say("blood pressure", lang)
        parts.append(f"{pressure} {outcome['systolic']}/{outcome['diastolic']}")
    for spec in service.fields:
        value = outcome.get(spec.key)
        # an unticked box is the form's default, not something staff recorded
        if spec.key in paired or value in (None, "") or (spec.type == "bool" and not value):
            continue
        parts.append(f"{spec.name(lang)} {_short(format_value(spec, value, lang))}")
    if fee_cents is not None:
        parts.append(say("fee {fee:.2f} yuan", lang, fee=fee_cents / 100))
    if notes:
        parts.append(say("notes {notes}", lang, notes=_short(notes)))
    if rating:
        parts.append(say("rating {rating}", lang, rating=gettext(RATING_NAMES[rating], lang)))
    return tuple(parts)


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _TEXT_SHOWN else text[:_TEXT_SHOWN - 1] + "…"


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
    at: str
    operator: str | None
    details: dict


def _event(row: tuple) -> _Event:
    return _Event(*row[:-1], json.loads(row[-1]))


def _latest_event(db: Database, ticket_id: str) -> _Event:
    row = db.execute(
        f"SELECT {_EVENT_COLUMNS} FROM queue_events "
        "WHERE stall_id = (SELECT stall_id FROM tickets WHERE id = ?) AND ticket_id = ? "
        "AND undone_by IS NULL AND action <> 'undo' ORDER BY seq DESC LIMIT 1",
        [ticket_id, ticket_id],
    ).fetchone()
    return _event(row)


def _undo_one(db: Database, event: _Event, at: str, operator: str) -> Ticket:
    """Undo ``event`` (``_select`` checked it in this transaction)."""
    ticket = get_ticket(db, event.ticket_id)
    restored_state = event.from_state or "waiting"
    extra: dict[str, object] = {"undoes": event.id, "undone_action": event.action}
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
        other_zh, other_en = say_pair(STATE_NAMES[row[1]])
        state_zh, state_en = say_pair(STATE_NAMES[state])
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
    _, cancel_id = apply_transition(db, new, "undo", "cancelled",
                          {"finished_at": at, "end_reason": "transfer_undone"}, at, operator,
                          {"undoes": issue_event.id, "undone_action": "issue"})
    db.execute("UPDATE queue_events SET undone_by = ? WHERE id = ?", [cancel_id, issue_event.id])
    return _undo_one(db, event, at, operator)

