"""Every ticket of a date range with its visit and villager: the rows reports and exports use.

One query; the daily report and the visits export both read these records, so their numbers
cannot disagree.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from marketapp.core.catalogue.model import Service
from marketapp.core.market.days import Stall, get_stall


@dataclass(frozen=True)
class TicketRecord:
    market_day_id: str
    market_date: str
    host_village: str
    stall_id: str
    service_code: str
    service_zh: str
    service_en: str
    label: str
    status: str
    priority: str
    priority_reason: str | None
    arrived_at: str
    called_at: str | None
    serving_at: str | None
    finished_at: str | None
    recalls: int
    end_reason: str | None
    transferred_to: str | None
    villager_id: str
    name: str
    gender: str | None
    birth_date: str | None
    id_number: str | None
    phone: str | None
    village: str | None
    visit_id: str | None
    outcome: dict
    flags: list
    notes: str | None
    fee_cents: int | None
    staff: str | None
    rating: str | None
    rated_by: str | None
    wait_minutes: float | None
    service_minutes: float | None

    def age_on(self, day: date) -> int | None:
        if not self.birth_date:
            return None
        born = date.fromisoformat(self.birth_date)
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


_SQL = """
SELECT d.id, d.date, hv.name, s.id, s.service_code, s.name_zh, s.name_en, t.label, t.status,
       t.priority, t.priority_reason, t.arrived_at, t.called_at, t.serving_at, t.finished_at,
       t.recalls, t.end_reason, t.transferred_to, v.id, v.name, v.gender, v.birth_date,
       v.id_number, v.phone, vv.name, vi.id, vi.outcome, vi.flags, vi.notes, vi.fee_cents,
       vi.staff, vi.rating, vi.rated_by, vi.wait_minutes, vi.service_minutes
FROM tickets t
JOIN market_days d ON d.id = t.market_day_id
JOIN villages hv ON hv.id = d.village_id
JOIN stalls s ON s.id = t.stall_id
JOIN villagers v ON v.id = t.villager_id
LEFT JOIN villages vv ON vv.id = v.village_id
LEFT JOIN visits vi ON vi.ticket_id = t.id
WHERE d.date BETWEEN ? AND ? {extra}
ORDER BY d.date, hv.name, s.position, t.number
"""


def ticket_records(db: Database, date_from: str, date_to: str,
                   market_day_id: str | None = None) -> Iterator[TicketRecord]:
    extra, params = "", [date_from, date_to]
    if market_day_id:
        extra, params = "AND d.id = ?", [*params, market_day_id]
    for row in db.execute(_SQL.format(extra=extra), params):
        values = list(row)
        values[26] = json.loads(values[26]) if values[26] else {}
        values[27] = json.loads(values[27]) if values[27] else []
        yield TicketRecord(*values)


def services_of(db: Database, stall_ids: set[str]) -> dict[str, tuple[Stall, Service]]:
    """Each stall with its service as it stood on the day (for outcome column names)."""
    found = {}
    for stall_id in stall_ids:
        stall = get_stall(db, stall_id)
        found[stall_id] = (stall, stall.service())
    return found
