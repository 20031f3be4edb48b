"""The first step of start-up, taken before the widgets are imported: the data file's
instance lock, then its read-only check (``store.health.startup_check``) started in a
thread of its own.

SQLite reads the whole file for the check without holding Python's lock, so Qt's widgets,
the application and the main window's modules load on the UI thread meanwhile (start-up's
two longest steps side by side). ``ui.lifecycle.start_up`` takes it from there: it says
why the lock was refused, or waits for the check and opens the file. Nothing here uses Qt
and nothing writes to the file.
"""

from __future__ import annotations

import threading
from pathlib import Path

from marketapp.store.backups import mirror_dir_setting
from marketapp.store.health import StartupState, startup_check
from marketapp.store.instance_lock import InstanceLock, InstanceLockError


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
        self._thread = threading.Thread(target=self._check, name="startup-check", daemon=True)
        self._thread.start()

    def _check(self) -> None:
        try:
            mirror = mirror_dir_setting(self.db_path)
            self._found = (mirror, startup_check(self.db_path, mirror))
        except BaseException as exc:  # handed to the thread that waits for the result
            self._error = exc

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
