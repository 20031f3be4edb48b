"""Open today's market (开集): host village, which stalls, their staff, counters and closing
time. Nothing has to be configured first: a new village name is simply created, and the
catalogue's services are all ticked to start with. OK is one core call.

One closing time for all stalls sits under the village (each stall's own can differ).
Opened after the usual closing time (16:30), the dialog asks for today's: that field is
marked and comes next after the village, filled with a suggestion; a closing time already
passed is refused in the dialog (``core.market.days.closing_already_passed``) — otherwise
every stall would warn "closing time passed" from the first ticket on.

The village already has today's market: the refusal says what to do and offers it as a
button — carry on with the open day, or reopen the closed one (``ReopenMarketDialog``)."""

from __future__ import annotations

import re
from datetime import date, datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from marketapp.core import clock
from marketapp.core.errors import UserError
from marketapp.core.market.days import (
    MarketDay,
    StallPlan,
    closing_already_passed,
    current_catalogue,
    open_market_day,
    suggested_late_closing,
)
from marketapp.core.people.villages import list_villages
from marketapp.core.text import current_language
from marketapp.ui.shell.actions import act
from marketapp.ui.shell.session import Change, Session
from marketapp.ui.widgets import style
from marketapp.ui.widgets.labels import error_label, field_error_label

DEFAULT_CLOSING = QTime(16, 30)
_STAFF_SPLIT = re.compile(r"[,，、;；\s]+")


def split_staff(text: str) -> list[str]:
    return [name for name in _STAFF_SPLIT.split(text or "") if name]


class ServiceRow:
    """The widgets of one service: ticked, staff, counters, closing time."""

    def __init__(self, code: str, title: str, name: str = "") -> None:
        self.code = code
        self.name = name
        self.check = QCheckBox(title.replace("&", "&&"))  # "&" is not a shortcut here
        self.check.setChecked(True)
        self.staff = QLineEdit()
        self.counters = QSpinBox()
        self.counters.setRange(1, 50)
        self.closes = QTimeEdit(DEFAULT_CLOSING)
        self.closes.setDisplayFormat("HH:mm")
        self.check.toggled.connect(self._ticked)

    def _ticked(self, on: bool) -> None:
        for widget in (self.staff, self.counters, self.closes):
            widget.setEnabled(on)

    def plan(self) -> StallPlan:
        return StallPlan(self.code, tuple(split_staff(self.staff.text())),
                         self.counters.value(), self.closes.time().toString("HH:mm"))


