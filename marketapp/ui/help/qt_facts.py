"""What Qt can tell the self-check (``marketapp.doctor.qt_checks.QtFacts``): the bundled
font and its glyphs, the printers and the default one's paper, the screens.

Only QtCore/QtGui/QtPrintSupport, and no window is ever made. In the app the running
application is asked (its screens are the real ones). The command line makes a
QGuiApplication of its own: on the real platform when ``doctor.window_check`` says one can
start here (Qt aborts the process when it cannot reach a desktop), else ``offscreen``, where
fonts and printers still answer but the screens cannot be told.
"""

from __future__ import annotations

import sys

from marketapp.doctor.qt_checks import FONT_SAMPLE, QtFacts, Screen

HEADLESS = ("offscreen", "minimal")


def collect() -> QtFacts:
    """Ask the running Qt application (one must exist: the app's, or ``for_command_line``)."""
    from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QPageSize, QRawFont
    from PySide6.QtPrintSupport import QPrinterInfo

    from marketapp.resource_files import resource_path
    from marketapp.ui.shell.fonts import FONT_FAMILY, FONT_FILE

    app = QGuiApplication.instance()
    facts = QtFacts(platform=QGuiApplication.platformName())
    if facts.platform not in HEADLESS:
        facts.screens = [Screen(s.name(), s.geometry().width(), s.geometry().height())
                         for s in app.screens()]
    if FONT_FAMILY not in QFontDatabase.families():
        try:  # the command line's own application: register it as the app does at start
            QFontDatabase.addApplicationFont(str(resource_path("fonts", FONT_FILE)))
        except FileNotFoundError:
            pass
    if FONT_FAMILY in QFontDatabase.families():
        facts.font_family = FONT_FAMILY
        # The font's own glyphs: a QFont would fall back to other fonts and hide a gap;
        # a code point, not a str: PySide takes a one-letter str as a QChar and gets it wrong.
        raw = QRawFont.fromFont(QFont(FONT_FAMILY, 12))
        facts.font_missing = "".join(c for c in FONT_SAMPLE if not raw.supportsCharacter(ord(c)))
    facts.printers = list(QPrinterInfo.availablePrinterNames())
    default = QPrinterInfo.defaultPrinter()
    if facts.printers and not default.isNull():
        facts.default_printer = default.printerName()
        facts.default_paper = default.defaultPageSize().name()
        facts.paper_widths_mm = [size.size(QPageSize.Unit.Millimeter).width()
                                 for size in default.supportedPageSizes()]
        facts.custom_paper = bool(default.supportsCustomPageSizes())
    return facts


def for_command_line() -> QtFacts:
    """The facts for ``marketapp doctor``: a QGuiApplication of its own (never a window);
    Qt failing to load becomes ``QtFacts.error``, never a traceback."""
    from marketapp.doctor.window_check import real_window_possible

    try:
        from PySide6.QtGui import QGuiApplication
    except ImportError as exc:  # a system library of QtGui is missing (libGL, libEGL…)
        return QtFacts(error=str(exc))
    if QGuiApplication.instance() is None:
        arguments = ["marketapp-doctor"]
        if not real_window_possible():
            arguments += ["-platform", "offscreen"]
        global _app
        _app = QGuiApplication(arguments)
    try:
        return collect()
    except ImportError as exc:
        return QtFacts(error=str(exc), platform=sys.platform)


_app = None  # kept for the process's life: Qt objects need their application
