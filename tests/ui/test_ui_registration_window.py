"""The registration desk inside the main window at a maximised 1366×768 laptop's size
(1366×697): issuing tickets, with closing warnings on every stall, never makes the window
taller than the screen (a Qt window that grew never shrinks back)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import WORK_AREA, add_person, shown_main_window

from marketapp.core.market.days import StallPlan, open_market_day
from marketapp.core.queue.engine import issue, villager_tickets

ALL_SERVICES = ("haircut", "health_check", "medicine", "appliance_repair",
                "traditional_repair", "legal", "social_security_card", "jobs", "policy")


def desk_window(qtbot, db, db_path):
    window = shown_main_window(qtbot, db, db_path, WORK_AREA)
    page = window.page("registration")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.search_edit)
    return window, page


def press(qtbot, *keys) -> None:
    for key in keys:
        qtbot.keyClick(QApplication.focusWidget(), key)


def choose_and_tick(qtbot, page, person, numbers: str) -> None:
    press(qtbot, *person.id_number[-4:], Qt.Key.Key_Return)
    assert page.person is not None and page.person.id == person.id
    press(qtbot, *numbers)


def queue_at(qtbot, page, person, numbers: str) -> None:
    choose_and_tick(qtbot, page, person, numbers)
    press(qtbot, Qt.Key.Key_Return)


def assert_fits(window) -> None:
    hint = window.minimumSizeHint()
    assert hint.width() <= WORK_AREA[0] and hint.height() <= WORK_AREA[1], hint
    assert (window.width(), window.height()) == WORK_AREA  # it did not grow meanwhile


def test_three_tickets_with_a_closing_warning_keep_the_window_on_the_screen(
        qtbot, lang_app, db, db_path):
    # Nine stalls as a market day has them; the wait at the haircut runs past 00:00.
    market = open_market_day(db, date.today(), "花园村", [
        StallPlan(code, (), 1, "00:00" if code == "haircut" else None) for code in ALL_SERVICES])
    person = add_person(db, "刘强", seq=5)
    window, page = desk_window(qtbot, db, db_path)
    queue_at(qtbot, page, person, "124")
    assert len(villager_tickets(db, person.id, market.id)) == 3
    assert page.report_label.isVisible() and "A001" in page.report_label.text()
    assert_fits(window)


def test_nine_stalls_all_past_closing_and_a_refusal_still_fit(qtbot, lang_app, db, db_path):
    market = open_market_day(db, date.today(), "花园村",
                             [StallPlan(code, (), 1, "00:00") for code in ALL_SERVICES])
    person = add_person(db, "刘强", seq=5)
    other = add_person(db, "王建国", seq=6)
    issue(db, market.stalls[8].id, person.id)  # already holds the ninth: refused, said why
    window, page = desk_window(qtbot, db, db_path)
    queue_at(qtbot, page, other, "12345678")
    assert_fits(window)
    choose_and_tick(qtbot, page, person, "12345678")
    assert all(w.isVisibleTo(page.chooser) for w in page.chooser.warnings[:8])
    assert_fits(window)
    press(qtbot, Qt.Key.Key_Return)
    assert_fits(window)
    report_area = page.report_area
    assert report_area.isVisible()
    # What does not fit scrolls: the whole report can still be read.
    assert report_area.verticalScrollBar().maximum() >= (
        page.report_label.height() - report_area.viewport().height())
