"""Opening the data file without writing to it: for checks, and for a damaged file the app
shows read-only.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: the start-up check runs before sqlite-utils loads
    from sqlite_utils import Database


def read_only_uri(path: Path | str) -> str:
    return f"{Path(path).resolve().as_uri()}?mode=ro"


def connect_read_only(path: Path | str) -> sqlite3.Connection:
    """A connection that cannot write to the file (and does not checkpoint on close)."""
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    conn.execute("PRAGMA query_only=ON")
    return conn


def open_read_only(path: Path | str) -> Database:
    """The data file opened for reading only, e.g. a damaged one whose rows are shown.

    Set up like :func:`marketapp.store.database.connect` for queries (the reverse function,
    the key-position table in TEMP), but nothing can be written to the file.
    """
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    return for_queries(conn)


def for_queries(conn: sqlite3.Connection, *, query_only: bool = True) -> Database:
    conn.create_function("marketapp_reverse", 1,
                         lambda t: t[::-1] if t is not None else None, deterministic=True)
    conn.execute("CREATE TEMP TABLE key_positions (i INTEGER PRIMARY KEY)")
    conn.execute("INSERT INTO temp.key_positions (i) WITH RECURSIVE n(i) AS "
                 "(SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 64) SELECT i FROM n")
    conn.commit()
    if query_only:
        conn.execute("PRAGMA query_only=ON")
    from sqlite_utils import Database

    return Database(conn, execute_plugins=False)
