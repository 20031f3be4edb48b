"""Sign-in dialog, idle lock (short idle time), sign-in at start-up, the audit view."""

from __future__ import annotations

import sys
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMainWindow
from ui_helpers import add_person

from marketapp.core import clock
from marketapp.core.access import operators as ops
from marketapp.core.people.cleaning import clean
from marketapp.core.people.villagers import VillagerInput, update_villager
from marketapp.desktop import run_gui
from marketapp.ui.shell.idle_lock import IdleLock, LockCover
from marketapp.ui.shell.main_window import MainWindow
from marketapp.ui.shell.signin_dialog import SignInDialog
from marketapp.ui.villagers.audit_view import AuditDialog


@pytest.fixture
def staff(db):
    ops.add_operator(db, "王芳", "admin", "2468")
    ops.add_operator(db, "李强", "stall", "1357")
    ops.set_signin_enabled(db, True)
    return db


def sign_in_with(qtbot, dialog: SignInDialog, name: str, pin: str) -> None:
    dialog.name_box.setCurrentIndex(dialog.name_box.findData(name))
    dialog.pin_edit.clear()
    qtbot.keyClicks(dialog.pin_edit, pin)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)


def test_dialog_lists_operators_hides_the_pin_and_says_wrong_pin(qtbot, zh_app, staff):
    dialog = SignInDialog(staff)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "登录"
    assert [dialog.name_box.itemData(i) for i in range(dialog.name_box.count())] == ["李强", "王芳"]
    assert dialog.name_box.itemText(1) == "王芳（管理员）"
    assert dialog.pin_edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClicks(dialog.pin_edit, "12ab34")
    assert dialog.pin_edit.text() == "1234"  # digits only
    sign_in_with(qtbot, dialog, "王芳", "1111")
    assert dialog.isVisible() and dialog.operator is None
    assert dialog.message.text() == "PIN 不正确（还可再试 4 次）。"
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    one_line = dialog.message.fontMetrics().horizontalAdvance(dialog.message.text())
    assert one_line <= dialog.message.contentsRect().width()  # not wrapped mid-phrase
    assert dialog.pin_edit.text() == ""
    with qtbot.waitSignal(dialog.accepted):
        sign_in_with(qtbot, dialog, "王芳", "2468")
    assert dialog.operator.name == "王芳" and dialog.operator.role == "admin"


def test_a_locked_dialog_cannot_be_escaped(qtbot, zh_app, staff):
    dialog = SignInDialog(staff, locked=True, current="李强")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.name_box.currentData() == "李强"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()


def test_idle_lock_covers_the_window_and_asks_for_a_sign_in(qtbot, zh_app, staff):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(800, 600)
    window.show()
    qtbot.waitExposed(window)
    lock = IdleLock(window, staff, minutes=1 / 60, operator="王芳")  # one second
    try:
        # Activity keeps it open.
        for _ in range(4):
            qtbot.wait(200)
            qtbot.mouseMove(window, window.rect().center())
            qtbot.keyClick(window, Qt.Key.Key_Shift)
        assert not lock.is_locked
        with qtbot.waitSignal(lock.locked, timeout=3000):
            pass
        assert lock.is_locked and lock.dialog.isVisible()
        covers = window.findChildren(LockCover)
        assert covers and covers[0].isVisible() and covers[0].geometry() == window.rect()
        assert lock.dialog.windowTitle() == "已锁定"
        assert lock.dialog.name_box.currentData() == "王芳"
        sign_in_with(qtbot, lock.dialog, "李强", "0000")
        assert lock.is_locked
        with qtbot.waitSignal(lock.unlocked) as unlocked:
            sign_in_with(qtbot, lock.dialog, "李强", "1357")
        assert unlocked.args == ["李强"] and lock.operator == "李强"
        assert not lock.is_locked and not any(c.isVisible() for c in
                                              window.findChildren(LockCover))
        assert lock.timer.isActive()  # counting again
    finally:
        lock.stop()


def test_run_asks_for_sign_in_when_it_is_on(zh_app, staff, db_path, monkeypatch):
    staff.close()
    shown = {}

    def quit_dialog(self):
        shown["dialog"] = self.windowTitle()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(SignInDialog, "exec", quit_dialog)
    monkeypatch.setattr(zh_app, "exec", lambda: pytest.fail("the window must not open"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    assert run_gui(db_path, "zh") == 0
    assert shown["dialog"] == "登录"
    assert not any(isinstance(w, MainWindow) and w.isVisible()
                   for w in QApplication.topLevelWidgets())

    def sign_in_as_li(self):
        self.operator = ops.get_operator(self.db, "李强")
        return QDialog.DialogCode.Accepted

    def fake_exec():
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        shown["operator"] = window.session.operator
        shown["lock"] = window.idle_lock.timer.interval()
        window.idle_lock.stop()
        window.close()
        return 0

    monkeypatch.setattr(SignInDialog, "exec", sign_in_as_li)
    monkeypatch.setattr(zh_app, "exec", fake_exec)
    assert run_gui(db_path, "zh") == 0
    assert shown["operator"] == "李强" and shown["lock"] == 10 * 60_000


def test_with_sign_in_off_the_app_opens_as_before(zh_app, db, db_path, monkeypatch):
    db.close()
    monkeypatch.setattr(SignInDialog, "exec", lambda self: pytest.fail("no sign-in expected"))
    seen = {}

    def fake_exec():
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        seen["operator"] = window.session.operator
        seen["lock"] = hasattr(window, "idle_lock")
        window.close()
        return 0

    monkeypatch.setattr(zh_app, "exec", fake_exec)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    assert run_gui(db_path, "zh") == 0
    assert seen == {"operator": "", "lock": False}


def test_audit_view_lists_a_persons_changes(qtbot, zh_app, db):
    person = add_person(db, "张三明", phone="13800001111")
    update_villager(db, person.id, clean(VillagerInput(
        name="张三明", id_number=person.id_number, village="花园村", phone="13900002222",
        disabled=True)), at=clock.iso(datetime(2099, 1, 1, 9, 0)), operator="王芳")
    dialog = AuditDialog(db, person.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "修改记录"
    assert "张三明" in dialog.heading.text()
    table = dialog.table
    rows = [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]
    assert rows[-1][1] == "建立档案"  # newest first, as the history lists visits
    assert ["2099-01-01 09:00", "联系电话", "13800001111", "13900002222", "王芳", "本机"] in rows
    assert ["2099-01-01 09:00", "残疾", "否", "是", "王芳", "本机"] in rows


def test_the_change_record_of_a_merged_person_names_the_merge_not_the_record_id(qtbot, zh_app,
                                                                                 db):
    from marketapp.core.people.same_person import merge_villagers

    kept = add_person(db, "陈花", phone="13800003333", seq=1)
    other = add_person(db, "陈花", phone="13800004444", seq=2, with_id=False)
    merge_villagers(db, kept.id, other.id)
    dialog = AuditDialog(db, kept.id)
    qtbot.addWidget(dialog)
    table = dialog.table
    rows = [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]
    merged = [row for row in rows if row[1] == "与同一人的另一条记录合并"]
    assert merged and merged[0][2] == "陈花"
    assert not any(other.id in cell or "merged" in cell for row in rows for cell in row)
