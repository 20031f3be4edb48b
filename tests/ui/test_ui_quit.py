"""Quitting in the middle of a market asks first; an outcome typed but not saved is never
lost silently (the stall desk keeps it when the stall or counter changes, and says so when
the ticket is taken away on another screen)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import add_person, shown_main_window, type_text

from marketapp.core.market.days import StallPlan, open_market_day
from marketapp.core.queue import engine as queue


def close_like_alt_f4(window) -> None:
    """What the window manager does on Alt+F4 or ✕: the window is asked to close."""
    window.windowHandle().close()


def app_window(qtbot, db, db_path):
    """The main window as the app builds it (it asks before quitting), shown and active."""
    from marketapp.ui.shell.app import build_main_window

    window = build_main_window(QApplication.instance(), db, db_path, "zh")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


@pytest.fixture
def market_window(qtbot, zh_app, db, db_path):
    day = open_market_day(db, date.today(), "花园村", [StallPlan("health_check", ("陆医生",)),
                                                    StallPlan("haircut", ("王师傅",))])
    health = day.stalls[0].id
    for seq, name in enumerate(("王秀英", "李建国", "张福根"), start=1):
        queue.issue(db, health, add_person(db, name, seq=seq).id)
    window = app_window(qtbot, db, db_path)
    yield window, day
    window._may_close = True


def button(box, text):
    return next(b for b in box.buttons() if b.text() == text)


def test_alt_f4_mid_market_asks_and_keep_working_stays(qtbot, market_window):
    window, _day = market_window
    close_like_alt_f4(window)
    box = window.quit_box
    assert window.isVisible() and box.isVisible()
    assert "花园村的集市还没有收市，3 人在等候或已叫号" in box.text()
    qtbot.mouseClick(button(box, "继续工作"), Qt.MouseButton.LeftButton)
    assert window.isVisible()
    close_like_alt_f4(window)
    qtbot.mouseClick(button(window.quit_box, "退出"), Qt.MouseButton.LeftButton)
    assert not window.isVisible()


def test_a_reading_typed_but_not_saved_is_named_and_can_be_gone_back_to(qtbot, market_window):
    window, day = market_window
    window.show_page("stall")
    desk = window.page("stall")
    qtbot.keyClick(desk, Qt.Key.Key_F9)
    qtbot.keyClick(desk, Qt.Key.Key_F10)
    type_text(qtbot, desk.form.editors["systolic"], "165")
    window.show_page("registration")  # gone elsewhere, the reading still not saved
    close_like_alt_f4(window)
    box = window.quit_box
    assert "在摊位台为 B001 填写的结果还没有保存" in box.text()
    qtbot.mouseClick(button(box, "去 B001"), Qt.MouseButton.LeftButton)
    assert window.isVisible() and window.current_key() == "stall"
    qtbot.waitUntil(lambda: desk.form.editors["systolic"].hasFocus())
    assert desk.form.editors["systolic"].text() == "165"


def test_without_an_open_market_quitting_asks_nothing(qtbot, zh_app, db, db_path):
    window = app_window(qtbot, db, db_path)
    close_like_alt_f4(window)
    assert not window.isVisible() and getattr(window, "quit_box", None) is None


def test_changing_the_stall_keeps_a_typed_reading_and_says_why(qtbot, market_window):
    window, day = market_window
    window.show_page("stall")
    desk = window.page("stall")
    qtbot.keyClick(desk, Qt.Key.Key_F9)
    type_text(qtbot, desk.form.editors["systolic"], "150")
    desk.stall_combo.setCurrentIndex(1)  # the haircut stall
    assert desk.stall.id == day.stalls[0].id and desk.stall_combo.currentIndex() == 0
    assert desk.form.editors["systolic"].text() == "150"
    assert "B001" in desk.message.text() and "没有保存" in desk.message.text()


def test_a_ticket_taken_back_elsewhere_says_its_typing_was_not_saved(qtbot, market_window, db):
    window, day = market_window
    window.show_page("stall")
    desk = window.page("stall")
    qtbot.keyClick(desk, Qt.Key.Key_F9)
    type_text(qtbot, desk.form.editors["systolic"], "150")
    queue.undo_last(db, day.stalls[0].id)  # the call undone at the queues page
    window.session.events.queue_changed.emit()
    assert desk.ticket is None
    assert "B001" in desk.message.text() and "没有保存" in desk.message.text()


def test_a_window_built_for_a_test_or_a_screenshot_closes_when_told(qtbot, zh_app, db, db_path):
    open_market_day(db, date.today(), "花园村", ["haircut"])
    window = shown_main_window(qtbot, db, db_path)
    window.close()
    assert not window.isVisible()
