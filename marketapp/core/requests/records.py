"""Requests (诉求): a problem raised for a villager that a responsible unit follows up.

A request is raised from a visit or from the registration desk. Its status moves

    open ──► in_progress ──► resolved | referred
      └───────────────────────►┘            │
      ▲                                     │
      └────────── reopen (with a reason) ◄──┘

``open`` may go straight to resolved or referred: a stall often settles a matter on the spot.
Every status change is one transaction that updates the request and writes one
``request_events`` row (from, to, at, operator, note); the raising writes the first event
(from NULL). A refused change raises ``RequestError`` and writes nothing.

Counting for reports: "problems solved" are requests whose *current* status is resolved with
the resolution date in the range; a request reopened after being resolved no longer counts
until it is resolved again. "Resolved on the spot" = resolved on the date it was raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from marketapp.core import clock
from marketapp.core.errors import UserError
from marketapp.core.text import N_, NP_, gettext, say_pair
from marketapp.core.textnorm import normalise_text

# code -> its name (English, translated where shown), in the order forms and reports list
# them.
CATEGORIES: dict[str, str] = {
    "dispute": N_("dispute mediation"),
    "repair_follow_up": N_("repair follow-up"),
    "health_referral": N_("health referral"),
    "home_help": N_("help at home"),
    "employment": N_("employment"),
    "policy": N_("policy question"),
    "other": N_("other"),
}

# What a request raised at a stall is most likely about, by the kind of service it offers.
_CATEGORY_OF_SERVICE = {"health": "health_referral", "repair": "repair_follow_up",
                        "legal": "dispute", "employment": "employment"}


def category_for_service(service_category: str) -> str:
    """The category a request raised at a stall of this kind starts with (staff may change it)."""
    return _CATEGORY_OF_SERVICE.get(service_category, "other")


STATUSES: dict[str, str] = {
    "open": NP_("request status", "open"),
    "in_progress": N_("in progress"),
    "resolved": N_("resolved"),
    "referred": N_("referred"),
}
CLOSED = ("resolved", "referred")
ACTIVE = ("open", "in_progress")

# from -> the statuses it may change to.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "open": ("in_progress", "resolved", "referred"),
    "in_progress": ("resolved", "referred"),
    "resolved": ("open",),
    "referred": ("open",),
}

FOLLOW_UP_OUTCOMES: dict[str, str] = {
    "satisfied": N_("reached, satisfied"),
    "unsatisfied": N_("reached, not satisfied"),
    "unreachable": N_("could not be reached"),
    "needs_more": N_("needs more work"),
}

TEXT_MAX = 500
UNIT_MAX = 60
NOTE_MAX = 500


class RequestError(UserError):
    messages = {
        "not_found": N_("No such request."),
        "villager_not_found": N_("No such villager; the request cannot be raised."),
        "visit_not_found": N_("No such visit."),
        "market_day_not_found": N_("No such market day."),
        "bad_category": N_("Request category “{value}” not understood; choose one of: "
                           "{choices_en}."),
        "text_required": N_("The request text is empty."),
        "text_too_long": N_("The request text is too long: {length} characters, at most {max}."),
        "unit_too_long": N_("The unit name is too long (at most {max} characters)."),
        "note_too_long": N_("The {what_en} is too long: {length} characters, at most {max}."),
        "operator_required": N_("Who is doing this? The operator is empty."),
        "bad_date": N_("Date “{value}” not understood; use the form 2024-05-10."),
        "bad_time": N_("Time “{value}” not understood."),
        "due_before_raised": N_("The due date {due} is before the date the request was raised, "
                                "{raised}."),
        "before_raised": N_("The time {at} is before the date the request was raised, {raised}."),
        "same_status": N_("The request is already “{status_en}”."),
        "closed": N_("The request is already {status_en}; it cannot go to “{to_en}” directly. "
                     "Reopen it first, giving a reason."),
        "no_back_to_open": N_("A request in progress cannot go back to “open”."),
        "reopen_not_closed": N_("Only a resolved or referred request can be reopened (this one "
                                "is “{status_en}”)."),
        "resolution_required": N_("Write down how the request was resolved."),
        "referral_note_required": N_("Write down why and how it is referred."),
        "referral_unit_required": N_("A referral needs the unit it is referred to."),
        "referral_same_unit": N_("The receiving unit is already responsible (“{unit}”); nothing "
                                 "to refer."),
        "reason_required": N_("Reopening needs a reason."),
        "bad_outcome": N_("Follow-up outcome “{value}” not understood; choose one of: "
                          "{choices_en}."),
        "bad_status": N_("Status “{value}” not understood."),
    }


@dataclass(frozen=True)
class Request:
    id: str
    villager_id: str
    villager_name: str
    village: str | None
    visit_id: str | None
    market_day_id: str | None
    category: str
    text: str
    unit: str | None
    due_date: str | None
    status: str
    raised_at: str
    raised_on: str
    raised_by: str
    resolution: str | None
    referred_to: str | None
    closed_at: str | None
    closed_on: str | None
    updated_at: str

    @property
    def resolved_on_the_spot(self) -> bool:
        return self.status == "resolved" and self.closed_on == self.raised_on

    def is_overdue(self, on: date | str) -> bool:
        day = date_text(on)
        return self.status in ACTIVE and self.due_date is not None and self.due_date < day

    def category_name(self, lang: str = "zh") -> str:
        return _name(CATEGORIES, self.category, lang)

    def status_name(self, lang: str = "zh") -> str:
        return _name(STATUSES, self.status, lang)


@dataclass(frozen=True)
class RequestEvent:
    id: str
    request_id: str
    from_status: str | None
    to_status: str
    at: str
    operator: str
    note: str | None
    unit: str | None


@dataclass(frozen=True)
class FollowUp:
    id: str
    request_id: str
    at: str
    by: str
    note: str | None
    outcome: str

    def outcome_name(self, lang: str = "zh") -> str:
        return _name(FOLLOW_UP_OUTCOMES, self.outcome, lang)


@dataclass(frozen=True)
class RequestCounts:
    """The report line: raised in the range, and what became of requests in the range."""

    raised: int
    resolved: int
    resolved_on_the_spot: int
    referred: int


def _name(table: dict[str, str], code: str, lang: str) -> str:
    return gettext(table[code], lang)


def status_params(prefix: str, status: str) -> dict[str, str]:
    zh, en = say_pair(STATUSES[status])
    return {f"{prefix}_zh": zh, f"{prefix}_en": en}


# ---------------------------------------------------------------- input checks


def date_text(value: date | str) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = normalise_text(value)
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise RequestError("bad_date", value=value) from None


def time_text(at: datetime | str | None) -> str:
    if at is None:
        return clock.now_iso()
    if isinstance(at, datetime):
        return clock.iso(at)
    try:
        return clock.iso(clock.parse_iso(normalise_text(at)))
    except ValueError:
        raise RequestError("bad_time", value=at) from None


def day_of(at_text: str) -> str:
    return clock.parse_iso(at_text).date().isoformat()


# ---------------------------------------------------------------- reading

_SELECT = """
SELECT r.id, r.villager_id, v.name, g.name, r.visit_id, r.market_day_id, r.category, r.text,
       r.unit, r.due_date, r.status, r.raised_at, r.raised_on, r.raised_by, r.resolution,
       r.referred_to, r.closed_at, r.closed_on, r.updated_at
