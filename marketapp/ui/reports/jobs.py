"""Report work that runs in a worker thread: building PDFs, the close-the-day steps.

The report builders take a ``progress(done, total)`` callback that may return False to
cancel (they then raise ReportCancelled and write nothing). :class:`ReportTask` is a
:class:`~marketapp.ui.shell.tasks.Task` that hands such a callback to its job, turns the calls into
``progress`` signals and answers Cancel through it. Every job opens its own database
connection in the worker and closes it there.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from marketapp.core.errors import UserError
from marketapp.reports.errors import ReportCancelled
from marketapp.store.backup.policy import BackupError, backup_now
from marketapp.store.os_errors import explain_file_error
from marketapp.ui.shell.session import Session
from marketapp.ui.shell.tasks import Task

if TYPE_CHECKING:
    from marketapp.reports.pdf_base import ReportResult

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], bool]
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


class ReportTask(Task):
    """Runs ``job(progress)``; ``cancelled`` when the job stopped because of Cancel."""

    def __init__(self, job: Callable[[ProgressFn], Any], parent: QObject | None = None) -> None:
        super().__init__(lambda: job(self.report_progress), parent)

    def report_progress(self, done: int, total: int) -> bool:
        self.progress.emit(done, total)
        return not self.cancel_requested()

    def run(self) -> None:
        try:
            result = self._job()
        except ReportCancelled:
            self.cancelled.emit()
            return
        except UserError as exc:  # a refusal with its own message (no market, disk full…)
            self.failed.emit(exc)
            return
        except Exception as exc:
            log.exception("report task failed")
            self.failed.emit(exc)
            return
        self.succeeded.emit(result)


def reports_dir(db_path: Path) -> Path:
    """Where saved reports go by default: ``reports/`` beside the data file."""
    return Path(db_path).parent / "reports"


def safe_name(text: str) -> str:
    return _UNSAFE.sub("_", text).strip("_.") or "report"


def daily_file_name(village: str, day: str, lang: str) -> str:
    stem = f"集市日报-{village}-{day}" if lang == "zh" else f"market-report-{village}-{day}"
    return safe_name(stem) + ".pdf"


def period_file_name(date_from: str, date_to: str, lang: str) -> str:
    stem = (f"集市统计-{date_from}至{date_to}" if lang == "zh"
            else f"market-statistics-{date_from}-to-{date_to}")
    return safe_name(stem) + ".pdf"


def daily_job(session: Session, market_day_id: str, out_path: Path, lang: str,
              full: bool) -> Callable[[ProgressFn], ReportResult]:
    def job(progress: ProgressFn) -> ReportResult:
        from marketapp.reports.daily_report import build_daily_report  # reportlab: ~0.3 s

        db = session.open_worker_db()
        try:
            return build_daily_report(db, market_day_id, out_path, lang=lang, full=full,
                                      progress=progress)
        finally:
            db.close()
    return job


def period_job(session: Session, date_from: str, date_to: str, out_path: Path,
               lang: str) -> Callable[[ProgressFn], ReportResult]:
    def job(progress: ProgressFn) -> ReportResult:
        from marketapp.reports.period_report import build_period_report

        db = session.open_worker_db()
        try:
            return build_period_report(db, date_from, date_to, out_path, lang=lang,
                                       progress=progress)
        finally:
            db.close()
    return job


@dataclass
class CloseOutcome:
    """What the steps after closing a day did: paths written, or why a step failed."""

    backup_path: Path | None = None
    backup_error: str | None = None
    report: ReportResult | None = None
    report_error: str | None = None
    cancelled: bool = False


def close_steps_job(session: Session, market_day_id: str, *, backup: bool,
                    report_path: Path | None, lang: str) -> Callable[[ProgressFn], CloseOutcome]:
    """Back up (when asked), then build the daily summary into ``report_path`` (when given).
    A failed step is recorded and the next one still runs; Cancel skips what is left."""
    def job(progress: ProgressFn) -> CloseOutcome:
        outcome = CloseOutcome()
        backup_share = 3 if backup else 0
        total = backup_share + (10 if report_path else 0)
        if not progress(0, total):
            outcome.cancelled = True
            return outcome
        if backup:
            try:
                outcome.backup_path = backup_now(session.db_path, "close").path
            except BackupError as exc:
                outcome.backup_error = exc.message()
            if not progress(backup_share, total):
                outcome.cancelled = True
                return outcome
        if report_path is not None:
            def report_progress(done: int, steps: int) -> bool:
                return progress(backup_share + round(done * 10 / max(steps, 1)), total)
            try:
                from marketapp.reports.daily_report import build_daily_report

                report_path.parent.mkdir(parents=True, exist_ok=True)
                db = session.open_worker_db()
                try:
                    outcome.report = build_daily_report(db, market_day_id, report_path, lang=lang,
                                                        progress=report_progress)
                finally:
                    db.close()
            except ReportCancelled:
                outcome.cancelled = True
            except UserError as exc:
                outcome.report_error = exc.message()
            except OSError as exc:
                outcome.report_error = explain_file_error(exc, report_path).message()
        return outcome
    return job


class TaskOwner:
    """Mixin for a widget that runs one task at a time.

    The outcome (success, failure, cancel) is acted on only once the worker thread has
    finished, so a handler may close or delete the widget without destroying a running
    QThread. Signals go to bound methods of the widget, so handlers run in the UI thread.
    Subclasses provide ``_progress(done, total)`` and may override ``_busy_changed``.
    """

    task: Task | None = None

    def _run_task(self, task: Task, on_success: Callable[[Any], None],
                  on_failure: Callable[[BaseException], None],
                  on_cancel: Callable[[], None]) -> None:
        self.task = task
        self._handlers = (on_success, on_failure, on_cancel)
        self._outcome: tuple[int, Any] | None = None
        task.progress.connect(self._progress)
        task.succeeded.connect(self._task_succeeded)
        task.failed.connect(self._task_failed)
        task.cancelled.connect(self._task_cancelled)
        task.finished.connect(self._task_finished)
        self._busy_changed(True)
        task.start()

    def _progress(self, done: int, total: int) -> None:
        raise NotImplementedError

    def _busy_changed(self, busy: bool) -> None:
        pass

    def _task_succeeded(self, result: Any) -> None:
        self._outcome = (0, result)

    def _task_failed(self, exc: BaseException) -> None:
        self._outcome = (1, exc)

    def _task_cancelled(self) -> None:
        self._outcome = (2, None)

    def _task_finished(self) -> None:
        task, self.task = self.task, None
        if task is not None:
            task.deleteLater()
        outcome, self._outcome = self._outcome, None
        if outcome is not None:
            kind, value = outcome
            handler = self._handlers[kind]
            if kind == 2:
                handler()
            else:
                handler(value)  # may start the next task
        if self.task is None:
            self._busy_changed(False)

    def is_busy(self) -> bool:
        return self.task is not None

    def stop_for_exit(self) -> None:
        """The application is quitting: cancel the work and let the worker stop (a running
        QThread must not be destroyed with its window). Builders check Cancel often."""
        if self.task is not None:
            self.task.cancel()
            self.task.wait(10000)
