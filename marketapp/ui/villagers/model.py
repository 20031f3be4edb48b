"""Villagers as a table model (search results, the villagers list); testable without a view."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from marketapp.core import clock
from marketapp.core.people.masking import mask_id, mask_phone
from marketapp.core.people.villagers import CARE_FLAG_NAMES, Villager
from marketapp.core.text import gettext
from marketapp.ui.widgets.table_model import TableModel

COL_NAME, COL_GENDER, COL_AGE, COL_VILLAGE, COL_ID, COL_PHONE, COL_CARE = range(7)
VILLAGER_ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def care_names(villager: Villager) -> str:
    return "、".join(gettext(CARE_FLAG_NAMES[flag]) for flag in villager.care_flags())


class VillagersModel(TableModel[Villager]):
    """Shows masked ID and phone; the full values appear only in the edit dialog."""

    def __init__(self, parent: QObject | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self._today = today

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Name"), self.tr("Gender"), self.tr("Age"), self.tr("Village"),
                self.tr("ID number"), self.tr("Phone"), self.tr("Care"))

    def append_rows(self, villagers: list[Villager]) -> None:
        if not villagers:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(villagers) - 1)
        self._rows.extend(villagers)
        self.endInsertRows()

    def villager(self, row: int) -> Villager:
        return self._rows[row]

    def row_of(self, villager_id: str) -> int | None:
        return next((i for i, v in enumerate(self._rows) if v.id == villager_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        villager = self._rows[index.row()]
        if role == VILLAGER_ID_ROLE:
            return villager.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(villager, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_AGE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, v: Villager, column: int) -> str:
        if column == COL_NAME:
            return v.name
        if column == COL_GENDER:
            return {"M": self.tr("Male"), "F": self.tr("Female")}.get(v.gender or "", "")
        if column == COL_AGE:
            age = v.age_on(self._today or clock.today())
            return "" if age is None else str(age)
        if column == COL_VILLAGE:
            return v.village or ""
        if column == COL_ID:
            return mask_id(v.id_number) if v.id_number else ""
        if column == COL_PHONE:
            return mask_phone(v.phone) if v.phone else ""
        if column == COL_CARE:
            return care_names(v)
        return ""
