"""Run a multi-statement SQL script inside the caller's transaction.

``sqlite3.Connection.executescript`` commits first, which would break the all-or-nothing
promise of a migration step; this splits the script with ``sqlite3.complete_statement``
(so triggers with inner semicolons stay whole) and executes statement by statement.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database


def split_statements(script: str) -> list[str]:
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip()
            if statement.rstrip(";").strip():
                statements.append(statement)
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement at end of script: {buffer.strip()[:80]}")
    return statements


def execute_script(db: Database, script: str) -> None:
    for statement in split_statements(script):
        db.execute(statement)
