"""One row per ticket (served or not) as a spreadsheet, masked unless a full copy is asked for.

The masked copy leaves out everything typed as free text — the visit's notes and the text
fields of its outcome (parties to a dispute, the matter, medicines, advice): staff write
names and ID numbers there, and masking cannot find them. Numbers, choices and yes/no
fields stay; a reading is a number in its own column (the unit is in the header).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlite_utils import Database

from marketapp.core.catalogue.outcomes import format_value
from marketapp.core.figures.ticket_records import TicketRecord, services_of, ticket_records
from marketapp.core.people.masking import mask_id, mask_name, mask_phone
from marketapp.core.queue.ratings import RATING_NAMES
from marketapp.core.text import N_, NP_, gettext, name_in
from marketapp.reports.labels import label
from marketapp.reports.spreadsheet import write_table

# The export's own short words; "visit export" where the same English is said otherwise
# elsewhere.
_STATUS = {
    "waiting": N_("waiting"), "called": N_("called"), "serving": N_("serving"),
    "done": NP_("visit export", "done"), "no_show": N_("no-show"), "cancelled": N_("cancelled"),
    "transferred": NP_("visit export", "transferred"), "not_served": N_("not served"),
}
_RATING = RATING_NAMES  # the five levels of 好差评
_RATED_BY = {"villager": NP_("rated by", "villager"), "staff": NP_("rated by", "staff")}
_PRIORITY = {"normal": N_("normal"), "priority": N_("priority"), "urgent": N_("urgent")}
_BASE = (("date", N_("Market date")), ("host", N_("Host village")), ("service", N_("Service")),
         ("ticket", N_("Ticket")), ("status", N_("Status")), ("priority", N_("Priority")),
         ("arrived", N_("Arrived")), ("called", N_("Called")), ("started", N_("Started")),
         ("finished", N_("Finished")), ("wait", N_("Wait (min)")),
         ("service_min", N_("Service (min)")), ("name", N_("Name")), ("gender", N_("Gender")),
         ("age", N_("Age")), ("village", N_("Village")), ("id_number", N_("ID number")),
         ("phone", N_("Phone")), ("rating", N_("Rating")),
         ("rated_by", N_("Rated by")), ("flags", N_("Flags")),
         ("fee", N_("Fee (yuan)")), ("staff", NP_("visit export", "Staff")),
         ("notes", N_("Notes")), ("end_reason", N_("Reason not served")))


def _pick(table: dict[str, str], key: str | None, lang: str) -> str:
    return name_in(table, key, lang) if key else ""


def _time(value: str | None) -> str:
    return value[11:16] if value else ""


def export_visits(db: Database, path: Path, date_from: str, date_to: str, *,
                  full: bool = False, lang: str = "zh") -> int:
    records = list(ticket_records(db, date_from, date_to))
    stalls = services_of(db, {r.stall_id for r in records})
    # One column per outcome field of the services in the file, in catalogue order.
    outcome_columns: list[tuple[str, str, object]] = []
    seen: set[tuple[str, str]] = set()
    for _stall, service in sorted(stalls.values(), key=lambda pair: pair[0].position):
        for spec in service.fields:
            if (service.code, spec.key) not in seen:
                seen.add((service.code, spec.key))
                unit = f"({spec.unit(lang)})" if spec.unit(lang) else ""
                outcome_columns.append(
                    (service.code, spec.key, (service, spec, f"{service.name(lang)}·"
                                                             f"{spec.name(lang)}{unit}")))
    headers = [gettext(title, lang) for _k, title in _BASE]
    headers += [title for _c, _k, (_s, _f, title) in outcome_columns]
    rows = (_row(r, outcome_columns, stalls, full, lang) for r in records)
    return write_table(path, headers, rows)


def _row(r: TicketRecord, outcome_columns, services, full: bool, lang: str) -> list[object]:
    day = date.fromisoformat(r.market_date)
    service = services.get(r.stall_id, (None, None))[1]
    row: list[object] = [
        r.market_date, r.host_village, r.service_zh if lang == "zh" else r.service_en,
        r.label, _pick(_STATUS, r.status, lang), _pick(_PRIORITY, r.priority, lang),
        _time(r.arrived_at), _time(r.called_at), _time(r.serving_at), _time(r.finished_at),
        r.wait_minutes, r.service_minutes,
        r.name if full else mask_name(r.name),
        label(f"gender_{r.gender}", lang) if r.gender else "",
        r.age_on(day),
        r.village or "",
        (r.id_number or "") if full else (mask_id(r.id_number) if r.id_number else ""),
        (r.phone or "") if full else (mask_phone(r.phone) if r.phone else ""),
        _pick(_RATING, r.rating, lang),
        _pick(_RATED_BY, r.rated_by, lang),
        "、".join(service.flag_name(flag, lang) for flag in r.flags) if service else
        "、".join(r.flags),
        round(r.fee_cents / 100, 2) if r.fee_cents is not None else None,
        r.staff or "",
        (r.notes or "") if full else "",
        r.end_reason or "",
    ]
    for code, key, (_service, spec, _title) in outcome_columns:
        value = r.outcome.get(key) if r.service_code == code else None
        row.append(_outcome_cell(spec, value, full, lang))
    return row


def _outcome_cell(spec, value: object, full: bool, lang: str) -> object:
    if value is None or (spec.type == "text" and not full):
        return ""
    if spec.type in ("int", "decimal"):
        return value  # a number Excel can sum; the unit is in the column's title
    return format_value(spec, value, lang)
