"""How a command opens the data file: as carefully as the app's own start.

Reading (board, search, services, export, report, check, operators list/log…)
    The app's start check first (``store.startup_check``: ``quick_check`` through a
    read-only connection), then the file opened read-only (``file:…?mode=ro``): a reader
    never writes, never checkpoints (a foreign ``-wal`` placed beside the file is never
    folded into it) and never migrates. A damaged file is refused with the app's reason
    and the ``marketapp restore`` line; so is any error while reading it
    (:func:`damage_refusal`). A file that does not exist yet reads as an empty one, in
    memory: nothing is created.
Writing (import, merge, restore, demo, desk K N, operators add…, retention, full exports)
    The app's lock first (``store.writer_lock``: wait for another command, refused beside
    the app), then the same start check, then the file opened read-write with its
    migrations (after a backup, ``store.database``).
An older version's file (schema steps to apply, search keys of older rules)
    is upgraded before a read, under the lock as a writing command would, after the same
    check (the full ``integrity_check`` when a ``-wal`` holds frames) and backup: the upgrade
    the app makes at its next start. Refusing instead would send a township clerk to another
    command first for no safety gain. With the app or ``marketapp serve`` holding the file it
    is read as it is: they upgraded it on opening (``search`` then says its keys are old).
Another program's SQLite file is refused (``store.database.refuse_foreign``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from marketapp.core.errors import UserError
from marketapp.store import migrations
from marketapp.store.backup.mirror import mirror_dir_setting
from marketapp.store.backup.snapshot import remove_leftovers
from marketapp.store.clean_close import forget_clean_close
from marketapp.store.database import StoreError, open_database
from marketapp.store.integrity import (
    READ_ERRORS,
    is_marketapp_file,
    newest_good_backup,
    read_error_text,
)
from marketapp.store.os_errors import classify_error
from marketapp.store.read_only import connect_read_only, for_queries, open_read_only
from marketapp.store.startup_check import DataFileRefused, StartupState, startup_check
from marketapp.store.writer_lock import LockPolicy, writer_lock

Say = Callable[[str], object]


def checked(db_path: Path, *, writing: bool = True) -> StartupState:
    """The app's start check; a damaged file (or one on a full disk) is refused."""
    state = startup_check(db_path, mirror_dir_setting(db_path), writing=writing)
    if not state.ok:
        raise state.refusal()
    return state


def open_for_writing(db_path: Path) -> Database:
    """Checked, then opened read-write and upgraded. The caller holds the lock."""
    checked(db_path)
    remove_leftovers(db_path, mirror_dir_setting(db_path))
    forget_clean_close(db_path)  # it is written to now: the next start must check it
    from marketapp.core.people.search.index import rebuild_if_stale

    db = open_database(db_path)
    try:
        rebuild_if_stale(db)
    except BaseException:
        db.close()
        raise
    return db


def open_for_reading(db_path: Path, command: str, waiting: Say | None = None) -> Database:
    """Checked, upgraded when it must be, then opened read-only (module docstring)."""
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return open_empty()
    checked(db_path, writing=False)
    try:
        state = _schema_state(db_path)
        if state == "empty":
            return open_empty()
        if state == "older":
            with writer_lock(db_path, command, LockPolicy.BESIDE_APP, waiting=waiting) as lock:
                if lock is not None:
                    open_for_writing(db_path).close()
        return open_read_only(db_path)
    except READ_ERRORS as exc:
        refusal = damage_refusal(db_path, exc)
        if refusal is None:
            raise
        raise refusal from exc


def open_empty() -> Database:
    """An empty data file in memory, for a command that only reads a file that does not
    exist yet: it answers as an empty file would, and no file is created."""
    from marketapp.core.people.search.index import rebuild_if_stale

    db = for_queries(sqlite3.connect(":memory:"), query_only=False)
    migrations.apply_pending(db)
    rebuild_if_stale(db)  # no villagers: it only records the key rules
    db.execute("PRAGMA query_only=ON")
    return db


def _schema_state(db_path: Path) -> str:
    """'current', 'older' (steps or search keys to bring up to date) or 'empty'; another
    program's file or a newer version's is refused."""
    conn = connect_read_only(db_path)
    try:
        ours = is_marketapp_file(conn)
        if ours is None:
            return "empty"
        if ours is False:
            raise StoreError("not_ours", path=str(db_path))
        applied = {r[0] for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'marketapp'")}
    finally:
        conn.close()
    known = [m.name for m in migrations.MIGRATIONS._migrations]
    unknown = sorted(applied - set(known))
    if unknown:
        raise StoreError("newer_schema", steps=", ".join(unknown))
    if any(name not in applied for name in known):
        return "older"
    from marketapp.core.people.search.index import is_stale

    db = open_read_only(db_path)
    try:
        return "older" if is_stale(db) else "current"
    finally:
        db.close()


def damage_refusal(db_path: Path, exc: BaseException) -> UserError | None:
    """An error met while opening or reading the data file, said as damage with the
    restore line (a full disk as such); None for any other error (a locked file…)."""
    from marketapp.store.startup_check import out_of_room

    if isinstance(exc, sqlite3.Error) and classify_error(exc) != "damaged":
        return None
    if out_of_room(db_path):  # SQLite says "disk I/O error" when it cannot make its -shm
        return DataFileRefused("disk_full", folder=str(Path(db_path).parent))
    good = newest_good_backup(db_path, mirror_dir_setting(db_path))
    return DataFileRefused("damaged", path=str(db_path), first=read_error_text(exc),
                           good_backup=good)
