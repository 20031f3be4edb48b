"""Keeping the villager_search table in step with the villagers table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlite_utils import Database

from marketapp.core import clock
from marketapp.core.search_keys import KEY_VERSION, villager_keys

if TYPE_CHECKING:
    from marketapp.core.villagers import Villager

_SETTING = "search_key_version"


def _rows(villager: Villager) -> list[tuple[str, int, int, int]]:
    seen = clock.epoch_seconds(villager.last_seen_at)
    keys = villager_keys(villager.name, villager.id_number, villager.phone)
    return [(key, tier, seen, villager.seq) for key, tier in keys.items()]


def add(db: Database, villager: Villager) -> None:
    db.conn.executemany(
        "INSERT OR IGNORE INTO villager_search VALUES (?, ?, ?, ?)", _rows(villager)
    )


def remove(db: Database, villager: Villager) -> None:
    # Keys are derived from the record, so the old record names every row to delete
    # (a whole primary key each) without a second index on seq.
    db.conn.executemany(
        "DELETE FROM villager_search WHERE key = ? AND tier = ? AND seen = ? AND seq = ?",
        _rows(villager),
    )


def replace(db: Database, old: Villager, new: Villager) -> None:
    remove(db, old)
    add(db, new)


def rebuild_if_stale(db: Database) -> bool:
    """Rebuild every key when the key rules changed since the index was written."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [_SETTING]).fetchone()
    if row and int(row[0]) == KEY_VERSION:
        return False
    rebuild(db)
    return True


def rebuild(db: Database) -> None:
    from marketapp.core.villagers import iter_villagers

    with db.atomic():
        db.execute("DELETE FROM villager_search")
        for villager in list(iter_villagers(db, order_by="v.seq")):
            add(db, villager)
        db.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
            [_SETTING, str(KEY_VERSION)],
        )
