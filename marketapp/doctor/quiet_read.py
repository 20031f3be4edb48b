"""Reading the data file without leaving a trace in its folder.

``store.read_only.connect_read_only`` never writes the data file, but SQLite still creates
the ``-wal`` and ``-shm`` files of a WAL database beside it when they are not there (and
leaves them). The self-check promises to change nothing at all, so it opens the file one of
two ways:

* both files there: the app (or a crash) left them; a ``mode=ro`` connection only reads
  them (it takes its read lock in ``-shm``, as every reader does, and creates nothing);
* neither there: nobody has the file open in WAL mode, so nothing can be in a log and
  ``immutable=1`` reads the file as it is, with no locks and no side files.

Only one of them there (an unusual leftover) is not read: the self-check says to run
``marketapp check``.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any


def side_files(path: Path) -> tuple[Path, Path]:
    return Path(f"{path}-wal"), Path(f"{path}-shm")


def connect_without_trace(path: Path | str) -> sqlite3.Connection | None:
    """A read-only connection that creates no file; None when none can be had."""
    path = Path(path)
    wal, shm = side_files(path)
    if wal.exists() and shm.exists():
        mode = "mode=ro"
    elif not wal.exists() and not shm.exists():
        mode = "mode=ro&immutable=1"
    else:
        return None
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
    conn.execute("PRAGMA query_only=ON")
    return conn


def quick_problems(path: Path | str) -> list[str] | None:
    """``quick_check``'s complaints ([] when sound); None when it could not run unseen."""
    try:
        conn = connect_without_trace(path)
    except sqlite3.Error as exc:
        return [str(exc)]
    if conn is None:
        return None
    try:
        rows = [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.Error as exc:
        return [str(exc)]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


def read_settings(path: Path | str) -> dict[str, Any]:
    """Every setting in the file ({} when it has none or cannot be read unseen)."""
    if not Path(path).is_file():
        return {}
    try:
        conn = connect_without_trace(path)
        if conn is None:
            return {}
        try:
            rows = conn.execute("SELECT key, value FROM settings").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return {}
    settings: dict[str, Any] = {}
    for key, value in rows:
        try:
            settings[str(key)] = json.loads(value)
        except (TypeError, ValueError):
            continue  # one unreadable value must not hide the others
    return settings
