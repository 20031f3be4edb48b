"""Changing requests: raising one, moving its status (open → in progress → resolved or
referred, and reopening with a reason), and recording follow-ups. Each change is one
transaction that updates the request and writes one ``request_events`` row; a refused change
raises ``RequestError`` and writes nothing. What a request is and the queries over them:
``requests.records``."""

from __future__ import annotations

from datetime import date, datetime

from sqlite_utils import Database

from marketapp.core.ids import new_id
from marketapp.core.requests.records import (
    CATEGORIES,
    CLOSED,
    FOLLOW_UP_OUTCOMES,
    NOTE_MAX,
    STATUSES,
    TEXT_MAX,
    TRANSITIONS,
    UNIT_MAX,
    FollowUp,
    Request,
    RequestError,
    date_text,
    day_of,
    get_request,
    status_params,
    time_text,
)
from marketapp.core.text import N_, every_translation, gettext, join, say_pair
from marketapp.core.textnorm import normalise_text


def _clean_category(value: str) -> str:
    text = normalise_text(value)
    for code, name in CATEGORIES.items():
        names = every_translation(name)
        if text == code or text in names or text.lower() in names:
            return code
    raise RequestError(
        "bad_category",
        value=value,
        choices_zh=join((gettext(name, "zh") for name in CATEGORIES.values()), "zh"),
        choices_en=join(CATEGORIES, "en"),
    )


def _clean_text(value: str | None) -> str:
    text = (value or "").translate({0x200B: None, 0xFEFF: None}).strip()
    if not text:
        raise RequestError("text_required")
    if len(text) > TEXT_MAX:
        raise RequestError("text_too_long", length=len(text), max=TEXT_MAX)
    return text


def _clean_unit(value: str | None) -> str | None:
    unit = normalise_text(value)
    if len(unit) > UNIT_MAX:
        raise RequestError("unit_too_long", max=UNIT_MAX)
    return unit or None


def _clean_operator(value: str | None) -> str:
    operator = normalise_text(value)
    if not operator:
        raise RequestError("operator_required")
    return operator


_NOTE_WHAT = {
    "resolution": N_("resolution"),
    "reason": N_("reason"),
    "note": N_("note"),
}


def _clean_note(value: str | None, what: str = "note") -> str | None:
    note = (value or "").strip()
    if len(note) > NOTE_MAX:
        zh, en = say_pair(_NOTE_WHAT[what])
        raise RequestError("note_too_long", what_zh=zh, what_en=en, length=len(note),
                           max=NOTE_MAX)
    return note or None


def raise_request(
    db: Database,
    *,
    villager_id: str,
    category: str,
    text: str,
    raised_by: str,
    unit: str | None = None,
    due_date: date | str | None = None,
    visit_id: str | None = None,
    market_day_id: str | None = None,
    at: datetime | str | None = None,
) -> Request:
    """Record a new request (status open) and its first event, in one transaction."""
    category = _clean_category(category)
    body = _clean_text(text)
    operator = _clean_operator(raised_by)
    unit = _clean_unit(unit)
    raised_at = time_text(at)
    raised_on = day_of(raised_at)
    due = None
    if due_date is not None and normalise_text(str(due_date)):
        due = date_text(due_date)
        if due < raised_on:
            raise RequestError("due_before_raised", due=due, raised=raised_on)
    request_id = new_id()
    with db.atomic():
        known = db.execute("SELECT 1 FROM villagers WHERE id = ?", [villager_id]).fetchone()
        if not known:
            raise RequestError("villager_not_found")
        for table, key, code in (("visits", visit_id, "visit_not_found"),
                                 ("market_days", market_day_id, "market_day_not_found")):
            if key and not db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [key]).fetchone():
                raise RequestError(code)
        db.execute(
            "INSERT INTO requests (id, villager_id, visit_id, market_day_id, category, text, "
            "unit, due_date, status, raised_at, raised_on, raised_by, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)",
            [request_id, villager_id, visit_id or None, market_day_id or None, category, body,
             unit, due, raised_at, raised_on, operator, raised_at],
        )
        _insert_event(db, request_id, None, "open", raised_at, operator, None, None)
    return get_request(db, request_id)


def _insert_event(
    db: Database,
    request_id: str,
    from_status: str | None,
    to_status: str,
    at: str,
    operator: str,
    note: str | None,
    unit: str | None,
) -> None:
    db.execute(
        "INSERT INTO request_events "
        "(id, request_id, from_status, to_status, at, operator, note, unit) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [new_id(), request_id, from_status, to_status, at, operator, note, unit],
    )


