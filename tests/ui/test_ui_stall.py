"""Stall desk: call next, arrived, recall, no-show, the outcome form checked as you type,
rating, a request, and Done through visits.finish — by keyboard and mouse."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_stall_core import open_day, queue_people
from ui_helpers import type_text

from marketapp.core.queue.tickets import get_ticket
from marketapp.core.queue.visits import visit_for_ticket
from marketapp.core.requests.records import requests_of_villager
from marketapp.ui.shell.session import Session
from marketapp.ui.stall.page import StallPage


@pytest.fixture
def desk(qtbot, zh_app, db, db_path):
    day = open_day(db)
    health = day.stalls[1]
    tickets = queue_people(db, health.id, ("王秀英", "李建国", "张福根"))
    session = Session(db, db_path)
    page = StallPage(session)
    qtbot.addWidget(page)
    page.resize(1200, 650)
    page.show()
    qtbot.waitExposed(page)
    page.choose_stall(health.id, 1)
    yield page, session, tickets
    page.close()


def visit_count(db) -> int:
    return db.execute("SELECT COUNT(*) FROM visits").fetchone()[0]


def test_call_start_and_done_with_an_outcome_by_keyboard(qtbot, desk, db):
    page, session, tickets = desk
    assert not page.done_button.isEnabled()
    with qtbot.waitSignal(session.events.queue_changed):
        qtbot.keyClick(page, Qt.Key.Key_F9)
    assert get_ticket(db, tickets[0].id).status == "called"
    assert page.card.name_label.text() == "王秀英"
    assert page.card.chart.isVisible()  # health check: the blood-pressure chart
    qtbot.keyClick(page, Qt.Key.Key_F10)
    assert get_ticket(db, tickets[0].id).status == "serving"
    type_text(qtbot, page.form.editors["systolic"], "150")
    type_text(qtbot, page.form.editors["diastolic"], "95")
    qtbot.mouseClick(page.rating_buttons["satisfied"], Qt.MouseButton.LeftButton)
    type_text(qtbot, page.notes_edit, "多喝水")
    qtbot.keyClick(page.notes_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    visit = visit_for_ticket(db, tickets[0].id)
    assert visit is not None
    assert visit.outcome["systolic"] == 150 and visit.outcome["diastolic"] == 95
    assert "high_bp" in visit.flags
    assert visit.rating == "satisfied" and visit.notes == "多喝水"
    assert visit.rated_by == "staff"  # at the desk, staff record it for her
    assert get_ticket(db, tickets[0].id).status == "done"
    # cleared and ready for the next villager
    assert page.form.editors["systolic"].text() == "" and page.rating() is None
    assert page.call_button.isEnabled()
    assert "已办结" in page.message.text()


def test_after_call_and_start_the_keys_go_into_the_first_reading(qtbot, desk, db):
    page, session, tickets = desk
    page.stall_combo.setFocus()  # where the stall was chosen
    qtbot.keyClick(page, Qt.Key.Key_F9)
    assert QApplication.focusWidget() is page.form.editors["systolic"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F10)
    assert get_ticket(db, tickets[0].id).status == "serving"
    focused = QApplication.focusWidget()
    qtbot.keyClicks(focused, "145k")  # a letter must not switch the desk to another stall
    assert page.form.editors["systolic"].text() == "145k"
    assert page.stall.id == tickets[0].stall_id


def test_range_problem_is_shown_next_to_the_field_and_nothing_is_written(qtbot, desk, db):
    page, _session, tickets = desk
    qtbot.mouseClick(page.call_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    type_text(qtbot, page.form.editors["systolic"], "300")
    # as you type: the range problem under the field; the untouched required field is quiet
    assert "60–260" in page.form.error_text("systolic")
    assert page.form.error_text("diastolic") == ""
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    assert visit_count(db) == 0
    assert get_ticket(db, tickets[0].id).status == "serving"
    assert "60–260" in page.form.error_text("systolic")
    assert "舒张压" in page.form.error_text("diastolic")  # required, now that Done was pressed
    assert page.message.kind == "refused"
    page.form.editors["systolic"].clear()
    type_text(qtbot, page.form.editors["systolic"], "128")
    assert page.form.error_text("systolic") == ""


def test_a_refused_reading_gets_the_cursor_with_its_text_selected(qtbot, desk, db):
    page, _session, tickets = desk
    qtbot.keyClick(page, Qt.Key.Key_F9)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F10)
    type_text(qtbot, page.form.editors["systolic"], "300")
    type_text(qtbot, page.form.editors["diastolic"], "95")
    qtbot.keyClick(page.form.editors["diastolic"], Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    assert visit_count(db) == 0 and "60–260" in page.message.text()
    systolic = page.form.editors["systolic"]
    assert QApplication.focusWidget() is systolic and systolic.selectedText() == "300"
    qtbot.keyClicks(systolic, "130")  # types over the wrong value
    qtbot.keyClick(systolic, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert visit_for_ticket(db, tickets[0].id).outcome["systolic"] == 130


def test_done_before_arrived_says_the_missing_step_and_keeps_what_was_typed(qtbot, desk, db):
    page, _session, tickets = desk
    qtbot.keyClick(page, Qt.Key.Key_F9)
    type_text(qtbot, page.form.editors["systolic"], "128")
    qtbot.keyClick(page.form.editors["systolic"], Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    assert visit_count(db) == 0 and get_ticket(db, tickets[0].id).status == "called"
    assert page.message.kind == "refused"
    assert "已到" in page.message.text() and "F10" in page.message.text()
    assert page.form.editors["systolic"].text() == "128"


def test_recall_and_no_show_with_the_mouse(qtbot, desk, db):
    page, _session, tickets = desk
    qtbot.mouseClick(page.call_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.recall_button, Qt.MouseButton.LeftButton)
    assert get_ticket(db, tickets[0].id).recalls == 1
    qtbot.mouseClick(page.no_show_button, Qt.MouseButton.LeftButton)
    assert get_ticket(db, tickets[0].id).status == "no_show"
    assert page.card.ticket_label.text() == "—"
    qtbot.keyClick(page, Qt.Key.Key_F9)
    assert get_ticket(db, tickets[1].id).status == "called"
    qtbot.keyClick(page, Qt.Key.Key_F9)  # someone is still at the counter: refused calmly
    assert get_ticket(db, tickets[2].id).status == "waiting"
    assert page.message.kind == "refused"
    # Ctrl+N is "new villager" at the registration desk: here it must not mark anyone.
    systolic = page.form.editors["systolic"]
    qtbot.keyClick(systolic, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert get_ticket(db, tickets[1].id).status == "called"
    qtbot.keyClick(systolic, Qt.Key.Key_F11)
    assert get_ticket(db, tickets[1].id).status == "no_show"
    assert "F11" in page.no_show_button.text()


def test_rating_and_fee_are_stored(qtbot, desk, db):
    page, _session, tickets = desk
    qtbot.keyClick(page, Qt.Key.Key_F9)
    qtbot.keyClick(page, Qt.Key.Key_F10)
    page.form.set_values({"systolic": "120", "diastolic": "80"})
    qtbot.mouseClick(page.rating_buttons["very_dissatisfied"], Qt.MouseButton.LeftButton)
    type_text(qtbot, page.fee_edit, "abc")
    assert page.fee_error.isVisibleTo(page)
    page.fee_edit.clear()
    type_text(qtbot, page.fee_edit, "5")
    assert page.fee_error.text() == ""  # gone; its line stays
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    visit = visit_for_ticket(db, tickets[0].id)
    assert visit.rating == "very_dissatisfied" and visit.fee_cents == 500


def test_the_five_levels_by_keys_one_to_five_and_zero_skips(qtbot, desk, db):
    page, _session, tickets = desk
    assert [b.text() for b in page.rating_buttons.values()] == [
        "5 非常满意", "4 满意", "3 基本满意", "2 不满意", "1 非常不满意"]
    qtbot.keyClick(page, Qt.Key.Key_F9)
    qtbot.keyClick(page, Qt.Key.Key_F10)
    type_text(qtbot, page.form.editors["systolic"], "124")  # digits in a field stay there
    assert page.form.editors["systolic"].text() == "124" and page.rating() is None
    page.done_button.setFocus()
    qtbot.keyClick(page.done_button, Qt.Key.Key_4)
    assert page.rating() == "satisfied"
    qtbot.keyClick(page.done_button, Qt.Key.Key_1)
    assert page.rating() == "very_dissatisfied"
    qtbot.keyClick(page.done_button, Qt.Key.Key_0)  # skipped: rating is voluntary
    assert page.rating() is None
    qtbot.keyClick(page.done_button, Qt.Key.Key_3)
    page.form.set_values({"systolic": "124", "diastolic": "80"})
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    assert visit_for_ticket(db, tickets[0].id).rating == "basically_satisfied"


def test_raise_a_request_for_the_villager_at_the_counter(qtbot, desk, db, monkeypatch):
    page, _session, tickets = desk
    qtbot.keyClick(page, Qt.Key.Key_F9)

    def fill_and_accept(dialog):
        assert dialog.category.currentData() == "health_referral"
        type_text(qtbot, dialog.text, "血压偏高，请卫生院回访")
        dialog.unit.setText("乡镇卫生院")
        dialog.save()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(page, "exec_dialog", fill_and_accept)
    qtbot.mouseClick(page.request_button, Qt.MouseButton.LeftButton)
    found = requests_of_villager(db, tickets[0].villager_id)
    assert len(found) == 1
    assert found[0].category == "health_referral" and found[0].unit == "乡镇卫生院"
    assert found[0].text == "血压偏高，请卫生院回访" and found[0].due_date
    assert "王秀英" in page.message.text()


def test_an_empty_request_stays_in_the_dialog_with_the_reason(qtbot, desk, db):
    from marketapp.ui.stall.request import RaiseRequestDialog

    page, _session, tickets = desk
    dialog = RaiseRequestDialog(db, villager_id=tickets[0].villager_id, villager_name="王秀英",
                                raised_by="刘医生", market_day_id=page.market_day_id)
    qtbot.addWidget(dialog)
    dialog.save()
    assert dialog.request is None and dialog.error.text()
    assert requests_of_villager(db, tickets[0].villager_id) == []
    type_text(qtbot, dialog.text, "屋顶漏雨")
    assert dialog.error.text() == ""  # the reason goes as soon as it is being fixed


def test_problems_come_and_go_under_the_fields_and_nothing_moves(qtbot, desk):
    page, _session, _tickets = desk
    qtbot.keyClick(page, Qt.Key.Key_F9)
    qtbot.keyClick(page, Qt.Key.Key_F10)
    watched = [*page.form.editors.values(), page.notes_edit, page.fee_edit, page.done_button]

    def places():
        return [w.mapTo(page, w.rect().topLeft()) for w in watched]

    before = places()
    type_text(qtbot, page.form.editors["systolic"], "300")
    type_text(qtbot, page.fee_edit, "abc")
    assert page.form.error_text("systolic") and page.fee_error.text()
    assert places() == before
    page.form.editors["systolic"].clear()
    type_text(qtbot, page.form.editors["systolic"], "130")
    assert page.form.error_text("systolic") == "" and places() == before


def test_history_and_chart_show_earlier_readings(qtbot, desk, db):
    page, _session, tickets = desk
    qtbot.keyClick(page, Qt.Key.Key_F9)
    qtbot.keyClick(page, Qt.Key.Key_F10)
    page.form.set_values({"systolic": "150", "diastolic": "95"})
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    # the same villager again at this desk (a second ticket after finishing)
    from marketapp.core.queue import engine as queue

    again = queue.issue(db, page.stall.id, tickets[0].villager_id).ticket
    queue.call(db, again.id, counter=1)
    page.refresh()
    assert page.card.chart.points and page.card.chart.points[-1][1:] == (150, 95)
    assert "150/95" in page.card.history_list.item(0).text()


@pytest.mark.parametrize(("priority", "reason", "shown", "not_shown"), [
    ("urgent", "staff", "紧急号", "优先号"),
    ("priority", "disabled", "优先号", "紧急号"),
])
def test_the_card_names_an_urgent_ticket_urgent(qtbot, desk, db, priority, reason, shown,
                                                not_shown):
    from ui_helpers import add_person

    from marketapp.core.queue import engine as queue

    page, session, _tickets = desk
    person = add_person(db, "赵桂花", seq=30, male=False)
    ticket = queue.issue(db, page.stall.id, person.id, priority=priority, reason=reason).ticket
    with qtbot.waitSignal(session.events.queue_changed):
        qtbot.keyClick(page, Qt.Key.Key_F9)  # urgent and priority tickets are called first
    assert get_ticket(db, ticket.id).status == "called"
    details = page.card.details_label.text()
    assert shown in details and not_shown not in details


def test_another_stall_sees_neither_the_health_visit_nor_its_readings(qtbot, desk, db):
    """Issue 13 item 3: the barber does not read "健康检查：150/95 mmHg"."""
    page, _session, tickets = desk
    qtbot.keyClick(page, Qt.Key.Key_F9)
    qtbot.keyClick(page, Qt.Key.Key_F10)
    page.form.set_values({"systolic": "150", "diastolic": "95"})
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    from marketapp.core.queue import engine as queue

    hair = next(s for s in page.session.market().stalls if s.service_code == "haircut")
    cut = queue.issue(db, hair.id, tickets[0].villager_id).ticket
    queue.call(db, cut.id, counter=1)
    page.choose_stall(hair.id, 1)
    shown = [page.card.history_list.item(i).text() for i in range(page.card.history_list.count())]
    assert shown == ["第一次来本摊位"]
    assert not page.card.chart.isVisible()


def test_the_stall_is_chosen_by_keyboard_f12_its_letter_enter(qtbot, desk):
    from PySide6.QtWidgets import QApplication

    page, _session, _tickets = desk
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page.window())
    page.on_shown()
    assert page.focusWidget() is page.call_button  # F9 or Enter: call the next one
    qtbot.keyClick(page, Qt.Key.Key_F12)
    popup = page.stall_combo.view()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, "A")  # the haircut stall's letter
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert page.stall.letter == "A" and not popup.isVisible()
    assert page.focusWidget() is page.call_button  # not left on the list
    qtbot.keyClick(page, Qt.Key.Key_F12)
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)  # or the arrows
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert page.stall.letter == "B"
    qtbot.keyClick(page.call_button, Qt.Key.Key_Return)  # Enter calls the next one
    assert page.ticket is not None and page.ticket.label == "B001"
    assert page.focusWidget() is page.form.editors["systolic"]


def test_call_next_is_refused_by_core_when_a_phone_called_to_this_counter_meanwhile(
        qtbot, desk, db):
    """The desk's view is a moment old: the rule is checked in core, with the call."""
    from marketapp.core.queue import engine as queue

    page, _session, tickets = desk
    assert page.ticket is None and page.call_button.isEnabled()
    phone_call = queue.call_next_to_counter(db, page.stall.id, counter=1)  # not announced
    qtbot.keyClick(page, Qt.Key.Key_F9)
    assert page.message.kind == "refused"
    assert f"{phone_call.label} 仍在本窗口" in page.message.text()
    assert get_ticket(db, tickets[1].id).status == "waiting"
