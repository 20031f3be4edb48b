"""The check before the app opens the data file for writing.

A ``quick_check`` through a read-only connection (``file:...?mode=ro``), so a damaged file is
never written to (not read again after a clean exit that checked it: ``store.clean_close``).
A damaged file is then opened read-only (``store.read_only``) with a clear message and the
newest backup that passes its own check offered for restore.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from marketapp.core.text import say
from marketapp.store.clean_close import closed_cleanly
from marketapp.store.integrity import newest_good_backup, quick_problems
from marketapp.store.read_only import connect_read_only
from marketapp.store.storage import FINE_CLOCK_FS, file_system_type, storage_warning, system_mounts


@dataclass
class StartupState:
    """What the app should do with the data file it is about to open.

    ``status``: ``new`` (no file yet: create it), ``ok`` (open normally), ``damaged`` (show
    ``message()``, open with :func:`open_read_only` when ``can_read``, offer ``good_backup``).
    """

    path: Path
    status: str
    problems: list[str] = field(default_factory=list)
    can_read: bool = True
    good_backup: Path | None = None
    storage_warning: str | None = None
    checked_at_exit: bool = False  # closed cleanly after a check: not read again (clean_close)

    @property
    def ok(self) -> bool:
        return self.status in ("new", "ok")

    @property
    def read_only(self) -> bool:
        return self.status == "damaged"

    def message(self, lang: str | None = None) -> str | None:
        if self.ok:
            return self.storage_warning
        first = self.problems[0] if self.problems else "?"
        if self.can_read:
            text = say("The data file is damaged ({first}). To protect it, it is open read-only: "
                       "you can look and export but not change anything.", lang, first=first)
        else:
            text = say("The data file is damaged and cannot be read ({first}).", lang, first=first)
        if self.good_backup:
            text += say("\nNewest good backup: {good_backup} ({taken}); restoring it is "
                        "recommended.", lang, good_backup=self.good_backup,
                        taken=_taken(self.good_backup))
        else:
            text += say("\nNo good backup was found.", lang)
        return text


def _taken(path: Path) -> str:
    match = re.search(r"-(\d{8})-(\d{2})(\d{2})(\d{2})-", path.name)
    if not match:
        return "?"
    d = match.group(1)
    return f"{d[:4]}-{d[4:6]}-{d[6:]} {match.group(2)}:{match.group(3)}:{match.group(4)}"


def startup_check(db_path: Path | str, mirror_dir: Path | str | None = None, *,
                  reading: Callable[[], object] | None = None) -> StartupState:
    """Check the file before opening it for writing. Never writes to the file.
    ``reading``: see quick_problems (called for a new, empty file too)."""
    path = Path(db_path)
    mounts = system_mounts()  # read once for both questions below
    warning = storage_warning(path, mounts=mounts)
    if not path.exists() or path.stat().st_size == 0:
        if reading is not None:
            reading()
        return StartupState(path, "new", storage_warning=warning)
    if warning is None and file_system_type(path, mounts=mounts) in FINE_CLOCK_FS \
            and closed_cleanly(path):
        # Checked at the last exit and not changed since (store.clean_close).
        if reading is not None:
            reading()
        return StartupState(path, "ok", checked_at_exit=True)
    problems = quick_problems(path, reading)
    if not problems:
        return StartupState(path, "ok", storage_warning=warning)
    can_read = True
    try:
        conn = connect_read_only(path)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        can_read = False
    return StartupState(path, "damaged", problems, can_read,
                        newest_good_backup(path, mirror_dir), warning)


