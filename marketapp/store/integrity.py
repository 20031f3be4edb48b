"""Is a data file sound?

* :func:`quick_problems` - SQLite's ``quick_check`` through a read-only connection;
* :func:`check_database` - the full ``integrity_check`` and ``foreign_key_check`` with a
  summary a person can read (``marketapp check``, the app's menu);
* :func:`verify_backup` - may this file replace the live database?
* :func:`newest_good_backup` - the backup a damaged file is restored from.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from marketapp.core.errors import UserError
from marketapp.core.text import N_, say
from marketapp.store.backup import snapshot as backup_files
from marketapp.store.paths import backups_dir
from marketapp.store.read_only import connect_read_only

if TYPE_CHECKING:  # imported where used: the start-up check runs before sqlite-utils loads
    pass

#: What opening or reading a damaged file raises: SQLite's errors, and UnicodeDecodeError
#: when the damage puts bytes that are not UTF-8 into SQLite's own error text (a flipped
#: byte in a table's CREATE statement), which Python fails to decode. Both mean damage.
READ_ERRORS = (sqlite3.Error, UnicodeDecodeError)

MIGRATIONS_TABLE = "_sqlite_migrations"
MIGRATION_SET = "marketapp"
#: How many problems a summary lists before saying "and N more".
SHOWN_PROBLEMS = 10


class RestoreError(UserError):
    messages = {
        "missing": N_("The backup file {path} does not exist; nothing was restored."),
        "not_a_database": N_("{path} is not a readable database file (or is badly damaged); "
                             "nothing was restored."),
        "damaged": N_("The backup file {path} is damaged ({reason}); nothing was restored."),
        "not_ours": N_("{path} is not a marketapp data file (it has no _sqlite_migrations "
                       "table); nothing was restored."),
        "newer_schema": N_("The backup file {path} was written by a newer marketapp ({steps}); "
                           "upgrade first. Nothing was restored."),
        "same_file": N_("A data file cannot be restored from itself: {path}"),
        "no_safety_copy": N_("Could not back up the current data first, so nothing was restored: "
                             "{reason}"),
        "failed": N_("The restore did not finish: {reason}. The data as it was before is backed "
                     "up in {backup}."),
        "in_use": N_("The data file {path} is in use by marketapp (process {pid}); close the app "
                     "first, or restore from the app's menu."),
    }


# -- opening without writing ---------------------------------------------------------------


def read_error_text(exc: BaseException) -> str:
    """SQLite's reason for a read error, also when Python could not decode it."""
    if isinstance(exc, UnicodeDecodeError) and isinstance(exc.object, bytes):
        return exc.object.decode("utf-8", "replace")
    return str(exc)


def _run_check(conn: sqlite3.Connection, pragma: str) -> list[str]:
    """The check's problems, one per line: SQLite may put a hundred in one row, under a
    "*** in database main ***" heading, and a message quoting the first must stay a line."""
    rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
    if rows == ["ok"]:
        return []
    lines = [line.strip() for row in rows for line in row.splitlines()]
    return [line for line in lines if line and not line.startswith("*** ")] or rows


def quick_problems(path: Path | str, reading: Callable[[], object] | None = None, *,
                   full: bool = False) -> list[str]:
    """``quick_check`` (``integrity_check`` when ``full``) through a read-only connection;
    [] when the file is fine. ``reading`` is called just before SQLite starts reading the
    whole file."""
    try:
        conn = connect_read_only(path)
    except READ_ERRORS as exc:
        return [read_error_text(exc)]
    try:
        if reading is not None:
            reading()
        return _run_check(conn, "integrity_check" if full else "quick_check")
    except READ_ERRORS as exc:
        return [read_error_text(exc)]
    finally:
        conn.close()


def is_marketapp_file(conn: sqlite3.Connection) -> bool | None:
    """True: our schema steps are recorded; None: an empty file (no schema at all, where
    ours may be created); False: another program's database."""
    if conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is None:
        return None
    has_steps = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                             [MIGRATIONS_TABLE]).fetchone()
    if not has_steps:
        return False
    return conn.execute(f"SELECT 1 FROM {MIGRATIONS_TABLE} WHERE migration_set = ? LIMIT 1",
                        [MIGRATION_SET]).fetchone() is not None


# -- the full check ------------------------------------------------------------------------

@dataclass
class ForeignKeyProblem:
    table: str
    rowid: int | None
    parent: str


