"""Copies of the live database made with SQLite's online backup API.

A copy is written to a temporary file (``NAME.<pid>.partial``) beside its destination,
checked with ``quick_check``, flushed to disk and only then renamed into place, so a copy
interrupted by a kill or a full disk is never published half-written. A ``.partial`` left
by a killed process is never taken for a backup (:func:`parse_backup_name` ignores it).
It can be as large as the data file, and SQLite may have left a ``-wal``/``-shm`` (or
``-journal``) beside it: :func:`remove_stale_partials` removes all of them at the next
backup into the folder and when the app or a writing command starts. A partial is stale
when the process named in it is gone (or it is this process's and no copy is running); one
without a process number (an older version's) when it is an hour old.

Backup files are named ``<db stem>-YYYYMMDD-HHMMSS-<reason>[-N].db``; only names of that
shape, for that database, are treated as ours (listed, offered for restore, rotated).
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from marketapp.store.paths import backups_dir

#: Why a backup was taken; part of its file name. ``before-upgrade`` is the name the
#: migration step in ``store.database`` has always used (the same as ``migrate``).
REASONS = ("auto", "close", "exit", "migrate", "import", "merge", "restore", "manual",
           "before-upgrade")
PARTIAL_SUFFIX = ".partial"
#: A ``.partial`` without a process number older than this cannot belong to a copy running.
STALE_PARTIAL_SECONDS = 3600
#: What SQLite may leave beside a partial copy it was working on.
PARTIAL_COMPANIONS = ("", "-journal", "-wal", "-shm")
_PARTIAL_RE = re.compile(rf"(?P<name>.+?)(?:\.(?P<pid>\d+))?{re.escape(PARTIAL_SUFFIX)}"
                         rf"(?P<companion>-journal|-wal|-shm)?")
#: This process's copies being written now (another thread's partial is not stale).
_writing: set[Path] = set()
_writing_lock = threading.Lock()


class BackupCheckFailed(RuntimeError):
    pass


@dataclass(frozen=True, order=True)
class BackupName:
    """What a backup's file name says about it (sorts oldest first)."""

    taken: datetime
    serial: int
    reason: str
    path: Path


def partial_path(dest: Path) -> Path:
    """Where this process writes ``dest`` before it is finished."""
    return dest.with_name(f"{dest.name}.{os.getpid()}{PARTIAL_SUFFIX}")


def _partial_for(dest: Path) -> _Partial:
    return _Partial(partial_path(Path(dest)))


