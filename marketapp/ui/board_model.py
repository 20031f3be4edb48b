"""All stalls at a glance (queues page): one row per stall from ``board.board_snapshot``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from marketapp.core.board import BoardSnapshot, StallBoard
from marketapp.core.errors import current_language

COL_STALL, COL_CALLING, COL_SERVING, COL_WAITING, COL_WAIT = range(5)
COLUMN_COUNT = 5
STALL_ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def stall_name(board: StallBoard) -> str:
    return board.name_zh if current_language() == "zh" else board.name_en


def minutes_text(minutes: float) -> str:
    return "—" if minutes <= 0 else f"{minutes:.0f}"


class BoardModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[StallBoard, ...] = ()

    def set_snapshot(self, snapshot: BoardSnapshot | None) -> None:
        rows = snapshot.stalls if snapshot else ()
        if [r.stall_id for r in rows] == [r.stall_id for r in self._rows]:
            self._rows = rows  # same stalls: repaint the cells, keep the selection
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, COLUMN_COUNT - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def stall(self, row: int) -> StallBoard:
        return self._rows[row]

    def row_of(self, stall_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.stall_id == stall_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Stall"), self.tr("Now calling"), self.tr("Being served"),
                self.tr("Waiting"), self.tr("Expected wait (min)"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        board = self._rows[index.row()]
        column = index.column()
        if role == STALL_ID_ROLE:
            return board.stall_id
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= COL_WAITING:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == COL_STALL:
            return f"{board.letter}  {stall_name(board)}"
        if column == COL_CALLING:
            return "  ".join(c.label for c in board.calling) or "—"
        if column == COL_SERVING:
            return "  ".join(c.label for c in board.serving) or "—"
        if column == COL_WAITING:
            return str(board.waiting)
        return minutes_text(board.wait_minutes)
