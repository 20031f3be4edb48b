"""Requests (诉求): placeholder until the requests core lands."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from marketapp.ui.placeholder import PlaceholderPage
from marketapp.ui.session import Session


class RequestsPage(PlaceholderPage):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.set_texts(
            self.tr("Requests"),
            self.tr("Problems raised at the market that need follow-up by a responsible unit, with their status."),
        )
