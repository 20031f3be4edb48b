"""Market days (集市日) and their stalls (摊位), and the catalogue a township uses.

A market day is held in one host village on one date (one per village per date). Opening it
creates one stall per chosen service, with its staff, number of counters and closing time;
each stall keeps a copy of its service definition so a later catalogue edit does not change
what that day records. Nothing lives in memory: after a crash, reopening the file and reading
these tables is all it takes to carry on.
Closing and reopening a day end and restore its lines: ``core.queue.closing``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from sqlite_utils import Database

from marketapp.core import clock
from marketapp.core.catalogue.model import Catalogue, Service
from marketapp.core.catalogue.reading import catalogue_from_dict, load_default_catalogue
from marketapp.core.errors import UserError
from marketapp.core.ids import new_id
from marketapp.core.people.villages import clean_village_name, ensure_village
from marketapp.core.text import N_, join

CATALOGUE_SETTING = "catalogue"
_HHMM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


class MarketError(UserError):
    messages = {
        "bad_date": N_("Date “{value}” is not valid; use the form 2025-03-08."),
        "no_village": N_("Choose the village that hosts the market."),
        "no_services": N_("Choose at least one service."),
        "duplicate_service": N_("Service “{service}” was chosen twice."),
        "bad_closing_time": N_("{service}: closing time “{value}” is not valid; use the form "
                               "16:30."),
        "bad_counters": N_("{service}: counters must be 1–50, got {value}."),
        "day_exists": N_("{village} already has a market on {day}, still open; there can be only "
                         "one: carry on registering in it."),
        "day_exists_closed": N_("The market at {village} on {day} is closed, and a village has "
                                "one market a day. If it was closed by mistake, reopen it (menu "
                                "Market → Reopen market day…); numbers carry on from where they "
                                "stopped."),
        "day_exists_past": N_("{village} already had a market on {day}, now closed; there can be "
                              "only one."),
        "not_closed": N_("The market at {village} on {day} is not closed; there is nothing to "
                         "reopen."),
        "reopen_not_today": N_("Only today's market can be reopened; the one at {village} on "
                               "{day} is over."),
        "day_not_found": N_("No such market day."),
        "stall_not_found": N_("No such stall."),
        "day_closed": N_("The market at {village} on {day} is closed."),
        "no_market_on": N_("No market on {day}."),
        "no_market_at_on": N_("{village} has no market on {day}. Markets that day: {hosts}."),
        "several_markets": N_("There were several markets on {day}: {hosts}. Choose one with "
                              "--village."),
    }


@dataclass(frozen=True)
class StallPlan:
    """What the organiser chooses for one stall when opening a day."""

    service_code: str
    staff: Sequence[str] = ()
    counters: int = 1
    closes_at: str | None = None  # HH:MM


@dataclass(frozen=True)
class Stall:
    id: str
    market_day_id: str
    position: int
    service_code: str
    letter: str
    name_zh: str
    name_en: str
    typical_minutes: int
    staff: tuple[str, ...]
    counters: int
    closes_at: str | None
    service_json: str = field(repr=False, default="")

    def service(self) -> Service:
        """The service definition as it stood when the day opened."""
        return _service_from_json(self.service_json)


@dataclass(frozen=True)
class MarketDay:
    id: str
    date: str
    village_id: str
    village: str
    status: str  # open | closed
    opened_at: str
    closed_at: str | None
    close_reason: str | None
    closed_by: str  # who closed it ('' while open, or with sign-in off)
    stalls: tuple[Stall, ...] = ()

    def stall_for(self, service_code: str) -> Stall | None:
        return next((s for s in self.stalls if s.service_code == service_code), None)


@lru_cache(maxsize=256)
def _service_from_json(text: str) -> Service:
    # Cached: checking a whole service definition costs more than a queue transition.
    data = json.loads(text)
    return catalogue_from_dict({"schema": 1, "categories": [], "services": [data]}).get(
        data["code"])


# ----------------------------------------------------------------------------- catalogue


def current_catalogue(db: Database) -> Catalogue:
    """The township's edited catalogue if it saved one, else the default from resources."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [CATALOGUE_SETTING]).fetchone()
    if row is None:
        return load_default_catalogue()
    return catalogue_from_dict(json.loads(row[0]))


