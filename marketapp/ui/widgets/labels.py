"""Small widgets shared by several screens."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from marketapp.ui.widgets import style


class ElidedLabel(QLabel):
    """One line of text that shortens itself with "…" instead of widening the window.

    The full text stays available as the tooltip (a long data-file path, a file name).
    """

    def __init__(self, text: str = "", parent: QWidget | None = None,
                 mode: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle) -> None:
        super().__init__(text, parent)
        self._mode = mode
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setToolTip(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt naming)
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(40, super().minimumSizeHint().height())

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        rect = self.contentsRect()
        elided = self.fontMetrics().elidedText(self.text(), self._mode, rect.width())
        painter.drawText(rect, int(self.alignment()), elided)


def error_label() -> QLabel:
    """The red line under a form field that says what is wrong with it (hidden when fine)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(style.text(style.ERROR))
    label.setVisible(False)
    return label


class FieldErrorLabel(QLabel):
    """The red line under a form field, its line always there: an error appearing or going
    never moves the fields below it (a click aimed at the next box lands there). Never
    hidden — "hiding" it empties it — so its one line stays reserved (Qt's keep-the-space
    for hidden widgets made a scroll area squeeze the form); a long message still wraps
    onto a second line."""

    def __init__(self, parent: QWidget | None = None, lines: int = 1) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(style.text(style.ERROR))
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * lines)

    def setVisible(self, visible: bool) -> None:  # noqa: N802 (Qt's name)
        if not visible:
            self.clear()
        super().setVisible(True)


def field_error_label(lines: int = 1) -> QLabel:
    """A ``FieldErrorLabel`` keeping ``lines`` lines: under a field, empty when it is fine."""
    return FieldErrorLabel(lines=lines)
