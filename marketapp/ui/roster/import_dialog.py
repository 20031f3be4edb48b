"""Roster import (导入花名册): choose a file, see what was read, import off the UI thread with
progress and Cancel, then the summary with rejected rows (saveable as a CSV)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.roster.importer import ImportSummary, write_rejects
from marketapp.core.roster.read import Roster
from marketapp.core.text import current_language
from marketapp.store.os_errors import explain_file_error
from marketapp.ui.roster.import_job import import_job, read_job
from marketapp.ui.roster.import_summary import ImportSummaryView
from marketapp.ui.roster.preview import RosterPreview
from marketapp.ui.shell.errors import error_text, show_error
from marketapp.ui.shell.session import Session
from marketapp.ui.shell.tasks import Task
from marketapp.ui.widgets import style
from marketapp.ui.widgets.labels import ElidedLabel, error_label


class ImportDialog(QDialog):
    imported = Signal(object)  # ImportSummary, after a completed import

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.path: Path | None = None
        self.roster: Roster | None = None
        self.summary: ImportSummary | None = None
        self.task: Task | None = None
        self._close_when_stopped = False
        self.setWindowTitle(self.tr("Import a village roster"))
        self.resize(960, 600)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_choose())
        self.stack.addWidget(self._build_progress())
        self.stack.addWidget(self._build_summary())
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

    # --- the three steps -------------------------------------------------------------------
    def _build_choose(self) -> QWidget:
        page = QWidget()
        self.choose_button = QPushButton(self.tr("Choose file…"))
        self.choose_button.clicked.connect(self.choose_file)
        self.path_label = ElidedLabel(self.tr("CSV (.csv) or Excel workbook (.xlsx)"))
        self.sheet_label = QLabel(self.tr("Sheet:"))
        self.sheet_combo = QComboBox()
        self.sheet_combo.activated.connect(self._sheet_chosen)
        self.message = error_label()
        self.preview = RosterPreview()
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.path_label, 1)
        top.addWidget(self.sheet_label)
        top.addWidget(self.sheet_combo)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(close)
        column = QVBoxLayout(page)
        column.addLayout(top)
        column.addWidget(self.message)
        column.addWidget(self.preview, 1)
        column.addLayout(bottom)
        self._show_sheets([])
        return page

    def _build_progress(self) -> QWidget:
        page = QWidget()
        self.progress_label = QLabel(self.tr("Importing… nothing is saved until it finishes."))
        self.progress = QProgressBar()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_import)
        column = QVBoxLayout(page)
        column.addStretch(1)
        column.addWidget(self.progress_label)
        column.addWidget(self.progress)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        column.addLayout(row)
        column.addStretch(1)
        return page

    def _build_summary(self) -> QWidget:
        page = QWidget()
        self.summary_view = ImportSummaryView()
        self.save_rejects_button = QPushButton(self.tr("Save rejected rows…"))
        self.save_rejects_button.clicked.connect(self.save_rejects)
        done = QPushButton(self.tr("Close"))
        done.clicked.connect(self.accept)
        self.saved_label = ElidedLabel("")
        self.saved_label.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.save_rejects_button)
        row.addWidget(self.saved_label, 1)
        row.addWidget(done)
        column = QVBoxLayout(page)
        column.addWidget(self.summary_view, 1)
        column.addLayout(row)
        return page

    # --- reading ---------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose a village roster"), "",
            self.tr("Rosters (*.csv *.xlsx *.xlsm *.txt *.tsv);;All files (*)"))
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path, sheet: str | None = None) -> None:
        """Read ``path`` (and ``sheet``) in a worker; the preview appears when it is done."""
        self.path = Path(path)
        self.roster = None
        self.path_label.setText(str(self.path))
        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self.preview.clear()
        self._say(self.tr("Reading the file…"), error=False)
        self._run(Task(partial(read_job, self.path, sheet), self), self._read_done,
                  self._read_failed)

    def _sheet_chosen(self, index: int) -> None:
        sheet = self.sheet_combo.itemText(index)
        if self.path is not None and self.roster is not None and sheet != self.roster.sheet:
            self.load_file(self.path, sheet)

    def _read_done(self, roster: Roster) -> None:
        self.roster = roster
        self.choose_button.setEnabled(True)
        self._show_sheets(roster.sheets if roster.kind == "xlsx" else [], roster.sheet)
        self.preview.show_roster(roster)
        self.message.setVisible(False)
        self.import_button.setEnabled(bool(roster.rows))
        self.import_button.setFocus()

    def _read_failed(self, exc: BaseException) -> None:
        self.choose_button.setEnabled(True)
        self._say(error_text(exc), error=True)

    def _show_sheets(self, sheets: list[str], current: str | None = None) -> None:
        self.sheet_combo.clear()
        self.sheet_combo.addItems(sheets)
        if current:
            self.sheet_combo.setCurrentText(current)
        self.sheet_label.setVisible(len(sheets) > 1)
        self.sheet_combo.setVisible(len(sheets) > 1)

    # --- importing -------------------------------------------------------------------------
    def start_import(self) -> None:
        if self.roster is None:
            return
        self.progress.setRange(0, max(len(self.roster.rows), 1))
        self.progress.setValue(0)
        self.cancel_button.setEnabled(True)
        self.stack.setCurrentIndex(1)
        task = Task(partial(import_job, self.session, self.roster), self)
        task.progress.connect(lambda done, total: self.progress.setValue(done))
        task.cancelled.connect(self._import_cancelled)
        self._run(task, self._import_done, self._import_failed)

    def cancel_import(self) -> None:
        if self.task is not None:
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(self.tr("Cancelling… undoing what was imported."))
            self.task.cancel()

    def _import_done(self, summary: ImportSummary) -> None:
        self.summary = summary
        self.summary_view.show_summary(summary)
        self.save_rejects_button.setVisible(bool(summary.rejected))
        self.stack.setCurrentIndex(2)
        self.imported.emit(summary)

    def _import_cancelled(self) -> None:
        self.stack.setCurrentIndex(0)
        self._say(self.tr("Import cancelled. Nothing was changed."), error=False)

    def _import_failed(self, exc: BaseException) -> None:
        self.stack.setCurrentIndex(0)
        self._say(self.tr("The import failed and nothing was changed: {reason}").format(
            reason=error_text(exc)), error=True)

    def save_rejects(self) -> None:
        if self.summary is None or self.path is None:
            return
        suggested = str(self.path.with_name(self.path.stem + "-rejected.csv"))
        target, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save rejected rows"), suggested, self.tr("CSV file (*.csv)"))
        if not target:
            return
        try:
            write_rejects(Path(target), self.summary, current_language())
        except OSError as exc:
            self.saved_label.setVisible(False)
            show_error(self, explain_file_error(exc, target),
                       title=self.tr("Could not save the file"))
            return
        self.saved_label.setText(self.tr("Rejected rows saved to {path}").format(path=target))
        self.saved_label.setVisible(True)

    # --- plumbing --------------------------------------------------------------------------
    def _run(self, task: Task, on_success, on_failure) -> None:
        self.task = task
        task.succeeded.connect(on_success)
        task.failed.connect(on_failure)
        task.finished.connect(partial(self._task_finished, task))
        task.start()

    def _task_finished(self, task: Task) -> None:
        if self.task is task:
            self.task = None
        task.deleteLater()
        if self._close_when_stopped and self.task is None:
            super().reject()

    def is_busy(self) -> bool:
        return self.task is not None

    def _say(self, text: str, error: bool) -> None:
        self.message.setStyleSheet(style.text(style.ERROR if error else style.TEXT))
        self.message.setText(text)
        self.message.setVisible(True)

    def reject(self) -> None:
        # Closing while work runs cancels it and closes once the worker has stopped; the UI
        # thread does not wait for it.
        if self.task is not None:
            self._close_when_stopped = True
            self.task.cancel()
            return
        super().reject()
