"""The queue engine: tickets (号票) at the stalls of a market day and their transitions.

Every transition is one ``db.atomic()`` transaction that updates the ticket and appends a
``queue_events`` row (ticket, from_state, to_state, at, operator, device_id, details) whose
details hold the columns it ``set`` and their values ``before``: undo restores ``before``,
and replaying ``set`` in ``seq`` order rebuilds every ticket (the crash test does exactly
that). The file runs with synchronous=FULL, so a transition the screen showed is on disk.

Ticket numbers: letter + 3 digits, per stall per market day. Each registration laptop
(device) issues from its own block, chosen in settings as desk ``desk_slot`` of
``desk_count``: one desk 001–999; two desks 001–499 and 501–999 (see
``queue_rules.number_block``). The next number is one past the highest this stall already
holds in the block (and past the device's counter row in ``ticket_counters``, updated in the
same transaction as the insert), so a number is never issued twice — not after a cancel, not
after a crash — and two laptops' files merge without clashing numbers.

Rules chosen here (the order itself is documented in ``queue_rules``):
* No-show then return: the ticket keeps its number and re-enters its priority class behind
  every ticket already waiting at the moment of return (its place becomes the return time).
* Transfer: the old ticket becomes ``transferred`` and the target stall issues a new number
  with its own letter (staff call numbers by letter); the new ticket keeps the original
  arrival time, which is its place in the new line, and its priority. Both tickets point at
  each other (transferred_from / transferred_to).
* Undo at a stall: the latest transition the stall's staff made there (call, recall,
  no-show, back to line, start, done, cancel, priority change, transfer out), restored from
  its event; tickets issued or transferred in by others are skipped (``queue_undo``).
  Issuing is not undoable (cancel instead); a transfer is undone at the stall it left, which
  cancels the new ticket while nothing has happened to it yet; undoing "done" removes the
  visit (the undo event names it by id only); an undo that would put a villager at a second stall's
  counter is refused.
* A villager may hold one open ticket per stall and tickets at several stalls; while called
  or served at one stall she is passed over by the others' call-next and keeps her place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlite_utils import Database

from marketapp.core import settings
from marketapp.core.ids import new_id
from marketapp.core.market.days import Stall
from marketapp.core.people.idnumber import age_on
from marketapp.core.people.villagers import InvalidVillager, get_villager
from marketapp.core.queue.estimates import Estimate, estimate
from marketapp.core.queue.rules import (
    ACTION_NAMES,
    OPEN_STATES,
    PRIORITIES,
    PRIORITY_REASONS,
    SEEN_FROM,
    QueueError,
    calls_before,
    calls_before_latest,
    check_transition,
    epoch,
    iter_calls,
    moment,
    number_block,
    number_text,
    ticket_label,
)
from marketapp.core.queue.tickets import (
    NEXT_SEQ,
    SELECT_TICKETS,
    TICKET_COLUMNS,
    Ticket,
    apply_transition,
    call_streak,
    find_ticket,
    get_ticket,
    insert_event,
    joining,
    line_streak,
    next_seq,
    refuse_if_closed,
    stall_context,
    stall_now,
    stall_tickets,
    villager_tickets,
    waiting_estimates,
    waiting_order,
)
from marketapp.core.queue.undo import undo_last
from marketapp.core.text import say_pair

# The engine's public face: callers import everything from here.
__all__ = [
    "Issued", "IssuePreview", "QueueError", "Ticket", "call", "call_next",
    "call_next_to_counter", "call_streak", "nobody_callable",
    "cancel", "change_priority", "end_unserved", "find_ticket", "finish_in_transaction", "get_ticket", "issue",
    "no_show", "preview_issue", "recall", "return_to_queue", "stall_tickets", "start",
    "transfer", "undo_last", "villager_tickets", "waiting_estimates", "waiting_order",
]

_PRIORITY_WORDS = {"普通": "normal", "优先": "priority", "紧急": "urgent"}


@dataclass(frozen=True)
class Issued:
    ticket: Ticket
    estimate: Estimate

    @property
    def closing_warning(self) -> bool:
        return self.estimate.closing_warning


@dataclass(frozen=True)
class IssuePreview:
    """What the registrar sees before issuing: class, place in line, wait, closing warning."""

    stall: Stall
    priority: str
    priority_reason: str | None
    waiting: int
    estimate: Estimate

    @property
    def closing_warning(self) -> bool:
        return self.estimate.closing_warning




def _transition(
    db: Database,
    ticket_id: str,
    action: str,
    changes: dict[str, object],
    at: datetime | str | None,
    operator: str,
    extra: dict[str, object] | None = None,
) -> Ticket:
    at_text, _ = moment(at)
    with db.atomic():
        ticket = get_ticket(db, ticket_id)
        refuse_if_closed(db, ticket.market_day_id, action)
        to_state = check_transition(ticket.label, ticket.status, action)
        return apply_transition(db, ticket, action, to_state, changes, at_text, operator, extra)[0]


def _decide_priority(
    desk: dict[str, object], birth_date: str | None, disabled: bool, priority: str | None,
    reason: str | None, on: date,
) -> tuple[str, str | None]:
    """Explicit choice wins; otherwise age >= priority_age or disability makes it priority."""
    age = age_on(date.fromisoformat(birth_date), on) if birth_date else None
    auto = None
    if age is not None and age >= int(desk["priority_age"]):  # type: ignore[call-overload]
        auto = "age"
    elif disabled:
        auto = "disabled"
    if priority is None:
        return ("priority", auto) if auto else ("normal", None)
    priority = _PRIORITY_WORDS.get(priority.strip(), priority.strip().lower())
    if priority not in PRIORITIES:
        raise QueueError("bad_priority", value=priority)
    if priority == "normal":
        return "normal", None
    reason = (reason or "").strip() or (auto if priority == "priority" and auto else "staff")
    if priority == "priority" and reason not in PRIORITY_REASONS:
        raise QueueError("bad_reason", value=reason)
    return priority, reason


_SETTING_KEYS = ("priority_age", "desk_slot", "desk_count")
_SETTINGS_SQL = f"SELECT key, value FROM settings WHERE key IN ({','.join('?' * len(_SETTING_KEYS))})"


def _settings(db: Database) -> dict[str, object]:
    """The settings issuing reads, in one query (defaults from core.settings)."""
    found = {key: settings.DEFAULTS.get(key) for key in _SETTING_KEYS}
    for key, value in db.conn.execute(_SETTINGS_SQL, _SETTING_KEYS):
        found[key] = json.loads(value)
    found["device_id"] = settings.device_id(db)
    return found


def _take_number(db: Database, desk: dict[str, object], stall: Stall, device: str) -> int:
    first, last = number_block(int(desk["desk_slot"]), int(desk["desk_count"]))  # type: ignore[call-overload]
    # The highest number this stall holds in the block covers a changed desk setting; the
    # device's counter row covers numbers whose tickets were merged away.
    highest, counter = db.conn.execute(
        "SELECT (SELECT MAX(number) FROM tickets WHERE stall_id = ? AND number BETWEEN ? AND ?),"
        " (SELECT last_number FROM ticket_counters WHERE stall_id = ? AND device_id = ?)",
        (stall.id, first, last, stall.id, device),
    ).fetchone()
    candidates = [first - 1, highest or 0]
    if counter and first <= counter <= last:
        candidates.append(counter)
    number = max(candidates) + 1
    if number > last:
        raise QueueError("numbers_exhausted", stall_zh=stall.name_zh, stall_en=stall.name_en,
                         first=number_text(first), last=number_text(last))
    db.conn.execute(
        "INSERT INTO ticket_counters (stall_id, device_id, last_number) VALUES (?, ?, ?) "
        "ON CONFLICT (stall_id, device_id) DO UPDATE SET last_number = excluded.last_number",
        (stall.id, device, number),
    )
    return number


_HELD_SQL = (
    "SELECT label FROM tickets WHERE villager_id = ? AND market_day_id = ? AND stall_id = ? "
    f"AND status IN ({', '.join(repr(state) for state in OPEN_STATES)})"
)


def _check_can_queue(db: Database, stall: Stall, status: str, villager_id: str) -> None:
    if status == "closed":
        zh, en = say_pair(ACTION_NAMES["issue"])
        raise QueueError("day_closed", action_zh=zh, action_en=en)
    held = db.conn.execute(_HELD_SQL, (villager_id, stall.market_day_id, stall.id)).fetchone()
    if held:
        raise QueueError("already_queued", label=held[0], stall_zh=stall.name_zh,
                         stall_en=stall.name_en)


# What issuing needs of the villager, and the ticket she already holds here, in one read.
_PERSON_SQL = f"SELECT birth_date, disabled, last_seen_at, ({_HELD_SQL}) FROM villagers WHERE id = ?"


def _person_to_queue(db: Database, stall: Stall, status: str,
                     villager_id: str) -> tuple[str | None, bool, str | None]:
    """(birth date, disabled, last seen) of a villager who may queue at the stall now;
    QueueError or InvalidVillager saying why not."""
    if status == "closed":
        zh, en = say_pair(ACTION_NAMES["issue"])
        raise QueueError("day_closed", action_zh=zh, action_en=en)
    row = db.conn.execute(_PERSON_SQL, (villager_id, stall.market_day_id, stall.id,
                                        villager_id)).fetchone()
    if row is None:
        raise InvalidVillager("not_found")
    if row[3]:
        raise QueueError("already_queued", label=row[3], stall_zh=stall.name_zh,
                         stall_en=stall.name_en)
    return row[0], bool(row[1]), row[2]


def _joining_estimate(db: Database, stall: Stall, day: str, priority: str, at: str,
                      when: datetime) -> tuple[int, Estimate]:
    """(how many wait, the expected wait of a ticket of class ``priority`` joining the line
    at ``at``, behind everyone who came at that moment)."""
    line = joining(db, stall, at)
    position = calls_before_latest(priority, line.waiting, line.urgent, line.after_urgent,
                                   line.after_others)
    if position is None:
        lines, _ = stall_now(db, stall, count_counters=False)
        position = calls_before(lines, priority, (epoch(at), 1 << 62),
                                lambda: line_streak(db, stall.id, lines))
    return line.waiting, estimate(
        position=position, at_counters=line.at_counters, counters=stall.counters,
        minutes_each=line.minutes_each, now=when, day=day, closes_at=stall.closes_at)


def preview_issue(
    db: Database,
    stall_id: str,
    villager_id: str,
    *,
    priority: str | None = None,
    reason: str | None = None,
    at: datetime | str | None = None,
) -> IssuePreview:
    """Everything ``issue`` would report, without issuing; raises what ``issue`` would."""
    at_text, when = moment(at)
    stall, status, day = stall_context(db, stall_id)
    birth, disabled, _seen = _person_to_queue(db, stall, status, villager_id)
    prio, why = _decide_priority(_settings(db), birth, disabled, priority, reason, when.date())
    waiting, expected = _joining_estimate(db, stall, day, prio, at_text, when)
    return IssuePreview(stall, prio, why, waiting, expected)


def issue(
    db: Database,
    stall_id: str,
    villager_id: str,
    *,
    priority: str | None = None,
    reason: str | None = None,
    operator: str = "",
    at: datetime | str | None = None,
) -> Issued:
    """Give the villager the stall's next number. ``priority`` None = decided by the rules
    (age from the birth date on the issue date, disability); 'priority' needs a reason of
    age / disabled / pregnancy / staff; 'urgent' takes any reason (default 'staff')."""
    at_text, when = moment(at)
    with db.atomic():
        stall, status, day = stall_context(db, stall_id)
        birth, disabled, last_seen = _person_to_queue(db, stall, status, villager_id)
        desk = _settings(db)
        prio, why = _decide_priority(desk, birth, disabled, priority, reason, when.date())
        _, expected = _joining_estimate(db, stall, day, prio, at_text, when)
        seen = not last_seen or last_seen[:10] != at_text[:10]
        ticket = _insert_ticket(db, desk, stall, villager_id, prio, why, at_text, at_text,
                                operator, {SEEN_FROM: last_seen} if seen else None)
        if seen:
            # Audited through the issue event (audit.villager_history_audit reads SEEN_FROM);
            # her search rank follows when the day closes (market.close_market_day).
            db.conn.execute("UPDATE villagers SET last_seen_at = ? WHERE id = ?",
                            (at_text, villager_id))
        return Issued(ticket, expected)


def _insert_ticket(
    db: Database,
    desk: dict[str, object],
    stall: Stall,
    villager_id: str,
    priority: str,
    reason: str | None,
    arrived_at: str,
    at: str,
    operator: str,
    extra: dict[str, object] | None = None,
) -> Ticket:
    device = str(desk["device_id"])
    number = _take_number(db, desk, stall, device)
    seq = next_seq(db)
    source = extra.get("transfer_from") if extra else None
    ticket = Ticket(
        id=new_id(), market_day_id=stall.market_day_id, stall_id=stall.id,
        villager_id=villager_id, number=number, label=ticket_label(stall.letter, number),
        status="waiting", priority=priority, priority_reason=reason, arrived_at=arrived_at,
        queued_at=arrived_at, queue_seq=seq, issued_at=at, called_at=None, serving_at=None,
        finished_at=None, service_seconds=None, recalls=0, counter=None, end_reason=None,
        transferred_from=str(source) if source else None, transferred_to=None,
        device_id=device, issued_by=operator,
    )
    values = tuple(getattr(ticket, c) for c in TICKET_COLUMNS)
    db.conn.execute(_INSERT_TICKET, values)
    details = {"set": dict(zip(TICKET_COLUMNS[1:], values[1:], strict=True)), **(extra or {})}
    insert_event(db, seq, ticket.id, stall.id, "issue", None, "waiting", at, operator, device,
                 details)
    return ticket


_INSERT_TICKET = (f"INSERT INTO tickets ({', '.join(TICKET_COLUMNS)}) "
                  f"VALUES ({', '.join('?' * len(TICKET_COLUMNS))})")


def call_next(
    db: Database,
    stall_id: str,
    *,
    counter: int = 1,
    operator: str = "",
    at: datetime | str | None = None,
) -> Ticket | None:
    """Call the next ticket by the rules; None when nobody free is waiting."""
    at_text, _ = moment(at)
    with db.atomic():
        stall, status, _day = stall_context(db, stall_id)
        if status == "closed":
            refuse_if_closed(db, stall.market_day_id, "call")
        lines, _ = stall_now(db, stall, count_counters=False)
        if not any(lines.values()):
            return None
        # Passed over, not dropped: someone at another stall's counter keeps her place.
        for item in iter_calls(lines, line_streak(db, stall_id, lines)):
            *columns, busy = db.conn.execute(_CANDIDATE_SQL, (item[2],)).fetchone()
            if not busy:
                return _call(db, Ticket(*columns), counter, at_text, operator)
        return None


def call_next_to_counter(
    db: Database,
    stall_id: str,
    *,
    counter: int,
    operator: str = "",
    at: datetime | str | None = None,
) -> Ticket | None:
    """叫下一位 from one counter of a stall (the stall desk, a stall phone): refused while a
    ticket is still called or served at this counter — finish it, or mark it a no-show,
    first; None when nobody free is waiting. The check and the call are one transaction, so
    two callers of one counter (the desk and a phone) cannot both call."""
    with db.atomic():
        here = [t for t in stall_tickets(db, stall_id, ("called", "serving"))
                if t.counter == counter]
        if here:
            busy = max(here, key=lambda t: t.called_at or "")
            raise QueueError("counter_busy", label=busy.label)
        return call_next(db, stall_id, counter=counter, operator=operator, at=at)


def nobody_callable(db: Database, stall_id: str) -> QueueError:
    """Why 叫下一位 found nobody: the first waiting person who is at another stall right now
    (named with that stall: the line is not empty, she is just busy), else nobody waits."""
    row = db.conn.execute(
        "SELECT t.label, s.name_zh, s.name_en FROM tickets t JOIN tickets b "
        "ON b.villager_id = t.villager_id AND b.market_day_id = t.market_day_id "
        "AND b.status IN ('called', 'serving') AND b.stall_id <> t.stall_id "
        "JOIN stalls s ON s.id = b.stall_id WHERE t.stall_id = ? AND t.status = 'waiting' "
        "ORDER BY t.rowid LIMIT 1", (stall_id,)).fetchone()
    if row is None:
        return QueueError("nobody_waiting")
    return QueueError("busy_elsewhere", label=row[0], stall_zh=row[1], stall_en=row[2])


_CANDIDATE_SQL = (
    f"SELECT {', '.join(f't.{c}' for c in TICKET_COLUMNS)}, EXISTS (SELECT 1 FROM tickets b "
    "WHERE b.villager_id = t.villager_id AND b.market_day_id = t.market_day_id "
    "AND b.status IN ('called', 'serving') AND b.stall_id <> t.stall_id) "
    "FROM tickets t WHERE t.rowid = ?"
)


def call(
    db: Database,
    ticket_id: str,
    *,
    counter: int = 1,
    operator: str = "",
    at: datetime | str | None = None,
) -> Ticket:
    """Call one particular ticket (staff chose it), out of the usual order."""
    at_text, _ = moment(at)
    with db.atomic():
        ticket = get_ticket(db, ticket_id)
        refuse_if_closed(db, ticket.market_day_id, "call")
        check_transition(ticket.label, ticket.status, "call")
        row = db.execute(
            "SELECT s.name_zh, s.name_en FROM tickets t JOIN stalls s ON s.id = t.stall_id "
            "WHERE t.villager_id = ? AND t.market_day_id = ? AND t.stall_id <> ? "
            "AND t.status IN ('called', 'serving')",
            [ticket.villager_id, ticket.market_day_id, ticket.stall_id],
        ).fetchone()
        if row:
            raise QueueError("busy_elsewhere", label=ticket.label, stall_zh=row[0],
                             stall_en=row[1])
        return _call(db, ticket, counter, at_text, operator)


def _call(db: Database, ticket: Ticket, counter: int, at: str, operator: str) -> Ticket:
    to_state = check_transition(ticket.label, ticket.status, "call")
    changes = {"called_at": at, "counter": counter, "recalls": 0}
    extra = {"class": ticket.priority, "counter": counter}
    return apply_transition(db, ticket, "call", to_state, changes, at, operator, extra)[0]


def recall(db: Database, ticket_id: str, *, operator: str = "",
           at: datetime | str | None = None) -> Ticket:
    """Call the same number again (重呼); the count is kept on the ticket."""
    with db.atomic():
        ticket = get_ticket(db, ticket_id)
        return _transition(db, ticket_id, "recall", {"recalls": ticket.recalls + 1}, at, operator)


def start(db: Database, ticket_id: str, *, operator: str = "",
          at: datetime | str | None = None) -> Ticket:
    """The person is at the counter: service begins."""
    return _transition(db, ticket_id, "start", {"serving_at": moment(at)[0]}, at, operator)


def no_show(db: Database, ticket_id: str, *, operator: str = "",
            at: datetime | str | None = None) -> Ticket:
    return _transition(db, ticket_id, "no_show", {"counter": None}, at, operator)


def return_to_queue(db: Database, ticket_id: str, *, operator: str = "",
                    at: datetime | str | None = None) -> Ticket:
    """A no-show came back: same number, behind everyone of her class waiting right now."""
    changes = {"queued_at": moment(at)[0], "queue_seq": NEXT_SEQ, "called_at": None,
               "recalls": 0}
    return _transition(db, ticket_id, "return", changes, at, operator)


def change_priority(db: Database, ticket_id: str, priority: str, *, reason: str | None = None,
                    operator: str = "", at: datetime | str | None = None) -> Ticket:
    """Staff decision: normal / priority (with a reason) / urgent for a waiting ticket. Its
    arrival time and place within the new class stay as they were; undo restores the old."""
    with db.atomic():
        ticket = get_ticket(db, ticket_id)
        villager = get_villager(db, ticket.villager_id)
        prio, why = _decide_priority(_settings(db), villager.birth_date, villager.disabled,
                                     priority, reason or "staff", moment(at)[1].date())
        return _transition(db, ticket_id, "reprioritise",
                           {"priority": prio, "priority_reason": why}, at, operator)


def cancel(db: Database, ticket_id: str, *, reason: str = "", operator: str = "",
           at: datetime | str | None = None) -> Ticket:
    changes = {"finished_at": moment(at)[0], "end_reason": reason.strip() or None,
               "counter": None}
    return _transition(db, ticket_id, "cancel", changes, at, operator)


def finish_in_transaction(db: Database, ticket: Ticket, at: str, operator: str,
                          extra: dict[str, object] | None = None) -> Ticket:
    """serving -> done; for visits.finish, which writes the visit in the same transaction."""
    # No closed-day check: whoever was at a counter at closing may still be finished.
    to_state = check_transition(ticket.label, ticket.status, "done")
    seconds = max(0, int(epoch(at) - epoch(str(ticket.serving_at))))
    changes = {"finished_at": at, "service_seconds": seconds}
    return apply_transition(db, ticket, "done", to_state, changes, at, operator, extra)[0]


def transfer(
    db: Database,
    ticket_id: str,
    to_stall_id: str,
    *,
    operator: str = "",
    at: datetime | str | None = None,
) -> Ticket:
    """Move a ticket to another stall of the same day; returns the new ticket there."""
    at_text, _ = moment(at)
    with db.atomic():
        ticket = get_ticket(db, ticket_id)
        refuse_if_closed(db, ticket.market_day_id, "transfer")
        target, status, _day = stall_context(db, to_stall_id)
        if target.id == ticket.stall_id:
            raise QueueError("same_stall", label=ticket.label, stall_zh=target.name_zh,
                             stall_en=target.name_en)
        if target.market_day_id != ticket.market_day_id:
            raise QueueError("other_day")
        to_state = check_transition(ticket.label, ticket.status, "transfer")
        _check_can_queue(db, target, status, ticket.villager_id)
        new = _insert_ticket(db, _settings(db), target, ticket.villager_id, ticket.priority,
                             ticket.priority_reason, ticket.arrived_at, at_text, operator,
                             {"transfer_from": ticket.id})
        apply_transition(db, ticket, "transfer", to_state,
               {"finished_at": at_text, "transferred_to": new.id, "counter": None},
               at_text, operator, {"to_ticket": new.id, "to_label": new.label})
        return new


def end_unserved(db: Database, market_day_id: str, *, reason: str, operator: str,
                 at: str) -> int:
    """Closing: every waiting or called ticket of the day becomes not_served (for market)."""
    rows = db.execute(
        SELECT_TICKETS + "WHERE market_day_id = ? AND status IN ('waiting', 'called') ORDER BY number",
        [market_day_id],
    ).fetchall()
    for row in rows:
        ticket = Ticket(*row)
        apply_transition(db, ticket, "close", "not_served",
               {"finished_at": at, "end_reason": reason, "counter": None}, at, operator)
    return len(rows)


