"""Queue board (排队): placeholder until the queue core lands."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from marketapp.ui.placeholder import PlaceholderPage
from marketapp.ui.session import Session


class QueuesPage(PlaceholderPage):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.set_texts(
            self.tr("Queues"),
            self.tr("Every stall at a glance: who is being called, how many are waiting, and the waiting list of each stall."),
        )
