"""After 收市 every market page says the day is closed — when and by whom — and offers the
next step; what was said about the day before goes; 收市 itself is disabled."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from ui_helpers import add_person, shown_main_window, type_text

from marketapp.core.market.days import StallPlan, get_market_day, open_market_day
from marketapp.core.queue import engine as queue
from marketapp.ui.market_day.close_dialog import CloseMarketDialog
from marketapp.ui.market_day.open_dialog import OpenMarketDialog
from marketapp.ui.market_day.reopen_dialog import ReopenMarketDialog


@pytest.fixture
def day_served(qtbot, zh_app, db, db_path):
    """Today's market at 花园村; 王秀英 served at the stall desk by keyboard (its green line
    "A001 已办结并保存…" shown), 李建国 still waiting; the signed-in operator 王会计."""
    day = open_market_day(db, date.today(), "花园村", [StallPlan("haircut", ("王师傅",))])
    stall = day.stalls[0].id
    for seq, name in enumerate(("王秀英", "李建国"), start=1):
        queue.issue(db, stall, add_person(db, name, seq=seq).id)
    window = shown_main_window(qtbot, db, db_path)
    window.session.sign_in_as("王会计")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.show_page("stall")
    desk = window.page("stall")
    qtbot.keyClick(desk, Qt.Key.Key_F9)
    qtbot.keyClick(desk, Qt.Key.Key_F10)
    qtbot.keyClick(desk, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert desk.message.kind == "ok" and "A001" in desk.message.text()
    return window, day


def close_by_menu(qtbot, window) -> CloseMarketDialog:
    window.close_market_action.trigger()
    dialog = window.close_dialog
    dialog.backup_check.setChecked(False)
    dialog.save_check.setChecked(False)
    dialog.print_check.setChecked(False)
    with qtbot.waitSignal(window.session.events.market_changed):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    dialog.accept()  # "完成"
    return dialog


def test_every_market_page_says_the_day_closed_when_and_by_whom(qtbot, day_served, db):
    window, day = day_served
    close_by_menu(qtbot, window)
    closed = get_market_day(db, day.id)
    when = closed.closed_at[11:16]
    assert closed.closed_by == "王会计"
    for key in ("registration", "queues", "stall"):
        window.show_page(key)
        panel = window.page(key).no_market
        assert panel.isVisible(), key
        assert panel.title.text() == "花园村的集市已收市"
        assert panel.detail.text() == f"{when} 由 王会计 收市。"
        assert panel.open_button.text() == "在另一个村开集…"
        assert panel.reopen_button.isVisible() and panel.reopen_button.text() == "重新开集…"
        assert "没有开集" not in panel.title.text()
    # the stall desk's green line about A001 went with the day
    assert window.page("stall").message.text() == ""
    assert not window.page("stall").desk.isVisible()
    assert window.status.market_label.text() == f"花园村集市：{when} 由 王会计 收市。"
    assert "已办结 1" in window.status.counts_label.text()  # the day's count stays, not "—"
    assert not window.close_market_action.isEnabled()
    assert window.reopen_market_action.isEnabled()


def test_reopen_from_the_closed_page_brings_the_desk_back(qtbot, day_served, db):
    window, day = day_served
    close_by_menu(qtbot, window)
    window.show_page("registration")
    page = window.page("registration")

    def confirm():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ReopenMarketDialog)
        dialog.reopen()

    QTimer.singleShot(0, confirm)
    page.no_market.reopen_button.setFocus()
    qtbot.keyClick(page.no_market.reopen_button, Qt.Key.Key_Return)
    assert get_market_day(db, day.id).status == "open"
    assert page.stack.currentIndex() == 1
    assert window.close_market_action.isEnabled()
    qtbot.waitUntil(lambda: page.focusWidget() is page.search_edit)


def test_another_village_can_open_its_market_from_the_closed_page(qtbot, day_served, db):
    window, _day = day_served
    close_by_menu(qtbot, window)
    window.show_page("queues")
    panel = window.page("queues").no_market

    def open_shimen():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, OpenMarketDialog)
        type_text(qtbot, dialog.village, "石门村")
        dialog.open_day()

    QTimer.singleShot(0, open_shimen)
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert window.session.market().village == "石门村"
    assert window.page("queues").board_view.isVisible() and not panel.isVisible()


def test_before_any_market_the_pages_say_none_opened_yet(qtbot, zh_app, db, db_path):
    window = shown_main_window(qtbot, db, db_path)
    panel = window.page("registration").no_market
    assert panel.title.text() == "今天还没有开集"
    assert panel.open_button.text() == "今天开集…" and not panel.reopen_button.isVisible()
    assert not window.close_market_action.isEnabled()
    assert not window.reopen_market_action.isEnabled()
    assert window.status.market_label.text() == "未开集"


@pytest.mark.parametrize("key", ["registration", "queues", "stall"])
def test_before_any_market_each_desk_page_puts_the_cursor_on_opening_one(qtbot, zh_app, db,
                                                                         db_path, key):
    from PySide6.QtWidgets import QApplication

    window = shown_main_window(qtbot, db, db_path)
    window.show_page(key)
    panel = window.page(key).no_market
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.open_button)
