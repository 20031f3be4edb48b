"""Reopen a market closed today by mistake: 集市 → 重新开集… (only while there is one), a
dialog that is the confirmation, and the open-market refusal that offers it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from ui_helpers import SCREEN, add_person, type_text

from marketapp.core.access import operators as ops
from marketapp.core.market.days import StallPlan, get_market_day, open_market_day
from marketapp.core.queue import engine as queue
from marketapp.core.queue.closing import close_market_day
from marketapp.ui.market_day.open_dialog import OpenMarketDialog
from marketapp.ui.market_day.reopen_dialog import ReopenMarketDialog
from marketapp.ui.shell.main_window import MainWindow
from marketapp.ui.shell.session import Session


@pytest.fixture
def closed_day(db):
    """Today's market at 花园村, closed by mistake with A001 served and A002, A003 waiting."""
    day = open_market_day(db, date.today(), "花园村", [StallPlan("haircut", ("王师傅",))])
    stall = day.stalls[0].id
    tickets = [queue.issue(db, stall, add_person(db, name, seq=n).id).ticket
               for n, name in enumerate(("王秀英", "李建国", "张福根"), start=1)]
    queue.call(db, tickets[0].id)
    queue.start(db, tickets[0].id)
    close_market_day(db, day.id, reason="误点收市")
    return day, tickets


def open_village_again(qtbot, session, village):
    dialog = OpenMarketDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.village, village)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    return dialog


def statuses(db, tickets):
    return [queue.get_ticket(db, t.id).status for t in tickets]


@pytest.fixture
def window(qtbot, zh_app, db, db_path):
    window = MainWindow(Session(db, db_path))
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    window.show()
    yield window
    window.close()


def test_the_menu_offers_reopening_only_while_a_day_closed_today(qtbot, db, db_path, window):
    day = open_market_day(db, date.today(), "花园村", [StallPlan("haircut")])
    window.update_market_menu()
    texts = [a.text() for a in window.market_menu.actions()]
    assert "重新开集…" in texts
    assert not window.reopen_market_action.isEnabled()  # open, nothing to reopen
    close_market_day(db, day.id)
    window.session.events.market_changed.emit()
    assert window.reopen_market_action.isEnabled()


def test_reopening_from_the_menu_puts_the_people_back_in_line(qtbot, db, window, closed_day):
    day, tickets = closed_day
    window.update_market_menu()
    window.reopen_market_action.trigger()
    dialog = window.reopen_dialog
    assert "花园村" in dialog.day_label.text() and day.date in dialog.day_label.text()
    assert "误点收市" in dialog.closed_label.text()
    assert dialog.back_in_line.isChecked() and "2" in dialog.back_in_line.text()
    assert not dialog.choice.isVisible()  # one day closed today: nothing to choose
    with qtbot.waitSignal(window.session.events.market_changed):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert get_market_day(db, day.id).status == "open"
    assert statuses(db, tickets) == ["serving", "waiting", "waiting"]
    assert window.session.market().id == day.id
    assert not window.reopen_market_action.isEnabled()


def test_cancel_reopens_nothing_and_unticking_leaves_the_tickets_closed(
        qtbot, db, db_path, zh_app, closed_day):
    day, tickets = closed_day
    session = Session(db, db_path)
    dialog = ReopenMarketDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()
    assert get_market_day(db, day.id).status == "closed"
    dialog = ReopenMarketDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.back_in_line.setChecked(False)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert get_market_day(db, day.id).status == "open"
    assert statuses(db, tickets) == ["serving", "not_served", "not_served"]


def test_a_stall_operator_is_told_no_and_nothing_changes(qtbot, db, db_path, zh_app,
                                                         closed_day):
    day, tickets = closed_day
    ops.add_operator(db, "管理员", "admin", "1234")
    ops.add_operator(db, "李强", "stall", "4321")
    ops.set_signin_enabled(db, True)
    session = Session(db, db_path)
    session.sign_in_as("李强")
    dialog = ReopenMarketDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.isVisible() and "无权" in dialog.error.text()
    assert get_market_day(db, day.id).status == "closed"


def test_opening_the_same_village_again_offers_to_reopen(qtbot, db, db_path, zh_app,
                                                        closed_day):
    day, tickets = closed_day
    session = Session(db, db_path)
    dialog = open_village_again(qtbot, session, "花园村")
    assert "已收市" in dialog.error.text() and "集市 → 重新开集…" in dialog.error.text()
    assert dialog.next_step.isVisible() and dialog.next_step.text() == "重新开集…"

    def confirm():
        reopen = QApplication.activeModalWidget()
        if not isinstance(reopen, ReopenMarketDialog):
            QTimer.singleShot(20, confirm)
            return
        reopen.ok_button.click()
    QTimer.singleShot(20, confirm)
    qtbot.mouseClick(dialog.next_step, Qt.MouseButton.LeftButton)
    assert dialog.result() == OpenMarketDialog.DialogCode.Accepted
    assert dialog.opened.id == day.id and dialog.opened.status == "open"
    assert statuses(db, tickets)[1:] == ["waiting", "waiting"]


def test_an_open_day_of_that_village_is_offered_to_carry_on_with(qtbot, db, db_path,
                                                                 zh_app):
    day = open_market_day(db, date.today(), "花园村", [StallPlan("haircut")])
    session = Session(db, db_path)
    dialog = open_village_again(qtbot, session, "花园村")
    assert "正在进行" in dialog.error.text()
    assert dialog.next_step.text() == "使用这场集市"
    with qtbot.waitSignal(session.events.market_changed):
        qtbot.mouseClick(dialog.next_step, Qt.MouseButton.LeftButton)
    assert dialog.result() == OpenMarketDialog.DialogCode.Accepted
    assert dialog.opened.id == day.id


def test_a_plain_close_is_not_given_a_reason_of_close(qtbot, db, window):
    day = open_market_day(db, date.today(), "花园村", [StallPlan("haircut")])
    close_market_day(db, day.id, reason="")
    window.update_market_menu()
    window.reopen_market_action.trigger()
    text = window.reopen_dialog.closed_label.text()
    assert text.startswith("该集市已于 ") and "原因" not in text
    window.reopen_dialog.close()
