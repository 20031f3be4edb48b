"""The data file's checks: its folder and disk, its health, its backups. Read-only: nothing
here writes, and nothing is created in the data folder (``quiet_read``)."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from marketapp.core.errors import UserError
from marketapp.core.text import N_, say_pair
from marketapp.doctor.findings import BLOCKING, OK, WARN, Finding, finding, worst
from marketapp.doctor.quiet_read import quick_problems
from marketapp.store.backup.mirror import MIRROR_SETTING
from marketapp.store.backup.snapshot import list_backups
from marketapp.store.clean_close import closed_cleanly, note_path
from marketapp.store.instance_lock import is_locked
from marketapp.store.integrity import newest_good_backup
from marketapp.store.paths import backups_dir
from marketapp.store.storage import FINE_CLOCK_FS, file_system_type, storage_kind

MB = 1024 * 1024
#: Below this the next backup may not fit: each is a full copy of the file, and the exit
#: backup is taken before the app closes.
LEAST_FREE = 50 * MB
ROOMY_FREE = 1024 * MB  # below this: say so before the disk fills during a market
STALE_BACKUP_HOURS = 1  # the file changed this long after its newest backup: not backed up


class DataWords(UserError):
    messages = {
        "folder": N_("Data folder: {folder}"),
        "folder_new": N_("The data folder {folder} does not exist yet; the first start creates "
                         "it."),
        "free": N_("Free disk space {free} (data file {size})."),
        "free_low": N_("Only {free} free on the disk (data file {size}): a market day's data and "
                       "backups may not fit."),
        "free_none": N_("The disk is almost full: {free} free (data file {size}), not enough for "
                        "one backup."),
        "make_room": N_("Delete files you do not need, or keep the data file on a larger disk "
                        "(--db or MARKETAPP_DB)."),
        "not_writable": N_("The data folder cannot be written to: the app cannot save anything."),
        "fix_rights": N_("Give this user write access to the folder, or choose another place "
                         "with --db."),
        "removable": N_("The data file is on removable storage (a USB stick): {where}. If the "
                        "stick is loose or pulled out, data being saved is lost or damaged."),
        "network": N_("The data file is on network storage: {where} ({fstype}). Data is lost or "
                      "damaged when the network drops."),
        "keep_local": N_("Keep the data file on this computer's disk; use a USB stick only as "
                         "the second backup folder (Settings → Sign-in and data)."),
        "file_new": N_("No data file yet: {path}. The first start creates it."),
        "file_size": N_("{path} ({size})"),
        "in_use": N_("In use by marketapp (process {pid})."),
        "in_use_here": N_("Open in this window."),
        "checked_at_exit": N_("Checked sound at the last clean exit ({when}) and unchanged since."),
        "quick_ok": N_("Quick check (quick_check) passed."),
        "damaged": N_("The data file is damaged: {problem}"),
        "restore_from": N_("Restore the newest good backup: marketapp restore \"{backup}\" (or "
                           "in the app: Data → Restore)."),
        "no_good_backup": N_("No good backup was found: stop using this file and call for "
                             "technical help."),
        "read_only_file": N_("The data file is read-only: the app can only show it, not register "
                             "anyone."),
        "unreadable": N_("The data file cannot be read: {reason}"),
        "unchecked": N_("Only one of the -wal and -shm files is beside the data file: it cannot "
                        "be checked without writing."),
        "run_check": N_("Run marketapp check (the full check)."),
        "no_backups": N_("No backup yet ({folder}). The app backs up every 10 minutes while data "
                         "changes, when a day closes and on exit."),
        "newest_backup": N_("Newest backup: {when} ({age_en} ago) in {folder}; {count} in all."),
        "not_backed_up": N_("The data file changed after its newest backup (at {when}): those "
                            "changes are not backed up yet."),
        "backup_now": N_("In the app: Data → Back up now; or run marketapp backup."),
        "no_mirror": N_("No second backup folder: if the laptop is lost or its disk fails, the "
                        "backups go with it."),
        "set_mirror": N_("Plug in a USB stick and choose it in Settings → Sign-in and data → "
                         "Second backup folder."),
        "mirror_missing": N_("The second backup folder {folder} is not there now (stick not "
                             "plugged in?): backups stay on this laptop only."),
        "plug_mirror": N_("Plug that USB stick in before the market opens."),
        "mirror_newest": N_("Second backup folder {folder}: newest backup {when}."),
        "mirror_empty": N_("The second backup folder {folder} has no backup yet."),
    }


def data_size(db_path: Path) -> int:
    """The data's size on disk: the file and its write-ahead log (while the app runs, most
    of a day's data may still be in the -wal: the file alone looked like 4 KB)."""
    total = 0
    for path in (db_path, db_path.with_name(db_path.name + "-wal")):
        try:
            total += path.stat().st_size if path.is_file() else 0
        except OSError:
            pass
    return total


