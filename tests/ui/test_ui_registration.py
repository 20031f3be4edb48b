"""Registration desk: find a returning villager and queue her with the keyboard (keys
counted), register a new one through the villager dialog, number keys, the closing-time
warning, a refused stall, slips saved as PDF when there is no printer."""

from __future__ import annotations

from datetime import date

import pytest
from idgen import make_id
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from ui_helpers import add_person, copied_data_file, type_text

from marketapp.core.market.days import StallPlan, open_market_day
from marketapp.core.queue.engine import issue, villager_tickets
from marketapp.core.settings import set_setting
from marketapp.ui.registration.model import COL_AGE, COL_ID, COL_NAME, COL_TODAY
from marketapp.ui.registration.page import RegistrationPage
from marketapp.ui.shell.session import Session
from marketapp.ui.villagers.dialog import VillagerDialog

MAX_KEYS = 8


@pytest.fixture
def market(db):
    return open_market_day(db, date.today(), "花园村", [
        StallPlan("haircut", ("王师傅",), 1, "00:00"),  # every wait runs past 00:00
        StallPlan("health_check", ("李医生",), 2, None),
        StallPlan("appliance_repair", (), 1, None),
    ])


@pytest.fixture
def people(db):
    return {
        "wang": add_person(db, "王秀英", "花园村", seq=2, male=False, birth="19400101",
                           living_alone=True),
        "wang2": add_person(db, "王建国", "石门村", seq=3),
        "li": add_person(db, "李福根", "石门村", seq=4),
    }


@pytest.fixture
def page(qtbot, zh_app, session, market, people):
    widget = RegistrationPage(session)
    qtbot.addWidget(widget)
    widget.resize(1200, 680)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget.search_edit)
    return widget


