"""The bundled Chinese font (resources/fonts/wqy-microhei.ttc) is the application font, so
Chinese shows on a laptop with no Chinese fonts installed (this machine has none)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QFontInfo, QFontMetrics, QImage, QPainter
from ui_helpers import app_in

from marketapp.ui.shell.fonts import FONT_FAMILY

WORDS = "服务集市登记排队摊位村民诉求报表设置叫号请到号窗口健康检查理发"


def test_the_application_font_is_the_bundled_one_and_has_every_glyph(qapp):
    app = app_in("zh")
    font = app.font()
    assert QFontInfo(font).family() == FONT_FAMILY  # the font really used, not just asked for
    assert FONT_FAMILY in QFontDatabase.families()
    metrics = QFontMetrics(font)
    missing = [c for c in WORDS if not metrics.inFontUcs4(ord(c))]
    assert missing == []


def test_chinese_is_drawn_as_different_shapes_not_boxes(qapp):
    app = app_in("zh")

    def drawn(text: str) -> bytes:
        image = QImage(64, 64, QImage.Format.Format_Grayscale8)
        image.fill(QColor("white"))
        painter = QPainter(image)
        font = app.font()
        font.setPixelSize(48)
        painter.setFont(font)
        painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
        return bytes(image.constBits())

    shapes = {drawn(c) for c in "集市号"}
    blank = drawn(" ")
    # A missing glyph is drawn as the same box for every character.
    assert len(shapes) == 3 and blank not in shapes
