"""Choosing a date range for the period report: presets (this/last month, quarter, year) and
two date fields; editing a date by hand switches the preset to "custom"."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QGridLayout, QLabel, QWidget

from marketapp.core.figures.periods import PERIODS, preset_range

PRESETS = (*PERIODS, "custom")


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class RangePicker(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.today = today or date.today()
        self.preset = QComboBox()
        names = {
            "this_month": self.tr("This month"), "last_month": self.tr("Last month"),
            "this_quarter": self.tr("This quarter"), "last_quarter": self.tr("Last quarter"),
            "this_year": self.tr("This year"), "last_year": self.tr("Last year"),
            "custom": self.tr("Custom dates"),
        }
        for key in PRESETS:
            self.preset.addItem(names[key], key)
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(self.tr("Period")), 0, 0)
        grid.addWidget(self.preset, 0, 1, 1, 3)
        grid.addWidget(QLabel(self.tr("From")), 1, 0)
        grid.addWidget(self.date_from, 1, 1)
        grid.addWidget(QLabel(self.tr("to")), 1, 2)
        grid.addWidget(self.date_to, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self._applying = False
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.date_from.dateChanged.connect(self._edited)
        self.date_to.dateChanged.connect(self._edited)
        self.choose_preset("this_month")

    def choose_preset(self, key: str) -> None:
        self.preset.setCurrentIndex(PRESETS.index(key))
        self._preset_chosen()

    def set_range(self, first: date, last: date) -> None:
        """Custom dates (what a person typing them does)."""
        self.date_from.setDate(_qdate(first))
        self.date_to.setDate(_qdate(last))

    def _preset_chosen(self) -> None:
        key = self.preset.currentData()
        if key == "custom":
            return
        first, last = preset_range(key, self.today)
        self._applying = True
        try:
            self.date_from.setDate(_qdate(first))
            self.date_to.setDate(_qdate(last))
        finally:
            self._applying = False
        self.changed.emit()

    def _edited(self) -> None:
        if not self._applying:
            self.preset.blockSignals(True)
            self.preset.setCurrentIndex(PRESETS.index("custom"))
            self.preset.blockSignals(False)
            self.changed.emit()

    def range(self) -> tuple[str, str]:
        return (_pydate(self.date_from.date()).isoformat(),
                _pydate(self.date_to.date()).isoformat())
