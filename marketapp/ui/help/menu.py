"""帮助 Help menu: 使用指南 (the staff guide, a PDF opened in the system's viewer) and
自检… (the self-check dialog)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMainWindow, QMessageBox

from marketapp.resource_files import resource_path

GUIDE = ("guide", "staff-guide-zh.pdf")


def guide_path() -> Path:
    """The staff guide as the wheel and the bundle carry it (resources/guide/)."""
    return resource_path(*GUIDE)


class HelpMenu(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        menu = window.menuBar().addMenu(self.tr("&Help"))
        self.guide_action = QAction(self.tr("Staff guide"), self)
        self.guide_action.setToolTip(self.tr("The quick-start guide for market-day staff (PDF)"))
        self.guide_action.triggered.connect(self.open_guide)
        menu.addAction(self.guide_action)
        self.check_action = QAction(self.tr("Self-check…"), self)
        self.check_action.setToolTip(self.tr("Check this laptop before a market day: data, "
                                             "window, font, voice, sound, printer, screens"))
        self.check_action.triggered.connect(self.open_self_check)
        menu.addAction(self.check_action)
        self.menu = menu

    def open_guide(self) -> bool:
        """Open the guide in the system's PDF viewer; say where it is when that fails."""
        try:
            path = guide_path()
        except FileNotFoundError:
            QMessageBox.warning(self.window, self.tr("Staff guide"),
                                self.tr("The staff guide is missing from this installation."))
            return False
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            return True
        QMessageBox.information(
            self.window, self.tr("Staff guide"),
            self.tr("No program to show PDF files was found. The guide is here:\n{path}")
            .format(path=path))
        return False

    def open_self_check(self):
        from marketapp.ui.help.self_check_dialog import open_self_check

        self.dialog = open_self_check(self.window, self.window.db_path)
        return self.dialog
