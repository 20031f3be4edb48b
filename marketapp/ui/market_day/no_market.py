"""What the market pages (registration, queues, stall desk) show while no market is open:
either today has had none yet — open one — or today's closed (收市) — when and by whom, and
the next step: a market in another village, or 重新开集 if it was closed by mistake.

The dialogs it opens announce the change themselves (``ui.shell.actions.act``): every page
reloads from ``session.events.market_changed``; ``opened`` tells the page that holds the
panel, so it can put the cursor where work starts.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from marketapp.core import clock
from marketapp.core.market.days import MarketDay, latest_closed_today
from marketapp.ui.shell.session import Session
from marketapp.ui.widgets import style


def closed_text(day: MarketDay) -> str:
    """"Closed at 12:05 by 王会计." — for the pages and the status bar."""
    when = clock.parse_iso(day.closed_at).strftime("%H:%M") if day.closed_at else "—"
    if day.closed_by:
        return QCoreApplication.translate("NoMarket", "Closed at {time} by {name}.").format(
            time=when, name=day.closed_by)
    return QCoreApplication.translate("NoMarket", "Closed at {time}.").format(time=when)


class NoMarketPanel(QWidget):
    opened = Signal()  # a market is open now (opened, reopened or chosen here)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.closed_day: MarketDay | None = None
        self.title = QLabel()
        font = self.title.font()
        font.setPointSize(font.pointSize() + 10)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        font = self.detail.font()
        font.setPointSize(font.pointSize() + 3)
        self.detail.setFont(font)
        self.open_button = self._big_button(self.open_market)
        self.reopen_button = self._big_button(self.reopen_market)
        self.reopen_button.setText(self.tr("Reopen market day…"))
        self.reopen_button.setToolTip(self.tr(
            "Closed by mistake? Open it again: the people it sent away go back in line"))
        self.explain = QLabel()
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explain.setWordWrap(True)
        self.explain.setStyleSheet(style.text(style.HINT))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addSpacing(16)
        buttons.addWidget(self.reopen_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.addStretch(1)
        column.addWidget(self.title)
        column.addSpacing(8)
        column.addWidget(self.detail)
        column.addSpacing(16)
        column.addLayout(buttons)
        column.addSpacing(8)
        column.addWidget(self.explain)
        column.addStretch(2)
        self.refresh()

    def _big_button(self, slot) -> QPushButton:
        button = QPushButton()
        button.setMinimumSize(320, 72)
        font = button.font()
        font.setPointSize(font.pointSize() + 6)
        button.setFont(font)
        button.setAutoDefault(True)  # Enter presses it, as in a dialog (not only Space)
        button.clicked.connect(slot)
        return button

    def refresh(self) -> None:
        """Today's closed market if there is one, else "no market yet"."""
        day = self.closed_day = latest_closed_today(self.session.db)
        closed = day is not None
        self.reopen_button.setVisible(closed)
        self.detail.setVisible(closed)
        if day is None:
            self.title.setText(self.tr("No market is open today"))
            self.open_button.setText(self.tr("Open today's market…"))
            self.explain.setText(self.tr("Choose the host village and the stalls; nothing "
                                         "else has to be set up first."))
            return
        self.title.setText(self.tr("The market at {village} is closed").format(
            village=day.village))
        self.detail.setText(closed_text(day))
        self.open_button.setText(self.tr("Open a market in another village…"))
        self.explain.setText(self.tr("The day's summary is on the Reports page (F6)."))

    def focus_next_step(self) -> None:
        self.open_button.setFocus()

    def open_market(self) -> bool:
        from marketapp.ui.market_day.open_dialog import OpenMarketDialog

        dialog = OpenMarketDialog(self.session, self)
        return self._after(dialog.exec() == OpenMarketDialog.DialogCode.Accepted, dialog)

    def reopen_market(self) -> bool:
        from marketapp.ui.market_day.reopen_dialog import ReopenMarketDialog

        if self.closed_day is None:
            return False
        dialog = ReopenMarketDialog(self.session, self, self.closed_day.id)
        return self._after(dialog.exec() == ReopenMarketDialog.DialogCode.Accepted, dialog)

    def _after(self, accepted: bool, dialog) -> bool:
        dialog.deleteLater()
        self.window().activateWindow()
        if accepted:
            self.opened.emit()
        else:
            self.refresh()
        return accepted