@dataclass
class CheckResult:
    path: Path
    opened: bool = True
    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[ForeignKeyProblem] = field(default_factory=list)
    error: str | None = None
    tables: int = 0

    @property
    def ok(self) -> bool:
        return self.opened and self.error is None and not self.integrity and not self.foreign_keys

    def summary(self, lang: str | None = None) -> str:
        if not self.opened:
            return say("Cannot open the data file {path}: {error}", lang, path=self.path,
                       error=self.error)
        if self.ok:
            return say("The data file is sound: {path}\nIntegrity check: passed\nForeign-key "
                       "check: passed ({tables} tables)", lang, path=self.path, tables=self.tables)
        lines = [say("The data file has problems: {path}", lang, path=self.path)]
        if self.error:
            lines.append(say("The check stopped: {error}", lang, error=self.error))
        if self.integrity:
            lines.append(say("Integrity check: {integrity_count} problem(s)", lang,
                             integrity_count=len(self.integrity)))
            lines += [f"  - {p}" for p in self.integrity[:SHOWN_PROBLEMS]]
            lines += _more(len(self.integrity), lang)
        elif self.error:  # a check that stopped never says passed
            lines.append(say("Integrity check: not finished", lang))
        else:
            lines.append(say("Integrity check: passed", lang))
        if self.foreign_keys:
            lines.append(say("Foreign-key check: {foreign_keys_count} row(s) refer to rows that "
                             "do not exist", lang, foreign_keys_count=len(self.foreign_keys)))
            for p in self.foreign_keys[:SHOWN_PROBLEMS]:
                lines.append(say("  - table {table}, row {rowid}: its {parent} row is missing",
                                 lang, table=p.table, rowid=p.rowid, parent=p.parent))
            lines += _more(len(self.foreign_keys), lang)
        elif not self.error:
            lines.append(say("Foreign-key check: passed", lang))
        return "\n".join(lines)


def _more(count: int, lang: str | None) -> list[str]:
    if count <= SHOWN_PROBLEMS:
        return []
    rest = count - SHOWN_PROBLEMS
    return [say("  ... and {rest} more", lang, rest=rest)]


def check_database(path: Path | str) -> CheckResult:
    """``integrity_check`` + ``foreign_key_check`` through a read-only connection."""
    path = Path(path)
    result = CheckResult(path)
    if not path.is_file():
        result.opened = False
        result.error = say("the file does not exist", None)
        return result
    try:
        conn = connect_read_only(path)
    except READ_ERRORS as exc:
        result.opened = False
        result.error = read_error_text(exc)
        return result
    try:
        result.tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    except READ_ERRORS as exc:
        conn.close()
        result.opened = False
        result.error = read_error_text(exc)
        return result
    try:
        result.integrity = _run_check(conn, "integrity_check")
        result.foreign_keys = [ForeignKeyProblem(str(t), r, str(p))
                               for t, r, p, _ in conn.execute("PRAGMA foreign_key_check")]
    except READ_ERRORS as exc:
        result.error = read_error_text(exc)
    finally:
        conn.close()
    return result


# -- backups as restore candidates ---------------------------------------------------------

def verify_backup(path: Path | str, *, full: bool = True) -> None:
    """Raise :class:`RestoreError` unless ``path`` can replace the live database.

    The file must open, pass ``integrity_check`` (``quick_check`` when ``full`` is false),
    hold our ``_sqlite_migrations`` table and no schema step this version does not know.
    Nothing is written to it.
    """
    # migrations loads sqlite-utils: kept off the start-up check, which runs before it loads
    from marketapp.store import migrations

    path = Path(path)
    if not path.is_file():
        raise RestoreError("missing", path=str(path))
    try:
        conn = connect_read_only(path)
    except READ_ERRORS as exc:
        raise RestoreError("not_a_database", path=str(path)) from exc
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except READ_ERRORS as exc:
        conn.close()
        raise RestoreError("not_a_database", path=str(path)) from exc
    try:
        try:
            problems = _run_check(conn, "integrity_check" if full else "quick_check")
        except READ_ERRORS as exc:
            problems = [read_error_text(exc)]
        if problems:
            raise RestoreError("damaged", path=str(path), reason=problems[0])
        has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                 [MIGRATIONS_TABLE]).fetchone()
        if not has_table:
            raise RestoreError("not_ours", path=str(path))
        applied = [r[0] for r in conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", [MIGRATION_SET])]
        known = {m.name for m in migrations.MIGRATIONS._migrations}
        unknown = [name for name in applied if name not in known]
        if unknown:
            raise RestoreError("newer_schema", path=str(path), steps=", ".join(unknown))
    finally:
        conn.close()


def backup_folders(db_path: Path | str, mirror_dir: Path | str | None = None) -> list[Path]:
    folders = [backups_dir(Path(db_path))]
    if mirror_dir:
        folders.append(Path(mirror_dir))
    return folders


def newest_good_backup(db_path: Path | str, mirror_dir: Path | str | None = None,
                       *, full: bool = False) -> Path | None:
    """The newest of our backups (primary folder, then the mirror) that passes its check."""
    candidates = []
    for folder in backup_folders(db_path, mirror_dir):
        try:
            candidates += backup_files.list_backups(folder, Path(db_path))
        except OSError:
            continue  # a stick pulled out
    for found in sorted(candidates, reverse=True):
        try:
            verify_backup(found.path, full=full)
        except RestoreError:
            continue
        return found.path
    return None


# -- start-up ------------------------------------------------------------------------------


# -- where the file is kept ----------------------------------------------------------------


