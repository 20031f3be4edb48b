"""The villagers table as a spreadsheet, masked unless a full copy is asked for."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from marketapp.core import clock
from marketapp.core.people.masking import mask_id, mask_name, mask_phone
from marketapp.core.people.villagers import CARE_FLAG_NAMES, iter_villagers
from marketapp.core.text import gettext
from marketapp.reports.labels import label
from marketapp.reports.spreadsheet import write_table

COLUMNS = ("name", "gender", "birth_date", "age", "id_number", "phone", "village", "address",
           "care_flags", "notes", "created_at", "last_seen_at")


def export_villagers(
    db: Database, path: Path, *, full: bool = False, lang: str = "zh", today: date | None = None
) -> int:
    today = today or date.today()
    headers = [label(c, lang) for c in COLUMNS]
    return write_table(path, headers, _rows(db, full, lang, today))


def _rows(db: Database, full: bool, lang: str, today: date) -> Iterator[list[object]]:
    for v in iter_villagers(db):
        # Masked copies drop the birth date too: with the village it identifies a person.
        yield [
            v.name if full else mask_name(v.name),
            label(f"gender_{v.gender}", lang) if v.gender else "",
            v.birth_date if full else (v.birth_date or "")[:4],
            v.age_on(today),
            (v.id_number or "") if full else mask_id(v.id_number) if v.id_number else "",
            (v.phone or "") if full else mask_phone(v.phone) if v.phone else "",
            v.village or "",
            v.address or "",
            "、".join(gettext(CARE_FLAG_NAMES[f], lang) for f in v.care_flags()),
            (v.notes or "") if full else "",
            clock.local_text(v.created_at),
            clock.local_text(v.last_seen_at),
        ]
