"""A QR code on the screen, big enough for a phone held at arm's length.

Drawn from segno's module matrix in whole pixels (a module of 7 px is 7 px: no blur, no
uneven modules for the camera to trip on), black on white with the standard quiet zone of
four modules. At the size the pairing dialog gives it on a 1366×768 laptop (about 300 px, a
link of ~45 characters is a version-4 code: 41 modules with the quiet zone) one module is
7 px, the code about 7 cm wide on a 14-inch screen: a phone reads it from 50–70 cm.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from marketapp.ui.widgets import style

QUIET = 4  # modules of white around the code (ISO/IEC 18004)
MIN_MODULE = 6  # pixels; below this an arm's-length scan gets unreliable
GOOD_MODULE = 8


def qr_matrix(payload: str) -> list[list[bool]]:
    """The code's modules, True for dark (error correction M: a glare on the screen or a
    finger in the way still reads)."""
    import segno  # only when a code is shown: its writers pull in urllib/email

    return [[bool(cell) for cell in row]
            for row in segno.make(payload, error="m", micro=False).matrix]


class QrCode(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.payload: str | None = None
        self.matrix: list[list[bool]] = []
        self.placeholder = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Pairing QR code"))

    def set_payload(self, payload: str | None, placeholder: str = "") -> None:
        """Show the code for ``payload``; None shows ``placeholder`` instead (no code)."""
        self.payload = payload
        self.matrix = qr_matrix(payload) if payload else []
        self.placeholder = placeholder
        self.setAccessibleDescription(payload or placeholder)
        self.updateGeometry()
        self.update()

    def _modules(self) -> int:
        return (len(self.matrix) if self.matrix else 33) + 2 * QUIET

    def sizeHint(self) -> QSize:  # noqa: N802
        side = self._modules() * GOOD_MODULE
        return QSize(side, side)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        side = self._modules() * MIN_MODULE
        return QSize(side, side)

    def module_px(self) -> int:
        """The size of one module now, in whole pixels."""
        return max(1, min(self.width(), self.height()) // self._modules())

    def code_rect(self) -> QRect:
        """Where the code (with its quiet zone) is drawn, centred."""
        side = self.module_px() * self._modules()
        return QRect((self.width() - side) // 2, (self.height() - side) // 2, side, side)

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        rect = self.code_rect()
        if not self.matrix:
            painter.setPen(QColor(style.FAINT))
            font = painter.font()
            font.setPointSize(font.pointSize() + 2)
            painter.setFont(font)
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
            painter.drawText(rect.adjusted(16, 16, -16, -16),
                             int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                             self.placeholder)
            return
        self.paint_code(painter, rect)

    def paint_code(self, painter: QPainter, rect: QRect) -> None:
        module = rect.width() // self._modules()
        painter.fillRect(rect, QColor(style.PAPER))
        ink = QColor(style.INK)
        left, top = rect.left() + QUIET * module, rect.top() + QUIET * module
        for row, cells in enumerate(self.matrix):
            col, count = 0, len(cells)
            while col < count:
                if not cells[col]:
                    col += 1
                    continue
                start = col
                while col < count and cells[col]:
                    col += 1
                painter.fillRect(left + start * module, top + row * module,
                                 (col - start) * module, module, ink)

    def image(self) -> QImage:
        """The widget as drawn (for tests and a check by eye)."""
        image = QImage(self.size(), QImage.Format.Format_RGB32)
        image.fill(QColor(style.WHITE))
        self.render(image)
        return image
