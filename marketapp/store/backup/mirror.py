"""The second backup folder (a USB stick), kept as a setting inside the data file.

Read here without sqlite-utils and without writing, so the start-up check can use it before
the file is opened (and while the app holds the file)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from marketapp.store.read_only import connect_read_only

MIRROR_SETTING = "backup_mirror_dir"


def mirror_dir_setting(db_path: Path) -> Path | None:
    """The second backup folder (a USB stick) from the file's settings, read without
    writing (so it is safe before the start-up check and while the app holds the file)."""

    if not Path(db_path).is_file():
        return None
    try:
        conn = connect_read_only(db_path)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = ?",
                               [MIRROR_SETTING]).fetchone()
        finally:
            conn.close()
        value = json.loads(row[0]) if row else None
    except (sqlite3.Error, ValueError, TypeError):
        return None
    return Path(value) if isinstance(value, str) and value.strip() else None
