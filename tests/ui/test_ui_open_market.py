"""Opening today's market: from the registration page's empty state, one dialog, one core
call; a new host village is fine; a refusal is shown in the dialog and opens nothing."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt, QTime, QTimer
from PySide6.QtWidgets import QApplication
from ui_helpers import type_text

from marketapp.core.market.days import open_market_days
from marketapp.core.people.villages import add_village
from marketapp.ui.market_day.open_dialog import OpenMarketDialog, split_staff
from marketapp.ui.registration.page import RegistrationPage


def morning() -> datetime:
    """Today at 08:00: nothing about the closing time is asked (the tests run at any hour)."""
    return datetime.combine(date.today(), datetime.min.time()).astimezone().replace(hour=8)


def test_staff_names_split_on_chinese_and_latin_separators():
    assert split_staff("王医生，李护士、 张师傅,  ") == ["王医生", "李护士", "张师傅"]


def test_dialog_opens_the_day_with_the_ticked_stalls(qtbot, zh_app, session, db):
    add_village(db, "花园村")
    dialog = OpenMarketDialog(session, now=morning())
    qtbot.addWidget(dialog)
    dialog.show()
    completions = dialog.village.completer().model()
    assert [completions.index(i, 0).data() for i in range(completions.rowCount())] == ["花园村"]
    type_text(qtbot, dialog.village, "石门村")  # a new village: created with the day
    assert all(row.check.isChecked() for row in dialog.rows)
    for row in dialog.rows[2:]:
        row.check.setChecked(False)
    assert not dialog.rows[2].staff.isEnabled()
    haircut = dialog.row("haircut")
    type_text(qtbot, haircut.staff, "王师傅，李师傅")
    haircut.counters.setValue(2)
    haircut.closes.setTime(QTime(11, 30))
    with qtbot.waitSignal(session.events.market_changed):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == OpenMarketDialog.DialogCode.Accepted
    [day] = open_market_days(db)
    assert (day.date, day.village) == (date.today().isoformat(), "石门村")
    assert [s.service_code for s in day.stalls] == ["haircut", "health_check"]
    first = day.stalls[0]
    assert (first.staff, first.counters, first.closes_at) == (("王师傅", "李师傅"), 2, "11:30")
    assert session.market().id == day.id


def test_enter_after_the_village_moves_on_to_the_stalls_and_opens_nothing(qtbot, zh_app,
                                                                           session, db):
    dialog = OpenMarketDialog(session, now=morning())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    type_text(qtbot, dialog.village, "花园村")
    qtbot.keyClick(dialog.village, Qt.Key.Key_Return)
    assert dialog.isVisible() and open_market_days(db) == []
    assert dialog.focusWidget() is dialog.rows[0].check
    dialog.village.setFocus()
    qtbot.keyClick(dialog.village, Qt.Key.Key_Tab)  # the closing time for every stall
    assert dialog.focusWidget() is dialog.closing
    qtbot.keyClick(dialog.closing, Qt.Key.Key_Tab)  # hours, then minutes (as any time field)
    qtbot.keyClick(dialog.closing, Qt.Key.Key_Tab)  # then no stop on the list's frame
    assert dialog.focusWidget() is dialog.rows[0].check


def test_refusals_are_shown_in_the_dialog_and_open_nothing(qtbot, zh_app, session, db):
    dialog = OpenMarketDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.village_error.isVisible() and "村" in dialog.village_error.text()
    type_text(qtbot, dialog.village, "花园村")
    for row in dialog.rows:
        row.check.setChecked(False)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible() and "服务项目" in dialog.error.text()
    assert dialog.isVisible() and open_market_days(db) == []


def test_page_without_a_market_offers_the_big_button_then_the_desk(qtbot, zh_app, session, db):
    page = RegistrationPage(session)
    qtbot.addWidget(page)
    page.resize(1200, 680)
    page.show()
    assert page.stack.currentIndex() == 0
    assert page.closed_title.text() == "今天还没有开集"

    def fill_and_accept():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, OpenMarketDialog)
        dialog.village.setText("花园村")
        dialog.open_day()

    QTimer.singleShot(0, fill_and_accept)
    page.open_button.setFocus()
    qtbot.keyClick(page.open_button, Qt.Key.Key_Return)  # Enter, not only Space or a click
    assert page.stack.currentIndex() == 1
    assert "花园村" in page.market_label.text()
    assert len(page.chooser.boxes) == len(page.market.stalls) == 10
    qtbot.waitUntil(lambda: page.focusWidget() is page.search_edit)


def test_opened_late_the_dialog_asks_for_todays_closing_time(qtbot, zh_app, session, db):
    late = datetime.combine(date.today(), datetime.min.time()).astimezone().replace(
        hour=17, minute=5)
    dialog = OpenMarketDialog(session, now=late)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.late_note.isVisible()
    assert dialog.late_note.text() == "现在已过平时的收摊时间 16:30：今天几点收摊？"
    assert dialog.closing.time() == QTime(19, 30)  # a suggestion, two hours on
    assert {row.closes.time() for row in dialog.rows} == {QTime(19, 30)}
    type_text(qtbot, dialog.village, "花园村")
    qtbot.keyClick(dialog.village, Qt.Key.Key_Return)
    assert dialog.focusWidget() is dialog.closing  # asked next, before the stalls
    dialog.closing.setTime(QTime(20, 0))
    qtbot.keyClick(dialog.closing, Qt.Key.Key_Return)
    assert dialog.focusWidget() is dialog.rows[0].check
    assert {row.closes.time() for row in dialog.rows} == {QTime(20, 0)}
    dialog.row("haircut").closes.setTime(QTime(16, 30))  # one row left at the usual time
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == ("理发的收摊时间 16:30 已经过了（现在 17:05）。今天几点收摊？")
    assert open_market_days(db) == [] and dialog.focusWidget() is dialog.closing
    dialog.closing.setTime(QTime(20, 30))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    [day] = open_market_days(db)
    assert {stall.closes_at for stall in day.stalls} == {"20:30"}


def test_opened_in_the_morning_nothing_is_asked(qtbot, zh_app, session):
    dialog = OpenMarketDialog(session, now=morning())
    qtbot.addWidget(dialog)
    assert not dialog.late_note.isVisibleTo(dialog) and dialog.closing.time() == QTime(16, 30)
