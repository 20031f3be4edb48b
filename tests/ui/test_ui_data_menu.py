"""The Data menu: back up now, check, restore an earlier state, merge a second data file;
permission-checked (restore and merge are for administrators when sign-in is on)."""

from __future__ import annotations

import pytest
from db_files import add_village
from PySide6.QtWidgets import QMessageBox
from ui_helpers import add_person

from marketapp.core.access.operators import add_operator, set_signin_enabled
from marketapp.store.backup.policy import backup_now
from marketapp.store.database import backups_dir, open_database
from marketapp.ui.data.merge_dialog import MergeDialog
from marketapp.ui.shell import lifecycle
from marketapp.ui.shell.app import build_main_window


@pytest.fixture
def boxes(monkeypatch):
    shown = []

    def record(kind):
        return staticmethod(lambda parent, title, text, *a, **k: shown.append((kind, title, text)))

    for kind in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, record(kind))
    return shown


@pytest.fixture
def window(zh_app, db_path, boxes):
    setup = open_database(db_path)
    add_village(setup, "花园村")
    setup.close()
    life, code = lifecycle.start_up(db_path, "zh")
    win = build_main_window(zh_app, life.db, db_path, "zh")
    life.attach(win)
    yield win
    life.shutdown()
    win.close()
    win.deleteLater()


def names(db):
    return sorted(r[0] for r in db.execute("SELECT name FROM villages"))


def wait(qtbot, menu):
    qtbot.waitUntil(lambda: not menu.busy, timeout=15000)
    qtbot.wait(20)  # the finished signal's slots


def test_the_menu_has_its_five_actions(window):
    titles = [a.text() for a in window.data_menu.menu.actions() if not a.isSeparator()]
    assert len(titles) == 5
    assert window.data_menu.menu.title().replace("&", "")


def test_back_up_now_writes_a_file_and_shows_the_time(qtbot, window, boxes):
    assert window.data_menu.back_up() is not None
    wait(qtbot, window.data_menu)
    found = [p for p in backups_dir(window.db_path).iterdir() if p.name.endswith("-manual.db")]
    assert len(found) == 1
    [(kind, _, text)] = boxes
    assert kind == "information" and str(found[0]) in text
    assert "上次备份" in window.status.backup_label.text()


def test_check_says_the_file_is_sound(qtbot, window, boxes):
    window.data_menu.check()
    wait(qtbot, window.data_menu)
    [(kind, _, text)] = boxes
    assert kind == "information" and "数据文件完好" in text


def test_restore_brings_back_an_earlier_state_and_rebuilds_the_pages(qtbot, window, boxes,
                                                                     monkeypatch):
    window.show_page("villagers")
    earlier = backup_now(window.db_path, "manual").path
    add_village(window.session.db, "城南村")
    old_page = window.page("villagers")
    assert names(window.session.db) == ["城南村", "花园村"]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes))
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName",
                        staticmethod(lambda *a, **k: (str(earlier), "")))
    assert window.data_menu.restore() is not None
    wait(qtbot, window.data_menu)
    assert asked
    assert names(window.session.db) == ["花园村"]
    assert window.db is window.session.db and window.lifecycle.db is window.session.db
    assert window.page("villagers") is not old_page and window.current_key() == "villagers"
    assert any(kind == "information" and "恢复" in text for kind, _, text in boxes)
    safety = [p for p in backups_dir(window.db_path).iterdir() if p.name.endswith("-restore.db")]
    assert safety  # the data as it was before can be brought back


def test_merge_dialog_previews_then_merges_a_second_file(qtbot, window, tmp_path):
    other_path = tmp_path / "laptop2" / "market.db"
    other = open_database(other_path)
    add_person(other, "孙小梅", village="城南村", seq=41)
    other.close()
    dialog = window.data_menu.merge()
    assert isinstance(dialog, MergeDialog)
    dialog.path_edit.setText(str(other_path))
    assert not dialog.merge_button.isEnabled()
    dialog.preview()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.report is not None, timeout=20000)
    assert "试运行" in dialog.report_view.toPlainText()
    assert window.session.db.execute("SELECT count(*) FROM villagers").fetchone()[0] == 0
    assert dialog.merge_button.isEnabled()
    dialog.report = None
    dialog.run_merge()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.report is not None, timeout=20000)
    assert not dialog.report.dry_run and not dialog.report.cancelled
    names_now = [r[0] for r in window.session.db.execute("SELECT name FROM villagers")]
    assert names_now == ["孙小梅"]
    assert "合并来源" in dialog.report_view.toPlainText()
    dialog.close()


