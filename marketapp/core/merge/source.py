"""The file being merged in: opened read-only and checked, or refused with a reason."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from sqlite_utils import Database

from marketapp.core.errors import UserError
from marketapp.core.text import N_
from marketapp.store import migrations
from marketapp.store.backup.policy import database_file
from marketapp.store.database import open_database

MIGRATIONS_TABLE = "_sqlite_migrations"


class MergeError(UserError):
    messages = {
        "missing": N_("The file to merge, {path}, does not exist; nothing was changed."),
        "same_file": N_("A data file cannot be merged into itself: {path}"),
        "not_a_database": N_("{path} is not a readable database file (or is badly damaged); "
                             "nothing was changed."),
        "damaged": N_("The file to merge, {path}, is damaged ({reason}); nothing was changed."),
        "not_ours": N_("{path} is not a marketapp data file; nothing was changed. If it was "
                       "copied from a laptop while the app was running, make a full copy with "
                       "backup (marketapp backup) and merge that."),
        "newer_schema": N_("{path} was written by a newer marketapp ({steps}); upgrade this copy "
                           "first. Nothing was changed."),
        "no_numbers": N_("Stall {stall} has no ticket numbers left for the merged tickets; "
                         "nothing was changed."),
        "in_use": N_("The data file {path} is in use by marketapp (process {pid}); close the app "
                     "first, or merge from the app's menu."),
        "failed": N_("The merge did not finish and nothing was changed: {reason}"),
    }


def user_tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}


class OtherFile:
    """OTHER opened read-only and checked; an older schema is upgraded in a temporary copy
    (the file itself is never written)."""

    def __init__(self, db: Database, path: Path) -> None:
        self.db, self.path = db, path
        self.conn: sqlite3.Connection | None = None
        self.tmp: Path | None = None

    def __enter__(self) -> sqlite3.Connection:
        path = self.path
        if not path.is_file():
            raise MergeError("missing", path=str(path))
        try:
            target = database_file(self.db).resolve()
        except ValueError:
            target = None
        if target is not None and path.resolve() == target:
            raise MergeError("same_file", path=str(path))
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            conn.execute("PRAGMA query_only = ON")
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            raise MergeError("not_a_database", path=str(path)) from exc
        try:
            self._check(conn, path)
            pending = self._pending(conn)
        except BaseException:
            conn.close()
            raise
        if pending:
            conn = self._upgraded_copy(conn)
        self.conn = conn
        return conn

    def _check(self, conn: sqlite3.Connection, path: Path) -> None:
        try:
            problems = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
        except sqlite3.Error as exc:
            problems = [str(exc)]
        if problems != ["ok"]:
            raise MergeError("damaged", path=str(path), reason=problems[0])
        if MIGRATIONS_TABLE not in user_tables(conn) or "villagers" not in user_tables(conn):
            raise MergeError("not_ours", path=str(path))
        applied = [r[0] for r in conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = 'marketapp'")]
        known = {m.name for m in migrations.MIGRATIONS._migrations}
        unknown = [name for name in applied if name not in known]
        if unknown:
            raise MergeError("newer_schema", path=str(path), steps=", ".join(unknown))
        if not applied:
            raise MergeError("not_ours", path=str(path))

    def _pending(self, conn: sqlite3.Connection) -> bool:
        applied = {r[0] for r in conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = 'marketapp'")}
        return any(m.name not in applied for m in migrations.MIGRATIONS._migrations)

    def _upgraded_copy(self, conn: sqlite3.Connection) -> sqlite3.Connection:

        self.tmp = Path(tempfile.mkdtemp(prefix="marketapp-merge-"))
        copy = sqlite3.connect(self.tmp / "other.db")
        try:
            conn.backup(copy)
        finally:
            copy.close()
            conn.close()
        return open_database(self.tmp / "other.db").conn

    def __exit__(self, *exc: object) -> None:
        if self.conn is not None:
            self.conn.close()
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
