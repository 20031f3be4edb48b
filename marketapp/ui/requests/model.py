"""Requests (诉求) as a table model for the staff screen; testable without a view.

Full names are shown: this is the staff's own list, never the public display.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from marketapp.core import clock
from marketapp.core.requests.records import Request
from marketapp.core.text import current_language
from marketapp.ui.widgets import style
from marketapp.ui.widgets.table_model import TableModel

(COL_RAISED, COL_VILLAGER, COL_VILLAGE, COL_CATEGORY, COL_TEXT, COL_UNIT, COL_DUE,
 COL_STATUS) = range(8)
REQUEST_ID_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 2
OVERDUE_COLOUR = QColor(style.ERROR)

Index = QModelIndex | QPersistentModelIndex


class RequestsModel(TableModel[Request]):
    def __init__(self, parent: QObject | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self._today = today

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Raised"), self.tr("Villager"), self.tr("Village"), self.tr("Category"),
                self.tr("Request"), self.tr("Unit"), self.tr("Due"), self.tr("Status"))

    def today(self) -> date:
        return self._today or clock.today()

    def request(self, row: int) -> Request:
        return self._rows[row]

    def requests(self) -> list[Request]:
        return list(self._rows)

    def row_of(self, request_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == request_id), None)

    def is_overdue(self, row: int) -> bool:
        return self._rows[row].is_overdue(self.today())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        request = self._rows[index.row()]
        overdue = request.is_overdue(self.today())
        if role == REQUEST_ID_ROLE:
            return request.id
        if role == OVERDUE_ROLE:
            return overdue
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(request, index.column(), overdue)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_TEXT:
            return request.text
        if role == Qt.ItemDataRole.ForegroundRole and overdue and index.column() in (
                COL_DUE, COL_STATUS):
            return QBrush(OVERDUE_COLOUR)
        return None

    def _display(self, r: Request, column: int, overdue: bool) -> str:
        lang = current_language()
        if column == COL_RAISED:
            return r.raised_on
        if column == COL_VILLAGER:
            return r.villager_name
        if column == COL_VILLAGE:
            return r.village or ""
        if column == COL_CATEGORY:
            return r.category_name(lang)
        if column == COL_TEXT:
            return " ".join(r.text.split())
        if column == COL_UNIT:
            if r.status == "referred" and r.referred_to:
                return f"{r.unit or ''} → {r.referred_to}".strip()
            return r.unit or ""
        if column == COL_DUE:
            return r.due_date or ""
        if column == COL_STATUS:
            status = r.status_name(lang)
            mark = self.tr("overdue")
            return f"{status} · {mark}" if overdue else status
        return ""
