"""Raise a request (诉求) for the villager at the counter: category, text, unit, due date."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from marketapp.core.errors import UserError
from marketapp.core.requests.changes import raise_request
from marketapp.core.requests.records import CATEGORIES, Request
from marketapp.core.text import gettext
from marketapp.ui.widgets.labels import field_error_label

DEFAULT_DUE_DAYS = 14


class RaiseRequestDialog(QDialog):
    """On OK calls ``requests.raise_request``; refused input stays in the dialog with the
    reason. ``request`` holds the new request after ``accept``."""

    def __init__(self, db: Database, *, villager_id: str, villager_name: str,
                 raised_by: str, market_day_id: str | None, visit_id: str | None = None,
                 default_category: str = "other", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.villager_id = villager_id
        self.raised_by = raised_by
        self.market_day_id = market_day_id
        self.visit_id = visit_id
        self.request: Request | None = None
        self.setWindowTitle(self.tr("Raise a request for {name}").format(name=villager_name))
        self.category = QComboBox()
        for code, name in CATEGORIES.items():
            self.category.addItem(gettext(name), code)
        self.category.setCurrentIndex(max(0, self.category.findData(default_category)))
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("What is the problem, and what was promised?"))
        self.text.setMinimumHeight(90)
        self.unit = QLineEdit()
        self.unit.setPlaceholderText(self.tr("e.g. township health centre"))
        self.has_due = QCheckBox(self.tr("Due by"))
        self.has_due.setChecked(True)
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        soon = date.today() + timedelta(days=DEFAULT_DUE_DAYS)
        self.due.setDate(QDate(soon.year, soon.month, soon.day))
        self.has_due.toggled.connect(self.due.setEnabled)
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due, 1)
        self.error = field_error_label(lines=2)
        # A refusal goes as soon as the person changes what it was about.
        self.text.textChanged.connect(self.error.clear)
        self.unit.textChanged.connect(lambda _text: self.error.clear())
        self.due.dateChanged.connect(lambda _date: self.error.clear())
        form = QFormLayout()
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Request"), self.text)
        form.addRow(self.tr("Responsible unit"), self.unit)
        form.addRow("", due_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Raise request"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.error)
        column.addWidget(buttons)
        self.resize(480, 320)

    def save(self) -> None:
        due = self.due.date().toString("yyyy-MM-dd") if self.has_due.isChecked() else None
        try:
            self.request = raise_request(
                self.db, villager_id=self.villager_id, category=self.category.currentData(),
                text=self.text.toPlainText(), raised_by=self.raised_by,
                unit=self.unit.text(), due_date=due, visit_id=self.visit_id,
                market_day_id=self.market_day_id)
        except UserError as exc:
            self.error.setText(exc.message())
            self.error.setVisible(True)
            return
        self.accept()