class Keyboard:
    """Presses keys where the focus is, like a person at the desk, and counts them."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def press(self, *keys) -> None:
        for key in keys:
            target = QApplication.focusWidget()
            assert target is not None
            if isinstance(key, str):
                self.qtbot.keyClick(target, key)
            else:
                self.qtbot.keyClick(target, key)
            self.count += 1


def test_results_follow_the_typing_as_soon_as_the_desk_is_free(qtbot, page, people):
    type_text(qtbot, page.search_edit, "王")
    assert page.model.rowCount() == 0  # keys still waiting in line are typed first
    QApplication.processEvents()  # the desk is free: the search runs, no pause added
    assert page.model.rowCount() == 2
    names = {page.model.index(r, COL_NAME).data() for r in range(2)}
    assert names == {"王秀英", "王建国"}
    row = next(r for r in range(2) if page.model.villager(r).name == "王秀英")
    assert page.model.index(row, COL_ID).data().endswith(people["wang"].id_number[-4:])
    assert "*" in page.model.index(row, COL_ID).data()
    assert int(page.model.index(row, COL_AGE).data()) >= 80


def test_returning_villager_queued_at_one_stall_in_at_most_8_keys(qtbot, page, people, db,
                                                                   market):
    keys = Keyboard(qtbot)
    tail = people["wang"].id_number[-4:]
    keys.press(*tail)
    keys.press(Qt.Key.Key_Return)  # choose (searches at once if the pause has not ended)
    assert page.person is not None and page.person.id == people["wang"].id
    keys.press("1")
    keys.press(Qt.Key.Key_Return)
    held = villager_tickets(db, people["wang"].id, market.id)
    assert [t.label for t in held] == ["A001"]
    assert held[0].priority == "priority"  # aged 80+: decided by the rules
    assert keys.count <= MAX_KEYS
    assert keys.count == 7
    # Ready for the next person: empty search field with the focus.
    assert page.search_edit.text() == ""
    assert QApplication.focusWidget() is page.search_edit


def test_pinyin_initials_arrow_keys_and_esc(qtbot, page, people, db, market):
    keys = Keyboard(qtbot)
    keys.press("w", "j", "g")  # 王建国
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    keys.press(Qt.Key.Key_Escape)
    assert page.search_edit.text() == "" and page.model.rowCount() == 0
    keys.press("w")
    qtbot.waitUntil(lambda: page.model.rowCount() >= 2)
    second = page.model.villager(1)
    keys.press(Qt.Key.Key_Down, Qt.Key.Key_Return)
    assert page.person.id == second.id
    keys.press("2", Qt.Key.Key_Return)
    assert [t.label for t in villager_tickets(db, second.id, market.id)] == ["B001"]
    assert "B001" in page.report_label.text()


def test_number_keys_toggle_stalls(qtbot, page, people):
    keys = Keyboard(qtbot)
    keys.press(*people["li"].id_number[-4:], Qt.Key.Key_Return)
    chooser = page.chooser
    assert chooser.hasFocus()
    keys.press("1", "3")
    assert [b.isChecked() for b in chooser.boxes] == [True, False, True]
    keys.press("1", "9")  # 9: no such stall, nothing happens
    assert [b.isChecked() for b in chooser.boxes] == [False, False, True]
    assert chooser.checked_stall_ids() == [page.market.stalls[2].id]
    keys.press(Qt.Key.Key_Escape)
    assert page.search_edit.hasFocus()


def test_a_priority_villager_sees_her_own_place_not_the_lines_length(qtbot, page, people,
                                                                      db, market):
    haircut = market.stalls[0]
    for person in (people["wang2"], people["li"]):  # born 1950: normal tickets
        issue(db, haircut.id, person.id)
    Keyboard(qtbot).press(*people["wang"].id_number[-4:], Qt.Key.Key_Return)  # aged 86
    assert page.chooser.infos[0].text().startswith("前面 0 人（共 2 人等候）")
    assert page.chooser.infos[1].text().startswith("0 人等候")  # nobody to pass: as before


def test_the_tenth_stall_has_the_0_key(qtbot, zh_app):
    from marketapp.ui.registration.stall_chooser import StallChooser, StallLine

    chooser = StallChooser()
    qtbot.addWidget(chooser)
    letters = "ABCDEFGHJK"
    chooser.set_lines([StallLine(f"s{n}", letter, f"摊位{n}", 0, 0.0)
                       for n, letter in enumerate(letters, start=1)], enabled=True)
    assert chooser.boxes[9].text().startswith("0  K")  # the key is shown on the line
    chooser.setFocus()
    qtbot.keyClick(chooser, Qt.Key.Key_0)
    qtbot.keyClick(chooser, Qt.Key.Key_1)
    assert chooser.checked_stall_ids() == ["s1", "s10"]


def test_closing_time_warning_shows_for_the_stall_that_runs_past_closing(qtbot, page, people):
    Keyboard(qtbot).press(*people["li"].id_number[-4:], Qt.Key.Key_Return)
    chooser = page.chooser
    shown = [w.isVisibleTo(chooser) for w in chooser.warnings]
    assert shown == [True, False, False]
    assert "00:00" in chooser.warnings[0].text() and "收摊" in chooser.warnings[0].text()


def test_after_the_closing_time_the_warning_says_so_and_never_no_turn(qtbot, page, people):
    """The stall closed at 00:00 and nobody waits: "about 0 min" beside "may not get a turn"
    was a contradiction; the desk, its report and the slip say the closing time passed."""
    from marketapp.ui.registration.ticket_slip import slip_for, slip_texts

    Keyboard(qtbot).press(*people["li"].id_number[-4:], Qt.Key.Key_Return)
    chooser = page.chooser
    assert chooser.warnings[0].text() == "⚠ 收摊时间 00:00 已过"
    assert "约 0 分钟" in chooser.infos[0].text()
    Keyboard(qtbot).press("1", Qt.Key.Key_Return)
    report = page.report_label.text()
    assert "已过收摊时间" in report and "轮不到" not in report
    issued = page.last_report.batch.issued[0]
    texts = dict(slip_texts(slip_for(issued, page.market, "李福根")))
    assert texts["warning"] == "已过收摊时间 00:00，请问工作人员"
    assert texts["wait"] == "前面 0 人 · 约 0 分钟"


def test_a_refused_stall_says_why_and_the_others_are_issued(qtbot, page, people, db, market):
    keys = Keyboard(qtbot)
    li = people["li"]
    keys.press(*li.id_number[-4:], Qt.Key.Key_Return, "1", "2")
    # Meanwhile a second desk queues him at the haircut stall.
    issue(db, market.stalls[0].id, li.id)
    keys.press(Qt.Key.Key_Return)
    held = villager_tickets(db, li.id, market.id)
    assert sorted(t.label for t in held) == ["A001", "B001"]  # no second haircut ticket
    report = page.report_label.text()
    assert "B001" in report
    assert "已在理发排队（A001）" in report and "未取号" in report
    assert [t.ticket.label for t in page.last_report.batch.issued] == ["B001"]


def test_a_stall_already_held_is_shown_and_cannot_be_ticked(qtbot, page, people, db, market):
    li = people["li"]
    issue(db, market.stalls[0].id, li.id)
    keys = Keyboard(qtbot)
    keys.press(*li.id_number[-4:])
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.index(0, COL_TODAY).data() == "A001"
    keys.press(Qt.Key.Key_Return, "1")
    assert not page.chooser.boxes[0].isEnabled() and not page.chooser.boxes[0].isChecked()
    assert "A001" in page.chooser.infos[0].text()
    assert "A001" in page.report_label.text()  # the key said at once why nothing was ticked
    keys.press(Qt.Key.Key_Return)
    # Nothing ticked because the only stall pressed is already held: says so, not "tick one".
    assert "A001" in page.report_label.text() and "至少" not in page.report_label.text()
    assert len(villager_tickets(db, li.id, market.id)) == 1
    keys.press(Qt.Key.Key_Escape, Qt.Key.Key_Return)  # chosen afresh, nothing pressed yet
    keys.press(Qt.Key.Key_Return)
    assert "至少" in page.report_label.text()  # says what to do


def test_urgent_priority_with_a_reason(qtbot, page, people, db, market):
    li = people["li"]
    Keyboard(qtbot).press(*li.id_number[-4:], Qt.Key.Key_Return)
    assert "普通" in page.chooser.priority_label.text()
    page.chooser.priority_combo.setCurrentIndex(page.chooser.priority_combo.findData("urgent"))
    assert page.chooser.reason_combo.isVisible()
    assert "紧急" in page.chooser.priority_label.text()
    assert page.chooser.hasFocus()
    Keyboard(qtbot).press("3", Qt.Key.Key_Return)
    [ticket] = villager_tickets(db, li.id, market.id)
    assert (ticket.priority, ticket.priority_reason) == ("urgent", "staff")


def test_slips_saved_as_pdf_without_a_printer_and_said_so(qtbot, page, people, db_path):
    Keyboard(qtbot).press(*people["li"].id_number[-4:], Qt.Key.Key_Return, "1", "2",
                          Qt.Key.Key_Return)
    pdf = page.last_report.slips.pdf
    assert pdf is not None and pdf.exists() and pdf.parent == db_path.parent / "slips"
    assert str(pdf) in page.status_message and "打印机" in page.status_message
    # and beside the numbers, plainly: the villager must not walk off with nothing
    report = page.report_label.text()
    assert "没有打印机：号票没有打印出来。请把 A001、B001 写在纸上交给村民。" in report
    assert str(pdf) in report


def test_a_slip_that_could_not_be_printed_or_saved_is_said_beside_the_ticket(
        qtbot, page, people, monkeypatch):
    from marketapp.ui.registration import issue
    from marketapp.ui.registration.ticket_slip import SlipOutput

    monkeypatch.setattr(issue, "print_slips", lambda *args: SlipOutput(failed=True))
    Keyboard(qtbot).press(*people["li"].id_number[-4:], Qt.Key.Key_Return, "2",
                          Qt.Key.Key_Return)
    assert "号票没能打印，也没能保存：号票没有打印出来。请把 B001 写在纸上" in \
        page.report_label.text()


def test_no_slip_when_the_paper_setting_is_none(qtbot, page, people, db, db_path):
    set_setting(db, "ticket_paper", "none")
    Keyboard(qtbot).press(*people["li"].id_number[-4:], Qt.Key.Key_Return, "1",
                          Qt.Key.Key_Return)
    assert page.last_report.batch.issued and page.last_report.slips.pdf is None
    assert not (db_path.parent / "slips").exists()
    assert "纸上" not in page.report_label.text()  # no slip wanted: nothing to say


def test_new_villager_through_the_dialog_then_queued(qtbot, page, db, market):
    seen = []

    def fill_and_save():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, VillagerDialog)
        seen.append(dialog.edits["name"].text())
        seen.append(dialog.village.currentText())  # the host village, unless changed
        from idgen import make_id

        type_text(qtbot, dialog.edits["id_number"], make_id(birth="19380512", seq=40))
        assert dialog.edits["birth_date"].text() == "1938-05-12"  # filled from the ID
        dialog.buttons.accepted.emit()

    type_text(qtbot, page.search_edit, "赵")
    qtbot.waitUntil(lambda: "Ctrl+N" in page.results_note.text())
    QTimer.singleShot(0, fill_and_save)
    qtbot.keyClick(page.search_edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen == ["赵", "花园村"]  # the Chinese typed but not found starts the name
    assert page.person is not None and page.person.name == "赵"
    assert page.person.village == "花园村"  # the report counts her in a village
    assert "没有找到" not in page.results_note.text()  # she is found now
    qtbot.waitUntil(lambda: page.focusWidget() is page.chooser)
    page.activateWindow()  # what the window manager does when the dialog closes
    qtbot.waitUntil(page.chooser.hasFocus)
    Keyboard(qtbot).press("2", Qt.Key.Key_Return)
    [ticket] = villager_tickets(db, page.last_report.batch.issued[0].ticket.villager_id,
                                market.id)
    assert ticket.label == "B001"


def test_a_copied_data_file_warns_of_its_desk_until_one_is_chosen(qtbot, zh_app, tmp_path,
                                                                   db_path):
    from marketapp.core.settings import get_setting
    from marketapp.store.database import open_database

    copy_path = copied_data_file(db_path, tmp_path)
    copy = open_database(copy_path)
    widget = RegistrationPage(Session(copy, copy_path))
    qtbot.addWidget(widget)
    widget.show()
    warning = widget.desk_warning
    assert warning.isVisible()
    assert "复制来的" in warning.text.text() and "第 1 台（共 1 台）" in warning.text.text()
    warning.slot.setValue(2)
    warning.count.setValue(2)
    qtbot.mouseClick(warning.choose, Qt.MouseButton.LeftButton)
    assert not warning.isVisible()
    assert (get_setting(copy, "desk_slot"), get_setting(copy, "desk_count")) == (2, 2)
    copy.close()


def test_the_original_data_file_shows_no_desk_warning(page):
    assert not page.desk_warning.isVisible()


def test_a_digit_that_is_no_stall_keeps_the_person_and_the_ticks(qtbot, page, people):
    keys = Keyboard(qtbot)
    li = people["li"]
    keys.press(*li.id_number[-4:], Qt.Key.Key_Return, "2")
    keys.press("0", "7")  # three stalls: neither is one (0 is the tenth)
    assert page.person is not None and page.person.id == li.id
    assert page.chooser.checked_stall_ids() == [page.market.stalls[1].id]
    assert page.chooser.hasFocus() and page.search_edit.text() == li.id_number[-4:]


def test_a_letter_starts_the_next_search_and_says_the_ticks_were_dropped(qtbot, page, people,
                                                                        db, market):
    keys = Keyboard(qtbot)
    li = people["li"]
    keys.press(*li.id_number[-4:], Qt.Key.Key_Return, "2")
    assert "字母即查找下一位" in page.chooser.hint.text()  # the help says what a letter does
    keys.press("w")  # the registrar moved on to 王… without pressing Enter
    assert page.search_edit.hasFocus() and page.search_edit.text() == "w"
    assert page.person is None
    report = page.report_label.text()
    assert "李福根" in report and "勾选" in report  # says whose ticks were dropped
    keys.press("j")  # typing on in the same search keeps the message
    assert "李福根" in page.report_label.text()
    assert villager_tickets(db, li.id, market.id) == []


def test_the_last_red_message_goes_when_the_next_search_starts(qtbot, page, people):
    keys = Keyboard(qtbot)
    keys.press(*people["li"].id_number[-4:], Qt.Key.Key_Return, Qt.Key.Key_Return)
    assert "至少" in page.report_label.text() and page.report_area.isVisible()
    keys.press(Qt.Key.Key_Escape, "w")
    assert not page.report_area.isVisible()


def test_a_successful_report_stays_while_the_next_person_is_searched(qtbot, page, people):
    keys = Keyboard(qtbot)
    keys.press(*people["li"].id_number[-4:], Qt.Key.Key_Return, "3", Qt.Key.Key_Return)
    assert "D001" in page.report_label.text()
    keys.press("w")
    assert page.report_area.isVisible() and "D001" in page.report_label.text()


@pytest.mark.parametrize(("typed", "field_name"), [
    (make_id(birth="19380512", seq=40), "id_number"), ("13857512345", "phone"),
    ("赵福根", "name")])
def test_what_was_typed_in_the_search_fills_the_new_villager_form(qtbot, page, typed,
                                                                 field_name):
    """An unknown ID searched, then Ctrl+N: the 18 digits are not typed again."""
    seen = {}

    def look_and_cancel():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, VillagerDialog)
        seen.update({name: edit.text() for name, edit in dialog.edits.items() if edit.text()})
        dialog.reject()

    type_text(qtbot, page.search_edit, typed)
    qtbot.waitUntil(lambda: "Ctrl+N" in page.results_note.text())
    QTimer.singleShot(0, look_and_cancel)
    qtbot.keyClick(page.search_edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen[field_name] == typed
    if field_name == "id_number":  # and what the ID says follows from it
        assert seen["birth_date"] == "1938-05-12"


def test_keys_that_arrive_together_are_one_search_of_the_final_text(qtbot, page, people,
                                                                   monkeypatch):
    """Typed faster than the search (keys queued while the UI thread searched): the keys
    are all typed, then one search — not one per key."""
    from PySide6.QtGui import QKeyEvent

    searched = []
    real = page.run_search

    def counted():
        searched.append(page.search_edit.text())
        real()

    page._timer.timeout.disconnect()
    page._timer.timeout.connect(counted)
    tail = people["li"].id_number[-4:]
    for char in tail:
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.postEvent(page.search_edit, QKeyEvent(
                kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert searched == [tail]
    assert page.model.villager(0).name == "李福根"