FROM requests r
JOIN villagers v ON v.id = r.villager_id
LEFT JOIN villages g ON g.id = v.village_id
"""


def get_request(db: Database, request_id: str) -> Request:
    row = db.execute(_SELECT + " WHERE r.id = ?", [request_id]).fetchone()
    if not row:
        raise RequestError("not_found")
    return Request(*row)


def list_requests(
    db: Database,
    status: str | list[str] | tuple[str, ...] | None = None,
    overdue_on: date | str | None = None,
    unit: str | None = None,
    village: str | None = None,
    market_day_id: str | None = None,
) -> list[Request]:
    """Requests matching every filter given, oldest first.

    status: one status or several. overdue_on: only requests still open or in progress whose
    due date is before that day. unit: responsible for it or referred to it. village: the
    villager's village, by name or id.
    """
    where: list[str] = []
    params: list[Any] = []
    if status is not None:
        wanted = [status] if isinstance(status, str) else list(status)
        for value in wanted:
            if value not in STATUSES:
                raise RequestError("bad_status", value=value)
        where.append(f"r.status IN ({', '.join('?' * len(wanted))})")
        params.extend(wanted)
    if overdue_on is not None:
        where.append("r.status IN ('open', 'in_progress') AND r.due_date < ?")
        params.append(date_text(overdue_on))
    if unit is not None:
        where.append("(r.unit = ? OR r.referred_to = ?)")
        params.extend([normalise_text(unit)] * 2)
    if village is not None:
        name = normalise_text(village).replace(" ", "")
        where.append("(g.name = ? OR g.id = ?)")
        params.extend([name, village])
    if market_day_id is not None:
        where.append("r.market_day_id = ?")
        params.append(market_day_id)
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY r.raised_at, r.rowid"
    return [Request(*row) for row in db.execute(sql, params).fetchall()]


def requests_of_villager(db: Database, villager_id: str) -> list[Request]:
    """All of one villager's requests, newest first."""
    rows = db.execute(
        _SELECT + " WHERE r.villager_id = ? ORDER BY r.raised_at DESC, r.rowid DESC", [villager_id]
    ).fetchall()
    return [Request(*row) for row in rows]


