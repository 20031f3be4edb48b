"""Settings kept in the database (so they travel with the data file), as JSON values.

Device identity. Every ticket, event, visit and audit row names the device (data file) that
wrote it, and ticket counters are kept per (stall, device): two laptops must never share
one. A copied file would (settings travel with it), so the identity is recorded with where
it lives (``device_home``: the machine's name and the file's absolute path). When a file is
opened somewhere else — a copy on a second laptop, or a backup restored on a new one — it
starts a new device id on first use: the old one stays on every row it wrote, and is kept in
``device_history``. Its desk slot (``desk_slot`` of ``desk_count``: which block of ticket
numbers it issues) was copied too, so the fact is kept in ``desk_copied_from`` until a person
picks this laptop's desk (:func:`choose_desk`); the registration desk warns meanwhile
(:func:`copied_desk`).
"""

from __future__ import annotations

import json
import os
import platform
import weakref
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from marketapp.core import clock
from marketapp.core.errors import UserError
from marketapp.core.ids import new_id
from marketapp.core.queue.rules import number_block
from marketapp.core.text import N_
from marketapp.core.textnorm import normalise_text

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
HOME = "device_home"
HISTORY = "device_history"
COPIED = "desk_copied_from"


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


def file_home(db: Database) -> str | None:
    """Where this data file lives: machine name and absolute path (None in memory)."""
    path = next((row[2] for row in db.conn.execute("PRAGMA database_list")
                 if row[1] == "main"), "")
    if not path:
        return None
    return f"{platform.node()}|{os.path.normcase(os.path.realpath(path))}"


def device_id(db: Database) -> str:
    """This data file's device identity, created on first use (events name their device);
    a new one when the file is found somewhere other than where it was (module docstring)."""
    cached = _device_ids.get(db)
    if cached:
        return cached
    current = get_setting(db, "device_id")
    here = file_home(db)
    if not current or (here is not None and get_setting(db, HOME) != here):
        current = _settle_identity(db, current, here)
    _device_ids[db] = str(current)
    return str(current)


def _settle_identity(db: Database, seen: str | None, here: str | None) -> str:
    """Record the identity for this place: a first one, the one a file from before homes
    were recorded had, or a new one for a copy. Another connection to the file may be doing
    the same: the first to write wins and the others take its answer."""
    with db.atomic():
        # Writing first takes the file's write lock before anything is read.
        db.execute("INSERT INTO settings (key, value) VALUES (?, 'null') "
                   "ON CONFLICT (key) DO NOTHING", [HOME])
        current, home = get_setting(db, "device_id"), get_setting(db, HOME)
        if current and (here is None or home == here):
            return str(current)  # another connection settled it meanwhile
        if current and home is not None:  # copied or moved here: a device of its own
            _start_new_device(db, str(current), str(home))
            current = None
        if not current:
            current = new_id()
            set_setting(db, "device_id", current)
        set_setting(db, HOME, here)
        return str(current)


def _start_new_device(db: Database, old: str, home: str) -> None:
    history = list(get_setting(db, HISTORY) or [])
    history.append({"device_id": old, "home": home, "until": clock.now_iso()})
    set_setting(db, HISTORY, history)
    set_setting(db, COPIED, {"device_id": old, "home": home,
                             "desk_slot": get_setting(db, "desk_slot"),
                             "desk_count": get_setting(db, "desk_count")})


@dataclass(frozen=True)
class CopiedDesk:
    """This file came from elsewhere and still has that laptop's desk slot."""

    machine: str  # where it was: machine name
    path: str  # and file
    desk_slot: int
    desk_count: int


def copied_desk(db: Database) -> CopiedDesk | None:
    """The registration desk's warning: this file was copied from another place (or laptop)
    and nobody has picked this laptop's desk since, so both may issue the same numbers.
    Reads only (the app opening a file is not a change to back up): a copy not yet used
    here is recognised by its recorded home; its new identity starts with the first write."""
    copied = get_setting(db, COPIED)
    if not copied and db not in _device_ids:
        home, here = get_setting(db, HOME), file_home(db)
        if get_setting(db, "device_id") and home and here and home != here:
            copied = {"home": home}
    if not copied:
        return None
    machine, _, path = str(copied.get("home", "")).partition("|")
    return CopiedDesk(machine, path, int(get_setting(db, "desk_slot")),
                      int(get_setting(db, "desk_count")))


def choose_desk(db: Database, slot: int, count: int) -> None:
    """A person picked this laptop's desk: desk ``slot`` of ``count`` (checked as issuing
    checks it); the copied-desk warning ends."""

    number_block(slot, count)
    device_id(db)  # a copy takes its own identity before its desk is set
    with db.atomic():
        set_setting(db, "desk_slot", slot)
        set_setting(db, "desk_count", count)
        db.execute("DELETE FROM settings WHERE key = ?", [COPIED])


TOWNSHIP_MAX = 40
EXAMPLE_TOWNSHIP = "城南乡"  # a township's name, as the example in the message


class TownshipError(UserError):
    messages = {
        "empty": N_("Type the township's name, e.g. {example}."),
        "too_long": N_("The township's name is too long (at most {max})."),
    }


def township(db: Database) -> str:
    """The organiser's name: the reports' title and the window's ('' until it is given)."""
    return str(get_setting(db, "township") or "")


def set_township(db: Database, name: str) -> str:
    """Store the township's name (asked at the first start, changed in Settings)."""
    cleaned = normalise_text(name or "")
    if not cleaned:
        raise TownshipError("empty", example=EXAMPLE_TOWNSHIP)
    if len(cleaned) > TOWNSHIP_MAX:
        raise TownshipError("too_long", max=TOWNSHIP_MAX)
    set_setting(db, "township", cleaned)
    return cleaned
