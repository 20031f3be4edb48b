"""Open the database file: pragmas checked, migrations applied after a backup."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from marketapp.core.errors import UserError
from marketapp.core.text import N_
from marketapp.store import migrations
from marketapp.store.backup import snapshot as backup
from marketapp.store.integrity import READ_ERRORS, is_marketapp_file
from marketapp.store.os_errors import os_reason
from marketapp.store.paths import backups_dir  # noqa: F401 - its old home
from marketapp.store.read_only import connect_read_only

BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 64 * 1024


class StoreError(UserError):
    messages = {
        "cannot_open": N_("Cannot open the data file {path}: {reason}"),
        "not_a_database": N_("{path} is not a marketapp data file, or it is damaged."),
        "not_ours": N_("{path} is another program's database, not a marketapp data file; it was "
                       "left as it was. Choose a marketapp data file, or a new file name to start "
                       "one."),
        "foreign_keys_off": N_("The database would not enable foreign-key checks; stopped to "
                               "protect the data."),
        "newer_schema": N_("This data file was written by a newer marketapp ({steps}); upgrade "
                           "before opening it."),
        "migration_failed": N_("Upgrading the data file failed and nothing was changed (backup: "
                               "{backup}). Reason: {reason}"),
    }


class MarketDatabase(Database):
    """sqlite-utils' Database whose outermost ``atomic()`` starts with BEGIN IMMEDIATE.

    sqlite-utils begins a deferred transaction, which takes the write lock only at its
    first write. In WAL mode a transaction that has read and then finds another connection
    writing (the roster import or a re-key in a worker, a second copy of a CLI command)
    fails at once with "database is locked": the busy timeout cannot help, since waiting
    would not make its snapshot current. Taking the write lock first makes a second writer
    wait for the first (up to the busy timeout) and then see its changes. Nested blocks stay
    savepoints, exactly as in sqlite-utils.
    """

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise


def _reverse(text: str | None) -> str | None:
    return text[::-1] if text is not None else None


def connect(path: Path) -> Database:
    """A connection with the project's pragmas, without migrating."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        # Search keys are inserted in random order: a roomy page cache keeps a big import
        # from re-reading the same index pages from disk (64 MiB; SQLite's default is 2).
        conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        conn.execute("PRAGMA temp_store=MEMORY")
        # Used by the search-key SQL (core.people.search.index): ID and phone tails are stored
        # reversed so a tail query is a prefix range.
        conn.create_function("marketapp_reverse", 1, _reverse, deterministic=True)
        # Positions 1..64, for generating substrings and prefixes in SQL (search keys).
        conn.execute("CREATE TEMP TABLE key_positions (i INTEGER PRIMARY KEY)")
        conn.execute(
            "INSERT INTO temp.key_positions (i) WITH RECURSIVE n(i) AS "
            "(SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 64) SELECT i FROM n"
        )
        # sqlite3 opened a transaction implicitly for that INSERT: end it, or every later
        # atomic() would become a savepoint inside a transaction that never commits.
        conn.commit()
    except UnicodeDecodeError as exc:  # damage put bytes that are not UTF-8 in SQLite's text
        raise StoreError("not_a_database", path=str(path)) from exc
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc) or "malformed" in str(exc):
            raise StoreError("not_a_database", path=str(path)) from exc
        raise StoreError("cannot_open", path=str(path), reason=str(exc)) from exc
    except OSError as exc:
        raise StoreError("cannot_open", path=str(path), reason=os_reason(exc)) from exc
    if mode.lower() != "wal":
        conn.close()
        raise StoreError("cannot_open", path=str(path), reason=f"journal_mode={mode}")
    # PRAGMA foreign_keys is silently ignored inside a transaction: verify it took.
    if conn.execute("PRAGMA foreign_keys").fetchone()[0] != 1:
        conn.close()
        raise StoreError("foreign_keys_off")
    # No sqlite-utils plugins on our connections: finding them scans every installed
    # package's entry points (~50 ms at start-up), and a plugin installed for something else
    # has no business registering functions on a file of villagers' personal data.
    return MarketDatabase(conn, execute_plugins=False)


def open_database(path: Path | str, *, migrate: bool = True) -> Database:
    path = Path(path)
    existed = path.exists() and path.stat().st_size > 0
    if existed:
        refuse_foreign(path)
    db = connect(path)
    if migrate:
        try:
            _migrate(db, path, existed)
        except BaseException:
            db.close()
            raise
    return db


def refuse_foreign(path: Path) -> None:
    """Raise ``not_ours`` for a SQLite file with tables and no marketapp schema steps.

    Checked read-only before :func:`connect`, which would switch the file to WAL, and before
    the migrations, which would add our tables to another program's data. The schema is
    created only in a new or empty file. A file that cannot be read is left for
    :func:`connect` to explain."""

    try:
        conn = connect_read_only(path)
        try:
            ours = is_marketapp_file(conn)
        finally:
            conn.close()
    except READ_ERRORS:
        return
    if ours is False:
        raise StoreError("not_ours", path=str(path))


def _migrate(db: Database, path: Path, existed: bool) -> None:
    _refuse_newer_schema(db)
    if not migrations.pending_steps(db):
        return
    backup_path = "-"
    if existed and _has_user_tables(db):
        dest = backups_dir(path) / backup.timestamped_name(path, "before-upgrade")
        backup.backup_connection(db.conn, dest)
        backup_path = str(dest)
    try:
        migrations.apply_pending(db)
    except sqlite3.Error as exc:
        raise StoreError("migration_failed", backup=backup_path, reason=str(exc)) from exc


def _has_user_tables(db: Database) -> bool:
    return any(not name.startswith("sqlite_") for name in db.table_names())


def _refuse_newer_schema(db: Database) -> None:
    known = {m.name for m in migrations.MIGRATIONS._migrations}
    unknown = [m.name for m in migrations.MIGRATIONS.applied(db) if m.name not in known]
    if unknown:
        raise StoreError("newer_schema", steps=", ".join(unknown))