def save_catalogue(db: Database, catalogue: Catalogue) -> None:
    """Store an edited catalogue; it is checked again on the way back in."""
    catalogue_from_dict(catalogue.to_dict())
    with db.atomic():
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [CATALOGUE_SETTING, json.dumps(catalogue.to_dict(), ensure_ascii=False)],
        )


def service_history(db: Database) -> dict[str, frozenset[str]]:
    """Every service code a market day has opened, with the outcome field keys it had then.

    The catalogue editor keeps such a service (retired, not deleted) and never gives its code
    or a used field key to something new: period reports and exports group by them."""
    used: dict[str, set[str]] = {}
    for code, text in db.execute("SELECT DISTINCT service_code, service_json FROM stalls"):
        keys = used.setdefault(code, set())
        try:
            keys.update(f["key"] for f in json.loads(text or "{}").get("fields", []))
        except (ValueError, TypeError, KeyError):
            pass  # an unreadable copy still marks its code as used
    return {code: frozenset(keys) for code, keys in used.items()}


def reset_catalogue(db: Database) -> None:
    with db.atomic():
        db.execute("DELETE FROM settings WHERE key = ?", [CATALOGUE_SETTING])


# ----------------------------------------------------------------------------- days


def _day_text(value: date | datetime | str) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value or "").strip()
    try:
        return date.fromisoformat(text).isoformat() if len(text) == 10 else _bad_date(text)
    except ValueError:
        return _bad_date(text)


def _bad_date(text: str) -> str:
    raise MarketError("bad_date", value=text)


def _plan(plan: StallPlan | str) -> StallPlan:
    return StallPlan(plan) if isinstance(plan, str) else plan


def _check_plans(catalogue: Catalogue, plans: Iterable[StallPlan | str]) -> list[StallPlan]:
    checked: list[StallPlan] = []
    seen: set[str] = set()
    for plan in map(_plan, plans):
        service = catalogue.offered_service(plan.service_code)
        if plan.service_code in seen:
            raise MarketError("duplicate_service", service=service.name_zh)
        seen.add(plan.service_code)
        if plan.closes_at is not None and not _HHMM.match(str(plan.closes_at)):
            raise MarketError("bad_closing_time", service=service.name_zh, value=plan.closes_at)
        if not isinstance(plan.counters, int) or not 1 <= plan.counters <= 50:
            raise MarketError("bad_counters", service=service.name_zh, value=plan.counters)
        checked.append(plan)
    if not checked:
        raise MarketError("no_services")
    return checked


LATE_SUGGESTION = timedelta(hours=2)


def closing_already_passed(plans: Iterable[StallPlan | str], day: date | datetime | str,
                           now: datetime) -> list[StallPlan]:
    """The plans whose closing time on ``day`` is not after ``now``: a market opened after
    its stalls' usual closing time (16:30) must be told today's, or every stall shows
    "closing time has passed" from the first ticket on."""
    if _day_text(day) != now.date().isoformat():
        return []
    clock_now = now.strftime("%H:%M")
    return [plan for plan in map(_plan, plans)
            if plan.closes_at is not None and _HHMM.match(str(plan.closes_at))
            and plan.closes_at <= clock_now]


