"""One copy of the app per database file.

``InstanceLock(db_path).acquire()`` takes an operating-system lock on ``<db file>.lock``
beside the database (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows) and writes
the holder's pid and the local-socket name the running window listens on
(:func:`server_name`). A second acquire on the same database - from another process or
from this one - fails with :class:`InstanceLockError` (``open_elsewhere``) naming that pid;
the GUI can then connect to ``server_name(db_path)`` (QLocalSocket) to bring the running
window forward instead.

The holder also says what it is (``holder``): the app's window (``app``, the default), a
window-less server (``serve``), or a command-line command (``command``, with its name and
no server name). A command that writes waits for another command but is refused beside the
app or a server (``store.writer_lock``).

The operating system drops the lock when the holding process dies, however it dies, so a
lock left by a killed process is taken over by the next acquire without asking anyone.
The lock file itself is left in place (it is harmless and deleting it would race with a
new holder).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from marketapp.core.errors import UserError
from marketapp.core.text import N_
from marketapp.store.os_errors import os_reason

LOCK_SUFFIX = ".lock"
#: Windows locks a byte range and a locked range cannot be read by others, so the lock
#: sits far past the text (pid, name), which stays readable.
_WINDOWS_LOCK_OFFSET = 4096


class InstanceLockError(UserError):
    messages = {
        "open_elsewhere": N_("The data file {path} is already open in another marketapp window "
                             "(process {pid}). Switch to that window, or close it and try again."),
        "cannot_lock": N_("Cannot create the lock file in {folder}: {reason}. Check that the "
                          "folder is writable."),
    }


#: Who may hold the lock: the app's window, ``marketapp serve``, a command-line command.
HOLDERS = ("app", "serve", "command")


@dataclass(frozen=True)
class LockHolder:
    pid: int | None
    server: str | None
    kind: str = "app"  # one of HOLDERS
    command: str | None = None  # a command's name (``import-villagers``)


def lock_path(db_path: Path | str) -> Path:
    db_path = _canonical(db_path)
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


def server_name(db_path: Path | str) -> str:
    """The QLocalServer name of the window that has ``db_path`` open.

    Derived from the absolute path (case-folded on Windows) and the user, so two paths to
    the same file give one name and two users never collide; short and free of path
    characters, as local-socket names must be.
    """
    text = os.path.normcase(str(_canonical(db_path)))
    user = os.environ.get("USERNAME") or os.environ.get("USER") or ""
    digest = hashlib.sha256(f"{user}\0{text}".encode()).hexdigest()[:20]
    return f"marketapp-{digest}"


class InstanceLock:
    def __init__(self, db_path: Path | str, *, holder: str = "app",
                 command: str | None = None) -> None:
        if holder not in HOLDERS:
            raise ValueError(f"unknown lock holder {holder!r}")
        self.db_path = _canonical(db_path)
        self.path = lock_path(self.db_path)
        self.holder = holder
        self.command = command
        # A command answers no window requests: without a server name it is known as one.
        self.server = server_name(self.db_path) if holder != "command" else None
        self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> InstanceLock:
        if self._handle is not None:
            return self
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path, "a+b")  # noqa: SIM115 - kept open while locked
        except OSError as exc:
            raise InstanceLockError("cannot_lock", folder=str(self.path.parent),
                                    reason=os_reason(exc)) from exc
        try:
            _lock(handle)
        except OSError as exc:
            handle.close()
            holder = read_holder(self.db_path)
            pid = holder.pid if holder and holder.pid else "?"
            raise InstanceLockError("open_elsewhere", path=str(self.db_path), pid=pid) from exc
        try:
            handle.seek(0)
            handle.truncate()
            info: dict[str, object] = {"pid": os.getpid(), "holder": self.holder}
            if self.server:
                info["server"] = self.server
            if self.command:
                info["command"] = self.command
            handle.write(json.dumps(info).encode("utf-8"))
            handle.flush()
        except OSError:
            pass  # the lock is what counts; the pid is only for the message
        self._handle = handle
        return self

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        try:
            handle.seek(0)
            handle.truncate()
            handle.flush()
        except OSError:
            pass
        try:
            _unlock(handle)
        finally:
            handle.close()

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def read_holder(db_path: Path | str) -> LockHolder | None:
    """Who last wrote the lock file (meaningful while :func:`is_locked` is true)."""
    try:
        text = lock_path(db_path).read_bytes()[:_WINDOWS_LOCK_OFFSET].decode("utf-8")
        data = json.loads(text)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    pid, server, command = data.get("pid"), data.get("server"), data.get("command")
    kind = data.get("holder")
    if kind not in HOLDERS:  # written by an older version: only the app took the lock
        kind = "app" if server else "command"
    return LockHolder(pid if isinstance(pid, int) else None,
                      server if isinstance(server, str) else None, kind,
                      command if isinstance(command, str) else None)


def is_locked(db_path: Path | str) -> LockHolder | None:
    """The holder when another copy has ``db_path`` open, else None. Takes no lock."""
    probe = InstanceLock(db_path)
    if not probe.path.exists():
        return None
    try:
        handle = open(probe.path, "a+b")  # noqa: SIM115
    except OSError:
        return None
    try:
        _lock(handle)
    except OSError:
        handle.close()
        return read_holder(db_path) or LockHolder(None, None)
    _unlock(handle)
    handle.close()
    return None


def _canonical(db_path: Path | str) -> Path:
    return Path(db_path).expanduser().resolve()


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(handle) -> None:
        handle.seek(_WINDOWS_LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle) -> None:
        handle.seek(_WINDOWS_LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
