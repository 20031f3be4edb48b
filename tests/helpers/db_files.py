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


def share_a_page(path, table="tickets", other="queue_events"):
    """Copy ``other``'s root page over ``table``'s (bytes only): every page the copy points
    to is then referenced twice — SQLite's check reports a hundred problems in one row."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    roots = dict(conn.execute("SELECT name, rootpage FROM sqlite_master WHERE name IN (?, ?)",
                              [table, other]))
    conn.close()
    data = bytearray(Path(path).read_bytes())
    source = (roots[other] - 1) * page_size
    data[(roots[table] - 1) * page_size:roots[table] * page_size] = \
        data[source:source + page_size]
    Path(path).write_bytes(bytes(data))


def flip_in_schema(path, table="villages"):
    """Put a byte that is not UTF-8 inside the text ``CREATE TABLE <table>`` of the schema:
    SQLite's error text then carries it and Python's sqlite3 fails to decode it (issue 15,
    item 3). The file is checkpointed first so the schema is in the file itself."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(Path(path).read_bytes())
    for text in (f"CREATE TABLE {table} ", f"CREATE TABLE [{table}]", f'CREATE TABLE "{table}"'):
        at = data.find(text.encode())
        if at >= 0:
            data[at + 3] = 0xFF  # CRE\xffTE
            Path(path).write_bytes(bytes(data))
            return at + 3
    raise ValueError(f"no CREATE TABLE {table} in {path}")


def foreign_wal(path, other_path, *, ours=False):
    """Put another database's ``-wal`` (with frames not yet in its file) beside ``path``:
    a small program's database, or (``ours``) another laptop's data file."""
    import shutil

    if ours:
        from marketapp.core.people.search.index import rebuild_if_stale
        from marketapp.store.database import open_database

        db = open_database(other_path)
        rebuild_if_stale(db)  # as the app leaves a file
        conn = db.conn
        conn.execute("PRAGMA wal_autocheckpoint=0")
        for i in range(120):
            add_village(db, f"外村{i:03d}")
    else:
        conn = sqlite3.connect(other_path)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA wal_autocheckpoint=0")
        conn.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT)")
        conn.executemany("INSERT INTO notes (text) VALUES (?)", [("x" * 500,)] * 200)
        conn.commit()
    shutil.copy(f"{other_path}-wal", f"{path}-wal")
    conn.close()
