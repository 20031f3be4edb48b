"""Reports (报表): placeholder until the reports issue lands."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from marketapp.ui.placeholder import PlaceholderPage
from marketapp.ui.session import Session


class ReportsPage(PlaceholderPage):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.set_texts(
            self.tr("Reports"),
            self.tr("The day's report and statistics, printed or saved as PDF and spreadsheets."),
        )
