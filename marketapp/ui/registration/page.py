"""Registration desk (登记): find a returning villager or register a new one, then give them
tickets for the stalls they want — keyboard first.

Search field (always where typing goes): results follow the typing at once — the search runs
as soon as the event loop is free (a zero timer), so keys that arrived together (typed while
the UI thread was busy with the last search) are one search of the final text, and no pause
is added to any keystroke (a fixed 120 ms pause made every one take ~130 ms; the search
itself takes 10–16 ms at 50,000 villagers: ``tests/bench.py keystroke``). Up/Down move, Enter
chooses (the highlighted or first person), Esc clears. Then the stall
chooser has focus: 1–9 and 0 tick stalls, Enter issues, Esc goes back. After issuing the slips
are printed (or saved as PDF), the search is empty again and has focus: next person.
A digit that is no stall is ignored; the number of a stall the person already holds says
so. A letter typed in the chooser starts the next search (the registrar has moved on):
ticks not yet issued are cleared and the page says so in red, naming the person.
A returning villager: 4 digits of the ID tail, Enter, 1, Enter — 7 keys.

With no market open the page says so (``ui.market_day.no_market``): one big button opens
today's market; after 收市 it says when and by whom the day closed and offers the next step.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.market.days import MarketDay
from marketapp.core.people.masking import mask_id
from marketapp.core.people.search.query import search
from marketapp.core.people.search.typed import new_villager_fields
from marketapp.core.people.villagers import CARE_FLAG_NAMES, Villager, get_villager
from marketapp.core.queue.registration import StallOffer, stall_offers, tickets_held_today
from marketapp.core.screens.board import board_snapshot
from marketapp.core.text import current_language, gettext
from marketapp.ui.market_day.no_market import NoMarketPanel
from marketapp.ui.registration.desk_warning import DeskWarning
from marketapp.ui.registration.model import COL_TODAY, ResultsModel, held_text
from marketapp.ui.registration.stall_chooser import StallChooser, StallLine
from marketapp.ui.shell.session import Session
from marketapp.ui.widgets import style
from marketapp.ui.widgets.fitting_scroll import FittingScrollArea

if TYPE_CHECKING:  # the dialogs and the ticket printing are imported on first use (start-up)
    from marketapp.ui.registration.issue import DeskReport

SEARCH_DELAY_MS = 0  # at once when idle; keys queued meanwhile coalesce into one search
RESULT_LIMIT = 20
NEW_VILLAGER_KEYS = ("Ctrl+N",)  # F8 is the public display (main window)
REPORT_MIN_HEIGHT = 48  # px: the report's first ticket line, at least


class RegistrationPage(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.db = session.db
        self.market: MarketDay | None = None
        self.person: Villager | None = None
        self.offers: list[StallOffer] = []
        self.last_report: DeskReport | None = None
        self._report_is_error = False
        self._refusal = ""  # why the last stall key pressed for this person did nothing
        self._previous_text = ""
        self.status_message = ""  # the last line given to the status bar (slips saved…)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_closed())
        self.stack.addWidget(self._build_desk())
        self.desk_warning = DeskWarning(self.db)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.desk_warning)
        layout.addWidget(self.stack)

        for keys in NEW_VILLAGER_KEYS:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.new_villager)
        session.events.market_changed.connect(self.reload_market)
        session.events.queue_changed.connect(self._queue_changed)
        self.reload_market()
        self._just_loaded = True  # the first on_shown follows at once: no second load

    # ----------------------------------------------------------------------- building

    def _build_closed(self) -> QWidget:
        self.no_market = NoMarketPanel(self.session)
        self.no_market.opened.connect(self._market_opened)
        self.closed_title = self.no_market.title
        self.open_button = self.no_market.open_button
        return self.no_market

    def _build_desk(self) -> QWidget:
        desk = QWidget()
        self.market_label = QLabel()
        self.market_label.setStyleSheet(style.text(style.SLATE, bold=True))
        self.new_button = QPushButton(self.tr("New villager (Ctrl+N)"))
        self.new_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.new_button.clicked.connect(self.new_villager)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(
            self.tr("Name, pinyin initials or last 4 of ID/phone, then Enter"))
        font = self.search_edit.font()
        font.setPointSize(font.pointSize() + 5)
        self.search_edit.setFont(font)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._typed)
        self.search_edit.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)

        self.model = ResultsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TODAY, QHeaderView.ResizeMode.Stretch)
        self.table.clicked.connect(lambda index: self.choose_row(index.row()))
        self.results_note = QLabel()
        self.results_note.setStyleSheet(style.text(style.HINT))

        self.person_label = QLabel()
        self.person_label.setWordWrap(True)
        self.person_label.setMinimumHeight(48)
        self.person_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.chooser = StallChooser()
        self.chooser.issue_requested.connect(self.issue_tickets)
        self.chooser.back_requested.connect(self.back_to_search)
        self.chooser.typed_elsewhere.connect(self._type_into_search)
        self.chooser.refused.connect(self._stall_refused)
        self.chooser.priority_changed.connect(self._priority_changed)
        self.issue_button = QPushButton(self.tr("Issue tickets (Enter)"))
        self.issue_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.issue_button.setMinimumHeight(40)
        self.issue_button.clicked.connect(self.issue_tickets)
        self.report_label = QLabel()
        self.report_label.setWordWrap(True)
        self.report_label.setTextFormat(Qt.TextFormat.RichText)
        self.report_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.report_label.setStyleSheet(
            f"background: {style.DESK_REPORT}; border-radius: 4px; padding: 6px;")
        # A long report (three tickets, a closing warning, a refusal) scrolls rather than
        # pushing the window past a 1366×697 maximised laptop window, which never shrinks back.
        self.report_area = FittingScrollArea(self.report_label, min_height=REPORT_MIN_HEIGHT)
        self.report_area.setVisible(False)

        top = QHBoxLayout()
        top.addWidget(self.market_label, 1)
        top.addWidget(self.new_button)
        left = QVBoxLayout()
        left.addWidget(self.search_edit)
        left.addWidget(self.table, 1)
        left.addWidget(self.results_note)
        right = QVBoxLayout()
        right.addWidget(self.person_label)
        right.addWidget(self.chooser, 1)
        right.addWidget(self.issue_button)
        right.addWidget(self.report_area)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 1)
        column = QVBoxLayout(desk)
        column.addLayout(top)
        column.addLayout(body, 1)
        return desk

    # ----------------------------------------------------------------------- market

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        # A pending search for a page nobody sees would only touch the database late
        # (after a test, or a window being closed, had closed it).
        self._timer.stop()
        super().hideEvent(event)

    def on_shown(self) -> None:
        if not self._just_loaded:
            self.reload_market()
        self._just_loaded = False
        if self.market is not None:
            self.search_edit.setFocus()

    def reload_market(self) -> None:
        self.desk_warning.refresh()
        previous = self.market
        self.market = self.session.market()
        if previous is not None and (self.market is None or self.market.id != previous.id):
            self._forget_person()  # what was said and chosen belonged to the day before
        if self.market is None:
            self.no_market.refresh()
            self.stack.setCurrentIndex(0)
            self.no_market.focus_next_step()
            return
        self.stack.setCurrentIndex(1)
        today = date.today().isoformat()
        text = self.tr("{village} service market · {date}").format(
            village=self.market.village, date=self.market.date)
        if self.market.date != today:
            text += "  " + self.tr("(not today's date)")
        self.market_label.setText(text)
        self.show_stalls()

    def open_market(self) -> bool:
        return self.no_market.open_market()

    def _market_opened(self) -> None:
        self.reload_market()
        self.search_edit.setFocus()

    def _forget_person(self) -> None:
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self._previous_text = ""
        self.model.set_rows([])
        self.results_note.clear()
        self.person = None
        self.person_label.clear()
        self.chooser.reset_priority()
        self.last_report = None
        self._report_is_error = False
        self.report_label.clear()
        self.report_area.setVisible(False)

    # ----------------------------------------------------------------------- search

    def _typed(self, text: str) -> None:
        # A new search: the last person's red message no longer applies.
        new_search = self.person is not None or not self._previous_text
        self._previous_text = text
        if new_search:
            self.clear_error()
        if self.person is not None:
            dropped = self.person.name if self.chooser.checked_stall_ids() else ""
            self.clear_person()
            if dropped and text:
                self.report(self.tr("No tickets for {name}: the ticked stalls were cleared "
                                    "for the new search. Choose {name} again to issue "
                                    "them.").format(name=dropped), error=True)
        self._timer.start()

    def run_search(self) -> None:
        self._timer.stop()
        text = self.search_edit.text().strip()
        matches = search(self.db, text, RESULT_LIMIT) if text else []
        people = [m.villager for m in matches]
        held = (tickets_held_today(self.db, self.market.id, [p.id for p in people])
                if self.market else {})
        self.model.set_rows([(p, held.get(p.id, [])) for p in people])
        if people:
            self.table.selectRow(0)
            self.results_note.setText(self.tr("Enter chooses the highlighted person."))
        elif text:
            self.results_note.setText(self.tr("Nobody found. Ctrl+N registers a new villager."))
        else:
            self.results_note.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self._move(-1 if key == Qt.Key.Key_Up else 1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.choose_current()
                return True
            if key == Qt.Key.Key_Escape:
                self.search_edit.clear()
                self.run_search()
                return True
        return super().eventFilter(watched, event)

    def _move(self, step: int) -> None:
        if self._timer.isActive():
            self.run_search()
        count = self.model.rowCount()
        if not count:
            return
        row = self.current_row()
        self.table.selectRow(min(max(row + step, 0), count - 1))

    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else 0

    def choose_current(self) -> None:
        if self._timer.isActive():
            self.run_search()  # Enter before the pause ended: search now, then choose
        if self.model.rowCount():
            self.choose_row(self.current_row())

    def choose_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.choose_person(self.model.villager(row))

    def choose_person(self, person: Villager) -> None:
        self.person = person
        self._refusal = ""
        self.chooser.reset_priority()
        self.chooser.clear_ticks()
        self.show_person()
        self.show_stalls()
        self.chooser.setFocus()

    def clear_person(self) -> None:
        self.person = None
        self.person_label.clear()
        self.chooser.reset_priority()
        self.show_stalls()

    def back_to_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _type_into_search(self, text: str) -> None:
        self.search_edit.setFocus()
        self.search_edit.setText(text)

    def show_person(self) -> None:
        person = self.person
        if person is None:
            self.person_label.clear()
            return
        bits = [f"<b style='font-size:15pt'>{person.name}</b>"]
        age = person.age_on(date.today())
        if age is not None:
            bits.append(self.tr("{age} years").format(age=age))
        if person.village:
            bits.append(person.village)
        if person.id_number:
            bits.append(mask_id(person.id_number))
        flags = [gettext(CARE_FLAG_NAMES[f]) for f in person.care_flags()]
        if flags:
            bits.append(style.span("、".join(flags), style.ATTENTION))
        held = (tickets_held_today(self.db, self.market.id, [person.id])[person.id]
                if self.market else [])
        if held:
            bits.append(self.tr("today: {labels}").format(labels=held_text(held)))
        self.person_label.setText(" · ".join(bits))

    # ----------------------------------------------------------------------- stalls

    def show_stalls(self) -> None:
        if self.market is None:
            return
        if self.person is None:
            zh = current_language() == "zh"
            board = board_snapshot(self.db, self.market.id)
            lines = [StallLine(b.stall_id, b.letter, b.name_zh if zh else b.name_en,
                               b.waiting, b.wait_minutes) for b in board.stalls]
            self.offers = []
            self.chooser.set_lines(lines, enabled=False)
            self.chooser.show_decided(None, None)
            return
        priority, reason = self.chooser.chosen_priority()
        self.offers = stall_offers(self.db, self.market.stalls, self.person.id,
                                   priority=priority, reason=reason)
        self.chooser.set_lines([self._line(o) for o in self.offers], enabled=True)
        decided = next((o.preview for o in self.offers if o.preview), None)
        if decided is not None:
            self.chooser.show_decided(decided.priority, decided.priority_reason)
        else:
            self.chooser.show_decided(None, None)

    def _line(self, offer: StallOffer) -> StallLine:
        stall = offer.stall
        name = stall.name_zh if current_language() == "zh" else stall.name_en
        if offer.preview is None:
            error = offer.refusal
            detail = error.message() if error else ""
            short = (self.tr("already holds {label}").format(label=error.params["label"])
                     if error is not None and error.code == "already_queued" else detail)
            return StallLine(stall.id, stall.letter, name, 0, 0.0, refusal=short,
                             refusal_detail=detail)
        p = offer.preview
        return StallLine(stall.id, stall.letter, name, p.waiting, p.estimate.wait_minutes,
                         p.closing_warning, stall.closes_at, ahead=p.estimate.position,
                         closing_passed=p.estimate.closing_passed)

    def _priority_changed(self) -> None:
        if self.person is not None:
            self.show_stalls()
            self.chooser.setFocus()

    def _queue_changed(self) -> None:
        if self.market is not None and self.isVisible():
            self.show_stalls()

    # ----------------------------------------------------------------------- issuing

    def issue_tickets(self) -> DeskReport | None:
        from marketapp.ui.registration.issue import issue_and_print

        if self.market is None or self.person is None:
            self.report(self.tr("Choose a person first."), error=True)
            return None
        stall_ids = self.chooser.checked_stall_ids()
        if not stall_ids:
            self.report(self._refusal or self.tr("Tick at least one stall: press its number."),
                        error=True)
            return None
        person = self.person
        priority, reason = self.chooser.chosen_priority()
        result = issue_and_print(self.session, self.market, person, stall_ids, priority, reason)
        self.last_report = result
        self.report(result.html(self.market, person))
        status = result.status_text()
        if status:
            self.show_status(status)
        if result.batch.issued:
            self.search_edit.clear()
            self.run_search()
            self.search_edit.setFocus()
        else:
            self.person = get_villager(self.db, person.id)
            self.show_person()
            self.show_stalls()
        return result

    def report(self, html: str, error: bool = False) -> None:
        if error:
            html = style.span(html, style.ERROR)
        self._report_is_error = error
        self.report_label.setText(html)
        self.report_area.setVisible(True)

    def clear_error(self) -> None:
        if self._report_is_error:
            self._report_is_error = False
            self.report_label.clear()
            self.report_area.setVisible(False)

    def _stall_refused(self, why: str) -> None:
        self._refusal = why
        self.report(why, error=True)

    def show_status(self, text: str) -> None:
        self.status_message = text
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 20000)

    # ----------------------------------------------------------------------- new villager

    def new_villager(self) -> None:
        if self.market is None:
            return
        from marketapp.ui.villagers.dialog import VillagerDialog

        dialog = VillagerDialog(self.session, None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # The ID, phone or name typed into the search, found nobody: not typed twice.
        for field_name, value in new_villager_fields(self.search_edit.text()).items():
            dialog.edits[field_name].setText(value)
        accepted = dialog.exec() == VillagerDialog.DialogCode.Accepted
        self.activateWindow()
        if not accepted:
            self.search_edit.setFocus()
            return
        person = dialog.saved_villager or dialog.chosen_existing
        if person is None:
            return
        held = tickets_held_today(self.db, self.market.id, [person.id])
        self.search_edit.blockSignals(True)
        self.search_edit.setText(person.name)
        self.search_edit.blockSignals(False)
        self._timer.stop()
        self.model.set_rows([(person, held[person.id])])
        self.results_note.clear()  # "Nobody found" was about the search before she was saved
        self.choose_row(0)
        QTimer.singleShot(0, self.chooser.setFocus)  # after the dialog gave the focus back

