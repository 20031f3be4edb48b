"""What one stall, at one of its counters, may see — the privacy rule of the stall screens —
and the view a stall phone shows (``StallState`` in ``marketapp/web/API.md``).

The rule (PIPL: health readings are sensitive personal information), one for the desktop's
stall desk and the stall phone:
* of the person at the counter: her name (masked on a phone: 张*明), age, gender and
  village; never her ID number or phone number;
* her past visits: only those of this stall's own service;
* their readings: only at a stall whose service is sensitive (the catalogue flag,
  ``Service.is_sensitive``: the health category by default).

Reads only; every change goes through ``core.queue``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from marketapp.core.catalogue.model import Service
from marketapp.core.market.days import Stall
from marketapp.core.people.masking import mask_name
from marketapp.core.people.villagers import get_villager
from marketapp.core.queue.ratings import LEVELS, level_of
from marketapp.core.queue.rules import STATE_NAMES, QueueError, moment
from marketapp.core.queue.tickets import line_streak, stall_context, stall_now
from marketapp.core.queue.undo import describe_undo
from marketapp.core.queue.visits import HistoryEntry, villager_history
from marketapp.core.requests.records import CATEGORIES, category_for_service
from marketapp.core.screens.next_up import busy_villagers, call_order, free_ones, ticket_facts
from marketapp.core.screens.stall_desk import at_counter
from marketapp.core.screens.undo_words import what_it_undoes
from marketapp.core.text import N_, gettext, name_in, say

NEXT_SHOWN = 5
HISTORY_SHOWN = 12
# The request category a stall's service suggests (the desktop's stall desk uses the same).
_GENDERS = {"M": N_("male"), "F": N_("female")}


def visible_history(db: Database, stall: Stall, villager_id: str) -> list[HistoryEntry]:
    """Her past visits this stall may see: its own service's only, oldest first."""
    return [entry for entry in villager_history(db, villager_id)
            if entry.visit.service_code == stall.service_code]


def shows_readings(stall: Stall) -> bool:
    """Whether the stall sees the readings of past visits (its service is sensitive)."""
    return stall.service().is_sensitive


def reading_summary(entry: HistoryEntry) -> str:
    """A past visit's readings as staff say them: 165/101 mmHg."""
    outcome = entry.visit.outcome
    if "systolic" in outcome and "diastolic" in outcome:
        return f"{outcome['systolic']}/{outcome['diastolic']} mmHg"
    return ""


def _pick(pair: tuple[str, str], lang: str) -> str:
    """One of the catalogue's own two names (data, not a msgid)."""
    return pair[0] if lang == "zh" else pair[1]


def _number(value: object) -> object:
    return value if value is None or isinstance(value, int | float) else float(str(value))


def form_spec(service: Service, lang: str = "zh") -> list[dict[str, Any]]:
    """The outcome form as the catalogue defines it (the hub checks again on 办结)."""
    return [{
        "key": spec.key, "name": spec.name(lang), "type": spec.type, "required": spec.required,
        "unit": spec.unit(lang), "min": _number(spec.min), "max": _number(spec.max),
        "decimals": spec.decimals, "step": _number(spec.step), "max_length": spec.max_length,
        "options": [{"code": o.code, "name": o.name(lang)} for o in spec.options],
        "required_with": list(spec.required_with), "below": spec.below,
    } for spec in service.fields]


def _person(db: Database, stall: Stall, villager_id: str, day: str,
            lang: str) -> dict[str, Any]:
    villager = get_villager(db, villager_id)
    readings = shows_readings(stall)
    history = visible_history(db, stall, villager_id)[-HISTORY_SHOWN:]
    return {
        "person": {
            "name": mask_name(villager.name),
            "age": villager.age_on(datetime.fromisoformat(day).date()),
            "gender": name_in(_GENDERS, villager.gender, lang) if villager.gender in _GENDERS
            else None,
            "village": villager.village,
        },
        "history": [{"date": e.date, "service": e.service_zh if lang == "zh" else e.service_en,
                     "summary": reading_summary(e) if readings else ""}
                    for e in reversed(history)],
    }


_LAST_DONE = (
    "SELECT t.label, v.id, v.rating, v.rated_by FROM tickets t JOIN visits v "
    "ON v.ticket_id = t.id WHERE t.market_day_id = ? AND t.status = 'done' AND t.stall_id = ? "
    "AND t.counter = ? ORDER BY t.finished_at DESC LIMIT 1"
)


