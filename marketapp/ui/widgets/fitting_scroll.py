"""A scroll area that asks for room for all of its content and scrolls only when the window
cannot give it: a long report or a tall form then never raises the window's minimum size
above the laptop's screen (QScrollArea's own size hint stops at about 24 lines)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class FittingScrollArea(QScrollArea):
    def __init__(self, content: QWidget, parent: QWidget | None = None, *,
                 min_height: int = 0) -> None:
        super().__init__(parent)
        self._min_height = min_height
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    # QScrollArea keeps a change of its content's size to itself; the layout around it must
    # hear of it, or it keeps the size hint of the content it had first (an empty grid).
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.keep_minimum()
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def keep_minimum(self) -> None:
        # A resizable scroll area sizes a height-for-width content (word-wrapped lines) to
        # the viewport, below its minimum: the fields squeezed to a few pixels instead of
        # scrolling. Its minimum, made explicit, is what QWidget.resize respects.
        inner = self.widget()
        inner.setMinimumHeight(0)
        inner.setMinimumHeight(inner.minimumSizeHint().height())

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().viewportEvent(event)

    def _frame(self) -> QSize:
        return QSize(2 * self.frameWidth(), 2 * self.frameWidth())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return self.widget().sizeHint() + self._frame()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        width = self.widget().minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
        return QSize(width, min(self._min_height, self.sizeHint().height())) + self._frame()

    def needed_height(self) -> int:
        """The height that shows all of the content at the current width, without scrolling."""
        inner = self.widget()
        if inner.hasHeightForWidth():
            return inner.heightForWidth(self.viewport().width()) + 2 * self.frameWidth()
        return inner.sizeHint().height() + 2 * self.frameWidth()