class _Partial:
    """A partial file registered as being written by this process, removed with its
    companions when done (published or not)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> Path:
        with _writing_lock:
            _writing.add(self.path)
        for part in _companions(self.path):
            _remove_quietly(part)
        return self.path

    def __exit__(self, *exc_info: object) -> None:
        for part in _companions(self.path):
            _remove_quietly(part)
        with _writing_lock:
            _writing.discard(self.path)


def _companions(path: Path) -> Iterator[Path]:
    for suffix in PARTIAL_COMPANIONS:
        yield path.with_name(path.name + suffix)


def backup_connection(source: sqlite3.Connection, dest: Path) -> Path:
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with _partial_for(dest) as tmp:
        target = sqlite3.connect(tmp)
        try:
            # The backup API copies pages committed in the WAL too, unlike a file copy.
            source.backup(target)
            result = target.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                raise BackupCheckFailed(f"backup copy failed quick_check: {result}")
            # Keep the copy self-contained: one file, no -wal beside it.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    return dest


def backup_file(db_path: Path, dest: Path) -> Path:
    source = sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        return backup_connection(source, dest)
    finally:
        source.close()


def copy_file_atomic(source: Path, dest: Path) -> Path:
    """Copy a finished file (e.g. to a USB stick): temp file, fsync, rename."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with _partial_for(dest) as tmp:
        with open(source, "rb") as src, open(tmp, "wb") as out:
            shutil.copyfileobj(src, out, 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    return dest


def timestamped_name(db_path: Path, label: str, when: datetime | None = None) -> str:
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"{Path(db_path).stem}-{stamp}-{label}.db"


def unique_backup_path(folder: Path, db_path: Path, reason: str,
                       when: datetime | None = None) -> Path:
    """A name that no existing backup uses (two backups in one second get ``-2``, ``-3``)."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}; use one of {REASONS}")
    first = Path(folder) / timestamped_name(db_path, reason, when)
    candidate, serial = first, 1
    while candidate.exists() or _has_partial(candidate):
        serial += 1
        candidate = first.with_name(f"{first.stem}-{serial}.db")
    return candidate


def parse_backup_name(path: Path, db_stem: str) -> BackupName | None:
    """The backup a file name describes, or None when the file is not one of ours."""
    path = Path(path)
    pattern = (rf"{re.escape(db_stem)}-(\d{{8}}-\d{{6}})-"
               rf"({'|'.join(re.escape(r) for r in REASONS)})(?:-(\d+))?\.db")
    match = re.fullmatch(pattern, path.name)
    if not match:
        return None
    try:
        taken = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    return BackupName(taken, int(match.group(3) or 1), match.group(2), path)


def list_backups(folder: Path, db_path: Path) -> list[BackupName]:
    """Our finished backups of ``db_path`` in ``folder``, newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    stem = Path(db_path).stem
    found = [parse_backup_name(p, stem) for p in folder.iterdir() if p.is_file()]
    return sorted((b for b in found if b is not None), reverse=True)


def _has_partial(dest: Path) -> bool:
    """Whether some process is (or was) writing ``dest``: a finished name is not reused."""
    pattern = glob.escape(dest.name) + "*" + PARTIAL_SUFFIX
    return dest.with_name(dest.name + PARTIAL_SUFFIX).exists() or any(
        dest.parent.glob(pattern))


def remove_stale_partials(folder: Path, db_path: Path, now: float | None = None) -> list[Path]:
    """Delete partial copies of ours (backups of ``db_path`` in ``folder``, and a restore's
    copy of the data file itself when ``folder`` holds it) left by a killed process,
    with the ``-wal``/``-shm``/``-journal`` SQLite left beside them."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    now = time.time() if now is None else now
    db_path = Path(db_path)
    removed = []
    for path in folder.iterdir():
        match = _PARTIAL_RE.fullmatch(path.name)
        if match is None:
            continue
        name = match.group("name")
        if name != db_path.name and parse_backup_name(path.with_name(name), db_path.stem) is None:
            continue
        owner = path.with_name(f"{name}.{match.group('pid')}{PARTIAL_SUFFIX}"
                               if match.group("pid") else name + PARTIAL_SUFFIX)
        if not _stale(owner, match.group("pid"), now):
            continue
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


def remove_leftovers(db_path: Path, mirror_dir: Path | None = None) -> list[Path]:
    """At start (the app, a writing command): stale partials in the backups folder, the
    second backup folder and beside the data file (a killed restore's copy)."""

    db_path = Path(db_path)
    removed = []
    for folder in (backups_dir(db_path), mirror_dir, db_path.parent):
        if folder is not None:
            try:
                removed += remove_stale_partials(Path(folder), db_path)
            except OSError:
                pass  # a stick pulled out: tried again next time
    return removed


def _stale(partial: Path, pid_text: str | None, now: float) -> bool:
    if pid_text is None:  # an older version's name: only the age tells
        try:
            return now - partial.stat().st_mtime >= STALE_PARTIAL_SECONDS
        except OSError:
            return True  # the partial itself is gone: its companions are left over
    pid = int(pid_text)
    if pid == os.getpid():
        with _writing_lock:
            return partial not in _writing
    return not process_alive(pid)


def process_alive(pid: int) -> bool:
    """Whether a process with this number is running (a reused number only keeps a
    leftover file a while longer)."""
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        import ctypes

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            kernel.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass  # cleanup only: never hide the error that got us here


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
