"""Issue 13 item 4: with sign-in on, every write a signed-in person makes records who made
it — queue events, the visit, the request — from the queues page and the stall desk."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_ui_stall_core import open_day, queue_people

from marketapp.core.queue.visits import visit_for_ticket
from marketapp.core.requests.records import requests_of_villager
from marketapp.ui.queues.page import QueuesPage
from marketapp.ui.shell.session import Session
from marketapp.ui.stall.page import StallPage

WHO = "周登记员"


@pytest.fixture
def signed_in(qtbot, zh_app, db, db_path):
    day = open_day(db)
    session = Session(db, db_path)
    session.operator = WHO  # as ui.shell.app sets it after sign-in
    return day, session


def _show(qtbot, page):
    qtbot.addWidget(page)
    page.resize(1200, 650)
    page.show()
    qtbot.waitExposed(page)


def operators(db) -> set[str]:
    return {row[0] for row in db.execute("SELECT operator FROM queue_events "
                                         "WHERE action <> 'issue'")}


def test_the_stall_desk_records_the_signed_in_operator(qtbot, signed_in, db, monkeypatch):
    day, session = signed_in
    health = day.stalls[1]
    tickets = queue_people(db, health.id, ("王秀英",))
    page = StallPage(session)
    _show(qtbot, page)
    page.choose_stall(health.id, 1)
    qtbot.mouseClick(page.call_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    page.form.set_values({"systolic": "120", "diastolic": "80"})
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    assert operators(db) == {WHO}
    assert visit_for_ticket(db, tickets[0].id).staff == WHO

    def accept(dialog):
        dialog.text.setPlainText("两周后复查")
        dialog.save()
        return dialog.request is not None

    monkeypatch.setattr(page, "exec_dialog", accept)
    page.raise_request()
    assert [r.raised_by for r in requests_of_villager(db, tickets[0].villager_id)] == [WHO]
    page.close()


def test_the_queues_page_records_the_signed_in_operator(qtbot, signed_in, db, monkeypatch):
    day, session = signed_in
    hair = day.stalls[0]
    queue_people(db, hair.id, ("王秀英", "李建国"))
    page = QueuesPage(session)
    _show(qtbot, page)
    page.choose_stall(hair.id)
    page.call_next()
    page.recall()
    page.no_show()
    page.back_to_line()
    monkeypatch.setattr(page, "confirm_undo", lambda preview: True)
    page.undo()
    actions = {row[0] for row in db.execute("SELECT action FROM queue_events")}
    assert actions == {"issue", "call", "recall", "no_show", "return", "undo"}
    assert operators(db) == {WHO}
    undone = db.execute("SELECT operator FROM queue_events WHERE action = 'undo'").fetchone()
    assert undone == (WHO,)
    page.close()
