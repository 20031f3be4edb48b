"""Work off the UI thread (import, reading a big file): a QThread running one job.

The job is a zero-argument callable run *in the worker thread*. If it returns a generator
of (done, total) the task drives it, reporting progress and checking for Cancel between
steps; cancelling closes the generator (a core import then rolls back). Whatever the job
(or the generator) returns arrives in ``succeeded``. Widgets are never touched from here:
signals carry results back to the UI thread.

A job that needs the database opens its own connection (a sqlite connection belongs to
the thread that opened it) and closes it when done.

:func:`run_with_progress` is for the few jobs the app must wait for (the exit backup, the
restore offered at start-up): the job runs in a Task while a small modal dialog says what
is happening and keeps repainting; the call returns once the job has finished.
"""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThread, Signal

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

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
        # What the job returned or raised, for a caller that waits (run_with_progress).
        self.result: Any = None
        self.error: Exception | None = None

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
            self.error = exc
            self.failed.emit(exc)
            return
        self.result = result
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


def run_with_progress(job: Callable[[], Any], text: str, parent: QWidget | None = None) -> Any:
    """Run ``job`` in a worker while a modal dialog shows ``text``; return what it returned,
    or raise what it raised, once it has finished (also when the dialog could not show)."""
    from PySide6.QtWidgets import QProgressDialog

    if QCoreApplication.instance() is None:
        return job()
    task = Task(job)
    dialog = QProgressDialog(text, "", 0, 0, parent)  # 0..0: busy, no percentage
    dialog.setCancelButton(None)  # the work must finish: nothing to cancel
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    loop = QEventLoop()
    task.finished.connect(loop.quit)  # queued from the worker to this thread
    task.start()
    dialog.show()
    if not task.isFinished():
        loop.exec()  # the dialog repaints; returns at once if the app is already quitting
    task.wait()
    dialog.close()
    dialog.deleteLater()
    if task.error is not None:
        raise task.error
    return task.result
