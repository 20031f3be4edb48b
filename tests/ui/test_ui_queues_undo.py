"""Undo on the queues page says what it takes back: a "done" (its recorded outcome would be
deleted) and older steps are shown and must be confirmed; a call just made is one key."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from test_ui_stall_core import open_day, queue_people

from marketapp.core import clock
from marketapp.core.queue import engine as queue
from marketapp.core.queue import visits
from marketapp.core.queue.tickets import get_ticket
from marketapp.ui.queues.page import QueuesPage
from marketapp.ui.shell.session import Session


@pytest.fixture
def page(qtbot, zh_app, db, db_path):
    page = QueuesPage(Session(db, db_path))
    qtbot.addWidget(page)
    page.resize(1200, 650)
    page.show()
    qtbot.waitExposed(page)
    yield page
    page.close()


def ctrl_z(qtbot, page):
    page.line_view.setFocus()
    qtbot.keyClick(page.line_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def finished_health_check(db, minutes_ago: float = 1):
    day = open_day(db)
    health = day.stalls[1]
    [ticket] = queue_people(db, health.id, names=["王秀英"])
    then = clock.now() - timedelta(minutes=minutes_ago)
    queue.start(db, queue.call(db, ticket.id, at=then - timedelta(minutes=5)).id,
                at=then - timedelta(minutes=5))
    visits.finish(db, ticket.id, {"systolic": 165, "diastolic": 101}, rating="中", at=then)
    return health, ticket


def asked(page, monkeypatch, answer: bool) -> list:
    shown = []

    def confirm(preview):
        shown.append(preview)
        return answer
    monkeypatch.setattr(page, "confirm_undo", confirm)
    return shown


def test_undoing_a_done_shows_the_visit_it_deletes_and_keeps_it_when_declined(
        qtbot, page, db, monkeypatch):
    health, ticket = finished_health_check(db)
    page.reload()
    page.choose_stall(health.id)
    shown = asked(page, monkeypatch, answer=False)
    ctrl_z(qtbot, page)
    [preview] = shown
    assert (preview.label, preview.action) == ("B001", "done")
    assert visits.visit_for_ticket(db, ticket.id) is not None  # declined: nothing changed
    assert get_ticket(db, ticket.id).status == "done"
    assert page.message.text() == "没有撤销任何操作。"

    shown = asked(page, monkeypatch, answer=True)
    ctrl_z(qtbot, page)
    assert visits.visit_for_ticket(db, ticket.id) is None
    assert get_ticket(db, ticket.id).status == "serving"
    assert page.message.text() == "已撤销 B001 的『办结』：已记录的服务结果已删除，B001 回到“办理中”。"


def test_the_confirmation_says_ticket_step_time_and_values(qtbot, page, db):
    from marketapp.core.queue.undo import describe_undo
    from marketapp.ui.queues.undo_text import what_it_undoes

    health, _ticket = finished_health_check(db, minutes_ago=62)
    text = what_it_undoes(describe_undo(db, health.id))
    assert text.startswith("撤销 B001 的『办结』（")
    assert "1 小时 2 分钟前" in text
    assert text.endswith("：将删除已记录的服务结果（血压 165/101，评价 基本满意），B001 回到“办理中”。")


def test_enter_in_the_real_confirmation_keeps_the_visit(qtbot, page, db):
    health, ticket = finished_health_check(db)
    page.reload()
    page.choose_stall(health.id)
    seen = {}

    def press_enter():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press_enter)
            return
        seen["text"] = box.text()
        seen["default"] = box.defaultButton().text()
        qtbot.keyClick(box, Qt.Key.Key_Return)
    QTimer.singleShot(20, press_enter)
    ctrl_z(qtbot, page)
    assert "血压 165/101" in seen["text"] and seen["default"] == "不撤销"
    assert visits.visit_for_ticket(db, ticket.id) is not None


def test_a_call_just_made_is_undone_with_one_key(qtbot, page, db, monkeypatch):
    day = open_day(db)
    tickets = queue_people(db, day.stalls[0].id)
    page.reload()
    page.choose_stall(day.stalls[0].id)
    shown = asked(page, monkeypatch, answer=False)
    page.line_view.setFocus()
    qtbot.keyClick(page.line_view, Qt.Key.Key_Space)
    ctrl_z(qtbot, page)
    assert shown == []
    assert get_ticket(db, tickets[0].id).status == "waiting"
    assert page.message.text() == "已撤销 A001 的『叫号』：A001 回到“等候中”。"


def test_an_older_step_at_a_quiet_stall_asks_first(qtbot, page, db, monkeypatch):
    """Nobody waiting, the last step a call 20 minutes ago: Ctrl+Z says so and asks."""
    day = open_day(db)
    [ticket] = queue_people(db, day.stalls[0].id, names=["王秀英"])
    queue.call(db, ticket.id, at=clock.now() - timedelta(minutes=20))
    page.reload()
    page.choose_stall(day.stalls[0].id)
    shown = asked(page, monkeypatch, answer=False)
    ctrl_z(qtbot, page)
    [preview] = shown
    assert preview.action == "call" and preview.minutes_ago >= 20
    assert get_ticket(db, ticket.id).status == "called"


def test_the_undo_tooltip_states_the_rule(page):
    tip = page.actions_by_key["undo"].toolTip()
    assert "Ctrl+Z" in tip and "3 分钟" in tip and "办结" in tip
