"""Work off the UI thread (import, reading a big file): a QThread running one job.

The job is a zero-argument callable run *in the worker thread*. If it returns a generator
of (done, total) the task drives it, reporting progress and checking for Cancel between
steps; cancelling closes the generator (a core import then rolls back). Whatever the job
(or the generator) returns arrives in ``succeeded``. Widgets are never touched from here:
signals carry results back to the UI thread.

A job that needs the database opens its own connection (a sqlite connection belongs to
the thread that opened it) and closes it when done.
"""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

log = logging.getLogger(__name__)


class Task(QThread):
    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    cancelled = Signal()

    def __init__(self, job: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self._cancel = threading.Event()
        self._stopped = False  # True once the job was really stopped early

    def cancel(self) -> None:
        """Ask the job to stop at its next step (thread-safe)."""
        self._cancel.set()

    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self._job()
            if inspect.isgenerator(result):
                result = self._drive(result)
        except Exception as exc:  # reported to the UI thread, which shows a message
            log.exception("background task failed")
            self.failed.emit(exc)
            return
        if self._stopped:
            self.cancelled.emit()
        else:
            self.succeeded.emit(result)

    def _drive(self, steps: Any) -> Any:
        while True:
            if self._cancel.is_set():
                steps.close()
                self._stopped = True
                return None
            try:
                done, total = next(steps)
            except StopIteration as finished:
                return finished.value
            self.progress.emit(done, total)
