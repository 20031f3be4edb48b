"""All stalls at a glance (queues page): one row per stall from ``board.board_snapshot``, and
the compact view that shows every row of a ten-stall day without scrolling at 1366×697 (a
maximised window on a 1366×768 laptop) while the chosen stall's line keeps the rest."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import QHeaderView, QSizePolicy, QTableView, QWidget

from marketapp.core.screens.board import BoardSnapshot, StallBoard
from marketapp.core.text import current_language
from marketapp.ui.widgets.table_model import TableModel

COL_STALL, COL_CALLING, COL_SERVING, COL_WAITING, COL_WAIT = range(5)
STALL_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_PADDING = 6  # pixels above and below the text of a board row (a table's default is ~11)
MIN_ROWS_SHOWN = 3  # on a shorter screen the board scrolls, but never below this

Index = QModelIndex | QPersistentModelIndex


def stall_name(board: StallBoard) -> str:
    return board.name_zh if current_language() == "zh" else board.name_en


def minutes_text(minutes: float) -> str:
    return "—" if minutes <= 0 else f"{minutes:.0f}"


class BoardModel(TableModel[StallBoard]):
    def headers(self) -> tuple[str, ...]:
        return (self.tr("Stall"), self.tr("Now calling"), self.tr("Being served"),
                self.tr("Waiting"), self.tr("Expected wait (min)"))

    def set_snapshot(self, snapshot: BoardSnapshot | None) -> None:
        rows = snapshot.stalls if snapshot else ()
        if [r.stall_id for r in rows] == [r.stall_id for r in self._rows]:
            self._rows = list(rows)  # same stalls: repaint the cells, keep the selection
            if rows:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(rows) - 1, self.columnCount() - 1))
            return
        self.set_rows(rows)

    def stall(self, row: int) -> StallBoard:
        return self._rows[row]

    def row_of(self, stall_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.stall_id == stall_id), None)

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


class BoardView(QTableView):
    """Rows just taller than their text, and asking the layout for the height of all of
    them: the board takes what its stalls need, the stall's line below takes the rest."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + ROW_PADDING)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def setModel(self, model) -> None:  # noqa: N802
        super().setModel(model)
        model.modelReset.connect(self.updateGeometry)
        model.rowsInserted.connect(self.updateGeometry)
        model.rowsRemoved.connect(self.updateGeometry)

    def _height_for(self, rows: int) -> int:
        header = self.horizontalHeader().sizeHint().height()
        return header + rows * self.verticalHeader().defaultSectionSize() + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:  # noqa: N802
        rows = self.model().rowCount() if self.model() else 0
        return QSize(super().sizeHint().width(), self._height_for(max(rows, MIN_ROWS_SHOWN)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().minimumSizeHint().width(), self._height_for(MIN_ROWS_SHOWN))
