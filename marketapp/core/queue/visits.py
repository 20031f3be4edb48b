"""Visits (服务记录): what a stall did for a villager, written when her ticket is done (办结).

``finish`` validates the outcome against the stall's service (as the catalogue defined it the
day the market opened), raises its flags (high_bp, needs_follow_up …), and writes the visit
in the same transaction as the ticket's serving -> done transition. A villager's history
across all market days is one query, for the stall desk's trend of her readings.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sqlite_utils import Database

from marketapp.core import settings
from marketapp.core.catalogue.outcomes import evaluate_flags, outcome_to_json, validate_outcome
from marketapp.core.errors import UserError
from marketapp.core.ids import new_id
from marketapp.core.market.days import STALL_COLUMNS, stall_from_row
from marketapp.core.queue.engine import QueueError, Ticket, finish_in_transaction
from marketapp.core.queue.ratings import RATED_BY, rating_code
from marketapp.core.queue.rules import check_transition, epoch, moment
from marketapp.core.queue.tickets import TICKET_COLUMNS, to_json
from marketapp.core.text import N_

MAX_FEE_YUAN = Decimal(100_000)


class VisitError(UserError):
    messages = {
        "bad_rating": N_("Rating “{value}” is not valid; choose very satisfied, satisfied, "
                         "basically satisfied, dissatisfied or very dissatisfied (or 5–1)."),
        "bad_rated_by": N_("Rated by “{value}” is not valid."),
        "bad_fee": N_("Fee “{value}” is not valid; use 0–100000 yuan with at most 2 decimals."),
        "not_found": N_("No such visit."),
    }


@dataclass(frozen=True)
class Visit:
    id: str
    ticket_id: str
    market_day_id: str
    stall_id: str
    villager_id: str
    service_code: str
    outcome: dict
    flags: list
    notes: str | None
    fee_cents: int | None
    staff: str
    rating: str | None
    rated_at: str | None
    rated_by: str | None  # villager (on the rating pad) | staff (on her behalf)
    arrived_at: str
    started_at: str
    finished_at: str
    wait_minutes: float
    service_minutes: float
    device_id: str


_COLS = list(Visit.__dataclass_fields__)
_SELECT = f"SELECT {', '.join(_COLS)} FROM visits "


def _visit(row: tuple) -> Visit:
    values = list(row)
    values[6], values[7] = json.loads(values[6]), json.loads(values[7])
    return Visit(*values)


def parse_rating(value: object) -> str | None:
    """A level's code (core.queue.ratings: codes, Chinese words, 1–5); None = no rating."""
    try:
        return rating_code(value)
    except ValueError:
        raise VisitError("bad_rating", value=value) from None


def _rated_by(value: str) -> str:
    if value not in RATED_BY:
        raise VisitError("bad_rated_by", value=value)
    return value


