"""Reports (报表, F6): the daily summary of one market day or the report of a period, built
off the UI thread with progress and Cancel, previewed in the app, saved or printed.

Every action is one call: building runs ``reports.build_*_report`` in a worker
(:mod:`marketapp.ui.reports.jobs`), printing renders the built PDF onto the printer in a
worker (:mod:`marketapp.ui.reports.printing`). Refusals (no market, an empty range) are shown
as a calm line on the page in the person's language, never as a traceback.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.errors import UserError
from marketapp.core.market.listing import list_market_days
from marketapp.core.people.audit import REPORT_FULL, log_sensitive
from marketapp.core.text import current_language
from marketapp.store.os_errors import os_reason
from marketapp.ui.reports.days_model import MarketDaysModel
from marketapp.ui.reports.jobs import (
    ReportTask,
    TaskOwner,
    daily_file_name,
    daily_job,
    period_file_name,
    period_job,
    reports_dir,
)
from marketapp.ui.reports.printing import PrintFailed, choose_printer, print_steps
from marketapp.ui.reports.range import RangePicker
from marketapp.ui.shell.errors import error_text
from marketapp.ui.shell.session import Session
from marketapp.ui.shell.tasks import Task
from marketapp.ui.widgets import style
from marketapp.ui.widgets.pdf_preview import PdfPreview

if TYPE_CHECKING:
    from marketapp.reports.pdf_base import ReportResult

PANEL_WIDTH = 400


class ReportsPage(TaskOwner, QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.task: Task | None = None
        self.result: ReportResult | None = None
        self.file_name = ""
        self._work = tempfile.TemporaryDirectory(prefix="marketapp-reports-",
                                                 ignore_cleanup_errors=True)
        self.work_dir = Path(self._work.name)
        self._builds = itertools.count(1)
        # Replaced in tests: (parent, suggested PDF path) -> a QPrinter, or None if cancelled.
        self.printer_factory = choose_printer

        self.preview = PdfPreview(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 12, 12, 12)
        row.addWidget(self._build_panel())
        row.addWidget(self.preview, 1)
        session.events.market_changed.connect(self.reload_days)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop_for_exit)
        self.reload_days()

    # --- layout ----------------------------------------------------------------------------
    def _build_panel(self) -> QWidget:
        panel = QWidget()
        panel.setFixedWidth(PANEL_WIDTH)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("Reports"))
        font = title.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        title.setFont(font)
        column.addWidget(title)

        self.day_radio = QRadioButton(self.tr("One market day (daily summary)"))
        self.period_radio = QRadioButton(self.tr("A period (month, quarter, year…)"))
        self.kind = QButtonGroup(self)
        self.kind.addButton(self.day_radio)
        self.kind.addButton(self.period_radio)
        self.day_radio.setChecked(True)
        self.days_model = MarketDaysModel(self)
        self.days_view = QTableView()
        self.days_view.setModel(self.days_model)
        self.days_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.days_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.days_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.days_view.verticalHeader().setVisible(False)
        header = self.days_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.days_view.clicked.connect(lambda _index: self.day_radio.setChecked(True))
        self.days_view.doubleClicked.connect(lambda _index: self.build())
        self.range_picker = RangePicker()
        column.addWidget(self.day_radio)
        column.addWidget(self.days_view, 1)
        column.addWidget(self.period_radio)
        column.addWidget(self.range_picker)

        self.language = QComboBox()
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if current_language() == "zh" else 1)
        lang_row = QHBoxLayout()
        lang_row.addWidget(QLabel(self.tr("Language of the report")))
        lang_row.addWidget(self.language, 1)
        column.addLayout(lang_row)
        self.full_check = QCheckBox(self.tr("Staff copy with full names"))
        self.full_warning = QLabel(self.tr(
            "Contains personal data: full names and ID numbers. For staff only; do not post "
            "it or hand it out."))
        self.full_warning.setWordWrap(True)
        self.full_warning.setStyleSheet(style.NOTICE_WARNING)
        self.full_warning.setVisible(False)
        self.full_check.toggled.connect(self.full_warning.setVisible)
        column.addWidget(self.full_check)
        column.addWidget(self.full_warning)

        self.build_button = QPushButton(self.tr("Build report"))
        self.build_button.setDefault(True)
        self.build_button.setMinimumHeight(36)
        self.build_button.clicked.connect(self.build)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        build_row = QHBoxLayout()
        build_row.addWidget(self.build_button, 2)
        build_row.addWidget(self.cancel_button, 1)
        column.addLayout(build_row)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        column.addWidget(self.progress)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(style.NOTICE_CALM)
        self.message.setVisible(False)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.message)

        self.save_button = QPushButton(self.tr("Save as…"))
        self.save_button.clicked.connect(self.save_as)
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.clicked.connect(self.print_report)
        out_row = QHBoxLayout()
        out_row.addWidget(self.save_button)
        out_row.addWidget(self.print_button)
        column.addLayout(out_row)

        self.day_radio.toggled.connect(self._kind_changed)
        self.range_picker.changed.connect(lambda: self.period_radio.setChecked(True))
        self._kind_changed()
        self._set_busy(False)
        return panel

    # --- state -----------------------------------------------------------------------------
    def on_shown(self) -> None:
        self.reload_days()

    def reload_days(self) -> None:
        chosen = self.chosen_day_id()
        self.days_model.set_rows(list_market_days(self.session.db))
        row = self.days_model.row_of(chosen) if chosen else -1
        if self.days_model.rowCount():
            self.days_view.selectRow(max(row, 0))

    def chosen_day_id(self) -> str | None:
        rows = self.days_view.selectionModel().selectedRows()
        return self.days_model.day(rows[0].row()).id if rows else None

    def choose_day(self, market_day_id: str) -> None:
        self.day_radio.setChecked(True)
        self.days_view.selectRow(self.days_model.row_of(market_day_id))

    def _kind_changed(self) -> None:
        daily = self.day_radio.isChecked()
        self.full_check.setEnabled(daily)  # the period report has no names in it
        self.full_warning.setVisible(daily and self.full_check.isChecked())

    def lang(self) -> str:
        return self.language.currentData()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.build_button, self.days_view, self.range_picker, self.day_radio,
                       self.period_radio, self.language, self.full_check):
            widget.setEnabled(not busy)
        if not busy:
            self.full_check.setEnabled(self.day_radio.isChecked())
        self.cancel_button.setEnabled(busy)
        self.progress.setVisible(busy)
        has_report = self.result is not None and not busy
        self.save_button.setEnabled(has_report)
        self.print_button.setEnabled(has_report)

    def say(self, text: str, warning: bool = False) -> None:
        self.message.setStyleSheet(style.NOTICE_WARNING if warning else style.NOTICE_CALM)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # --- building --------------------------------------------------------------------------
    def build(self) -> None:
        if self.task is not None:
            return
        lang = self.lang()
        folder = self.work_dir / str(next(self._builds))
        folder.mkdir(parents=True, exist_ok=True)
        if self.day_radio.isChecked():
            day_id = self.chosen_day_id()
            if day_id is None:
                self.say(self.tr("There is no market day yet. Open a market first (on the "
                                 "Registration page); its report can be built here."),
                         warning=True)
                return
            day = self.days_model.day(self.days_model.row_of(day_id))
            name = daily_file_name(day.village, day.date, lang)
            full = self.full_check.isChecked()
            job = daily_job(self.session, day_id, folder / name, lang, full)
            self.pending_full = f"daily {day.date} {day.village}" if full else None
        else:
            date_from, date_to = self.range_picker.range()
            from marketapp.reports.errors import ReportError
            from marketapp.reports.period_report import check_range  # reportlab: not at start

            try:  # said at once, before a worker starts, in the report's own words
                check_range(date_from, date_to)
            except ReportError as exc:
                self.say(exc.message(), warning=True)
                return
            name = period_file_name(date_from, date_to, lang)
            job = period_job(self.session, date_from, date_to, folder / name, lang)
            self.pending_full = None
        self.pending_name = name
        # What the preview shows is what Save and Print use: drop the previous report.
        self.result = None
        self.preview.clear()
        self.preview.show_message(self.tr("Building the report…"))
        self.say(self.tr("Building the report…"))
        self.progress.setRange(0, 0)
        self._run(ReportTask(job, self), self._built, self._build_failed, self._build_cancelled)

    def _built(self, result: ReportResult) -> None:
        self.result = result
        self.file_name = self.pending_name
        if getattr(self, "pending_full", None):
            # A staff copy with full names is on record: who built it, and when.
            log_sensitive(self.session.db, self.session.operator, REPORT_FULL,
                          f"{self.pending_full} -> {result.path}")
        pages = self.preview.load(result.path)
        text = self.tr("The report is ready: {pages} pages. Save it or print it.").format(
            pages=result.pages)
        if result.missing:
            text += " " + self.tr("Some characters are missing from the font and show as 〓: "
                                  "{chars}").format(chars=" ".join(sorted(result.missing)))
        self.say(text, warning=bool(result.missing) or pages == 0)

    def _build_failed(self, exc: BaseException) -> None:
        # no market, empty range, disk full… in the person's language; never a traceback
        text = exc.message() if isinstance(exc, UserError) else error_text(exc)
        self.say(text, warning=True)
        if self.result is None:
            self.preview.show_message(text)

    def _build_cancelled(self) -> None:
        self.say(self.tr("Cancelled. No report was written."))
        self.preview.show_message(self.tr("Cancelled. No report was written."))

    def cancel(self) -> None:
        if self.task is not None:
            self.cancel_button.setEnabled(False)
            self.task.cancel()

    # --- saving and printing ---------------------------------------------------------------
    def suggested_path(self) -> Path:
        return reports_dir(self.session.db_path) / (self.file_name or "report.pdf")

    def ask_save_path(self) -> str:
        suggested = self.suggested_path()
        try:
            suggested.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            suggested = Path(self.file_name or "report.pdf")
        target, _ = QFileDialog.getSaveFileName(self, self.tr("Save the report"),
                                                str(suggested), "PDF (*.pdf)")
        return target

    def save_as(self) -> Path | None:
        if self.result is None:
            return None
        target = self.ask_save_path()
        if not target:
            return None
        path = Path(target if target.lower().endswith(".pdf") else target + ".pdf")
        try:
            shutil.copyfile(self.result.path, path)
        except OSError as exc:
            self.say(self.tr("Could not save the file: {reason}").format(
                reason=os_reason(exc)), warning=True)
            return None
        self.say(self.tr("Saved: {path}").format(path=path))
        return path

    def print_report(self) -> None:
        if self.result is None or self.task is not None:
            return
        printer = self.printer_factory(self, self.suggested_path())
        if printer is None:
            return
        self.printer = printer
        self.say(self.tr("Printing…"))
        self.progress.setRange(0, max(self.result.pages, 1))
        source = self.result.path
        self._run(Task(lambda: print_steps(source, printer), self), self._printed,
                  self._print_failed, lambda: self.say(self.tr("Printing cancelled.")))

    def _printed(self, pages: int) -> None:
        if self.printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            self.say(self.tr("No printer: the printout was saved as {path}").format(
                path=self.printer.outputFileName()))
        else:
            self.say(self.tr("Sent {pages} pages to the printer.").format(pages=pages))

    def _print_failed(self, exc: BaseException) -> None:
        if isinstance(exc, PrintFailed):
            self.say(self.tr("The printer could not be started ({name}). Check that it is "
                             "switched on, or save the report as a PDF.").format(name=str(exc)),
                     warning=True)
        else:
            self._build_failed(exc)

    # --- plumbing --------------------------------------------------------------------------
    def _run(self, task: Task, on_success, on_failure, on_cancel) -> None:
        self._run_task(task, on_success, on_failure, on_cancel)

    def _busy_changed(self, busy: bool) -> None:
        self._set_busy(busy)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
