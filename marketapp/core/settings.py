"""Settings kept in the database (so they travel with the data file), as JSON values."""

from __future__ import annotations

import json
import weakref
from typing import Any

from sqlite_utils import Database

from marketapp.core.ids import new_id

DEFAULTS: dict[str, Any] = {
    "township": "",
    "priority_age": 80,
    "ticket_paper": "58mm",  # 58mm | 80mm | a6 | none
    "desk_slot": 1,  # this laptop's share of ticket numbers: slot k of desk_count
    "desk_count": 1,
    "display_screen": -1,  # -1: the second screen when there is one
    "voice_enabled": True,
    "voice_volume": 80,
    "language": "zh",
}


def get_setting(db: Database, key: str) -> Any:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    if row is None:
        return DEFAULTS.get(key)
    return json.loads(row[0])


def set_setting(db: Database, key: str, value: Any) -> None:
    with db.atomic():
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value, ensure_ascii=False)],
        )


# Per open connection: every ticket, event, visit and audit row names the device, and a
# settings lookup for each (100,000 of them in a roster import) is measurable.
_device_ids: weakref.WeakKeyDictionary[Database, str] = weakref.WeakKeyDictionary()


def device_id(db: Database) -> str:
    """This data file's device identity, created on first use (events name their device)."""
    cached = _device_ids.get(db)
    if cached:
        return cached
    current = get_setting(db, "device_id")
    if not current:
        current = new_id()
        set_setting(db, "device_id", current)
    _device_ids[db] = str(current)
    return str(current)
