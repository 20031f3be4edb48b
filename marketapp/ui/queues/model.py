"""One stall's list (queues page): tickets at the counters, the line in call order, no-shows.

Staff screen: full names are shown here (never on the public display).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from marketapp.core.queue.rules import STATE_NAMES
from marketapp.core.screens.stall_desk import LineRow
from marketapp.core.text import name_in

(COL_POS, COL_TICKET, COL_NAME, COL_AGE, COL_STATUS, COL_PRIORITY, COL_WAITED,
 COL_EXPECTED) = range(8)
COLUMN_COUNT = 8
TICKET_ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex
_STATUS_COLOURS = {"called": "#fff3bf", "serving": "#d3f9d8", "no_show": "#f1f3f5"}


class QueueModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[LineRow] = []

    def set_rows(self, rows: list[LineRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def line_row(self, row: int) -> LineRow:
        return self._rows[row]

    def row_of(self, ticket_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.ticket.id == ticket_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("#"), self.tr("Ticket"), self.tr("Name"), self.tr("Age"),
                self.tr("Status"), self.tr("Priority"), self.tr("Waited (min)"),
                self.tr("Expected (min)"))[section]

    def priority_name(self, priority: str) -> str:
        # Its own context: "Priority" the ticket class (优先) is not the column (优先级).
        names = {"urgent": QCoreApplication.translate("TicketPriority", "Urgent"),
                 "priority": QCoreApplication.translate("TicketPriority", "Priority"),
                 "normal": QCoreApplication.translate("TicketPriority", "Normal")}
        return names.get(priority, priority)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._rows[index.row()]
        ticket = line.ticket
        column = index.column()
        if role == TICKET_ID_ROLE:
            return ticket.id
        if role == Qt.ItemDataRole.BackgroundRole and ticket.status in _STATUS_COLOURS:
            return QBrush(QColor(_STATUS_COLOURS[ticket.status]))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_POS, COL_AGE,
                                                                   COL_WAITED, COL_EXPECTED):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == COL_POS:
            return "" if line.position is None else str(line.position)
        if column == COL_TICKET:
            return ticket.label
        if column == COL_NAME:
            return line.name
        if column == COL_AGE:
            return "" if line.age is None else str(line.age)
        if column == COL_STATUS:
            status = name_in(STATE_NAMES, ticket.status)
            if ticket.counter and ticket.status in ("called", "serving"):
                status += " · " + self.tr("counter {n}").format(n=ticket.counter)
            if ticket.recalls:
                status += " · " + self.tr("called again ×{n}").format(n=ticket.recalls)
            return status
        if column == COL_PRIORITY:
            return self.priority_name(ticket.priority)
        if column == COL_WAITED:
            return f"{line.waited_minutes:.0f}"
        return "" if line.wait_minutes is None else f"{line.wait_minutes:.0f}"
