"""The first step of start-up, taken before anything heavy is imported: the data file's
instance lock, then its read-only check (``store.health.startup_check``) started in a
thread of its own.

SQLite reads the whole file for the check without holding Python's lock, so sqlite-utils,
Qt's widgets, the application and the main window's modules load on the UI thread meanwhile
(start-up's two longest steps side by side). For that this module, and what it imports,
must not import sqlite-utils or Qt (tests/ui/test_ui_app.py checks it). ``ui.shell.lifecycle.start_up`` takes it from there: it says
why the lock was refused, or waits for the check and opens the file. Nothing here uses Qt
and nothing writes to the file.
"""

from __future__ import annotations

import threading
from pathlib import Path

from marketapp.store.backup.mirror import mirror_dir_setting
from marketapp.store.backup.snapshot import remove_leftovers
from marketapp.store.instance_lock import InstanceLock, InstanceLockError
from marketapp.store.startup_check import StartupState, startup_check

READING_WAIT_S = 2.0  # the prelude takes milliseconds; a slow disk must not stall start-up


class Opening:
    """The lock taken (or ``lock_error``) and, with the lock, the check under way."""

    def __init__(self, db_path: Path | str) -> None:
        self.db_path = Path(db_path)
        self.lock = InstanceLock(self.db_path)
        self.lock_error: InstanceLockError | None = None
        self._found: tuple[Path | None, StartupState] | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        try:
            self.lock.acquire()
        except InstanceLockError as exc:
            self.lock_error = exc
            return
        self._reading = threading.Event()
        self._thread = threading.Thread(target=self._check, name="startup-check", daemon=True)
        self._thread.start()
        # Until SQLite is reading, the check needs Python's lock now and then; the imports
        # that follow hold it for long stretches (loading Qt's libraries), which starved the
        # check. Once it reads, it needs the lock only at the end.
        self._reading.wait(READING_WAIT_S)

    def _check(self) -> None:
        try:
            mirror = mirror_dir_setting(self.db_path)
            self._found = (mirror, startup_check(self.db_path, mirror,
                                                 reading=self._reading.set))
            remove_leftovers(self.db_path, mirror)  # killed copies; a running one is kept
        except BaseException as exc:  # handed to the thread that waits for the result
            self._error = exc
        finally:
            self._reading.set()

    def result(self) -> tuple[Path | None, StartupState]:
        """(second backup folder, what the check found), once it has finished; the check's
        exception when it failed. Only with the lock (``lock_error`` is None)."""
        assert self._thread is not None, "no check without the lock"
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._found is not None
        return self._found

    def release(self) -> None:
        """Give up: the check is waited for (it reads the file), then the lock released."""
        if self._thread is not None:
            self._thread.join()
        if self.lock_error is None:
            self.lock.release()