def parse_fee(value: object) -> int | None:
    """Yuan (number or text, '5', '5.50', '５元') as whole cents; blank = no fee."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip().removesuffix("元").strip()
    text = text.translate({0xFF10 + i: ord("0") + i for i in range(10)} | {0xFF0E: ord(".")})
    try:
        yuan = Decimal(text)
    except InvalidOperation:
        raise VisitError("bad_fee", value=value) from None
    cents = yuan * 100
    if isinstance(value, bool) or not yuan.is_finite() or not 0 <= yuan <= MAX_FEE_YUAN \
            or cents != cents.to_integral_value():
        raise VisitError("bad_fee", value=value)
    return int(cents)


def _minutes(start: str, end: str) -> float:
    return round((epoch(end) - epoch(start)) / 60, 1)


_TICKET_AND_STALL = (
    f"SELECT {', '.join(f't.{c}' for c in TICKET_COLUMNS)}, "
    f"{', '.join(f's.{c.strip()}' for c in STALL_COLUMNS.split(','))} "
    "FROM tickets t JOIN stalls s ON s.id = t.stall_id WHERE t.id = ?"
)
_INSERT = f"INSERT INTO visits ({', '.join(_COLS)}) VALUES ({', '.join('?' * len(_COLS))})"


def finish(
    db: Database,
    ticket_id: str,
    outcome: Mapping[str, object] | None = None,
    *,
    notes: str = "",
    fee: object = None,
    staff: str | None = None,
    rating: object = None,
    rated_by: str = "staff",
    operator: str = "",
    at: datetime | str | None = None,
) -> Visit:
    """Done: record the visit (a rating given now is recorded as ``rated_by``). Refused
    (nothing written) with InvalidOutcome listing every bad field and its plausible range,
    or QueueError if the ticket is not being served."""
    at_text, _ = moment(at)
    with db.atomic():
        row = db.conn.execute(_TICKET_AND_STALL, (ticket_id,)).fetchone()
        if row is None:
            raise QueueError("ticket_not_found", label=ticket_id)
        ticket = Ticket(*row[:len(TICKET_COLUMNS)])
        check_transition(ticket.label, ticket.status, "done")
        stall = stall_from_row(row[len(TICKET_COLUMNS):])
        service = stall.service()
        clean = validate_outcome(service, dict(outcome or {}))
        flags = evaluate_flags(service, clean)
        level = parse_rating(rating)
        visit = Visit(
            id=new_id(), ticket_id=ticket.id, market_day_id=ticket.market_day_id,
            stall_id=stall.id, villager_id=ticket.villager_id, service_code=stall.service_code,
            outcome=outcome_to_json(clean), flags=flags, notes=notes.strip() or None,
            fee_cents=parse_fee(fee),
            staff=(staff if staff is not None else operator or "、".join(stall.staff)).strip(),
            rating=level, rated_at=at_text if level else None,
            rated_by=_rated_by(rated_by) if level else None,
            arrived_at=ticket.arrived_at, started_at=str(ticket.serving_at),
            finished_at=at_text, wait_minutes=_minutes(ticket.arrived_at, str(ticket.serving_at)),
            service_minutes=_minutes(str(ticket.serving_at), at_text),
            device_id=settings.device_id(db),
        )
        finish_in_transaction(db, ticket, at_text, operator, {"visit": visit.id})
        values = [getattr(visit, c) for c in _COLS]
        values[6] = to_json(visit.outcome)
        values[7] = json.dumps(visit.flags)
        db.conn.execute(_INSERT, values)
        return visit


def rate(db: Database, visit_id: str, rating: object, at: datetime | str | None = None, *,
         rated_by: str = "staff") -> Visit:
    """The villager's rating given after the visit, on the five levels (a later rating
    replaces it; None clears it): ``rated_by`` villager on the pad, staff on her behalf."""
    value = parse_rating(rating)
    who = _rated_by(rated_by) if value else None
    with db.atomic():
        cursor = db.execute("UPDATE visits SET rating = ?, rated_at = ?, rated_by = ? "
                            "WHERE id = ?",
                            [value, moment(at)[0] if value else None, who, visit_id])
        if cursor.rowcount != 1:
            raise VisitError("not_found")
    return get_visit(db, visit_id)


def get_visit(db: Database, visit_id: str) -> Visit:
    row = db.execute(_SELECT + "WHERE id = ?", [visit_id]).fetchone()
    if row is None:
        raise VisitError("not_found")
    return _visit(row)


def visit_for_ticket(db: Database, ticket_id: str) -> Visit | None:
    row = db.execute(_SELECT + "WHERE ticket_id = ?", [ticket_id]).fetchone()
    return _visit(row) if row else None


@dataclass(frozen=True)
class HistoryEntry:
    visit: Visit
    date: str
    village: str
    label: str
    service_zh: str
    service_en: str


def villager_history(db: Database, villager_id: str) -> list[HistoryEntry]:
    """Every visit of the villager on every market day, oldest first, in one query."""
    cols = ", ".join(f"v.{c}" for c in _COLS)
    rows = db.execute(
        f"SELECT {cols}, d.date, g.name, t.label, s.name_zh, s.name_en FROM visits v "
        "JOIN market_days d ON d.id = v.market_day_id JOIN villages g ON g.id = d.village_id "
        "JOIN tickets t ON t.id = v.ticket_id JOIN stalls s ON s.id = v.stall_id "
        # Through her tickets' index: visits are not indexed by villager (m006).
        "WHERE t.villager_id = ? AND v.villager_id = t.villager_id ORDER BY v.finished_at",
        [villager_id],
    ).fetchall()
    n = len(_COLS)
    return [HistoryEntry(_visit(row[:n]), *row[n:]) for row in rows]


def readings(history: list[HistoryEntry], key: str) -> list[tuple[str, object]]:
    """(date, value) of one outcome field across the history, e.g. 'systolic' for a chart."""
    return [(e.date, e.visit.outcome[key]) for e in history if key in e.visit.outcome]