def request_events(db: Database, request_id: str) -> list[RequestEvent]:
    rows = db.execute(
        "SELECT id, request_id, from_status, to_status, at, operator, note, unit "
        "FROM request_events WHERE request_id = ? ORDER BY at, rowid",
        [request_id],
    ).fetchall()
    return [RequestEvent(*row) for row in rows]


def follow_ups(db: Database, request_id: str) -> list[FollowUp]:
    rows = db.execute(
        "SELECT id, request_id, at, by, note, outcome FROM request_follow_ups "
        "WHERE request_id = ? ORDER BY at, rowid",
        [request_id],
    ).fetchall()
    return [FollowUp(*row) for row in rows]


def count_solved(db: Database, date_from: date | str, date_to: date | str) -> int:
    """"Problems solved": requests resolved with the resolution date in [date_from, date_to]."""
    row = db.execute(
        "SELECT COUNT(*) FROM requests WHERE status = 'resolved' AND closed_on BETWEEN ? AND ?",
        [date_text(date_from), date_text(date_to)],
    ).fetchone()
    return int(row[0])


def category_counts(db: Database, date_from: date | str, date_to: date | str) -> dict[str, int]:
    """Requests raised in [date_from, date_to] per category; every category, zeros included."""
    counts = dict.fromkeys(CATEGORIES, 0)
    rows = db.execute(
        "SELECT category, COUNT(*) FROM requests WHERE raised_on BETWEEN ? AND ? "
        "GROUP BY category",
        [date_text(date_from), date_text(date_to)],
    ).fetchall()
    for category, count in rows:
        counts[category] = int(count)
    return counts


def request_counts(db: Database, date_from: date | str, date_to: date | str) -> RequestCounts:
    """Raised in the range; resolved / resolved on the spot / referred with that date in it."""
    lo, hi = date_text(date_from), date_text(date_to)
    row = db.execute(
        """
        SELECT
          (SELECT COUNT(*) FROM requests WHERE raised_on BETWEEN :lo AND :hi),
          (SELECT COUNT(*) FROM requests
             WHERE status = 'resolved' AND closed_on BETWEEN :lo AND :hi),
          (SELECT COUNT(*) FROM requests
             WHERE status = 'resolved' AND closed_on BETWEEN :lo AND :hi
               AND closed_on = raised_on),
          (SELECT COUNT(*) FROM requests
             WHERE status = 'referred' AND closed_on BETWEEN :lo AND :hi)
        """,
        {"lo": lo, "hi": hi},
    ).fetchone()
    return RequestCounts(*(int(n) for n in row))


# ---------------------------------------------------------------- writing


