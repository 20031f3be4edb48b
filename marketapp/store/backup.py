"""Copies of the live database made with SQLite's online backup API.

A copy is written to a temporary file beside its destination, checked with
``quick_check``, flushed to disk and only then renamed into place, so a copy interrupted by
a kill or a full disk is never published half-written.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path


class BackupCheckFailed(RuntimeError):
    pass


def backup_connection(source: sqlite3.Connection, dest: Path) -> Path:
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
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
        if tmp.exists():
            tmp.unlink()
    return dest


def backup_file(db_path: Path, dest: Path) -> Path:
    source = sqlite3.connect(db_path)
    try:
        return backup_connection(source, dest)
    finally:
        source.close()


def timestamped_name(db_path: Path, label: str, when: datetime | None = None) -> str:
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"{Path(db_path).stem}-{stamp}-{label}.db"


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
