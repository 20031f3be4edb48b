"""A calm empty state for a screen that is not built yet (or has nothing to show)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


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
        self.body.setMaximumWidth(640)
        self.note = QLabel()
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setStyleSheet("color: #777;")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (self.title, self.body, self.note):
            layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def set_texts(self, title: str, body: str, note: str | None = None) -> None:
        self.title.setText(title)
        self.body.setText(body)
        self.note.setText(self.tr("This screen is coming soon.") if note is None else note)
