"""Qt translations: Simplified Chinese (default) from resources/i18n, English = no translator.

UI text is written in English in the code (``self.tr("...")``, or
``QCoreApplication.translate("Context", "...")`` outside a QObject) with ``{name}`` fields
filled by ``.format`` after translation. To update the Chinese after changing UI text:

    pyside6-lupdate -locations none -no-obsolete marketapp/ui/**/*.py (bash: shopt -s globstar) \
        -ts resources/i18n/marketapp_zh_CN.ts
    (translate the new entries: Qt Linguist, or edit the <translation> elements)
    pyside6-lrelease resources/i18n/marketapp_zh_CN.ts -qm resources/i18n/marketapp_zh_CN.qm

Commit both files; tests/ui/test_ui_translations.py fails on anything unfinished or stale.
No source locations in the .ts: line numbers would make every parallel change conflict.

Qt's own texts (the Yes/No/OK/Cancel/Close of standard buttons, the context menu of a text
field, the file dialog) come from Qt's ``qtbase_zh_CN.qm`` in PySide6's translations folder,
installed beside ours. That catalogue lags behind Qt's widgets: the file dialog's
"&Look in:" and "Files of &type:" (its form's labels, with their mnemonics since Qt 5) are
not in it, so the dialog Qt draws itself (Linux without a desktop's own dialog; a save
dialog with the "don't use native" option) showed them in English beside Chinese. They are
in our catalogue (``QT_GAPS``, found by lupdate), which Qt asks first. Month and day
names (the calendar of a date field) follow the locale, set to the UI language's.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from marketapp.resource_files import resource_path

UI_LANGUAGES = ("zh", "en")
QM_FILES = {"zh": "marketapp_zh_CN.qm"}
QT_QM_FILES = {"zh": "qtbase_zh_CN.qm"}

LOCALES = {"zh": "zh_CN", "en": "en_US"}
# Qt's own texts that Qt's Chinese catalogue lacks (see the module text): translated in ours.
QT_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)

log = logging.getLogger(__name__)
_installed: list[QTranslator] = []


def install_translator(app: QApplication, lang: str) -> bool:
    """Replace the app's translators for ``lang``; True when ours was loaded (False for
    English). Qt's own translation is installed too when PySide6 carries it."""
    while _installed:
        app.removeTranslator(_installed.pop())
    QLocale.setDefault(QLocale(LOCALES.get(lang, "en_US")))  # calendars: 一月 or January
    name = QM_FILES.get(lang)
    if name is None:
        return False
    translator = QTranslator(app)
    try:
        loaded = translator.load(str(resource_path("i18n", name)))
    except FileNotFoundError:
        loaded = False
    if not loaded:
        # Better an English window than no window; the tests make sure this never ships.
        log.error("translation %s missing or unreadable; showing English", name)
        return False
    _install_qt_translator(app, lang)
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def qt_translations_dir() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def _install_qt_translator(app: QApplication, lang: str) -> None:
    name = QT_QM_FILES[lang]
    translator = QTranslator(app)
    if not translator.load(name, qt_translations_dir()):
        # A bundle without Qt's translations still works: only Qt's own buttons are English.
        log.warning("Qt's translation %s not found in %s; its buttons stay English", name,
                    qt_translations_dir())
        return
    app.installTranslator(translator)
    _installed.append(translator)


def choose_language(stored: str | None, requested: str | None) -> str:
    """The GUI language: ``--lang en`` on the command line wins for that run, otherwise the
    language chosen in Settings (stored in the data file), otherwise Chinese."""
    if requested == "en":
        return "en"
    return stored if stored in UI_LANGUAGES else "zh"
