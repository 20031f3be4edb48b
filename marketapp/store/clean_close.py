"""A note, beside the data file, that the app closed it cleanly after checking it.

The start-up check (``health.startup_check``) reads the whole file with ``quick_check``:
about 0.1 s for a 37 MB file on the development machine, and on a laptop with a slow disk
and a cold cache it can take seconds. After a clean exit that read tells nothing new: the
exit backup copied the file and the copy passed ``quick_check``, then the last connection
closed, which moved everything from the write-ahead log into the file. So the app writes
this note (``marketapp.db-closed``, next to SQLite's own ``-wal`` and ``-shm``) at a clean
exit, and the next start skips the read when the file is exactly as the note describes:
the same file (device and file number: a copy, even one that keeps the times, is another
file), the same size, modification and change times to the nanosecond, the same 100-byte
SQLite header, no write-ahead log with anything in it — and the note is less than
``MAX_AGE_DAYS`` old, so that a disk going bad between sessions is still caught at a start.

Anything else means the full check, as before: a crash (the app drops the note as soon as
it opens the file for writing), a command-line import or merge (they change the file), a
file copied or restored from elsewhere, a missing or unreadable note. Only files on a local
file system with fine clocks are trusted this way (``health.startup_check``): not USB sticks,
network shares, FAT or exFAT, nor a file system the app cannot name (macOS).
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

log = logging.getLogger(__name__)

SUFFIX = "-closed"
HEADER_BYTES = 100
MAX_AGE_DAYS = 7  # about a market week: older, the start reads the whole file again


def note_path(db_path: Path | str) -> Path:
    return Path(f"{db_path}{SUFFIX}")


def _file_state(db_path: Path) -> dict[str, object] | None:
    """What the note records about the file, or None when it is not closed (a log with
    content beside it) or cannot be read."""
    wal = Path(f"{db_path}-wal")
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return None
        stat = db_path.stat()
        with open(db_path, "rb") as data:
            header = data.read(HEADER_BYTES)
    except OSError:
        return None
    if len(header) < HEADER_BYTES:
        return None
    return {"device": stat.st_dev, "file": stat.st_ino, "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns, "ctime_ns": stat.st_ctime_ns, "header": header.hex()}


def record_clean_close(db_path: Path | str) -> bool:
    """Write the note; only after a checked exit backup and a successful close. False (and
    no note) when it could not be written: the next start then checks the file."""
    path = Path(db_path)
    state = _file_state(path)
    if state is None:
        return False
    note = note_path(path)
    partial = note.with_name(note.name + ".partial")
    try:
        partial.write_text(json.dumps({**state, "closed_at": time.time()}), encoding="ascii")
        os.replace(partial, note)
    except OSError:
        log.warning("could not write %s; the next start checks the data file", note)
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass  # a stray .partial is never read as a note
        return False
    return True


def closed_cleanly(db_path: Path | str, now: float | None = None) -> bool:
    """True when the note is there, recent, and the file is exactly as it describes."""
    path = Path(db_path)
    try:
        noted = json.loads(note_path(path).read_text(encoding="ascii"))
    except (OSError, ValueError):
        return False
    if not isinstance(noted, dict):
        return False
    closed_at = noted.pop("closed_at", None)
    age = (time.time() if now is None else now) - closed_at \
        if isinstance(closed_at, (int, float)) else -1
    if not 0 <= age <= MAX_AGE_DAYS * 86400:
        return False  # too old, from the future (a clock put back), or no time at all
    return noted == _file_state(path)


def forget_clean_close(db_path: Path | str) -> None:
    """Drop the note (the file is about to be written to)."""
    try:
        note_path(db_path).unlink(missing_ok=True)
    except OSError:
        # The note stays, but any write changes the file's size, time or log, so it no
        # longer matches.
        log.warning("could not remove %s", note_path(db_path))
