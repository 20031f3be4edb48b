"""Reopen today's market (重新开集) after it was closed by mistake: from the Market menu, or
from the open-market dialog's refusal. The dialog is the confirmation: it names the day,
when and why it closed, and whether the people closing sent away go back in line (ticked:
in their old order); OK is one core call (``core.market.days.reopen_market_day``), which
records who did it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from marketapp.core import clock
from marketapp.core.errors import UserError
from marketapp.core.market.days import MarketDay, closed_today, get_market_day, not_served_count
from marketapp.core.queue.closing import DEFAULT_REASON, Reopened, reopen_market_day
from marketapp.ui.shell.actions import act
from marketapp.ui.shell.session import Change, Session
from marketapp.ui.widgets import style
from marketapp.ui.widgets.labels import error_label


class ReopenMarketDialog(QDialog):
    """``reopened`` holds core's answer once OK went through."""

    def __init__(self, session: Session, parent: QWidget | None = None,
                 market_day_id: str | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.reopened: Reopened | None = None
        self.days: list[MarketDay] = (
            [get_market_day(session.db, market_day_id)] if market_day_id
            else closed_today(session.db))
        self.setWindowTitle(self.tr("Reopen the market day"))
        self.setMinimumWidth(640)

        self.choice = QComboBox()
        for day in self.days:
            self.choice.addItem(f"{day.village}  {day.date}", day.id)
        self.choice.setVisible(len(self.days) > 1)
        self.choice.currentIndexChanged.connect(self._show_day)
        self.day_label = QLabel()
        font = self.day_label.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.day_label.setFont(font)
        self.closed_label = QLabel()
        self.closed_label.setWordWrap(True)
        self.back_in_line = QCheckBox()
        self.back_in_line.setChecked(True)
        self.note = QLabel(self.tr(
            "Registration and calling carry on as before. Ticket numbers are never used "
            "twice: new tickets continue after the highest number. Who reopened the day, "
            "and when, is recorded."))
        self.note.setWordWrap(True)
        self.note.setStyleSheet(style.text(style.HINT))
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Reopen the market"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.reopen)
        self.buttons.rejected.connect(self.reject)

        column = QVBoxLayout(self)
        column.addWidget(self.choice)
        column.addWidget(self.day_label)
        column.addWidget(self.closed_label)
        column.addWidget(self.back_in_line)
        column.addWidget(self.note)
        column.addWidget(self.error)
        column.addWidget(self.buttons)
        self._show_day()

    def day(self) -> MarketDay | None:
        index = self.choice.currentIndex()
        return self.days[index] if 0 <= index < len(self.days) else None

    def _show_day(self) -> None:
        day = self.day()
        self.ok_button.setEnabled(day is not None)
        if day is None:
            self.day_label.setText(self.tr("No market closed today"))
            self.closed_label.setText(self.tr("Only a market day closed today can be reopened."))
            self.back_in_line.setVisible(False)
            return
        self.day_label.setText(self.tr("Reopen {village} · {date}?").format(
            village=day.village, date=day.date))
        closed_at = clock.parse_iso(day.closed_at).strftime("%H:%M") if day.closed_at else "—"
        if day.close_reason and day.close_reason != DEFAULT_REASON:
            self.closed_label.setText(self.tr("It was closed at {time} (reason: {reason}).")
                                      .format(time=closed_at, reason=day.close_reason))
        else:  # the plain close: "（原因：收市）" said nothing
            self.closed_label.setText(self.tr("It was closed at {time}.").format(time=closed_at))
        count = not_served_count(self.session.db, day.id)
        self.back_in_line.setVisible(count > 0)
        self.back_in_line.setText(self.tr(
            "The {n} people not served at closing go back in line, in their old order").format(
                n=count))

    def reopen(self) -> None:
        day = self.day()
        if day is None:
            return
        self.error.setVisible(False)
        back_in_line = self.back_in_line.isChecked()

        def reopen_and_choose(s: Session) -> Reopened:
            reopened = reopen_market_day(s.db, day.id, back_in_line=back_in_line,
                                         operator=s.operator)
            s.market_day_id = day.id  # the day worked on from now; announced with the change
            return reopened

        ok, reopened = act(self.session, reopen_and_choose, Change.MARKET | Change.QUEUE,
                           refused=self._refused)
        if ok:
            self.reopened = reopened
            self.accept()

    def _refused(self, exc: UserError) -> None:
        self.error.setText(exc.message())
        self.error.setVisible(True)
