"""One stall's list (queues page): tickets at the counters, the line in call order, no-shows.

Staff screen: full names are shown here (never on the public display).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from marketapp.core.queue.rules import STATE_NAMES
from marketapp.core.screens.stall_desk import LineRow
from marketapp.core.text import name_in
from marketapp.ui.widgets import style
from marketapp.ui.widgets.table_model import TableModel

(COL_POS, COL_TICKET, COL_NAME, COL_AGE, COL_STATUS, COL_PRIORITY, COL_WAITED,
 COL_EXPECTED) = range(8)
TICKET_ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class QueueModel(TableModel[LineRow]):
    def headers(self) -> tuple[str, ...]:
        return (self.tr("#"), self.tr("Ticket"), self.tr("Name"), self.tr("Age"),
                self.tr("Status"), self.tr("Priority"), self.tr("Waited (min)"),
                self.tr("Expected (min)"))

    def line_row(self, row: int) -> LineRow:
        return self._rows[row]

    def row_of(self, ticket_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.ticket.id == ticket_id), None)

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
        if role == Qt.ItemDataRole.BackgroundRole and ticket.status in style.STATUS_ROWS:
            return QBrush(QColor(style.STATUS_ROWS[ticket.status]))
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
