"""The list of market days on the Reports page: date, village, status, tickets (newest first)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from marketapp.core.market.listing import MarketDayRow
from marketapp.ui.widgets import style
from marketapp.ui.widgets.table_model import TableModel

DATE, VILLAGE, STATUS, TICKETS = range(4)


class MarketDaysModel(TableModel[MarketDayRow]):
    def headers(self) -> tuple[str, ...]:
        return (self.tr("Date"), self.tr("Village"), self.tr("Status"), self.tr("Tickets"))

    def day(self, row: int) -> MarketDayRow:
        return self._rows[row]

    def row_of(self, market_day_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == market_day_id), -1)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        day = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == DATE:
                return day.date
            if column == VILLAGE:
                return day.village
            if column == STATUS:
                return self.tr("open") if day.status == "open" else self.tr("closed")
            return str(day.tickets)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == TICKETS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS and day.status == "open":
            return QColor(style.OPEN_DAY)
        return None
