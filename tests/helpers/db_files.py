"""Small helpers that fill, read or damage a data file, for the store, CLI and app tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def add_village(db, name):
    with db.atomic():
        db.execute("INSERT INTO villages (id, name, created_at) VALUES (?, ?, 'x')",
                   [f"id-{name}", name])


def villages(path):
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        return sorted(r[0] for r in conn.execute("SELECT name FROM villages"))
    finally:
        conn.close()


def corrupt_table(path, table, fill=b"\xde\xad\xbe\xef" * 1024):
    """Overwrite the root page of ``table`` with garbage, bytes only (no SQLite)."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                        [table]).fetchone()[0]
    conn.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(fill[:page_size])
