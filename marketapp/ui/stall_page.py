"""Stall desk (摊位): placeholder until the visits core lands."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from marketapp.ui.placeholder import PlaceholderPage
from marketapp.ui.session import Session


class StallPage(PlaceholderPage):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.set_texts(
            self.tr("Stall desk"),
            self.tr("For the staff at one stall: call the next villager, see their card and record what was done."),
        )