def last_visit(db: Database, stall: Stall, counter: int) -> dict[str, Any] | None:
    """The visit finished last at this counter: the one the rating pad offers."""
    row = db.conn.execute(_LAST_DONE, (stall.market_day_id, stall.id, counter)).fetchone()
    if row is None:
        return None
    return {"label": row[0], "visit_id": row[1], "rating": level_of(row[2]),
            "rated_by": row[3]}


def _undo(db: Database, stall_id: str, counter: int, at: str | None,
          lang: str) -> dict[str, Any] | None:
    """What 撤销 would take back at this counter (a phone undoes only its counter's steps)."""
    try:
        preview = describe_undo(db, stall_id, at=at, lang=lang, counter=counter)
    except QueueError:
        return None
    return {"event_id": preview.event_id, "text": what_it_undoes(preview, lang),
            "needs_confirmation": preview.needs_confirmation}


def stall_part(db: Database, stall_id: str, *, at: datetime | str | None = None,
               lang: str = "zh") -> tuple[Stall, str, str, dict[str, Any]]:
    """What every counter of the stall shows alike: (stall, day status, date, view part).
    The hub computes it once per change and shares it among the stall's pages."""
    at_text, _ = moment(at)
    stall, status, day = stall_context(db, stall_id)
    village = db.conn.execute(
        "SELECT g.name FROM market_days d JOIN villages g ON g.id = d.village_id "
        "WHERE d.id = ?", (stall.market_day_id,)).fetchone()[0]
    service = stall.service()
    # The line as the board reads it: the index alone, labels for the next few only.
    lines, _ = stall_now(db, stall, count_counters=False)
    waiting = sum(len(line) for line in lines.values())
    busy = busy_villagers(db, stall.market_day_id) if waiting else {}
    order = call_order(lines, line_streak(db, stall_id, lines), NEXT_SHOWN,
                       busy) if waiting else []
    next_labels = free_ones(order, ticket_facts(db, order), stall_id, busy, NEXT_SHOWN)
    name = _pick((stall.name_zh, stall.name_en), lang)
    return stall, status, day, {
        "market": {"date": day, "village": village, "status": status},
        "stall": {"letter": stall.letter, "name": name, "counters": stall.counters,
                  "sensitive": service.is_sensitive},
        "waiting": waiting,
        "next": next_labels,
        "form": {"title": say("What was done at {name}", lang, name=name),
                 "fields": form_spec(service, lang)},
        "at": at_text,
        "rating_levels": [{"level": lv.value, "name": lv.name(lang)} for lv in LEVELS],
        "request_categories": [{"code": code, "name": gettext(names, lang)}
                               for code, names in CATEGORIES.items()],
        "request_category": category_for_service(service.category),
    }


def counter_part(db: Database, stall: Stall, status: str, day: str, common: dict[str, Any],
                 counter: int | None, lang: str = "zh") -> dict[str, Any]:
    """The stall's view at one counter (None: not chosen yet): ``common`` and who is there."""
    ticket = at_counter(db, stall.id, counter) if counter else None
    current = None
    if ticket is not None:
        current = {"ticket_id": ticket.id, "label": ticket.label, "status": ticket.status,
                   "status_name": name_in(STATE_NAMES, ticket.status, lang),
                   "recalls": ticket.recalls, "priority": ticket.priority,
                   **_person(db, stall, ticket.villager_id, day, lang)}
    done = last_visit(db, stall, counter) if counter and ticket is None else None
    state = ticket.status if ticket else None
    undo = _undo(db, stall.id, counter, common["at"], lang) if (
        counter and status == "open") else None
    return {
        **{key: value for key, value in common.items() if key != "at"},
        "undo": undo,
        "counter": counter,
        "counter_chosen": counter is not None,
        "current": current,
        "actions": {
            "call_next": (status == "open" and counter is not None and ticket is None
                          and common["waiting"] > 0),
            "arrived": state == "called", "recall": state == "called",
            "no_show": state == "called", "done": state == "serving",
            "request": ticket is not None or done is not None,
            "undo": undo is not None, "rate": done is not None,
        },
        "last_visit": done,
    }


def build_stall_view(db: Database, stall_id: str, counter: int | None, *,
                     at: datetime | str | None = None, lang: str = "zh") -> dict[str, Any]:
    """The stall phone's state at ``counter`` (None: not chosen yet), as JSON-ready data.
    Everything in it obeys the module's rule; nothing names another stall's people."""
    stall, status, day, common = stall_part(db, stall_id, at=at, lang=lang)
    return counter_part(db, stall, status, day, common, counter, lang)
