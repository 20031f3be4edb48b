"""A calm empty state for a screen that is not built yet (or has nothing to show)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from marketapp.ui.widgets import style


class PlaceholderPage(QWidget):
    """Title, an explanation and a "coming soon" line, centred. Subclasses call ``set_texts``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSize(font.pointSize() + 8)
        font.setBold(True)
        self.title.setFont(font)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note = QLabel()
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setStyleSheet(style.text(style.FAINT))
        # Word-wrapped labels get their full height only from a layout that knows their
        # width: a fixed-width column, centred by stretches (not alignment flags).
        column = QWidget()
        column.setFixedWidth(560)
        inner = QVBoxLayout(column)
        for label in (self.title, self.body, self.note):
            inner.addWidget(label)
        grid = QGridLayout(self)
        grid.addWidget(column, 1, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(2, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(2, 1)

    def set_texts(self, title: str, body: str, note: str | None = None) -> None:
        self.title.setText(title)
        self.body.setText(body)
        self.note.setText(self.tr("This screen is coming soon.") if note is None else note)