def suggested_late_closing(now: datetime) -> str:
    """A closing time to offer a market opened late: two hours on, at the next half hour,
    at most 23:59 (a market's day ends at midnight)."""
    later = now + LATE_SUGGESTION
    if later.date() != now.date():
        return "23:59"
    minutes = min(-(-(later.hour * 60 + later.minute) // 30) * 30, 23 * 60 + 59)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def open_market_day(
    db: Database,
    day: date | datetime | str,
    village: str,
    stalls: Iterable[StallPlan | str],
    *,
    operator: str = "",
    at: datetime | str | None = None,
) -> MarketDay:
    """Open a market day in ``village`` (created if new) with one stall per plan."""
    day_text = _day_text(day)
    if not clean_village_name(village):
        raise MarketError("no_village")
    catalogue = current_catalogue(db)
    plans = _check_plans(catalogue, stalls)
    opened_at = moment_text(at)
    services = {s["code"]: s for s in catalogue.to_dict()["services"]}
    with db.atomic():
        host, _created = ensure_village(db, village)
        existing = db.execute(
            "SELECT id, status FROM market_days WHERE village_id = ? AND date = ?",
            [host.id, day_text]).fetchone()
        if existing:
            # Say what to do instead: use the open day, or reopen today's closed one.
            code = ("day_exists" if existing[1] == "open" else "day_exists_closed"
                    if day_text == opened_at[:10] else "day_exists_past")
            raise MarketError(code, village=host.name, day=day_text, market_day_id=existing[0])
        day_id = new_id()
        db.execute(
            "INSERT INTO market_days (id, date, village_id, status, opened_at, opened_by) "
            "VALUES (?, ?, ?, 'open', ?, ?)",
            [day_id, day_text, host.id, opened_at, operator],
        )
        for position, plan in enumerate(plans, start=1):
            service = catalogue.get(plan.service_code)
            db.execute(
                "INSERT INTO stalls (id, market_day_id, position, service_code, letter, "
                "name_zh, name_en, typical_minutes, service_json, staff, counters, closes_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [new_id(), day_id, position, service.code, service.letter, service.name_zh,
                 service.name_en, service.typical_minutes,
                 # The day's copy decides whether its records are sensitive (the stall's
                 # view of past visits): a later catalogue edit leaves this day as it was.
                 json.dumps(services[service.code] | {"sensitive": catalogue.is_sensitive(
                     service)}, ensure_ascii=False),
                 json.dumps([s.strip() for s in plan.staff if s.strip()], ensure_ascii=False),
                 plan.counters, plan.closes_at],
            )
        return get_market_day(db, day_id)


def moment_text(at: datetime | str | None) -> str:
    if at is None:
        return clock.now_iso()
    if isinstance(at, datetime):
        return clock.iso(at)
    return clock.iso(clock.parse_iso(at))


_DAY_SELECT = (
    "SELECT d.id, d.date, d.village_id, g.name, d.status, d.opened_at, d.closed_at, "
    "d.close_reason, d.closed_by FROM market_days d JOIN villages g ON g.id = d.village_id "
)
STALL_COLUMNS = (
    "id, market_day_id, position, service_code, letter, name_zh, name_en, "
    "typical_minutes, staff, counters, closes_at, service_json"
)
_STALL_SELECT = f"SELECT {STALL_COLUMNS} FROM stalls "


@lru_cache(maxsize=256)
def stall_from_row(row: tuple) -> Stall:
    """A Stall from the STALL_COLUMNS of a row (the queue joins stalls to its own queries).

    Cached by the row's values, which are the whole of a (frozen) Stall: every queue action
    reads its stall, and an edited stall is a different row, so nothing can go stale."""
    values = list(row)
    values[8] = tuple(json.loads(values[8]))
    return Stall(*values)


def stalls_of(db: Database, market_day_id: str) -> tuple[Stall, ...]:
    rows = db.execute(
        _STALL_SELECT + "WHERE market_day_id = ? ORDER BY position", [market_day_id]
    ).fetchall()
    return tuple(stall_from_row(row) for row in rows)


def get_stall(db: Database, stall_id: str) -> Stall:
    row = db.execute(_STALL_SELECT + "WHERE id = ?", [stall_id]).fetchone()
    if row is None:
        raise MarketError("stall_not_found")
    return stall_from_row(row)


def _day(db: Database, row: tuple | None) -> MarketDay:
    if row is None:
        raise MarketError("day_not_found")
    return MarketDay(*row, stalls=stalls_of(db, row[0]))


def get_market_day(db: Database, market_day_id: str) -> MarketDay:
    return _day(db, db.execute(_DAY_SELECT + "WHERE d.id = ?", [market_day_id]).fetchone())


