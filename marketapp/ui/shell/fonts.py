"""The bundled Chinese font, so Chinese renders on a machine without any Chinese fonts."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from marketapp.resource_files import resource_path

log = logging.getLogger(__name__)

FONT_FILE = "wqy-microhei.ttc"
FONT_FAMILY = "WenQuanYi Micro Hei"
# Points; a little larger than Qt's default for staff reading at arm's length.
BASE_POINT_SIZE = 11


def install_app_font(app: QApplication, point_size: int = BASE_POINT_SIZE) -> str:
    """Register the bundled font and make it the application font; returns its family."""
    family = FONT_FAMILY
    try:
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", FONT_FILE)))
    except FileNotFoundError:
        font_id = -1
    if font_id >= 0:
        families = QFontDatabase.applicationFontFamilies(font_id)
        family = families[0] if families else FONT_FAMILY
    else:
        log.warning("bundled font %s could not be loaded; Chinese may show as boxes", FONT_FILE)
    font = QFont(family, point_size)
    app.setFont(font)
    return family
