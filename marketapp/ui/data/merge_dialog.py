"""Merge another data file (合并): choose it, preview what would change (a dry run), then merge
with a progress bar and Cancel, and read the report (counts, conflicts and how each was
resolved). Both runs are in a worker thread on its own connection; the merge is one
transaction, so a cancel or a failure changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.errors import UserError
from marketapp.core.text import current_language
from marketapp.store.database import open_database
from marketapp.ui.shell.errors import error_text
from marketapp.ui.shell.session import Change, Session
from marketapp.ui.shell.tasks import Task


def merge_job(db_path: Path, other: Path, dry_run: bool, task_ref: list, operator: str = ""):
    """The worker's job: its own connection, progress to the task, Cancel honoured; the
    merge is logged as the signed-in operator's."""
    from marketapp.core.merge.files import merge_database

    def job():
        db = open_database(db_path)
        try:
            task = task_ref[0]

            def progress(done: int, total: int) -> bool:
                task.progress.emit(done, total)
                return not task.cancel_requested()

            return merge_database(db, other, progress=progress, dry_run=dry_run,
                                  operator=operator)
        finally:
            db.close()

    return job


class MergeDialog(QDialog):
    merged = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.task: Task | None = None
        self.report = None
        self.previewed: Path | None = None
        self.setWindowTitle(self.tr("Merge another data file"))
        self.resize(760, 520)

        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("The other laptop's data file (.db)"))
        self.path_edit.textChanged.connect(self._path_changed)
        self.choose_button = QPushButton(self.tr("Choose…"))
        self.choose_button.clicked.connect(self.choose_file)
        self.preview_button = QPushButton(self.tr("Preview"))
        self.preview_button.setToolTip(self.tr("A dry run: shows what the merge would change, "
                                               "changes nothing"))
        self.preview_button.clicked.connect(self.preview)
        self.merge_button = QPushButton(self.tr("Merge"))
        self.merge_button.setEnabled(False)
        self.merge_button.clicked.connect(self.run_merge)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.state_label = QLabel(self.tr("Choose the file, preview, then merge. The data "
                                          "file is backed up before the merge."))
        self.state_label.setWordWrap(True)
        self.report_view = QPlainTextEdit()
        self.report_view.setReadOnly(True)
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        fixed.setStyleHint(QFont.StyleHint.TypeWriter)
        self.report_view.setFont(fixed)

        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.state_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.report_view, 1)
        layout.addLayout(buttons)

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("Merge another data file"), str(Path(self.session.db_path).parent),
            self.tr("Data files (*.db *.sqlite);;All files (*)"))
        if chosen:
            self.path_edit.setText(chosen)

    def other_path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text) if text else None

    def _path_changed(self) -> None:
        self.merge_button.setEnabled(False)
        self.previewed = None

    @property
    def busy(self) -> bool:
        return self.task is not None and self.task.isRunning()

    def preview(self) -> Task | None:
        return self._start(dry_run=True)

    def run_merge(self) -> Task | None:
        return self._start(dry_run=False)

    def _start(self, dry_run: bool) -> Task | None:
        other = self.other_path()
        if other is None or self.busy:
            return None
        ref: list = []
        task = Task(merge_job(Path(self.session.db_path), other, dry_run, ref,
                              self.session.operator), self)
        ref.append(task)
        task.progress.connect(self._progress)
        task.succeeded.connect(lambda report: self._done(report, other))
        task.failed.connect(self._failed)
        task.finished.connect(self._finished)
        self.task = task
        self._set_running(True)
        self.state_label.setText(self.tr("Previewing…") if dry_run else self.tr("Merging…"))
        task.start()
        return task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.progress.setRange(0, 0)
        for widget in (self.path_edit, self.choose_button, self.preview_button,
                       self.close_button):
            widget.setEnabled(not running)
        self.merge_button.setEnabled(not running and self.previewed is not None)
        self.cancel_button.setEnabled(running)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _finished(self) -> None:
        self._set_running(False)

    def _done(self, report, other: Path) -> None:
        self.report = report
        self.report_view.setPlainText("\n".join(report.lines(current_language())))
        if report.cancelled:
            self.state_label.setText(self.tr("Cancelled: nothing was changed."))
        elif report.dry_run:
            self.previewed = other
            self.state_label.setText(self.tr("Preview done: nothing was changed yet. Press "
                                             "Merge to bring the data in.")
                                     + self._tombstone_note(report))
        else:
            self.previewed = None
            self.state_label.setText(self.tr("Merged.") + self._tombstone_note(report))
            self.session.announce(Change.VILLAGERS | Change.MARKET | Change.QUEUE)
            self.merged.emit()

    def _tombstone_note(self, report) -> str:
        """Old copies the merge did not bring back as they were (details in the report)."""
        if not (report.tombstone_folded or report.tombstone_dropped):
            return ""
        return " " + self.tr("Folded into the record they were merged into: {folded}; "
                             "removed people whose personal data was dropped: {dropped}.").format(
            folded=report.tombstone_folded, dropped=report.tombstone_dropped)

    def _failed(self, exc: BaseException) -> None:
        text = exc.message() if isinstance(exc, UserError) else error_text(exc)
        self.state_label.setText(text)
        self.report_view.setPlainText(text)