def find_market_day(
    db: Database, day: date | datetime | str, village: str | None = None
) -> MarketDay | None:
    """The market on ``day`` (in ``village`` if given; else the first one that day)."""
    sql, params = _DAY_SELECT + "WHERE d.date = ?", [_day_text(day)]
    if village:
        sql += " AND g.name = ?"
        params.append(clean_village_name(village))
    row = db.execute(sql + " ORDER BY d.opened_at LIMIT 1", params).fetchone()
    return _day(db, row) if row else None


def the_market_day(db: Database, day: date | datetime | str,
                   village: str | None = None) -> MarketDay:
    """The one market on ``day`` a command means: in ``village`` when given, else the only
    one that day. Refused, naming the day's host villages, when there is none such or when
    several share the date and none was chosen (a report of the wrong one is worse)."""
    when = _day_text(day)
    rows = db.execute(_DAY_SELECT + "WHERE d.date = ? ORDER BY d.opened_at", [when]).fetchall()
    hosts = [row[3] for row in rows]
    if village:
        wanted = clean_village_name(village)
        found = next((row for row in rows if row[3] == wanted), None)
        if found is not None:
            return _day(db, found)
        if hosts:
            raise MarketError("no_market_at_on", village=village, day=when, hosts=join(hosts))
        raise MarketError("no_market_on", day=when)
    if not rows:
        raise MarketError("no_market_on", day=when)
    if len(rows) > 1:
        raise MarketError("several_markets", day=when, hosts=join(hosts))
    return _day(db, rows[0])


def open_market_days(db: Database) -> list[MarketDay]:
    """Days not yet closed: after a crash the app offers to carry on with these."""
    rows = db.execute(_DAY_SELECT + "WHERE d.status = 'open' ORDER BY d.date, g.name").fetchall()
    return [_day(db, row) for row in rows]


def update_stall(
    db: Database,
    stall_id: str,
    *,
    counters: int | None = None,
    staff: Sequence[str] | None = None,
    closes_at: str | None = None,
) -> Stall:
    """Change a stall during the day (a counter opens or closes, staff change)."""
    stall = get_stall(db, stall_id)
    plan = StallPlan(
        stall.service_code,
        staff=stall.staff if staff is None else tuple(staff),
        counters=stall.counters if counters is None else counters,
        closes_at=stall.closes_at if closes_at is None else closes_at,
    )
    if plan.closes_at is not None and not _HHMM.match(str(plan.closes_at)):
        raise MarketError("bad_closing_time", service=stall.name_zh, value=plan.closes_at)
    if not isinstance(plan.counters, int) or not 1 <= plan.counters <= 50:
        raise MarketError("bad_counters", service=stall.name_zh, value=plan.counters)
    with db.atomic():
        db.execute(
            "UPDATE stalls SET counters = ?, staff = ?, closes_at = ? WHERE id = ?",
            [plan.counters, json.dumps(list(plan.staff), ensure_ascii=False), plan.closes_at,
             stall_id],
        )
    return get_stall(db, stall_id)


def closed_today(db: Database, today: date | None = None) -> list[MarketDay]:
    """Today's closed market days: the ones ``reopen_market_day`` may reopen."""
    rows = db.execute(_DAY_SELECT + "WHERE d.date = ? AND d.status = 'closed' ORDER BY g.name",
                      [(today or clock.today()).isoformat()]).fetchall()
    return [_day(db, row) for row in rows]


def latest_closed_today(db: Database, today: date | None = None) -> MarketDay | None:
    """The market closed last today: what the pages name while nothing is open (after 收市
    they say which day closed, when and by whom, instead of "no market yet")."""
    row = db.execute(_DAY_SELECT + "WHERE d.date = ? AND d.status = 'closed' "
                     "ORDER BY d.closed_at DESC, g.name LIMIT 1",
                     [(today or clock.today()).isoformat()]).fetchone()
    return _day(db, row) if row else None


def not_served_count(db: Database, market_day_id: str) -> int:
    """Tickets closing recorded as not served: what reopening can put back in line."""
    row = db.execute("SELECT COUNT(*) FROM tickets WHERE market_day_id = ? "
                     "AND status = 'not_served'", [market_day_id]).fetchone()
    return int(row[0])


