"""The check before the app opens the data file for writing.

A ``quick_check`` through a read-only connection (``file:...?mode=ro``), so a damaged file is
never written to (not read again after a clean exit that checked it: ``store.clean_close``).
A damaged file is then opened read-only (``store.read_only``) with a clear message and the
newest backup that passes its own check offered for restore.

A file that cannot be read because the disk is full (SQLite cannot create its ``-shm``
beside it and says "disk I/O error") is not called damaged: restoring a backup there would
only fail for lack of room too. The command line runs the same check before every command
(``commands.data_file``) and refuses with :meth:`StartupState.refusal`.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marketapp.core.errors import UserError
from marketapp.core.text import N_, say
from marketapp.store.clean_close import closed_cleanly
from marketapp.store.integrity import READ_ERRORS, newest_good_backup, quick_problems
from marketapp.store.read_only import connect_read_only
from marketapp.store.storage import FINE_CLOCK_FS, file_system_type, storage_warning, system_mounts


@dataclass
class StartupState:
    """What the app should do with the data file it is about to open.

    ``status``: ``new`` (no file yet: create it), ``ok`` (open normally), ``damaged`` (show
    ``message()``, open with :func:`open_read_only` when ``can_read``, offer ``good_backup``),
    ``disk_full`` (show ``message()``; do not open, do not offer a restore).
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
        if self.status == "disk_full":
            return DataFileRefused("disk_full", folder=str(self.path.parent)).message(lang)
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


    def refusal(self) -> DataFileRefused:
        """The command line's refusal of a file it must not open: damaged (with the
        ``marketapp restore`` line for the newest good backup) or on a full disk."""
        if self.status == "disk_full":
            return DataFileRefused("disk_full", folder=str(self.path.parent))
        first = self.problems[0] if self.problems else "?"
        return DataFileRefused("damaged" if self.can_read else "unreadable", path=str(self.path),
                               first=first, good_backup=self.good_backup)


class DataFileRefused(UserError):
    """A command did not run because the data file is damaged or its disk is full."""

    messages = {
        "damaged": N_("The data file {path} is damaged ({first}). To protect it, nothing was "
                      "changed."),
        "unreadable": N_("The data file {path} is damaged and cannot be read ({first}). Nothing "
                         "was changed."),
        "disk_full": N_("The disk holding the data file is full ({folder}), so the data file "
                        "cannot be opened; it is not damaged. Free some space (delete or move "
                        "old files), then try again."),
    }

    def __init__(self, code: str, *, good_backup: Path | None = None, **params: Any) -> None:
        self.good_backup = good_backup
        super().__init__(code, **params)

    def message(self, lang: str | None = None) -> str:
        text = super().message(lang)
        if self.code == "disk_full":
            return text
        return text + "\n" + restore_line(self.good_backup, lang)


def restore_line(good_backup: Path | None, lang: str | None = None) -> str:
    """What to run to restore the newest good backup, or that there is none."""
    if good_backup is None:
        return say("No good backup was found.", lang)
    return say("Newest good backup: {good} ({taken}). To restore it:\n  marketapp restore "
               "\"{good}\"", lang, good=good_backup, taken=_taken(good_backup))


def _log_has_frames(path: Path) -> bool:
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


#: Below this much free space SQLite cannot create the ``-shm`` (32 KiB) beside the file.
ROOM_BYTES = 1024 * 1024


def out_of_room(path: Path) -> bool:
    """True when the disk holding ``path`` has (next to) no free space left."""
    try:
        return shutil.disk_usage(Path(path).resolve().parent).free < ROOM_BYTES
    except OSError:
        return False


def _taken(path: Path) -> str:
    match = re.search(r"-(\d{8})-(\d{2})(\d{2})(\d{2})-", path.name)
    if not match:
        return "?"
    d = match.group(1)
    return f"{d[:4]}-{d[4:6]}-{d[6:]} {match.group(2)}:{match.group(3)}:{match.group(4)}"


def startup_check(db_path: Path | str, mirror_dir: Path | str | None = None, *,
                  reading: Callable[[], object] | None = None,
                  writing: bool = True) -> StartupState:
    """Check the file before opening it for writing. Never writes to the file.
    ``reading``: see quick_problems (called for a new, empty file too).

    Before a write, a ``-wal`` with frames in it (a crash, a killed command, or a log that
    is not this file's) gets the full ``integrity_check``: the first write checkpoints the
    log into the file for good, and pages of another database can pass ``quick_check``
    (which does not compare indexes with their tables) and still be damage. A command that
    only reads (``writing=False``) never checkpoints: ``quick_check`` is enough."""
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
    problems = quick_problems(path, reading, full=writing and _log_has_frames(path))
    if not problems:
        return StartupState(path, "ok", storage_warning=warning)
    if out_of_room(path):
        return StartupState(path, "disk_full", problems, can_read=False,
                            storage_warning=warning)
    can_read = True
    try:
        conn = connect_read_only(path)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except READ_ERRORS:
        can_read = False
    return StartupState(path, "damaged", problems, can_read,
                        newest_good_backup(path, mirror_dir), warning)


