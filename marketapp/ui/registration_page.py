"""Registration desk (登记): placeholder until the market-day core lands."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from marketapp.ui.placeholder import PlaceholderPage
from marketapp.ui.session import Session


class RegistrationPage(PlaceholderPage):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.set_texts(
            self.tr("Registration"),
            self.tr("Find a returning villager or register a new one, then give them tickets for the stalls they want."),
        )