class OpenMarketDialog(QDialog):
    """``opened`` holds the new MarketDay after OK succeeded."""

    def __init__(self, session: Session, parent: QWidget | None = None,
                 day: date | None = None, now: datetime | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._now = now  # tests give the time; otherwise the clock's
        self.day = day or self.now().date()
        self.opened: MarketDay | None = None
        self.setWindowTitle(self.tr("Open today's market"))

        self.village = QLineEdit()
        self.village.setPlaceholderText(self.tr("Type the host village; a new name is fine"))
        names = [v.name for v in list_villages(session.db)]
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.village.setCompleter(completer)
        self.village_error = field_error_label()
        self.village.textChanged.connect(lambda _text: self.village_error.clear())

        zh = current_language() == "zh"
        self.rows = [ServiceRow(s.code, f"{s.letter}  {s.name_zh if zh else s.name_en}",
                                s.name_zh if zh else s.name_en)
                     for s in current_catalogue(session.db).offered()]
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        headings = (self.tr("Stall"), self.tr("Staff (separate names with commas)"),
                    self.tr("Counters"), self.tr("Closes at"))
        for column, text in enumerate(headings):
            heading = QLabel(text)
            heading.setStyleSheet("font-weight: bold;")
            grid.addWidget(heading, 0, column)
        for number, row in enumerate(self.rows, start=1):
            grid.addWidget(row.check, number, 0)
            grid.addWidget(row.staff, number, 1)
            grid.addWidget(row.counters, number, 2)
            grid.addWidget(row.closes, number, 3)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(self.rows) + 1, 1)
        stalls = QWidget()
        stalls.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(stalls)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from the village to the stalls

        self.closing = QTimeEdit(DEFAULT_CLOSING)
        self.closing.setDisplayFormat("HH:mm")
        self.closing.setToolTip(self.tr("Sets every stall's closing time; one stall's own can "
                                        "be changed in its row"))
        self.closing.timeChanged.connect(self._closing_changed)
        self.late_note = QLabel()
        self.late_note.setWordWrap(True)
        self.late_note.setStyleSheet(style.text(style.ATTENTION, bold=True))
        self.late_note.setVisible(False)
        closing_row = QHBoxLayout()
        closing_row.addWidget(self.closing)
        closing_row.addWidget(self.late_note, 1)

        self.error = error_label()
        # the refusal's next step: use the open day, or reopen the closed one
        self.next_step = QPushButton()
        self.next_step.setVisible(False)
        self.next_step.clicked.connect(self.take_next_step)
        self._existing: tuple[str, str] | None = None  # (refusal code, market day id)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Open the market"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.open_day)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Date"), QLabel(self.day.isoformat()))
        village_box = QVBoxLayout()
        village_box.setSpacing(1)
        village_box.addWidget(self.village)
        village_box.addWidget(self.village_error)
        form.addRow(self.tr("Host village"), village_box)
        form.addRow(self.tr("Stalls close at"), closing_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(scroll, 1)
        refusal = QHBoxLayout()
        refusal.addWidget(self.error, 1)
        refusal.addWidget(self.next_step)
        layout.addLayout(refusal)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(760)
        self.resize(860, 620)
        self.village.installEventFilter(self)
        self.closing.installEventFilter(self)
        self.late = self._ask_when_late()
        self.village.setFocus()

    def now(self) -> datetime:
        return self._now or clock.now()

    def _ask_when_late(self) -> bool:
        """After the usual closing time: suggest today's and say why it is asked."""
        usual = DEFAULT_CLOSING.toString("HH:mm")
        if not closing_already_passed([StallPlan("", closes_at=usual)], self.day, self.now()):
            return False
        hour, minute = (int(p) for p in suggested_late_closing(self.now()).split(":"))
        self.closing.setTime(QTime(hour, minute))
        self.late_note.setText(self.tr("It is past {usual}, the usual closing time: when do "
                                       "the stalls close today?").format(usual=usual))
        self.late_note.setVisible(True)
        return True

    def _closing_changed(self, time: QTime) -> None:
        for row in self.rows:
            row.closes.setTime(time)
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter after the village moves on to the stalls: opening the day at once, with
        # every stall ticked and nobody's name, is not what the person meant.
        # Opened late, the closing time comes first: Enter goes there, then on to the stalls.
        if (watched in (self.village, self.closing) and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            popup = self.village.completer().popup()
            if watched is self.village and (popup is not None and popup.isVisible()):
                return super().eventFilter(watched, event)
            if watched is self.village and self.late:
                self.closing.setFocus(Qt.FocusReason.TabFocusReason)
            elif self.rows:
                self.rows[0].check.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    def row(self, code: str) -> ServiceRow:
        return next(r for r in self.rows if r.code == code)

    def plans(self) -> list[StallPlan]:
        return [row.plan() for row in self.rows if row.check.isChecked()]

    def open_day(self) -> None:
        for label in (self.error, self.village_error):
            label.clear()
            label.setVisible(False)
        self.next_step.setVisible(False)
        passed = closing_already_passed(self.plans(), self.day, self.now())
        if passed:
            names = {row.code: row.name for row in self.rows}
            self.error.setText(self.tr(
                "{stall}: the closing time {time} has passed already (it is {now}). When do "
                "the stalls close today?").format(
                    stall=names.get(passed[0].service_code, ""), time=passed[0].closes_at,
                    now=self.now().strftime("%H:%M")))
            self.error.setVisible(True)
            self.closing.setFocus()
            return

        def open_and_choose(s: Session) -> MarketDay:
            opened = open_market_day(s.db, self.day, self.village.text(), self.plans(),
                                     operator=s.operator)
            s.market_day_id = opened.id  # the day worked on from now; announced with the change
            return opened

        ok, opened = act(self.session, open_and_choose, Change.MARKET, refused=self._refused)
        if ok:
            self.opened = opened
            self.accept()

    def _refused(self, exc: UserError) -> None:
        code = getattr(exc, "code", "")
        target = self.village_error if code == "no_village" else self.error
        target.setText(exc.message())
        target.setVisible(True)
        if target is self.village_error:
            self.village.setFocus()
        if code in ("day_exists", "day_exists_closed"):
            self._offer_next_step(code, str(exc.params["market_day_id"]))

    def _offer_next_step(self, code: str, market_day_id: str) -> None:
        self._existing = (code, market_day_id)
        self.next_step.setText(self.tr("Use this market") if code == "day_exists"
                               else self.tr("Reopen market day…"))
        self.next_step.setVisible(True)
        self.next_step.setDefault(True)

    def take_next_step(self) -> None:
        if self._existing is None:
            return
        code, market_day_id = self._existing
        if code == "day_exists_closed":
            from marketapp.ui.market_day.reopen_dialog import ReopenMarketDialog

            dialog = self.reopen_dialog = ReopenMarketDialog(self.session, self, market_day_id)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.reopened is None:
                return
            self.opened = dialog.reopened.day
        else:
            self.session.choose_market(market_day_id)
            self.opened = self.session.market()
        self.accept()