def check_transition(current: str, to: str) -> None:
    """Refuse a status change the rules do not allow, with the reason."""
    if to not in STATUSES:
        raise RequestError("bad_status", value=to)
    if to in TRANSITIONS[current]:
        return
    if to == "open":
        if current == "in_progress":
            raise RequestError("no_back_to_open")
        raise RequestError("reopen_not_closed", **status_params("status", current))
    if to == current:
        raise RequestError("same_status", **status_params("status", current))
    # Only closed requests are left: they must be reopened first.
    raise RequestError("closed", **status_params("status", current), **status_params("to", to))


def change_status(
    db: Database,
    request_id: str,
    to: str,
    *,
    by: str,
    at: datetime | str | None = None,
    note: str | None = None,
    unit: str | None = None,
) -> Request:
    """Move a request to status ``to``: one transaction, one event row.

    note: the resolution (resolved), the referral text (referred) or the reason (reopen,
    i.e. to open) — required for those three; optional for in_progress.
    unit: the receiving unit, required for referred.
    """
    operator = _clean_operator(by)
    when = time_text(at)
    what = "reason" if to == "open" else "resolution" if to == "resolved" else "note"
    text = _clean_note(note, what)
    receiving = _clean_unit(unit) if to == "referred" else None
    with db.atomic():
        request = get_request(db, request_id)
        check_transition(request.status, to)
        if to == "resolved" and not text:
            raise RequestError("resolution_required")
        if to == "referred":
            if not receiving:
                raise RequestError("referral_unit_required")
            if receiving == request.unit:
                raise RequestError("referral_same_unit", unit=receiving)
            if not text:
                raise RequestError("referral_note_required")
        if to == "open" and not text:
            raise RequestError("reason_required")
        day = day_of(when)
        if day < request.raised_on:
            raise RequestError("before_raised", at=when, raised=request.raised_on)
        if to in CLOSED:
            values = {"resolution": text, "referred_to": receiving, "closed_at": when,
                      "closed_on": day}
        elif to == "open":
            values = {"resolution": None, "referred_to": None, "closed_at": None,
                      "closed_on": None}
        else:
            values = {}
        values.update(status=to, updated_at=when)
        # Read and write in one transaction: the status checked is the status changed.
        db.execute(
            "UPDATE requests SET " + ", ".join(f"{k} = ?" for k in values) + " WHERE id = ?",
            [*values.values(), request_id],
        )
        _insert_event(db, request_id, request.status, to, when, operator, text, receiving)
    return get_request(db, request_id)


def start_request(
    db: Database, request_id: str, *, by: str, at: datetime | str | None = None,
    note: str | None = None,
) -> Request:
    """open → in_progress: the responsible unit has taken it up."""
    return change_status(db, request_id, "in_progress", by=by, at=at, note=note)


def resolve_request(
    db: Database, request_id: str, *, resolution: str, by: str,
    at: datetime | str | None = None,
) -> Request:
    """open | in_progress → resolved, with what was done; the date is that of ``at``."""
    return change_status(db, request_id, "resolved", by=by, at=at, note=resolution)


def refer_request(
    db: Database, request_id: str, *, to_unit: str, note: str, by: str,
    at: datetime | str | None = None,
) -> Request:
    """open | in_progress → referred to another unit, with the referral text."""
    return change_status(db, request_id, "referred", by=by, at=at, note=note, unit=to_unit)


def reopen_request(
    db: Database, request_id: str, *, reason: str, by: str, at: datetime | str | None = None,
) -> Request:
    """resolved | referred → open again; the reason is recorded in the event."""
    return change_status(db, request_id, "open", by=by, at=at, note=reason)


def add_follow_up(
    db: Database,
    request_id: str,
    at: datetime | str | None,
    by: str,
    note: str | None,
    outcome: str,
) -> FollowUp:
    """Record one 回访 (later contact) on a request; the status is not changed by it."""
    operator = _clean_operator(by)
    when = time_text(at)
    text = _clean_note(note)
    code = normalise_text(outcome)
    matched = [c for c, name in FOLLOW_UP_OUTCOMES.items()
               if code == c or code in every_translation(name)]
    if not matched:
        raise RequestError(
            "bad_outcome",
            value=outcome,
            choices_zh=join((gettext(name, "zh") for name in FOLLOW_UP_OUTCOMES.values()), "zh"),
            choices_en=join(FOLLOW_UP_OUTCOMES, "en"),
        )
    follow_up = FollowUp(new_id(), request_id, when, operator, text, matched[0])
    with db.atomic():
        request = get_request(db, request_id)
        if day_of(when) < request.raised_on:
            raise RequestError("before_raised", at=when, raised=request.raised_on)
        db.execute(
            "INSERT INTO request_follow_ups (id, request_id, at, by, note, outcome) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [follow_up.id, follow_up.request_id, follow_up.at, follow_up.by, follow_up.note,
             follow_up.outcome],
        )
    return follow_up
