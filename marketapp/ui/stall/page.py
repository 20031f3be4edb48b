"""Stall desk (摊位): for the staff at one stall and counter.

Call the next villager with one big button, see her card, mark her arrived / no-show /
call again, fill in the outcome form the stall's service defines (checked by core as you
type), the villager's rating on the five levels of 好差评 (voluntary: keys 5 非常满意 … 1
非常不满意, 0 skips; typed digits in a form field stay there), notes and fee, raise a request,
and Done. Each button is one core call; the ticket at this counter is read back from the
database, so a restart carries on.
Keys: F9 call next, F10 arrived, F11 no-show, Ctrl+R call again, Ctrl+Enter done; F12 opens the
stall list (its letter, or the arrows, then Enter) and Alt+C goes to the counter. (No-show
is not Ctrl+N: that key registers a new villager at the registration desk.) Shown, the page
puts the cursor where work goes on: in the outcome of the person at the counter, else on
"Call next".
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.catalogue.outcomes import InvalidOutcome
from marketapp.core.errors import UserError
from marketapp.core.market.days import Stall, get_stall
from marketapp.core.people.villagers import get_villager
from marketapp.core.queue import engine as queue
from marketapp.core.queue import visits
from marketapp.core.queue.ratings import LEVELS
from marketapp.core.queue.tickets import Ticket
from marketapp.core.requests.records import category_for_service
from marketapp.core.screens.stall_desk import at_counter
from marketapp.core.screens.stall_view import visible_history
from marketapp.core.text import current_language
from marketapp.ui.market_day.no_market import NoMarketPanel
from marketapp.ui.queues.feedback import MessageLine
from marketapp.ui.shell.actions import act, if_any
from marketapp.ui.shell.session import Change, Session
from marketapp.ui.stall.card import VillagerCard
from marketapp.ui.stall.outcome_form import OutcomeForm
from marketapp.ui.stall.request import RaiseRequestDialog
from marketapp.ui.widgets import style
from marketapp.ui.widgets.labels import field_error_label

REFRESH_MS = 2000


def stall_title(stall: Stall) -> str:
    return f"{stall.letter}  {stall.name_zh if current_language() == 'zh' else stall.name_en}"


class StallPage(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.db = session.db
        self.market_day_id: str | None = None
        self.stall: Stall | None = None
        self.ticket: Ticket | None = None
        self.last_visit: visits.Visit | None = None
        self.form: OutcomeForm | None = None

        self.stall_combo = QComboBox()
        self.stall_combo.setMinimumWidth(200)
        self.stall_combo.setToolTip(self.tr("Your stall (F12: the list; its letter, then "
                                            "Enter)"))
        self.stall_combo.currentIndexChanged.connect(self._stall_chosen)
        self.stall_combo.activated.connect(lambda _index: self.focus_work())
        self.counter_spin = QSpinBox()
        self.counter_spin.setRange(1, 50)
        self.counter_spin.valueChanged.connect(self._counter_chosen)
        self.waiting_label = QLabel()
        self.call_button = QPushButton(self.tr("Call next") + "  (F9)")
        self.call_button.setObjectName("bigCall")
        self.call_button.setMinimumSize(260, 56)
        self.call_button.setStyleSheet(
            f"#bigCall {{ font-size: 20pt; font-weight: bold; color: {style.WHITE};"
            f" background: {style.GO}; border-radius: 6px; padding: 4px 18px; }}"
            f"#bigCall:disabled {{ background: {style.DISABLED}; }}")
        self.call_button.setToolTip(self.tr("Call the next villager in line to this counter (F9)"))
        self.call_button.clicked.connect(self.call_next)
        self.call_button.setAutoDefault(True)  # Enter on it calls, not only Space
        stall_label = QLabel(self.tr("Stall (F12)"))
        stall_label.setBuddy(self.stall_combo)
        counter_label = QLabel(self.tr("&Counter"))
        counter_label.setBuddy(self.counter_spin)  # Alt+C
        top = QHBoxLayout()
        top.addWidget(stall_label)
        top.addWidget(self.stall_combo)
        top.addWidget(counter_label)
        top.addWidget(self.counter_spin)
        top.addWidget(self.waiting_label, 1)
        top.addWidget(self.call_button)

        self.card = VillagerCard()
        self.start_button = self._button(self.tr("Arrived — start"), "F10",
                                         self.tr("The villager is at the counter"), self.start)
        self.recall_button = self._button(self.tr("Call again"), "Ctrl+R",
                                          self.tr("Call the same number again"), self.recall)
        self.no_show_button = self._button(self.tr("No-show"), "F11",
                                           self.tr("Mark as a no-show; the villager can go "
                                                   "back in line from the Queues page"),
                                           self.no_show)
        actions = QHBoxLayout()
        for button in (self.start_button, self.recall_button, self.no_show_button):
            actions.addWidget(button)
        actions.addStretch(1)

        self.form_title = QLabel()
        bold = self.form_title.font()
        bold.setBold(True)
        self.form_title.setFont(bold)
        self.form_area = QScrollArea()
        self.form_area.setWidgetResizable(True)
        self.form_area.setFrameShape(QFrame.Shape.NoFrame)

        self.rating_group = QButtonGroup(self)
        rating_row = QHBoxLayout()
        rating_row.addWidget(QLabel(self.tr("Rating")))
        self.rating_buttons: dict[str, QPushButton] = {}
        lang = current_language()
        for level in LEVELS:
            button = QPushButton(f"{level.value} {level.name(lang)}")
            button.setCheckable(True)
            button.setMinimumSize(72, 36)
            button.setObjectName(f"rating_{level.code}")
            button.setStyleSheet(f"#rating_{level.code}:checked {{ background: "
                                 f"{style.RATINGS[level.value]}; color: {style.WHITE}; "
                                 "font-weight: bold; }")
            self.rating_group.addButton(button)
            self.rating_buttons[level.code] = button
            rating_row.addWidget(button)
        self.skip_rating = QPushButton("0 " + self.tr("Skip"))  # the key first, as "5 非常满意"
        self.skip_rating.setMinimumSize(60, 36)
        self.skip_rating.clicked.connect(self._clear_rating)
        rating_row.addWidget(self.skip_rating)
        rating_row.addStretch(1)

        self.notes_edit = QLineEdit()
        self.notes_edit.setPlaceholderText(self.tr("Notes (optional)"))
        self.fee_edit = QLineEdit()
        self.fee_edit.setPlaceholderText(self.tr("Fee (yuan)"))
        self.fee_edit.setToolTip(self.tr("Optional: what the villager paid, in yuan"))
        self.fee_edit.setMaximumWidth(180)
        self.fee_edit.textChanged.connect(self._check_fee)
        self.fee_error = field_error_label()  # kept: Done never moves under the pointer
        extra = QHBoxLayout()
        extra.addWidget(self.notes_edit, 1)
        extra.addWidget(self.fee_edit)

        self.request_button = QPushButton(self.tr("Raise a request…"))
        self.request_button.setToolTip(self.tr("A problem someone must follow up after the "
                                               "market (repair, referral, dispute…)"))
        self.request_button.clicked.connect(self.raise_request)
        self.done_button = QPushButton(self.tr("Done") + "  (Ctrl+Enter)")
        self.done_button.setObjectName("doneButton")
        self.done_button.setMinimumHeight(44)
        self.done_button.setStyleSheet(
            "#doneButton { font-size: 15pt; font-weight: bold; padding: 4px 24px; }")
        self.done_button.clicked.connect(self.done)
        finish = QHBoxLayout()
        finish.addWidget(self.request_button)
        finish.addStretch(1)
        finish.addWidget(self.done_button)

        right = QVBoxLayout()
        right.addLayout(actions)
        right.addWidget(self.form_title)
        right.addWidget(self.form_area, 1)
        right.addLayout(rating_row)
        right.addLayout(extra)
        right.addWidget(self.fee_error)
        right.addLayout(finish)
        body = QHBoxLayout()
        body.addWidget(self.card, 2)
        body.addLayout(right, 3)

        self.message = MessageLine()
        self.no_market = NoMarketPanel(session)
        self.desk = QWidget()
        desk_column = QVBoxLayout(self.desk)
        desk_column.setContentsMargins(0, 0, 0, 0)
        desk_column.addLayout(top)
        desk_column.addLayout(body, 1)
        column = QVBoxLayout(self)
        column.addWidget(self.no_market, 1)
        column.addWidget(self.desk, 1)
        column.addWidget(self.message)

        for keys, slot in ((("F9",), self.call_next), (("F10",), self.start),
                           (("Ctrl+R",), self.recall), (("F11",), self.no_show),
                           (("Ctrl+Return", "Ctrl+Enter"), self.done),
                           (("F12",), self.pick_stall)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)
        for value in range(6):
            shortcut = QShortcut(QKeySequence(str(value)), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(
                self._clear_rating if value == 0 else lambda v=value: self._choose_rating(v))

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(lambda: self.isVisible() and self.refresh())
        self.timer.start()
        session.events.queue_changed.connect(self.refresh)
        session.events.market_changed.connect(self.reload)
        self.reload()

    def _button(self, text: str, key: str, tip: str, slot) -> QPushButton:
        button = QPushButton(f"{text}  ({key})")
        button.setMinimumHeight(40)
        button.setToolTip(f"{tip} ({key})")
        button.setStyleSheet("QPushButton { font-size: 13pt; padding: 4px 14px; }")
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------------ loading

    def on_shown(self) -> None:
        self.reload()
        self.focus_work()

    def focus_work(self) -> None:
        """The cursor where the desk's work goes on: the outcome of the person at the
        counter, else "Call next" (F9 and Enter call) — never left nowhere, where no key
        of the page works, nor on the stall list, where a letter switches the stall."""
        if not self.desk.isVisible():
            self.no_market.focus_next_step()
        elif self.ticket is not None and self.form is not None:
            self.form.focus_first()
        else:
            self.call_button.setFocus()

    def pick_stall(self) -> None:
        """F12: the stall list, open; a letter or the arrows, then Enter, choose."""
        if not self.stall_combo.isVisible():
            return
        self.stall_combo.setFocus()
        self.stall_combo.showPopup()

    def reload(self) -> None:
        day = self.session.market()
        if (day.id if day else None) != self.market_day_id:
            self.message.say("")  # "A001 done…" belonged to the day before
            self.last_visit = None
        self.market_day_id = day.id if day else None
        if day is None:
            self.no_market.refresh()
        self.no_market.setVisible(day is None)
        self.desk.setVisible(day is not None)
        chosen = self.stall.id if self.stall else None
        self.stall_combo.blockSignals(True)
        self.stall_combo.clear()
        for stall in day.stalls if day else ():
            self.stall_combo.addItem(stall_title(stall), stall.id)
        index = self.stall_combo.findData(chosen) if chosen else -1
        self.stall_combo.setCurrentIndex(index if index >= 0 else 0)
        self.stall_combo.blockSignals(False)
        self._stall_chosen()

    def choose_stall(self, stall_id: str, counter: int = 1) -> None:
        self.stall_combo.setCurrentIndex(self.stall_combo.findData(stall_id))
        self.counter_spin.setValue(counter)
        self.refresh()

    def unsaved_outcome(self) -> str | None:
        """The label of the ticket at this counter whose outcome, notes or fee are typed but
        not saved (Done not pressed); None when there is nothing to lose."""
        if (self.ticket is None or self.form is None
                or self.ticket.status not in ("called", "serving")):
            return None
        typed = (not self.form.is_blank() or self.notes_edit.text().strip()
                 or self.fee_edit.text().strip())
        return self.ticket.label if typed else None

    def focus_outcome(self) -> None:
        """The cursor back in the outcome being typed (the main window's "go to it")."""
        if self.form is not None:
            self.form.focus_first()

    def _keep_typed_work(self) -> bool:
        """Switching stall or counter would drop an outcome typed here: say so and stay."""
        label = self.unsaved_outcome()
        if label is None:
            return False
        self.message.refused(self.tr(
            "What was typed for {label} is not saved: press Done (Ctrl+Enter), or clear it, "
            "before changing the stall or counter.").format(label=label))
        # back to the stall and counter she is at
        self.stall_combo.blockSignals(True)
        self.counter_spin.blockSignals(True)
        if self.stall is not None:
            self.stall_combo.setCurrentIndex(self.stall_combo.findData(self.stall.id))
        if self.ticket is not None and self.ticket.counter:
            self.counter_spin.setValue(self.ticket.counter)
        self.stall_combo.blockSignals(False)
        self.counter_spin.blockSignals(False)
        self.focus_outcome()
        return True

    def _counter_chosen(self, _value: int) -> None:
        if not self._keep_typed_work():
            self.refresh()

    def _stall_chosen(self) -> None:
        if self._keep_typed_work():
            return
        stall_id = self.stall_combo.currentData()
        stall = get_stall(self.db, stall_id) if stall_id else None
        if stall is not None and (self.stall is None or self.stall.id != stall.id
                                  or self.form is None):
            self.stall = stall
            self.counter_spin.setMaximum(max(1, stall.counters))
            self.form = OutcomeForm(stall.service())
            self.form_area.setWidget(self.form)
            self.form_title.setText(self.tr("What was done at {stall}").format(
                stall=stall_title(stall)))
            self.ticket = None
            self.last_visit = None
        elif stall is None:
            self.stall = None
            self.form = None
            self.ticket = None
        self.refresh()

    def refresh(self) -> None:
        if self.stall is None or self.market_day_id is None:
            self.card.show_nobody(self.tr("Choose a stall"))
            self._enable()
            return
        waiting = len(queue.waiting_order(self.db, self.stall.id))
        self.waiting_label.setText(self.tr("{n} waiting").format(n=waiting))
        ticket = at_counter(self.db, self.stall.id, self.counter_spin.value())
        if ticket != self.ticket:
            new_person = ticket is None or self.ticket is None or ticket.id != self.ticket.id
            lost = self.unsaved_outcome() if new_person else None
            self.ticket = ticket
            if new_person:
                self._reset_inputs()
            if lost:  # taken back or moved from another screen: never dropped silently
                self.message.refused(self.tr(
                    "{label} is no longer at this counter (changed on another screen): what "
                    "was typed for it was not saved.").format(label=lost))
            self._show_card()
        self._enable()

    def _show_card(self) -> None:
        if self.ticket is None or self.stall is None:
            self.card.show_nobody()
            return
        villager = get_villager(self.db, self.ticket.villager_id)
        # The stall phone's rule: its own service's visits; readings only if sensitive.
        history = visible_history(self.db, self.stall, villager.id)
        self.card.show_ticket(self.ticket, villager, history, self.stall.service(),
                              self.stall.service_code, date.today())

    def _enable(self) -> None:
        status = self.ticket.status if self.ticket else None
        self.call_button.setEnabled(self.stall is not None and status is None)
        self.start_button.setEnabled(status == "called")
        self.recall_button.setEnabled(status == "called")
        self.no_show_button.setEnabled(status == "called")
        serving = status == "serving"
        self.done_button.setEnabled(serving)
        self.done_button.setToolTip(
            self.tr("Record what was done and finish (Ctrl+Enter)") if serving else
            self.tr("Press “Arrived — start” when the villager is at the counter"))
        for widget in (self.form_area, self.notes_edit, self.fee_edit, self.skip_rating,
                       *self.rating_buttons.values()):
            widget.setEnabled(status in ("called", "serving"))
        self.request_button.setEnabled(self.ticket is not None or self.last_visit is not None)

    def _reset_inputs(self) -> None:
        if self.form is not None:
            self.form.clear()
        self.notes_edit.clear()
        self.fee_edit.clear()
        self._clear_rating()

    def _clear_rating(self) -> None:
        self.rating_group.setExclusive(False)
        for button in self.rating_buttons.values():
            button.setChecked(False)
        self.rating_group.setExclusive(True)

    def _choose_rating(self, value: int) -> None:
        """Keys 1–5 (0 skips). A line edit keeps digits typed into it: Qt gives a focused
        text field printable keys before any shortcut."""
        for level in LEVELS:
            button = self.rating_buttons[level.code]
            if level.value == value and button.isEnabled():
                button.setChecked(True)

    # ------------------------------------------------------------------ actions

    def _after(self, text: str) -> None:
        self.message.ok(text)
        self.refresh()
        self.focus_work()

    def call_next(self) -> None:
        if self.stall is None:
            return
        counter = self.counter_spin.value()
        stall_id = self.stall.id
        # Core refuses while someone is still at this counter (a phone's call included).
        ok, ticket = act(self.session, lambda s: queue.call_next_to_counter(
                             s.db, stall_id, counter=counter, operator=s.operator),
                         if_any(Change.QUEUE), refused=self.message.show_refusal,
                         failed=self.message.show_failure)
        if not ok:
            return
        if ticket is None:  # why, in core's words: nobody waits, or the next is elsewhere
            self.message.show_refusal(queue.nobody_callable(self.session.db, stall_id))
            return
        self.last_visit = None
        self._after(self.tr("{label} called to counter {counter}.").format(
            label=ticket.label, counter=counter))
        self._focus_form()

    def _focus_form(self) -> None:
        # Away from the stall list, where a typed letter would switch the desk's stall.
        if self.form is not None and self.ticket is not None:
            self.form.focus_first()

    def _act(self, action, text: str) -> None:
        if self.ticket is None:
            return
        ticket = self.ticket
        ok, _ = act(self.session, lambda s: action(s.db, ticket.id, operator=s.operator), Change.QUEUE,
                    refused=self.message.show_refusal, failed=self.message.show_failure)
        if ok:
            self._after(text.format(label=ticket.label))

    def start(self) -> None:
        self._act(queue.start, self.tr("{label}: service started."))
        self._focus_form()

    def recall(self) -> None:
        self._act(queue.recall, self.tr("{label} called again."))

    def no_show(self) -> None:
        self._act(queue.no_show, self.tr("{label} marked as a no-show."))

    def rating(self) -> str | None:
        return next((code for code, b in self.rating_buttons.items() if b.isChecked()), None)

    def _check_fee(self) -> bool:
        try:
            visits.parse_fee(self.fee_edit.text())
        except visits.VisitError as exc:
            self.fee_error.setText(exc.message())
            self.fee_error.setVisible(True)
            return False
        self.fee_error.setVisible(False)
        return True

    def done(self) -> None:
        if self.ticket is None or self.form is None:
            return
        if self.ticket.status == "called":  # typed ahead: say the step that is missing
            self.message.refused(self.tr("{label} has not been marked arrived: press “Arrived — "
                                         "start” (F10) first, then Done.").format(
                                             label=self.ticket.label))
            return
        if self.ticket.status != "serving":
            return
        ticket, form = self.ticket, self.form
        ok, visit = act(self.session, lambda s: visits.finish(
            s.db, ticket.id, form.values(), notes=self.notes_edit.text(),
            fee=self.fee_edit.text(), rating=self.rating(), operator=s.operator), Change.QUEUE, refused=self._not_done)
        if not ok:
            return
        self.last_visit = visit
        self._after(self.tr("{label} done and saved. Ready for the next villager.").format(
            label=ticket.label))

    def _not_done(self, exc: UserError) -> None:
        if isinstance(exc, InvalidOutcome):
            if self.form is not None:
                self.form.show_all_problems(exc.problems)
                self.form.focus_problem(exc.problems)
            self.message.refused(self.tr("Not saved: {reason}").format(reason=exc.message()))
        elif isinstance(exc, visits.VisitError):
            self._check_fee()
            self.message.refused(self.tr("Not saved: {reason}").format(reason=exc.message()))
        else:  # e.g. QueueError: undone or moved meanwhile
            self.message.refused(exc.message())
            self.refresh()

    def raise_request(self) -> None:
        if self.stall is None:
            return
        if self.ticket is not None:
            villager_id, visit_id = self.ticket.villager_id, None
        elif self.last_visit is not None:
            villager_id, visit_id = self.last_visit.villager_id, self.last_visit.id
        else:
            return
        villager = get_villager(self.db, villager_id)
        dialog = RaiseRequestDialog(
            self.db, villager_id=villager_id, villager_name=villager.name,
            raised_by=self.session.operator or "、".join(self.stall.staff)
            or self.tr("Stall staff"),
            market_day_id=self.market_day_id, visit_id=visit_id,
            default_category=category_for_service(self.stall.service().category),
            parent=self)
        if self.exec_dialog(dialog) and dialog.request is not None:
            self.message.ok(self.tr("Request raised for {name}.").format(name=villager.name))

    def exec_dialog(self, dialog: RaiseRequestDialog) -> bool:
        """Show the dialog modally (tests replace this)."""
        return dialog.exec() == RaiseRequestDialog.DialogCode.Accepted
