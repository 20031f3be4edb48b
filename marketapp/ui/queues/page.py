"""Queues (排队): every stall at a glance, then one stall's list and what staff do with it.

The board refreshes every second (``board_snapshot`` is cheap) and whenever another screen
changed a queue (``session.events.queue_changed``). Each action is one call into
``core.queue.engine``; refusals are said calmly on the message line. Keyboard: Space/F9 call next,
R call again, N no-show, B back to the line, T transfer, Del cancel, Ctrl+Z undo.

Undo first asks core what it would take back (``describe_undo``); a "done" (its recorded
outcome is deleted) or a step a few minutes old is shown and must be confirmed, a call just
made is undone at once; either way the message line says which step of which ticket went.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from marketapp.core.queue import engine as queue
from marketapp.core.queue.tickets import Ticket
from marketapp.core.queue.undo import UndoPreview, describe_undo
from marketapp.core.screens.board import StallBoard, board_snapshot, free_counter
from marketapp.core.screens.stall_desk import stall_line
from marketapp.ui.market_day.no_market import NoMarketPanel
from marketapp.ui.queues.board_model import (
    COL_STALL,
    STALL_ID_ROLE,
    BoardModel,
    BoardView,
    stall_name,
)
from marketapp.ui.queues.feedback import MessageLine
from marketapp.ui.queues.model import COL_NAME, QueueModel
from marketapp.ui.queues.transfer import TransferDialog
from marketapp.ui.queues.undo_text import ask_to_undo, undo_tooltip, what_was_undone
from marketapp.ui.shell.actions import Done, act, if_any
from marketapp.ui.shell.session import Change, Session
from marketapp.ui.widgets import style

REFRESH_MS = 1000


class QueuesPage(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.db = session.db
        self.market_day_id: str | None = None
        self.stall_id: str | None = None
        self.snapshot = None

        self.title = QLabel(self.tr("Queues"))
        font = self.title.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.title.setFont(font)
        self.market_label = QLabel()
        self.market_label.setStyleSheet(style.text(style.HINT))

        self.board_model = BoardModel(self)
        self.board_view = self._table(self.board_model, BoardView())
        self.board_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.board_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_STALL, QHeaderView.ResizeMode.Stretch)
        self.board_view.selectionModel().currentRowChanged.connect(self._board_row_changed)

        self.stall_label = QLabel()
        bold = self.stall_label.font()
        bold.setBold(True)
        bold.setPointSize(bold.pointSize() + 2)
        self.stall_label.setFont(bold)
        self.counter_spin = QSpinBox()
        self.counter_spin.setRange(1, 50)
        self.counter_spin.setPrefix(self.tr("Counter "))
        self.counter_spin.setToolTip(self.tr("The counter that \"Call next\" calls to"))

        self.line_model = QueueModel(self)
        self.line_view = self._table(self.line_model)
        header = self.line_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.line_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.line_view.customContextMenuRequested.connect(self._context_menu)
        self.line_view.doubleClicked.connect(lambda _i: self.recall())

        self.message = MessageLine()
        self.no_market = NoMarketPanel(session)

        self.actions_by_key: dict[str, QAction] = {}
        buttons = self._build_actions()
        self.buttons_box = QWidget()
        self.buttons_box.setLayout(buttons)

        self.devices_button = QPushButton(self.tr("Stall &devices…"))
        self.devices_button.setToolTip(self.tr("Pair stall phones and displays (QR codes); "
                                               "the paired devices"))
        self.devices_button.clicked.connect(self.open_devices)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addSpacing(16)
        head.addWidget(self.market_label, 1)
        head.addWidget(self.devices_button)
        line_head = QHBoxLayout()
        line_head.addWidget(self.stall_label, 1)
        line_head.addWidget(self.counter_spin)
        column = QVBoxLayout(self)
        column.addLayout(head)
        column.addWidget(self.no_market, 1)
        column.addWidget(self.board_view)  # as tall as its stalls need (BoardView)
        column.addLayout(line_head)
        column.addWidget(self.line_view, 1)
        column.addWidget(self.buttons_box)
        column.addWidget(self.message)

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        session.events.queue_changed.connect(self.refresh)
        session.events.market_changed.connect(self.reload)
        self.reload()

    # ------------------------------------------------------------------ building

    def _table(self, model, view: QTableView | None = None) -> QTableView:
        view = view or QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        view.setTabKeyNavigation(False)
        return view

    def _build_actions(self) -> QHBoxLayout:
        specs = [
            ("call_next", self.tr("Call next"), ["Space", "F9"], self.call_next),
            ("recall", self.tr("Call again"), ["R"], self.recall),
            ("no_show", self.tr("No-show"), ["N"], self.no_show),
            ("back", self.tr("Back to line"), ["B"], self.back_to_line),
            ("transfer", self.tr("Transfer…"), ["T"], self.transfer),
            ("cancel", self.tr("Cancel ticket"), ["Del"], self.cancel),
            ("undo", self.tr("Undo"), ["Ctrl+Z"], self.undo),
            ("priority", self.tr("Priority…"), ["P"], self.change_priority),
        ]
        row = QHBoxLayout()
        for key, text, keys, slot in specs:
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shown = ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText)
                              for k in keys)
            action.setToolTip(undo_tooltip(shown) if key == "undo" else f"{text} ({shown})")
            action.triggered.connect(slot)
            self.addAction(action)
            self.actions_by_key[key] = action
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(40)
            button.setStyleSheet("QToolButton { padding: 4px 12px; font-size: 12pt; }")
            button.setObjectName(f"button_{key}")
            row.addWidget(button)
        row.itemAt(0).widget().setStyleSheet(
            "QToolButton { padding: 4px 18px; font-size: 13pt; font-weight: bold;"
            f" background: {style.GO}; color: {style.WHITE}; border-radius: 4px; }}")
        row.addStretch(1)
        return row

    def _context_menu(self, pos: QPoint) -> None:
        index = self.line_view.indexAt(pos)
        if index.isValid():
            self.line_view.selectRow(index.row())
        menu = QMenu(self)
        for key in ("call_next", "recall", "no_show", "back", "transfer", "cancel", "undo",
                    "priority"):
            if key in ("transfer", "undo", "priority"):
                menu.addSeparator()
            menu.addAction(self.actions_by_key[key])
        menu.popup(self.line_view.viewport().mapToGlobal(pos))
        self.context_menu = menu

    def open_devices(self):
        """设置 → 摊位设备 as a dialog: pair a stall's phone without leaving the queues."""
        from marketapp.ui.devices.panel import open_devices_dialog

        self.devices_dialog = open_devices_dialog(self.session, self)
        return self.devices_dialog

    # ------------------------------------------------------------------ refreshing

    def on_shown(self) -> None:
        self.reload()
        if self.market_day_id is None:  # the hidden line cannot take the keys
            self.no_market.focus_next_step()
        else:
            self.line_view.setFocus()

    def reload(self) -> None:
        day = self.session.market()
        if (day.id if day else None) != self.market_day_id:
            self.message.say("")  # what was said belonged to the day before
        self.market_day_id = day.id if day else None
        self.market_label.setText(f"{day.date}  {day.village}" if day else "")
        has_day = day is not None
        if not has_day:
            self.no_market.refresh()
        self.no_market.setVisible(not has_day)
        for widget in (self.board_view, self.line_view, self.counter_spin, self.stall_label):
            widget.setVisible(has_day)
        self.buttons_box.setVisible(has_day)
        for action in self.actions_by_key.values():
            action.setEnabled(has_day)
        if day and (self.stall_id is None or day.stalls and
                    self.stall_id not in {s.id for s in day.stalls}):
            self.stall_id = day.stalls[0].id if day.stalls else None
        if not day:
            self.stall_id = None
        self.refresh()

    def _tick(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        if self.market_day_id is None:
            self.board_model.set_snapshot(None)
            self.line_model.set_rows([])
            return
        self.snapshot = board_snapshot(self.db, self.market_day_id)
        self.board_model.set_snapshot(self.snapshot)
        self._select_board_row()
        self._refresh_line()

    def _select_board_row(self) -> None:
        row = self.board_model.row_of(self.stall_id) if self.stall_id else None
        if row is None:
            return
        selection = self.board_view.selectionModel()
        if selection.currentIndex().row() != row:
            selection.setCurrentIndex(
                self.board_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)

    def _board_row_changed(self, current, _previous) -> None:
        if not current.isValid():
            return
        stall_id = self.board_model.data(current, STALL_ID_ROLE)
        if stall_id != self.stall_id:
            self.stall_id = stall_id
            self._refresh_line()

    def _refresh_line(self) -> None:
        board = self.current_board()
        if board is None:
            self.line_model.set_rows([])
            self.stall_label.setText("")
            return
        self.stall_label.setText(self.tr("{letter}  {stall}: {waiting} waiting").format(
            letter=board.letter, stall=stall_name(board), waiting=board.waiting))
        self.counter_spin.setMaximum(max(1, board.counters))
        chosen = self.selected_ticket_id()
        rows = stall_line(self.db, board.stall_id)
        if [r.ticket.id for r in rows] == [r.ticket.id for r in self.line_model._rows] \
                and rows == self.line_model._rows:
            return
        self.line_model.set_rows(rows)
        if chosen:
            self.select_ticket(chosen)

    def current_board(self) -> StallBoard | None:
        if not self.snapshot or not self.stall_id:
            return None
        return next((b for b in self.snapshot.stalls if b.stall_id == self.stall_id), None)

    def choose_stall(self, stall_id: str) -> None:
        self.stall_id = stall_id
        self.refresh()

    # ------------------------------------------------------------------ selection

    def selected_ticket_id(self) -> str | None:
        rows = self.line_view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.line_model.line_row(rows[0].row()).ticket.id

    def select_ticket(self, ticket_id: str) -> None:
        row = self.line_model.row_of(ticket_id)
        if row is not None:
            self.line_view.selectRow(row)

    def _selected(self) -> Ticket | None:
        ticket_id = self.selected_ticket_id()
        if ticket_id is None:
            self.message.refused(self.tr("Choose a ticket in the list first."))
            return None
        row = self.line_model.row_of(ticket_id)
        return self.line_model.line_row(row).ticket if row is not None else None

    # ------------------------------------------------------------------ actions

    def _act(self, run, changes=Change.QUEUE) -> Done:
        return act(self.session, run, changes, refused=self.message.show_refusal,
                   failed=self.message.show_failure)

    def _done(self, text: str, select: str | None = None) -> None:
        self.message.ok(text)
        self.refresh()
        if select:
            self.select_ticket(select)

    def call_next(self) -> None:
        board = self.current_board()
        if not self.stall_id or board is None:
            return
        counter = free_counter(board, self.counter_spin.value())
        if counter is None:
            self.message.refused(self.tr(
                "Every counter of this stall has somebody: finish one, or mark them "
                "“No-show”, first."))
            return
        self.counter_spin.setValue(counter)
        ok, ticket = self._act(
            lambda s: queue.call_next(s.db, self.stall_id, counter=counter,
                                      operator=s.operator), if_any(Change.QUEUE))
        if not ok:
            return
        if ticket is None:
            self.message.refused(self.tr("Nobody is waiting who can be called now."))
            return
        self._done(self.tr("{label} called to counter {counter}.").format(
            label=ticket.label, counter=counter), ticket.id)

    def recall(self) -> None:
        ticket = self._selected()
        if ticket is None:
            return
        ok, _ = self._act(lambda s: queue.recall(s.db, ticket.id, operator=s.operator))
        if ok:
            self._done(self.tr("{label} called again.").format(label=ticket.label), ticket.id)

    def no_show(self) -> None:
        ticket = self._selected()
        if ticket is None:
            return
        ok, _ = self._act(lambda s: queue.no_show(s.db, ticket.id, operator=s.operator))
        if ok:
            self._done(self.tr("{label} marked as a no-show. If the villager comes back, "
                               "choose “Back to line”.").format(label=ticket.label), ticket.id)

    def back_to_line(self) -> None:
        ticket = self._selected()
        if ticket is None:
            return
        ok, _ = self._act(lambda s: queue.return_to_queue(s.db, ticket.id, operator=s.operator))
        if ok:
            self._done(self.tr("{label} is back in the line.").format(label=ticket.label),
                       ticket.id)

    def choose_transfer_target(self, ticket: Ticket) -> str | None:
        """Ask which stall (a dialog); tests replace this."""
        targets = [b for b in (self.snapshot.stalls if self.snapshot else ())
                   if b.stall_id != ticket.stall_id]
        dialog = TransferDialog(ticket.label, targets, self)
        if dialog.exec() != TransferDialog.DialogCode.Accepted:
            return None
        return dialog.chosen_stall_id()

    def transfer(self) -> None:
        ticket = self._selected()
        if ticket is None:
            return
        target = self.choose_transfer_target(ticket)
        if not target:
            return
        ok, new = self._act(lambda s: queue.transfer(s.db, ticket.id, target, operator=s.operator))
        if ok and new is not None:
            self._done(self.tr("{old} moved: the new ticket is {new}.").format(
                old=ticket.label, new=new.label))

    def confirm_cancel(self, ticket: Ticket) -> bool:
        """Ask before cancelling (tests replace this). No is the default: a habitual Enter
        must not take an elderly villager out of the line."""
        answer = QMessageBox.question(
            self, self.tr("Cancel ticket"),
            self.tr("Cancel {label}? The villager leaves this line.").format(label=ticket.label),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def choose_priority(self, ticket: Ticket) -> str | None:
        """Ask for the new class (tests replace this); None = keep it."""
        choices = {self.tr("Normal"): "normal", self.tr("Priority (staff decision)"): "priority",
                   self.tr("Urgent"): "urgent"}
        current = next((k for k, v in choices.items() if v == ticket.priority), None)
        names = list(choices)
        picked, ok = QInputDialog.getItem(
            self, self.tr("Priority"), self.tr("New priority for {label}:").format(
                label=ticket.label), names, names.index(current) if current else 0, False)
        return choices[picked] if ok else None

    def change_priority(self) -> None:
        ticket = self._selected()
        if ticket is None:
            return
        chosen = self.choose_priority(ticket)
        if chosen is None or chosen == ticket.priority:
            return
        ok, _ = self._act(
            lambda s: queue.change_priority(s.db, ticket.id, chosen, reason="staff",
                                          operator=s.operator))
        if ok:
            self._done(self.tr("{label}: priority changed. Ctrl+Z undoes it.").format(
                label=ticket.label), ticket.id)

    def cancel(self) -> None:
        ticket = self._selected()
        if ticket is None or not self.confirm_cancel(ticket):
            return
        ok, _ = self._act(lambda s: queue.cancel(s.db, ticket.id, operator=s.operator))
        if ok:
            self._done(self.tr("{label} cancelled. Ctrl+Z undoes it.").format(label=ticket.label))

    def confirm_undo(self, preview: UndoPreview) -> bool:
        """Ask before an undo that deletes a visit or takes back an older step (tests
        replace this)."""
        return ask_to_undo(self, preview)

    def undo(self) -> None:
        if not self.stall_id:
            return
        stall_id = self.stall_id
        ok, preview = self.message.attempt(lambda: describe_undo(self.db, stall_id))
        if not ok or preview is None:
            return
        if preview.needs_confirmation and not self.confirm_undo(preview):
            self.message.say(self.tr("Nothing was undone."))
            return
        ok, ticket = self._act(
            lambda s: queue.undo_last(s.db, stall_id, expect=preview.event_id,
                                      operator=s.operator))
        if ok and ticket is not None:
            self._done(what_was_undone(preview), ticket.id)
