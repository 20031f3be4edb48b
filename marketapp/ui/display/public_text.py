"""Text for the public: the TV display and the ticket slip are read by villagers, so they are
in Chinese whatever language the staff's windows use (the voice speaks Chinese too).

``translate(context, text)`` is QCoreApplication.translate with the Chinese translation
asked directly instead of the app's installed one; pyside6-lupdate finds the calls by that
name, so the messages stay in resources/i18n like every other.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTranslator

from marketapp.resource_files import resource_path
from marketapp.ui.shell.i18n import QM_FILES

log = logging.getLogger(__name__)
_chinese: QTranslator | None = None


def _translator() -> QTranslator:
    global _chinese
    if _chinese is None:
        _chinese = QTranslator()
        try:
            loaded = _chinese.load(str(resource_path("i18n", QM_FILES["zh"])))
        except FileNotFoundError:
            loaded = False
        if not loaded:  # the translation tests make sure this never ships
            log.error("Chinese translation missing: the public display shows English")
    return _chinese


def translate(context: str, text: str) -> str:
    return _translator().translate(context, text) or text
