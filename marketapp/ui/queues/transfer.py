"""Choosing the stall a ticket moves to (transfer): the other stalls with their lines."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.screens.board import StallBoard
from marketapp.ui.queues.board_model import stall_name


class TransferDialog(QDialog):
    """Lists ``targets``; ``chosen_stall_id()`` after ``exec()`` returned Accepted."""

    def __init__(self, label: str, targets: list[StallBoard],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Transfer {label}").format(label=label))
        intro = QLabel(self.tr("Move {label} to which stall? The villager keeps the place "
                               "her arrival time gives her there.").format(label=label))
        intro.setWordWrap(True)
        self.list = QListWidget()
        for board in targets:
            text = self.tr("{letter}  {stall}: {waiting} waiting, about {minutes} min").format(
                letter=board.letter, stall=stall_name(board), waiting=board.waiting,
                minutes=round(board.wait_minutes))  # a sentence: 0, not the table's —
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, board.stall_id)
            self.list.addItem(item)
        if targets:
            self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Transfer"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(self.list)
        column.addWidget(buttons)
        self.resize(460, 320)

    def chosen_stall_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None
