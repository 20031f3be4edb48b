"""Close the market day (收市): from the Market menu.

Shows the open day (village, date) and how many people still wait (closing records them as
not served), asks for a reason (default 收市), and offers, ticked: back up now, build the
daily summary and save it (``reports/`` beside the data file, ``集市日报-<村>-<日期>.pdf``),
print it. OK closes the day with one core call, then runs the ticked steps in a worker with
progress and lists what happened, with the paths written. A failed step is reported and the
others still run; the day stays closed either way. "Print" with no printer here asks
nothing: the summary is saved once, in the reports folder, and the dialog says where.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.market.days import MarketDay
from marketapp.core.market.listing import unserved_count
from marketapp.core.queue.closing import DEFAULT_REASON, close_market_day
from marketapp.core.text import current_language
from marketapp.ui.reports.jobs import (
    CloseOutcome,
    ReportTask,
    TaskOwner,
    close_steps_job,
    daily_file_name,
    reports_dir,
)
from marketapp.ui.reports.printing import (
    PrintFailed,
    available_printers,
    choose_printer,
    print_steps,
)
from marketapp.ui.shell.actions import act
from marketapp.ui.shell.errors import error_text
from marketapp.ui.shell.session import Change, Session
from marketapp.ui.shell.tasks import Task
from marketapp.ui.widgets.labels import ElidedLabel


class CloseMarketDialog(TaskOwner, QDialog):
    """``closed`` holds the closed MarketDay once OK went through; ``outcome`` what the steps
    after it did; ``lines`` the report shown to the person."""

    def __init__(self, session: Session, parent: QWidget | None = None,
                 market: MarketDay | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.market = market or session.market()
        self.closed: MarketDay | None = None
        self.outcome: CloseOutcome | None = None
        self.lines: list[str] = []
        self.task: Task | None = None
        self.printer: QPrinter | None = None
        self._close_when_stopped = False
        self._temp: tempfile.TemporaryDirectory | None = None
        # Replaced in tests: (parent, suggested PDF path) -> a QPrinter, or None if cancelled.
        self.printer_factory = choose_printer
        self.lang = current_language()
        self.setWindowTitle(self.tr("Close the market day"))
        self.setMinimumWidth(560)

        column = QVBoxLayout(self)
        self.day_label = QLabel()
        font = self.day_label.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.day_label.setFont(font)
        self.waiting_label = QLabel()
        self.waiting_label.setWordWrap(True)
        column.addWidget(self.day_label)
        column.addWidget(self.waiting_label)

        form = QFormLayout()
        self.reason = QLineEdit(DEFAULT_REASON)
        form.addRow(self.tr("Reason"), self.reason)
        column.addLayout(form)
        self.backup_check = QCheckBox(self.tr("Back up the data now"))
        self.save_check = QCheckBox(self.tr("Build the day's summary and save it"))
        self.print_check = QCheckBox(self.tr("Print the summary"))
        self.backup_check.setChecked(True)
        self.save_check.setChecked(True)
        self.print_check.setChecked(bool(available_printers()))
        self.folder = reports_dir(session.db_path)
        self.folder_label = ElidedLabel()
        choose = QPushButton(self.tr("Folder…"))
        choose.clicked.connect(self.choose_folder)
        self.folder_button = choose
        folder_row = QHBoxLayout()
        folder_row.setContentsMargins(24, 0, 0, 0)
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(choose)
        self.save_check.toggled.connect(self.folder_label.setEnabled)
        self.save_check.toggled.connect(choose.setEnabled)
        for check in (self.backup_check, self.save_check):
            column.addWidget(check)
        column.addLayout(folder_row)
        column.addWidget(self.print_check)

        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        column.addWidget(self.progress)
        self.report_label = QLabel()
        self.report_label.setWordWrap(True)
        self.report_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.report_label.setVisible(False)
        column.addWidget(self.report_label)
        column.addStretch(1)

        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(self.tr("Close the market day"),
                                                QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Cancel"))
        self.ok_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self._cancel_clicked)
        column.addWidget(self.buttons)
        self._show_day()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop_for_exit)

    # --- what is shown ---------------------------------------------------------------------
    def _show_day(self) -> None:
        self.folder_label.setText(self.tr("Save in {folder}").format(folder=self.folder))
        if self.market is None or self.market.status != "open":
            self.day_label.setText(self.tr("No market day is open"))
            self.waiting_label.setText(self.tr("There is nothing to close."))
            self.ok_button.setEnabled(False)
            return
        self.day_label.setText(f"{self.market.village}  {self.market.date}")
        waiting = unserved_count(self.session.db, self.market.id)
        if waiting:
            self.waiting_label.setText(self.tr(
                "{count} people are still waiting or being called. Closing records their "
                "tickets as not served. People already at a counter can still be finished."
            ).format(count=waiting))
        else:
            self.waiting_label.setText(self.tr("No one is waiting. People already at a counter "
                                               "can still be finished."))

    def report_path(self) -> Path:
        assert self.market is not None
        return self.folder / daily_file_name(self.market.village, self.market.date, self.lang)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Where to save the summary"),
                                                  str(self.folder))
        if folder:
            self.folder = Path(folder)
            self._show_day()

    # --- closing ---------------------------------------------------------------------------
    def accept(self) -> None:
        if self.closed is not None:  # the second press: "Done"
            super().accept()
            return
        if self.market is None or self.task is not None:
            return
        waiting = unserved_count(self.session.db, self.market.id)
        market_day_id, reason = self.market.id, self.reason.text()
        ok, closed = act(self.session, lambda s: close_market_day(
            s.db, market_day_id, reason=reason, operator=s.operator), Change.MARKET,
            refused=lambda exc: self._say([exc.message()]))
        if not ok:
            return
        self.closed = closed
        self.lines = [self.tr("The market day is closed.")]
        if waiting:
            self.lines.append(self.tr("{count} tickets still waiting were recorded as not "
                                      "served.").format(count=waiting))
        for widget in (self.reason, self.backup_check, self.save_check, self.print_check,
                       self.folder_button):
            widget.setEnabled(False)
        self.ok_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Stop"))
        report_path = self._report_target()
        if not self.backup_check.isChecked() and report_path is None:
            self._finish()
            return
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self._say(self.lines + [self.tr("Working…")])
        job = close_steps_job(self.session, self.market.id, backup=self.backup_check.isChecked(),
                              report_path=report_path, lang=self.lang)
        self._run(ReportTask(job, self), self._steps_done)

    def _report_target(self) -> Path | None:
        if self.save_check.isChecked():
            return self.report_path()
        if self.print_check.isChecked():  # print without keeping a copy: build it aside
            self._temp = tempfile.TemporaryDirectory(prefix="marketapp-close-",
                                                     ignore_cleanup_errors=True)
            return Path(self._temp.name) / self.report_path().name
        return None

    def _steps_done(self, outcome: CloseOutcome) -> None:
        self.outcome = outcome
        if outcome.backup_path is not None:
            self.lines.append(self.tr("Backup saved: {path}").format(path=outcome.backup_path))
        elif outcome.backup_error:
            self.lines.append(self.tr("Backup failed: {reason}").format(
                reason=outcome.backup_error))
        if outcome.report is not None and self.save_check.isChecked():
            self.lines.append(self.tr("Summary saved ({pages} pages): {path}").format(
                pages=outcome.report.pages, path=outcome.report.path))
        elif outcome.report_error:
            self.lines.append(self.tr("The summary could not be built: {reason}").format(
                reason=outcome.report_error))
        if outcome.cancelled:
            self.lines.append(self.tr("Stopped: the remaining steps were skipped. The day "
                                      "stays closed; its report can be built on the Reports "
                                      "page."))
        elif self.print_check.isChecked() and outcome.report is not None \
                and not self._close_when_stopped:
            if not available_printers():
                self._keep_instead_of_printing(outcome.report.path)
            else:
                self._start_printing(outcome.report.path)
                return
        self._finish()

    def _keep_instead_of_printing(self, pdf: Path) -> None:
        """No printer here: the summary saved once — where "save" put it, or now in the
        reports folder — and said where (never a file dialog asking to overwrite it)."""
        target = self.report_path()
        if pdf != target:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(pdf, target)
            except OSError as exc:
                self.lines.append(self.tr("No printer here, and the summary could not be "
                                          "saved: {reason}").format(reason=error_text(exc)))
                return
        self.lines.append(self.tr("No printer here: the summary is saved as {path}. Print "
                                  "that file where there is a printer.").format(path=target))

    def _start_printing(self, pdf: Path) -> None:
        printer = self.printer_factory(self, self.report_path())
        if printer is None:
            self.lines.append(self.tr("Not printed."))
            self._finish()
            return
        self.printer = printer
        self._say(self.lines + [self.tr("Printing…")])
        self._run(Task(lambda: print_steps(pdf, printer), self), self._printed)

    def _printed(self, pages: int) -> None:
        assert self.printer is not None
        if self.printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            self.lines.append(self.tr("No printer: the printout was saved as {path}").format(
                path=self.printer.outputFileName()))
        else:
            self.lines.append(self.tr("Sent {pages} pages to the printer.").format(pages=pages))
        self._finish()

    def _step_failed(self, exc: BaseException) -> None:
        if isinstance(exc, PrintFailed):
            self.lines.append(self.tr("The printer could not be started ({name}).").format(
                name=str(exc)))
        else:
            self.lines.append(error_text(exc))
        self._finish()

    def _step_cancelled(self) -> None:
        self.lines.append(self.tr("Stopped: the remaining steps were skipped."))
        self._finish()

    def _finish(self) -> None:
        self.progress.setVisible(False)
        self._say(self.lines)
        self.ok_button.setText(self.tr("Done"))
        self.ok_button.setEnabled(True)
        self.cancel_button.setVisible(False)

    def _say(self, lines: list[str]) -> None:
        self.report_label.setText("\n".join(lines))
        self.report_label.setVisible(True)
        # Grow to show every line (paths are long); a word-wrapped label needs its height
        # asked for at the dialog's width.
        self.layout().activate()
        needed = self.sizeHint().height()
        if self.height() < needed:
            self.resize(self.width(), needed)

    # --- plumbing --------------------------------------------------------------------------
    def _run(self, task: Task, on_success) -> None:
        self._run_task(task, on_success, self._step_failed, self._step_cancelled)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _busy_changed(self, busy: bool) -> None:
        if not busy and self._close_when_stopped:
            QTimer.singleShot(0, self._close_after_stop)

    def _close_after_stop(self) -> None:
        if self.task is None:
            super().reject()

    def _cancel_clicked(self) -> None:
        if self.task is not None:  # "Stop": skip the remaining steps, stay open to report
            self.cancel_button.setEnabled(False)
            self.task.cancel()
            return
        self.reject()

    def reject(self) -> None:
        # Stop while work runs: cancel it and close once the worker has stopped; the UI
        # thread does not wait. After closing, the day stays closed.
        if self.task is not None:
            self._close_when_stopped = True
            self.task.cancel()
            return
        if self.closed is not None:
            super().accept()
            return
        super().reject()
