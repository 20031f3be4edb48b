"""Backup policy: when a backup is taken, where it goes, which ones are kept, and restore.

When
    :class:`BackupScheduler` (no threads: the app calls ``tick(now, data_changed)`` from a
    timer) takes an ``auto`` backup every 10 minutes while data changed, and the app calls
    :func:`backup_now` when a market day closes (``close``), on exit (``exit``) and before an
    import, merge or restore. ``store.database`` backs up before a migration itself
    (``before-upgrade``).

Where
    ``backups/`` beside the data file (:func:`marketapp.store.database.backups_dir`), named
    ``<stem>-YYYYMMDD-HHMMSS-<reason>.db``. With a second folder (``mirror_dir``, e.g. a USB
    stick) each finished backup is copied there too (temporary file, fsync, rename); a failed
    copy is reported in :attr:`BackupResult.mirror_error` and never undoes the primary backup.

Which are kept (:class:`RotationPolicy`, applied after every backup, in each folder)
    * the newest 20 backups;
    * plus the newest backup of each day, for the last 90 days;
    * plus the newest backup of each month, forever;
    * plus the newest ``before-upgrade``/``migrate`` and the newest ``restore`` backup
      (the data as it was before the last upgrade and before the last restore);
    * plus the backup just taken.
    The newest backup is always kept, so the only copy is never deleted. Only files whose
    names have our pattern for this database are ever deleted; anything else in the folder
    (other databases' backups, a user's own copies, ``.partial`` files still being written)
    is left alone. Days and months come from the time in the file name.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from marketapp.core.errors import UserError
from marketapp.core.text import N_
from marketapp.store.backup import snapshot as files
from marketapp.store.database import backups_dir
from marketapp.store.integrity import (
    READ_ERRORS,
    RestoreError,
    quick_problems,
    read_error_text,
    verify_backup,
)
from marketapp.store.os_errors import classify_error, os_reason
from marketapp.store.read_only import connect_read_only

Source = Path | str | sqlite3.Connection | Database
AUTO_INTERVAL = timedelta(minutes=10)
RETRY_INTERVAL = timedelta(minutes=1)


class BackupError(UserError):
    messages = {
        "no_database": N_("The data file {path} does not exist; there is nothing to back up."),
        "disk_full": N_("Backup not made: the disk holding {folder} is full. The data file "
                        "itself is unaffected; free some space and back up again."),
        "read_only": N_("Backup not made: the folder {folder} cannot be written ({reason}). The "
                        "data file itself is unaffected."),
        "source_damaged": N_("Backup not made: reading the data file failed ({reason}); it may "
                             "be damaged. Run the data file check (marketapp check)."),
        "failed": N_("Backup not made ({folder}): {reason}. The data file itself is unaffected."),
        "folder_missing": N_("the folder does not exist"),
        "mirror_failed": N_("The backup was saved in {primary}, but copying it to the second "
                            "folder {folder} failed ({reason}). Check that the USB stick is "
                            "plugged in."),
    }


_MISSING_FOLDER = BackupError("folder_missing")


def _backup_error(exc: BaseException, folder: Path) -> BackupError:
    reason = os_reason(exc) if isinstance(exc, OSError) else read_error_text(exc)
    if isinstance(exc, (files.BackupCheckFailed, UnicodeDecodeError)):
        return BackupError("source_damaged", reason=read_error_text(exc))
    kind = classify_error(exc)
    if kind == "disk_full":
        return BackupError("disk_full", folder=str(folder))
    if kind == "read_only":
        return BackupError("read_only", folder=str(folder), reason=reason)
    if kind == "damaged":
        return BackupError("source_damaged", reason=reason)
    return BackupError("failed", folder=str(folder), reason=reason)


# -- rotation ------------------------------------------------------------------------------

@dataclass(frozen=True)
class RotationPolicy:
    keep_last: int = 20
    daily_days: int = 90
    monthly: bool = True

    def __post_init__(self) -> None:
        if self.keep_last < 1:
            raise ValueError("keep_last must be at least 1: the newest backup is always kept")


DEFAULT_POLICY = RotationPolicy()


def backups_to_keep(backups: Iterable[files.BackupName], now: datetime,
                    policy: RotationPolicy = DEFAULT_POLICY) -> set[Path]:
    newest_first = sorted(backups, reverse=True)
    keep = {b.path for b in newest_first[: policy.keep_last]}
    seen_days: set = set()
    seen_months: set = set()
    seen_reasons: set = set()
    for b in newest_first:
        day = b.taken.date()
        if day not in seen_days:
            seen_days.add(day)
            if (now.date() - day).days < policy.daily_days:
                keep.add(b.path)
        month = (day.year, day.month)
        if month not in seen_months:
            seen_months.add(month)
            if policy.monthly:
                keep.add(b.path)
        group = "migrate" if b.reason in ("migrate", "before-upgrade") else b.reason
        if group in ("migrate", "restore") and group not in seen_reasons:
            seen_reasons.add(group)
            keep.add(b.path)
    return keep


def rotate(folder: Path | str, db_path: Path | str, now: datetime | None = None,
           policy: RotationPolicy = DEFAULT_POLICY, protect: Iterable[Path] = ()) -> list[Path]:
    """Delete our backups of ``db_path`` in ``folder`` that the policy does not keep."""
    found = files.list_backups(Path(folder), Path(db_path))
    if not found:
        return []
    keep = backups_to_keep(found, now or datetime.now(), policy) | {Path(p) for p in protect}
    removed = []
    for b in found:
        if b.path not in keep:
            try:
                b.path.unlink()
                removed.append(b.path)
            except FileNotFoundError:
                pass
    return removed


# -- taking a backup -----------------------------------------------------------------------

@dataclass
class BackupResult:
    """A finished backup. ``os.fspath(result)`` is the backup file."""

    path: Path
    reason: str
    mirror_path: Path | None = None
    mirror_error: BackupError | None = None
    removed: list[Path] = field(default_factory=list)

    def __fspath__(self) -> str:
        return str(self.path)


def database_file(source: Source) -> Path:
    """The main file of a path or an open connection."""
    if isinstance(source, (str, Path)):
        return Path(source)
    conn = source.conn if isinstance(source, Database) else source
    for _, name, filename in conn.execute("PRAGMA database_list"):
        if name == "main" and filename:
            return Path(filename)
    raise ValueError("an in-memory database has no file to back up")


def backup_now(source: Source, reason: str, *, folder: Path | str | None = None,
               mirror_dir: Path | str | None = None, when: datetime | None = None,
               policy: RotationPolicy | None = DEFAULT_POLICY) -> BackupResult:
    """Back up ``source`` (a data file path or an open connection) now.

    Into ``folder`` (default: ``backups/`` beside the data file), rotated by ``policy``
    (``None``: delete nothing); then copied to ``mirror_dir`` when given. Raises
    :class:`BackupError` with a message to show when the primary backup failed; nothing
    half-written is ever left under a backup's name.
    """
    db_path = database_file(source)
    target_folder = Path(folder) if folder is not None else backups_dir(db_path)
    when = when or datetime.now()
    if isinstance(source, (str, Path)) and not db_path.is_file():
        raise BackupError("no_database", path=str(db_path))
    try:
        target_folder.mkdir(parents=True, exist_ok=True)
        files.remove_stale_partials(target_folder, db_path)
        dest = files.unique_backup_path(target_folder, db_path, reason, when)
        if isinstance(source, (str, Path)):
            files.backup_file(db_path, dest)
        else:
            conn = source.conn if isinstance(source, Database) else source
            files.backup_connection(conn, dest)
    except (OSError, *READ_ERRORS, files.BackupCheckFailed) as exc:
        raise _backup_error(exc, target_folder) from exc
    result = BackupResult(dest, reason)
    if policy is not None:
        try:
            result.removed = rotate(target_folder, db_path, when, policy, protect=[dest])
        except OSError:
            pass  # an old copy that could not be deleted is no reason to fail
    if mirror_dir:
        mirror_backup(result, Path(mirror_dir), db_path, when, policy)
    return result


def mirror_backup(result: BackupResult, mirror_dir: Path, db_path: Path, when: datetime,
                  policy: RotationPolicy | None = DEFAULT_POLICY) -> None:
    """Copy a finished backup to the second folder; a failure is recorded, not raised.

    The folder must already exist: a stick that is not plugged in must not turn into a
    folder of the same name on the local disk.
    """
    try:
        if not mirror_dir.is_dir():
            raise FileNotFoundError(2, _MISSING_FOLDER.message(), str(mirror_dir))
        files.remove_stale_partials(mirror_dir, db_path)
        result.mirror_path = files.copy_file_atomic(result.path, mirror_dir / result.path.name)
        if policy is not None:
            rotate(mirror_dir, db_path, when, policy, protect=[result.mirror_path])
    except OSError as exc:
        result.mirror_error = BackupError(
            "mirror_failed", primary=str(result.path), folder=str(mirror_dir),
            reason=os_reason(exc))


# -- when ----------------------------------------------------------------------------------

class ChangeWatcher:
    """Has the database changed since the last call? (for ``BackupScheduler.tick``)

    Counts this connection's own writes (``total_changes``) and other connections' commits
    (``PRAGMA data_version``). Cheap enough for a timer every few seconds.
    """

    def __init__(self, source: sqlite3.Connection | Database) -> None:
        self.conn = source.conn if isinstance(source, Database) else source
        self._mark = self._state()

    def _state(self) -> tuple[int, int]:
        return (self.conn.total_changes,
                self.conn.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        state = self._state()
        changed, self._mark = state != self._mark, state
        return changed


class BackupScheduler:
    """Decides when to take the automatic backup; runs on the caller's thread.

    Call ``tick(now, data_changed)`` from a timer (every 30 seconds is plenty);
    ``data_changed`` says whether data changed since the previous tick (see
    :class:`ChangeWatcher`). A backup is taken when data changed since the last backup and
    ``interval`` (10 minutes) has passed since the last backup (or since the first tick).
    A failed backup (disk full, stick pulled) is kept in ``last_error``, the change stays
    pending, and it is tried again ``retry`` (1 minute) later. ``backup(now, reason)`` takes
    one at once (market day closed, exit, before an import) and restarts the clock.
    """

    def __init__(self, source: Source, *, interval: timedelta = AUTO_INTERVAL,
                 retry: timedelta = RETRY_INTERVAL, mirror_dir: Path | str | None = None,
                 folder: Path | str | None = None,
                 run: Callable[..., BackupResult] = backup_now) -> None:
        self.source = source
        self.interval = interval
        self.retry = retry
        self.mirror_dir = mirror_dir
        self.folder = folder
        self._run = run
        self._last: datetime | None = None
        self._next_try: datetime | None = None
        self.pending = False
        self.last_result: BackupResult | None = None
        self.last_error: BackupError | None = None

    def due(self, now: datetime, data_changed: bool = False) -> bool:
        if data_changed:
            self.pending = True
        if self._last is None:
            self._last = now
        if not self.pending or now - self._last < self.interval:
            return False
        return self._next_try is None or now >= self._next_try

    def tick(self, now: datetime, data_changed: bool) -> BackupResult | None:
        if not self.due(now, data_changed):
            return None
        try:
            return self.backup(now, "auto")
        except BackupError:
            return None

    def backup(self, now: datetime, reason: str) -> BackupResult:
        try:
            result = self._run(self.source, reason, folder=self.folder,
                               mirror_dir=self.mirror_dir, when=now)
        except BackupError as exc:
            self.last_error = exc
            self._next_try = now + self.retry
            raise
        self.last_result, self.last_error = result, None
        self._last, self._next_try, self.pending = now, None, False
        return result


# -- restore -------------------------------------------------------------------------------

@dataclass
class RestoreResult:
    restored_from: Path
    db_path: Path
    safety_backup: Path | None  # the data as it was just before the restore
    damaged_copy: Path | None = None  # a damaged live file, kept aside


def restore_from(backup_file: Path | str, db_path: Path | str, *,
                 live: sqlite3.Connection | Database | None = None,
                 when: datetime | None = None) -> RestoreResult:
    """Replace the data in ``db_path`` with ``backup_file``.

    1. The file is checked (:func:`verify_backup`); a bad one is refused with
       :class:`RestoreError` and nothing changes.
    2. The current data is backed up (reason ``restore``). When the current file is too
       damaged for that, its bytes (with its ``-wal``) are copied aside instead.
    3. The backup is copied INTO the live database with SQLite's backup API (source = the
       backup file, destination = ``live`` or a new connection to ``db_path``), so open
       connections, WAL mode and the ``-wal`` file stay SQLite's business. Only when the
       live file cannot be opened as a database at all are the file and its ``-wal``/``-shm``
       moved (not deleted) into ``backups/`` and the backup copied into place.

    The caller must hold the instance lock (or be the app that holds it). After a restore
    the app should reopen the database (migrations may be pending for an older backup).
    """
    backup_file = Path(backup_file)
    db_path = Path(db_path)
    if backup_file.exists() and db_path.exists() and backup_file.resolve() == db_path.resolve():
        raise RestoreError("same_file", path=str(db_path))
    verify_backup(backup_file, full=True)
    when = when or datetime.now()
    folder = backups_dir(db_path)
    safety: Path | None = None
    damaged: Path | None = None
    if db_path.is_file() and db_path.stat().st_size > 0:
        try:
            safety = backup_now(live if live is not None else db_path, "restore",
                                when=when, policy=None).path
        except BackupError as exc:
            if exc.code != "source_damaged":
                raise RestoreError("no_safety_copy", reason=exc.message()) from exc
            try:
                damaged = _copy_damaged_aside(db_path, folder, when, move=False)
            except OSError as copy_exc:
                raise RestoreError("no_safety_copy",
                                   reason=os_reason(copy_exc)) from copy_exc
    try:
        _copy_into_live(backup_file, db_path, live, folder, when)
    except (OSError, *READ_ERRORS) as exc:
        kept = safety or damaged or "-"
        raise RestoreError("failed", reason=os_reason(exc) if isinstance(exc, OSError)
                           else read_error_text(exc), backup=str(kept)) from exc
    return RestoreResult(backup_file, db_path, safety, damaged)


def _copy_into_live(backup_file: Path, db_path: Path, live: sqlite3.Connection | Database | None,
                    folder: Path, when: datetime) -> None:
    src = connect_read_only(backup_file)
    try:
        if live is not None:
            src.backup(live.conn if isinstance(live, Database) else live)
            return
        db_path.parent.mkdir(parents=True, exist_ok=True)
        readable = not db_path.exists() or db_path.stat().st_size == 0 or _opens(db_path)
        if readable:
            dest = sqlite3.connect(db_path, timeout=10)
            try:
                if dest.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    dest.execute("PRAGMA journal_mode=WAL")
                src.backup(dest)
                problems = dest.execute("PRAGMA quick_check").fetchall()
                if problems != [("ok",)]:
                    raise sqlite3.DatabaseError(f"quick_check after restore: {problems[0][0]}")
            finally:
                dest.close()
            return
    finally:
        src.close()
    # The live file is not a database any more: keep its bytes (and -wal) aside, then put
    # a copy of the backup in its place.
    _copy_damaged_aside(db_path, folder, when, move=True)
    files.copy_file_atomic(backup_file, db_path)
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()


def _opens(db_path: Path) -> bool:
    try:
        conn = connect_read_only(db_path)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except READ_ERRORS:
        return False
    return True


def _copy_damaged_aside(db_path: Path, folder: Path, when: datetime, *, move: bool) -> Path:
    """``backups/<stem>-<stamp>-damaged/`` holding the file and its -wal/-shm."""
    base = folder / f"{db_path.stem}-{when:%Y%m%d-%H%M%S}-damaged"
    target, serial = base, 1
    while target.exists():
        serial += 1
        target = base.with_name(f"{base.name}-{serial}")
    target.mkdir(parents=True)
    for suffix in ("", "-wal", "-shm"):
        part = db_path.with_name(db_path.name + suffix)
        if part.exists():
            if move:
                part.replace(target / part.name)
            else:
                shutil.copy2(part, target / part.name)
    return target


__all__ = [
    "AUTO_INTERVAL", "BackupError", "BackupResult", "BackupScheduler", "ChangeWatcher",
    "DEFAULT_POLICY", "RestoreError", "RestoreResult", "RotationPolicy", "backup_now",
    "backups_to_keep", "quick_problems", "restore_from", "rotate",
]

