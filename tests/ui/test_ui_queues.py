"""Queues page: the board of all stalls, one stall's list, and every action by key and mouse."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_ui_stall_core import open_day, queue_people
from ui_helpers import add_person

from marketapp.core.queue import engine as queue
from marketapp.core.queue.tickets import get_ticket
from marketapp.ui.queues.page import QueuesPage
from marketapp.ui.shell.session import Session


@pytest.fixture
def setup(qtbot, zh_app, db, db_path):
    day = open_day(db)
    hair, health = day.stalls[0], day.stalls[1]
    tickets = queue_people(db, hair.id)
    session = Session(db, db_path)
    page = QueuesPage(session)
    qtbot.addWidget(page)
    page.resize(1200, 650)
    page.show()
    qtbot.waitExposed(page)
    page.choose_stall(hair.id)
    page.line_view.setFocus()
    yield page, session, hair, health, tickets
    page.close()


def labels(page):
    return [page.line_model.line_row(r).ticket.label for r in range(page.line_model.rowCount())]


def test_board_shows_every_stall_with_waiting_counts(setup):
    page, _session, _hair, _health, _tickets = setup
    model = page.board_model
    assert model.rowCount() == 3
    assert model.index(0, 0).data() == "A  理发"
    assert model.index(0, 3).data() == "5"
    assert model.index(1, 3).data() == "0"
    assert labels(page) == ["A001", "A002", "A003", "A004", "A005"]
    assert page.line_model.index(0, 2).data() == "王秀英"  # staff screen: full name
    assert page.line_model.index(0, 0).data() == "1"


def test_call_recall_no_show_back_by_keyboard(qtbot, setup, db):
    page, session, _hair, _health, tickets = setup
    with qtbot.waitSignal(session.events.queue_changed):
        qtbot.keyClick(page.line_view, Qt.Key.Key_Space)
    assert get_ticket(db, tickets[0].id).status == "called"
    assert page.selected_ticket_id() == tickets[0].id
    assert page.board_model.index(0, 1).data() == "A001"
    assert "A001" in page.message.text()

    qtbot.keyClick(page.line_view, Qt.Key.Key_R)
    assert get_ticket(db, tickets[0].id).recalls == 1
    qtbot.keyClick(page.line_view, Qt.Key.Key_N)
    assert get_ticket(db, tickets[0].id).status == "no_show"
    qtbot.keyClick(page.line_view, Qt.Key.Key_B)
    assert get_ticket(db, tickets[0].id).status == "waiting"
    qtbot.keyClick(page.line_view, Qt.Key.Key_F9)  # F9 calls next too
    assert get_ticket(db, tickets[1].id).status == "called"
    qtbot.keyClick(page.line_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert get_ticket(db, tickets[1].id).status == "waiting"


def test_call_next_goes_to_a_free_counter_and_not_past_the_last(qtbot, setup, db):
    page, _session, _hair, _health, tickets = setup  # two counters at the stall
    for _ in range(3):
        qtbot.keyClick(page.line_view, Qt.Key.Key_Space)
    first, second, third = (get_ticket(db, t.id) for t in tickets[:3])
    assert (first.status, first.counter) == ("called", 1)
    assert (second.status, second.counter) == ("called", 2)  # counter 1 was still busy
    assert third.status == "waiting"  # both counters busy: nobody sent to a busy one
    assert page.message.kind == "refused" and "窗口" in page.message.text()


def test_mouse_buttons_and_a_calm_refusal(qtbot, setup, db):
    page, _session, _hair, _health, tickets = setup
    from PySide6.QtWidgets import QToolButton

    buttons = {b.objectName(): b for b in page.findChildren(QToolButton)}
    qtbot.mouseClick(buttons["button_call_next"], Qt.MouseButton.LeftButton)
    assert get_ticket(db, tickets[0].id).status == "called"
    page.select_ticket(tickets[2].id)  # a waiting ticket cannot be recalled
    qtbot.mouseClick(buttons["button_recall"], Qt.MouseButton.LeftButton)
    assert page.message.kind == "refused"
    assert "A003" in page.message.text() and "不能" in page.message.text()
    assert get_ticket(db, tickets[2].id).recalls == 0
    assert "R" in buttons["button_recall"].toolTip()
    assert "Space" in buttons["button_call_next"].toolTip() or "空格" in \
        buttons["button_call_next"].toolTip()
    priority = buttons["button_priority"]
    assert priority.isEnabled() and "P" in priority.toolTip()


def test_transfer_and_cancel(qtbot, setup, db, monkeypatch):
    page, _session, hair, health, tickets = setup
    page.select_ticket(tickets[1].id)
    monkeypatch.setattr(page, "choose_transfer_target", lambda ticket: health.id)
    qtbot.keyClick(page.line_view, Qt.Key.Key_T)
    assert get_ticket(db, tickets[1].id).status == "transferred"
    assert [t.label for t in queue.waiting_order(db, health.id)] == ["B001"]
    assert "B001" in page.message.text()
    assert page.board_model.index(1, 3).data() == "1"

    page.select_ticket(tickets[2].id)
    monkeypatch.setattr(page, "confirm_cancel", lambda ticket: True)
    qtbot.keyClick(page.line_view, Qt.Key.Key_Delete)
    assert get_ticket(db, tickets[2].id).status == "cancelled"
    assert "A003" not in labels(page)


def test_enter_on_the_cancel_question_keeps_the_villager_in_line(qtbot, setup, db):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    page, _session, _hair, _health, tickets = setup
    page.select_ticket(tickets[2].id)
    asked = []

    def press_enter():
        box = QApplication.activeModalWidget()
        asked.append(box.text() if isinstance(box, QMessageBox) else None)
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(300, press_enter)
    qtbot.keyClick(page.line_view, Qt.Key.Key_Delete)
    assert asked and "A003" in asked[0]
    assert get_ticket(db, tickets[2].id).status == "waiting"


def test_after_the_transfer_dialog_the_keys_work_again(qtbot, setup, db):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from marketapp.ui.queues.transfer import TransferDialog

    page, _session, _hair, health, tickets = setup
    page.select_ticket(tickets[1].id)

    def accept():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, TransferDialog)
        dialog.accept()  # the first other stall, B 健康检查

    QTimer.singleShot(0, accept)
    qtbot.keyClick(page.line_view, Qt.Key.Key_T)
    assert get_ticket(db, tickets[1].id).status == "transferred"
    page.activateWindow()  # what the window manager does when the dialog closes
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.line_view)
    qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert get_ticket(db, tickets[1].id).status == "waiting"  # the transfer undone
    assert queue.waiting_order(db, health.id) == []


def test_the_transfer_dialog_says_the_wait_in_minutes(qtbot, setup):
    from marketapp.ui.queues.transfer import TransferDialog

    page, _session, _hair, health, _tickets = setup
    board = next(b for b in page.snapshot.stalls if b.stall_id == health.id)
    dialog = TransferDialog("A002", [board])
    qtbot.addWidget(dialog)
    assert dialog.list.item(0).text() == "B  健康检查：0 人等候，约 0 分钟"  # not "约 — 分钟"


def test_context_menu_lists_the_actions_with_their_keys(qtbot, setup):
    page, *_ = setup
    rect = page.line_view.visualRect(page.line_model.index(1, 1))
    page._context_menu(rect.center())
    texts = [a.text() for a in page.context_menu.actions() if not a.isSeparator()]
    assert "叫下一位" in texts and "重呼" in texts and "过号" in texts
    shortcuts = [a.shortcut().toString() for a in page.context_menu.actions()
                 if not a.isSeparator()]
    assert "R" in shortcuts and "Ctrl+Z" in shortcuts
    assert page.selected_ticket_id() == page.line_model.line_row(1).ticket.id
    page.context_menu.close()


def test_refreshes_when_another_screen_changes_a_queue(qtbot, setup, db):
    page, session, hair, _health, tickets = setup
    queue.call_next(db, hair.id)
    session.events.queue_changed.emit()
    assert page.board_model.index(0, 1).data() == "A001"
    queue.issue(db, hair.id, add_person(db, "新来的", seq=40).id)
    qtbot.waitUntil(lambda: page.board_model.index(0, 3).data() == "5", timeout=3000)


def test_no_market_says_so(qtbot, zh_app, db, db_path):
    page = QueuesPage(Session(db, db_path))
    qtbot.addWidget(page)
    page.show()
    assert page.no_market.isVisible() and page.no_market.title.text() == "今天还没有开集"
    assert not page.board_view.isVisible()


def test_change_priority_with_p_moves_the_ticket_up(qtbot, setup, db, monkeypatch):
    page, _session, hair, _health, tickets = setup
    last = tickets[-1]
    page.select_ticket(last.id)
    monkeypatch.setattr(page, "choose_priority", lambda ticket: "urgent")
    qtbot.keyClick(page.line_view, Qt.Key.Key_P)
    assert get_ticket(db, last.id).priority == "urgent"
    assert queue.waiting_order(db, hair.id)[0].id == last.id
    assert last.label in page.message.text()