def test_restore_and_merge_are_for_administrators_when_sign_in_is_on(window, boxes):
    db = window.session.db
    add_operator(db, "王管理", "admin", "1234")
    add_operator(db, "李登记", "registrar", "5678")
    set_signin_enabled(db, True)
    window.session.sign_in_as("李登记")
    assert window.data_menu.restore() is None
    assert window.data_menu.merge() is None
    assert [kind for kind, _, _ in boxes] == ["warning", "warning"]
    window.session.sign_in_as("王管理")
    from marketapp.ui.data.menu import operator_allowed

    assert operator_allowed(window, "restore") and operator_allowed(window, "merge")


def test_a_restore_in_the_app_is_logged_with_who_made_it_as_the_command_line_logs_it(
        qtbot, window, boxes, monkeypatch):
    from marketapp.core.people.audit import sensitive_entries

    db = window.session.db
    add_operator(db, "王管理", "admin", "1234")
    set_signin_enabled(db, True)
    earlier = backup_now(window.db_path, "manual").path
    window.session.sign_in_as("王管理")
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: QMessageBox.StandardButton.Yes))
    assert window.data_menu.restore_from_file(earlier) is not None
    wait(qtbot, window.data_menu)
    [entry] = [e for e in sensitive_entries(window.session.db) if e.action == "restore"]
    assert entry.operator == "王管理"
    assert str(earlier) in entry.detail and "-restore.db" in entry.detail


def test_clear_old_personal_data_counts_asks_with_no_first_then_clears_and_logs(
        qtbot, window, boxes):
    from marketapp.core.people.audit import sensitive_entries
    from marketapp.core.people.villagers import get_villager
    from marketapp.core.settings import set_setting

    db = window.session.db
    gone = add_person(db, "欧阳翠萍", seq=7)
    kept = add_person(db, "李建国", seq=8)
    db.execute("UPDATE villagers SET last_seen_at = '2015-05-10T09:00:00+08:00', "
               "created_at = '2015-05-01T09:00:00+08:00', "
               "updated_at = '2015-05-10T09:00:00+08:00' WHERE id = ?", [gone.id])
    db.conn.commit()
    clearing = window.data_menu.clearing
    asked = []
    clearing.ask = lambda text: asked.append(text) or False  # first: No
    set_setting(db, "retention_years", 0)
    assert clearing.start() is None  # no period set: nothing to do, and it says where to set it
    assert "设置 → 登录与数据" in boxes[-1][2]
    set_setting(db, "retention_years", 5)
    assert clearing.start() is not None
    wait(qtbot, window.data_menu)
    assert len(asked) == 1, boxes
    assert "有 1 人" in asked[0] and "不能撤销" in asked[0]
    assert get_villager(db, gone.id).name == "欧阳翠萍"  # No: nothing cleared
    clearing.ask = lambda text: True
    clearing.start()
    wait(qtbot, window.data_menu)  # the count
    qtbot.waitUntil(lambda: "已清除" in boxes[-1][2], timeout=15000)  # then the clearing
    assert get_villager(db, gone.id).name != "欧阳翠萍"
    assert get_villager(db, kept.id).name == "李建国"
    assert "已清除 1 人" in boxes[-1][2]
    assert [e.action for e in sensitive_entries(db)][:1] == ["retention"]


def test_clearing_is_for_administrators_when_sign_in_is_on(window, boxes):
    db = window.session.db
    add_operator(db, "王管理", "admin", "1234")
    add_operator(db, "李登记", "registrar", "5678")
    set_signin_enabled(db, True)
    window.session.sign_in_as("李登记")
    assert window.data_menu.clearing.start() is None
    assert boxes[-1][0] == "warning" and "管理员" in boxes[-1][2]