def size_text(size: float) -> str:
    if size >= 1024 * MB:
        return f"{size / (1024 * MB):.1f} GB"
    if size >= MB:
        return f"{size / MB:.1f} MB"
    return f"{size / 1024:.0f} KB"


def age_texts(seconds: float) -> dict[str, str]:
    """``age_zh`` and ``age_en`` fields for a message: each language counts its own way."""
    minutes = max(0, int(seconds // 60))
    if minutes < 60:
        zh, en = say_pair("{n} min", n=minutes)
    elif minutes // 60 < 48:
        zh, en = say_pair("{n} h", n=minutes // 60)
    else:
        zh, en = say_pair("{n} days", n=minutes // 1440)
    return {"age_zh": zh, "age_en": en}


def _existing_parent(folder: Path) -> Path:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def check_folder(db_path: Path, *, disk_usage: Callable[[Path], Any] = shutil.disk_usage,
                 kind: Callable[[Path], tuple[str, str, str] | None] = storage_kind) -> Finding:
    """Where the data lives: the folder exists and can be written, the disk has room, and it
    is not a USB stick or a network share."""
    folder = db_path.parent
    found: list[UserError] = [DataWords("folder", folder=str(folder))]
    todo: list[UserError] = []
    status = OK
    if not folder.exists():
        found.append(DataWords("folder_new", folder=str(folder)))
    elif not os.access(folder, os.W_OK):
        status = BLOCKING
        found.append(DataWords("not_writable"))
        todo.append(DataWords("fix_rights"))
    size = data_size(db_path)
    try:
        free = disk_usage(_existing_parent(folder)).free
    except OSError:
        free = None
    if free is not None:
        texts = {"free": size_text(free), "size": size_text(size)}
        if free < LEAST_FREE + 2 * size:
            status = BLOCKING
            found.append(DataWords("free_none", **texts))
            todo.append(DataWords("make_room"))
        elif free < ROOMY_FREE + 10 * size:
            status = worst(status, WARN)
            found.append(DataWords("free_low", **texts))
            todo.append(DataWords("make_room"))
        else:
            found.append(DataWords("free", **texts))
    where = kind(db_path)
    if where is not None:
        storage, mount, fstype = where
        status = worst(status, WARN)
        found.append(DataWords(storage, where=mount, fstype=fstype or "?"))
        todo.append(DataWords("keep_local"))
    return finding("data_folder", status, found, todo)


def check_file(db_path: Path, *, fs_type: Callable[[Path], str] = file_system_type,
               kind: Callable[[Path], tuple[str, str, str] | None] = storage_kind) -> Finding:
    """The data file's health, as the app's start would see it (``store.startup_check``):
    the clean-exit note when it may be trusted, else SQLite's quick check — read-only."""
    if not db_path.exists() or (db_path.is_file() and db_path.stat().st_size == 0):
        return finding("data_file", OK, DataWords("file_new", path=str(db_path)))
    found: list[UserError] = [DataWords("file_size", path=str(db_path),
                                        size=size_text(data_size(db_path)))]
    holder = is_locked(db_path)
    if holder is not None:
        found.append(DataWords("in_use_here") if holder.pid == os.getpid()
                     else DataWords("in_use", pid=holder.pid or "?"))
    if not os.access(db_path, os.R_OK):
        return finding("data_file", BLOCKING,
                       [*found, DataWords("unreadable", reason="permission denied")],
                       DataWords("fix_rights"))
    if kind(db_path) is None and fs_type(db_path) in FINE_CLOCK_FS and closed_cleanly(db_path):
        found.append(DataWords("checked_at_exit", when=_note_time(db_path)))
        problems: list[str] | None = []
    else:
        problems = quick_problems(db_path)
        if problems == []:
            found.append(DataWords("quick_ok"))
    if problems is None:
        return finding("data_file", WARN, [*found, DataWords("unchecked")],
                       DataWords("run_check"))
    if problems:
        good = newest_good_backup(db_path)
        return finding("data_file", BLOCKING, [*found, DataWords("damaged", problem=problems[0])],
                       DataWords("restore_from", backup=str(good)) if good
                       else DataWords("no_good_backup"))
    if not os.access(db_path, os.W_OK):
        return finding("data_file", BLOCKING, [*found, DataWords("read_only_file")],
                       DataWords("fix_rights"))
    return finding("data_file", OK, found)


def _note_time(db_path: Path) -> str:
    try:
        closed_at = json.loads(note_path(db_path).read_text(encoding="ascii"))["closed_at"]
        return datetime.fromtimestamp(closed_at).strftime("%Y-%m-%d %H:%M")
    except (OSError, ValueError, KeyError, TypeError):
        return "?"


def check_backups(db_path: Path, settings: dict[str, Any], now: float | None = None) -> Finding:
    """The newest backup beside the file and how old it is; the second folder (USB stick)."""
    now = time.time() if now is None else now
    folder = backups_dir(db_path)
    found: list[UserError] = []
    todo: list[UserError] = []
    status = OK
    backups = list_backups(folder, db_path)
    has_data = db_path.is_file() and db_path.stat().st_size > 0
    if not backups:
        found.append(DataWords("no_backups", folder=str(folder)))
        if has_data:
            status = WARN
            todo.append(DataWords("backup_now"))
    else:
        newest = backups[0]
        taken = newest.taken.timestamp()
        found.append(DataWords("newest_backup", when=newest.taken.strftime("%Y-%m-%d %H:%M"),
                               **age_texts(now - taken), folder=str(folder), count=len(backups)))
        changed = _changed_at(db_path)
        if changed is not None and changed - taken > STALE_BACKUP_HOURS * 3600:
            status = WARN
            found.append(DataWords("not_backed_up", when=datetime.fromtimestamp(changed)
                                   .strftime("%Y-%m-%d %H:%M")))
            todo.append(DataWords("backup_now"))
    mirror = settings.get(MIRROR_SETTING)
    if not (isinstance(mirror, str) and mirror.strip()):
        if has_data:
            status = worst(status, WARN)
            found.append(DataWords("no_mirror"))
            todo.append(DataWords("set_mirror"))
    elif not Path(mirror).is_dir():
        status = worst(status, WARN)
        found.append(DataWords("mirror_missing", folder=mirror))
        todo.append(DataWords("plug_mirror"))
    else:
        copies = list_backups(Path(mirror), db_path)
        found.append(DataWords("mirror_newest", folder=mirror,
                               when=copies[0].taken.strftime("%Y-%m-%d %H:%M"))
                     if copies else DataWords("mirror_empty", folder=mirror))
    return finding("backups", status, found, todo)


def _changed_at(db_path: Path) -> float | None:
    """When the data last changed: the file or its write-ahead log, whichever is newer."""
    times = []
    for path in (db_path, Path(f"{db_path}-wal")):
        try:
            if path.stat().st_size > 0:
                times.append(path.stat().st_mtime)
        except OSError:
            continue
    return max(times, default=None)
