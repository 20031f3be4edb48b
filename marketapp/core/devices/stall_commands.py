"""What a stall device may do, each through the same core function the desktop's stall desk
calls: the phone is another front end, never a second rule book.

A device acts only at its own stall and counter: the ticket it calls, starts, recalls,
marks or finishes is the one at its counter (``stall_desk.at_counter``), never one named
by the request. Its writes name it (``Device.actor``: the operator who paired it and the
device) on queue events and requests; a visit's staff is that operator, else the stall's
staff, as on the desktop. Messages are the desktop's, and name no one (labels only).

Every function returns an ``Answer`` or raises a ``UserError`` (refused) — the caller runs it
through ``command_log.run_once``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from marketapp.core import clock
from marketapp.core.catalogue.outcomes import InvalidOutcome
from marketapp.core.devices.command_log import PHONE, Answer, FieldsRefused
from marketapp.core.devices.errors import DeviceError
from marketapp.core.devices.pairing import Device, check_scope, others_at_counter, set_counter
from marketapp.core.market.days import get_stall
from marketapp.core.people.masking import mask_name
from marketapp.core.people.villagers import get_villager
from marketapp.core.queue import engine as queue
from marketapp.core.queue import visits
from marketapp.core.queue.tickets import Ticket
from marketapp.core.queue.undo import describe_undo
from marketapp.core.requests.changes import raise_request
from marketapp.core.requests.records import RequestError
from marketapp.core.screens.stall_desk import at_counter
from marketapp.core.screens.stall_view import last_visit
from marketapp.core.screens.undo_words import what_was_undone
from marketapp.core.text import join, say

REQUEST_DUE_DAYS = 14  # as the desktop's request dialog proposes
NOTES_MAX = 500


def _counter(device: Device) -> int:
    check_scope(device, "stall")
    if device.counter is None:
        raise DeviceError("choose_counter")
    return device.counter


def _here(db: Database, device: Device) -> Ticket:
    ticket = at_counter(db, str(device.stall_id), _counter(device))
    if ticket is None:
        raise DeviceError("nobody_here")
    return ticket


def choose_counter(db: Database, device: Device, body: Mapping[str, Any], **_: Any) -> Answer:
    changed = set_counter(db, device, body.get("counter"))
    said = say("This device is now counter {counter}.", PHONE, counter=changed.counter)
    others = others_at_counter(db, changed)
    if others:
        said += say(" Note: {devices} works this counter too.", PHONE,
                    devices=join([d.name or d.label for d in others], PHONE))
    return Answer.done(said, counter=changed.counter)


def call_next(db: Database, device: Device, body: Mapping[str, Any], *,
              at: datetime | str | None = None) -> Answer:
    """叫下一位, by the desktop stall desk's rule (``call_next_to_counter``): refused while
    someone is still called or served at this counter."""
    counter = _counter(device)
    ticket = queue.call_next_to_counter(db, str(device.stall_id), counter=counter,
                                        operator=device.actor, at=at)
    if ticket is None:
        raise queue.nobody_callable(db, str(device.stall_id))
    return Answer.done(say("Called {label} to counter {counter}.", PHONE, label=ticket.label,
                           counter=counter), label=ticket.label)


def arrived(db: Database, device: Device, body: Mapping[str, Any], *,
            at: datetime | str | None = None) -> Answer:
    ticket = queue.start(db, _here(db, device).id, operator=device.actor, at=at)
    return Answer.done(say("{label}: service started.", PHONE, label=ticket.label),
                       label=ticket.label)


def recall(db: Database, device: Device, body: Mapping[str, Any], *,
           at: datetime | str | None = None) -> Answer:
    ticket = queue.recall(db, _here(db, device).id, operator=device.actor, at=at)
    return Answer.done(say("Called {label} again.", PHONE, label=ticket.label), label=ticket.label)


def no_show(db: Database, device: Device, body: Mapping[str, Any], *,
            at: datetime | str | None = None) -> Answer:
    ticket = queue.no_show(db, _here(db, device).id, operator=device.actor, at=at)
    return Answer.done(say("{label} marked as a no-show.", PHONE, label=ticket.label),
                       label=ticket.label)


def _text(body: Mapping[str, Any], key: str, limit: int) -> str:
    value = body.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FieldsRefused({key: DeviceError("bad_input", field=key).message(PHONE)})
    return value[:limit]


def done(db: Database, device: Device, body: Mapping[str, Any], *,
         at: datetime | str | None = None) -> Answer:
    """办结 with the outcome checked as the desktop checks it (``visits.finish``).
    ``ticket_id`` (optional): the ticket the page filled the form for; another one at the
    counter (the laptop finished or undid it while the phone was offline) is refused, so an
    outcome kept on a phone is never saved to the next person."""
    expected = body.get("ticket_id")
    if expected is not None:
        ticket = at_counter(db, str(device.stall_id), _counter(device))
        if ticket is None or ticket.id != expected:
            raise DeviceError("moved_on")
    ticket = _here(db, device)
    if ticket.status != "serving":
        raise DeviceError("not_serving", label=ticket.label)
    outcome = body.get("outcome") or {}
    if not isinstance(outcome, Mapping):
        raise FieldsRefused({"outcome": DeviceError("bad_input", field="outcome").message(PHONE)})
    fee = body.get("fee")
    if fee is not None and not isinstance(fee, str | int | float):
        raise FieldsRefused({"fee": DeviceError("bad_input", field="fee").message(PHONE)})
    # The visit's staff as the desktop records it: the signed-in operator, else the stall's.
    staff = device.operator or "、".join(get_stall(db, ticket.stall_id).staff)
    fee_problem = {}
    try:  # checked first too, so a bad fee is said together with bad readings
        visits.parse_fee(fee)
    except visits.VisitError as exc:
        fee_problem["fee"] = exc.message(PHONE)
    try:
        visit = visits.finish(db, ticket.id, dict(outcome), notes=_text(body, "notes", NOTES_MAX),
                              fee=fee, staff=staff, operator=device.actor, at=at)
    except InvalidOutcome as exc:
        if not fee_problem:
            raise
        raise FieldsRefused(exc.problem_messages() | fee_problem) from None
    except visits.VisitError as exc:
        raise FieldsRefused({"fee": exc.message(PHONE)}) from None
    return Answer.done(say("{label} done and saved. You can call the next one.", PHONE,
                           label=ticket.label), label=ticket.label,
                       visit_id=visit.id)


def request(db: Database, device: Device, body: Mapping[str, Any], *,
            at: datetime | str | None = None) -> Answer:
    """登记诉求 for the person at this counter, or the one just finished here."""
    counter = _counter(device)
    stall = get_stall(db, str(device.stall_id))
    ticket = at_counter(db, stall.id, counter)
    visit_id = None
    if ticket is not None:
        villager_id = ticket.villager_id
    else:
        last = last_visit(db, stall, counter)
        if last is None:
            raise DeviceError("nobody_to_raise_for")
        visit = visits.get_visit(db, last["visit_id"])
        villager_id, visit_id = visit.villager_id, visit.id
    when = clock.parse_iso(at) if isinstance(at, str) else (at or clock.now())
    try:
        raise_request(db, villager_id=villager_id, category=str(body.get("category") or ""),
                      text=_text(body, "text", 2000), raised_by=device.actor,
                      due_date=when.date() + timedelta(days=REQUEST_DUE_DAYS),
                      visit_id=visit_id, market_day_id=stall.market_day_id, at=at)
    except RequestError as exc:
        field = "category" if exc.code == "bad_category" else "text"
        raise FieldsRefused({field: exc.message(PHONE)}) from None
    name = mask_name(get_villager(db, villager_id).name)
    return Answer.done(say("Request raised for {name}.", PHONE, name=name))


def undo(db: Database, device: Device, body: Mapping[str, Any], *,
         at: datetime | str | None = None) -> Answer:
    """撤销 this counter's last step, with the desktop's rules (``expect``: the step the page
    showed; another one is refused). Another counter's steps are that counter's to undo."""
    check_scope(device, "stall")
    stall_id, counter = str(device.stall_id), _counter(device)
    preview = describe_undo(db, stall_id, at=at, lang=PHONE, counter=counter)
    expect = body.get("expect")
    queue.undo_last(db, stall_id, operator=device.actor, at=at, counter=counter,
                    expect=expect if isinstance(expect, str) and expect else preview.event_id)
    return Answer.done(what_was_undone(preview, PHONE), label=preview.label)


def rate(db: Database, device: Device, body: Mapping[str, Any], *,
         at: datetime | str | None = None) -> Answer:
    """The villager's own rating on the pad (1–5, or null: none), of a visit at this stall."""
    check_scope(device, "stall")
    level = body.get("level")
    if level is not None and (isinstance(level, bool) or level not in (1, 2, 3, 4, 5)):
        raise FieldsRefused({"level": DeviceError("bad_level").message(PHONE)})
    visit = visits.get_visit(db, str(body.get("visit_id") or ""))
    if visit.stall_id != device.stall_id:
        raise DeviceError("not_this_stall")
    visits.rate(db, visit.id, level, at=at, rated_by="villager")
    return Answer.done(say("Thank you for your rating!", PHONE) if level else
                       say("Rating skipped.", PHONE), visit_id=visit.id,
                       level=level)


COMMANDS: dict[str, Callable[..., Answer]] = {
    "counter": choose_counter, "call_next": call_next, "arrived": arrived, "recall": recall,
    "no_show": no_show, "done": done, "request": request, "undo": undo, "rate": rate,
}
