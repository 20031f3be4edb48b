"""帮助 → 自检: the self-check (``marketapp.doctor``) in a dialog, the same findings as
``marketapp doctor`` prints.

Qt's facts (fonts, printers, screens) are read on the UI thread, which owns them (a few
milliseconds); the rest — the data file's quick check and the voice workers, about 2 s —
runs in a Task, so the window keeps painting. The dialog's own words go through ``tr``;
each finding's words come from the core in the app's language (``use_language`` sets both).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from marketapp.doctor import BLOCKING, OK, WARN, QtFacts, Report, diagnose
from marketapp.ui.help.qt_facts import collect
from marketapp.ui.shell.tasks import Task

Runner = Callable[[Path, QtFacts], Report]
COLOURS = {BLOCKING: "#b00020", WARN: "#b26a00", OK: "#2e7d32"}
SIZE = (960, 640)  # fits a 1366×768 screen with the taskbar and the window frame


def run_checks(db_path: Path, facts: QtFacts) -> Report:
    return diagnose(db_path, lambda: facts)


class SelfCheckDialog(QDialog):
    def __init__(self, db_path: Path | str, parent: QWidget | None = None,
                 runner: Runner | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self._runner = runner or run_checks
        self.report: Report | None = None
        self._task: Task | None = None
        self.setWindowTitle(self.tr("Self-check"))
        self.resize(*SIZE)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 14pt; padding: 4px;")
        self.results = QTextBrowser()
        self.results.setOpenLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.again_button = QPushButton(self.tr("Check again"))
        self.again_button.clicked.connect(self.start)
        self.copy_button = QPushButton(self.tr("Copy the results"))
        self.copy_button.setToolTip(self.tr("Copy the results as text, e.g. to send to whoever "
                                            "looks after the laptop"))
        self.copy_button.clicked.connect(self.copy_results)
        buttons.addButton(self.again_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        layout.addWidget(buttons)
        self.start()

    def is_busy(self) -> bool:
        return self._task is not None

    def start(self) -> None:
        if self._task is not None:
            return
        self.again_button.setEnabled(False)
        self.copy_button.setEnabled(False)
        self.summary.setText(self.tr("Checking this laptop… (the voice check takes a few "
                                     "seconds)"))
        facts = collect()  # Qt's objects belong to this thread
        runner, path = self._runner, self.db_path
        # No parent: a dialog closed mid-check must not take the running thread with it.
        task = Task(lambda: runner(path, facts))
        _running.add(task)
        task.finished.connect(lambda: _forget(task))
        task.succeeded.connect(self._show)
        task.failed.connect(self._failed)
        task.finished.connect(self._task_ended)
        self._task = task
        task.start()

    def _task_ended(self) -> None:
        self._task = None
        self.again_button.setEnabled(True)

    def _failed(self, error: Exception) -> None:
        self.summary.setText(self.tr("The self-check stopped: {error}").format(error=error))

    def _show(self, report: Report) -> None:
        self.report = report
        self.copy_button.setEnabled(True)
        colour = COLOURS[BLOCKING if report.blocking else WARN if report.warnings else OK]
        self.summary.setStyleSheet(f"font-size: 14pt; padding: 4px; color: {colour};")
        self.summary.setText(report.conclusion())
        self.results.setHtml(self.findings_html(report))

    def status_label(self, status: str) -> str:
        return {BLOCKING: self.tr("Must fix"), WARN: self.tr("Warning"),
                OK: self.tr("OK")}[status]

    def findings_html(self, report: Report) -> str:
        found, todo = self.tr("Found"), self.tr("To do")
        parts = []
        for item in report.findings:
            badge = (f'<span style="background:{COLOURS[item.status]}; color:white;">'
                     f"&nbsp;{html.escape(self.status_label(item.status))}&nbsp;</span>")
            parts.append(f'<p style="margin-top:10px; font-size:13pt;">{badge}&nbsp; '
                         f"{html.escape(item.title())}</p>")
            parts.append(_rows(found, item.found_text()))
            if item.todo:
                parts.append(_rows(todo, item.todo_text(), bold=True))
        parts.append('<p style="color:#666;">' + html.escape(
            self.tr("Data file: {path}").format(path=report.db_path)) + "</p>")
        return "".join(parts)

    def copy_results(self) -> None:
        if self.report is not None:
            QGuiApplication.clipboard().setText(self.report.text())

    def done(self, result: int) -> None:
        task, self._task = self._task, None
        if task is not None:  # closed mid-check: the check ends by itself, unheard
            for signal, slot in ((task.succeeded, self._show), (task.failed, self._failed),
                                 (task.finished, self._task_ended)):
                signal.disconnect(slot)
        super().done(result)


_running: set[Task] = set()  # checks still running, kept until their thread has ended


def _forget(task: Task) -> None:
    _running.discard(task)
    task.deleteLater()


def _rows(label: str, text: str, bold: bool = False) -> str:
    weight = "font-weight:bold;" if bold else ""
    lines = "<br>".join(html.escape(line) for line in text.splitlines())
    return (f'<table style="margin-left:18px;"><tr><td style="color:#555; padding-right:8px;">'
            f'{html.escape(label)}</td><td style="{weight}">{lines}</td></tr></table>')


def open_self_check(window: QWidget, db_path: Path) -> SelfCheckDialog:
    dialog = SelfCheckDialog(db_path, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
