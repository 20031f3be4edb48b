"""The registration desk's search results: one row per person, with today's tickets."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from marketapp.core.people.masking import mask_id
from marketapp.core.people.villagers import CARE_FLAG_NAMES, Villager
from marketapp.core.queue.registration import HeldTicket
from marketapp.core.text import gettext
from marketapp.ui.widgets import style
from marketapp.ui.widgets.table_model import TableModel

COL_NAME, COL_AGE, COL_VILLAGE, COL_ID, COL_CARE, COL_TODAY = range(6)
_Index = QModelIndex | QPersistentModelIndex


def held_text(held: list[HeldTicket]) -> str:
    """A003 B012 — open tickets as they are, finished ones with a tick."""
    return " ".join(t.label if t.open else f"{t.label}✓" for t in held)


class ResultsModel(TableModel[tuple[Villager, list[HeldTicket]]]):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._today = date.today()

    def headers(self) -> list[str]:
        return [self.tr("Name"), self.tr("Age"), self.tr("Village"), self.tr("ID number"),
                self.tr("Care"), self.tr("Tickets today")]

    def set_rows(self, rows: list[tuple[Villager, list[HeldTicket]]]) -> None:
        self._today = date.today()
        super().set_rows(rows)

    def villager(self, row: int) -> Villager:
        return self._rows[row][0]

    def held(self, row: int) -> list[HeldTicket]:
        return self._rows[row][1]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        person, held = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(person, held, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_CARE:
            return QColor(style.ATTENTION)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_TODAY:
            return QColor(style.TICKETS)
        return None

    def _text(self, person: Villager, held: list[HeldTicket], column: int) -> str:
        if column == COL_NAME:
            return person.name
        if column == COL_AGE:
            age = person.age_on(self._today)
            return "" if age is None else str(age)
        if column == COL_VILLAGE:
            return person.village or ""
        if column == COL_ID:
            return mask_id(person.id_number) if person.id_number else ""
        if column == COL_CARE:
            return "、".join(gettext(CARE_FLAG_NAMES[f]) for f in person.care_flags())
        return held_text(held)
