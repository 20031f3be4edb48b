"""Copies of the live database made with SQLite's online backup API.

A copy is written to a temporary file (``NAME.partial``) beside its destination, checked
with ``quick_check``, flushed to disk and only then renamed into place, so a copy
interrupted by a kill or a full disk is never published half-written. A ``.partial`` left
by a killed process is never taken for a backup (:func:`parse_backup_name` ignores it) and
is removed by the next backup into the same folder once it is old enough.

Backup files are named ``<db stem>-YYYYMMDD-HHMMSS-<reason>[-N].db``; only names of that
shape, for that database, are treated as ours (listed, offered for restore, rotated).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

#: Why a backup was taken; part of its file name. ``before-upgrade`` is the name the
#: migration step in ``store.database`` has always used (the same as ``migrate``).
REASONS = ("auto", "close", "exit", "migrate", "import", "merge", "restore", "manual",
           "before-upgrade")
PARTIAL_SUFFIX = ".partial"
#: A ``.partial`` older than this cannot belong to a backup still running.
STALE_PARTIAL_SECONDS = 3600


class BackupCheckFailed(RuntimeError):
    pass


@dataclass(frozen=True, order=True)
class BackupName:
    """What a backup's file name says about it (sorts oldest first)."""

    taken: datetime
    serial: int
    reason: str
    path: Path


def backup_connection(source: sqlite3.Connection, dest: Path) -> Path:
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + PARTIAL_SUFFIX)
    if tmp.exists():
        tmp.unlink()
    try:
        target = sqlite3.connect(tmp)
        try:
            # The backup API copies pages committed in the WAL too, unlike a file copy.
            source.backup(target)
            result = target.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                raise BackupCheckFailed(f"backup copy failed quick_check: {result}")
            # Keep the copy self-contained: one file, no -wal beside it.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    finally:
        _remove_quietly(tmp)
        _remove_quietly(tmp.with_name(tmp.name + "-journal"))
    return dest


def backup_file(db_path: Path, dest: Path) -> Path:
    source = sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        return backup_connection(source, dest)
    finally:
        source.close()


def copy_file_atomic(source: Path, dest: Path) -> Path:
    """Copy a finished file (e.g. to a USB stick): temp file, fsync, rename."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + PARTIAL_SUFFIX)
    try:
        with open(source, "rb") as src, open(tmp, "wb") as out:
            shutil.copyfileobj(src, out, 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    finally:
        _remove_quietly(tmp)
    return dest


def timestamped_name(db_path: Path, label: str, when: datetime | None = None) -> str:
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"{Path(db_path).stem}-{stamp}-{label}.db"


def unique_backup_path(folder: Path, db_path: Path, reason: str,
                       when: datetime | None = None) -> Path:
    """A name that no existing backup uses (two backups in one second get ``-2``, ``-3``)."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}; use one of {REASONS}")
    first = Path(folder) / timestamped_name(db_path, reason, when)
    candidate, serial = first, 1
    while candidate.exists() or candidate.with_name(candidate.name + PARTIAL_SUFFIX).exists():
        serial += 1
        candidate = first.with_name(f"{first.stem}-{serial}.db")
    return candidate


def parse_backup_name(path: Path, db_stem: str) -> BackupName | None:
    """The backup a file name describes, or None when the file is not one of ours."""
    path = Path(path)
    pattern = (rf"{re.escape(db_stem)}-(\d{{8}}-\d{{6}})-"
               rf"({'|'.join(re.escape(r) for r in REASONS)})(?:-(\d+))?\.db")
    match = re.fullmatch(pattern, path.name)
    if not match:
        return None
    try:
        taken = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    return BackupName(taken, int(match.group(3) or 1), match.group(2), path)


def list_backups(folder: Path, db_path: Path) -> list[BackupName]:
    """Our finished backups of ``db_path`` in ``folder``, newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    stem = Path(db_path).stem
    found = [parse_backup_name(p, stem) for p in folder.iterdir() if p.is_file()]
    return sorted((b for b in found if b is not None), reverse=True)


def remove_stale_partials(folder: Path, db_path: Path, now: float | None = None) -> list[Path]:
    """Delete ``.partial`` files of ours left by a killed backup (only old ones)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    now = time.time() if now is None else now
    stem = Path(db_path).stem
    removed = []
    for path in folder.iterdir():
        name = path.name
        for suffix in (PARTIAL_SUFFIX, PARTIAL_SUFFIX + "-journal"):
            if name.endswith(suffix):
                finished = path.with_name(name[: -len(suffix)])
                if parse_backup_name(finished, stem) is None:
                    continue
                try:
                    if now - path.stat().st_mtime >= STALE_PARTIAL_SECONDS:
                        path.unlink()
                        removed.append(path)
                except OSError:
                    pass
    return removed


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass  # cleanup only: never hide the error that got us here


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
