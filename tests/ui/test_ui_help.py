"""帮助 Help menu: 使用指南 opens the staff guide PDF; 自检… shows the self-check's findings in
the UI's language, fits a 1366×768 laptop, and leaves the data file alone."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox
from ui_helpers import SCREEN, WORK_AREA

from marketapp.doctor import BLOCKING, OK, WARN, Report, diagnose
from marketapp.doctor.findings import finding
from marketapp.doctor.window_check import WindowWords
from marketapp.ui.help import menu as help_menu
from marketapp.ui.help.self_check_dialog import SelfCheckDialog
from marketapp.ui.shell.main_window import MainWindow
from marketapp.ui.shell.session import Session


@pytest.fixture
def window(qtbot, zh_app, db, db_path):
    w = MainWindow(Session(db, db_path))
    qtbot.addWidget(w)
    w.resize(*SCREEN)
    return w


def made_up(db_path, facts=None):
    return Report(db_path, [
        finding("lan", OK, WindowWords("no_desktop")),
        finding("window", BLOCKING, WindowWords("missing", packages="libxcb-icccm4"),
                WindowWords("install", line="sudo apt install libxcb-icccm4")),
        finding("printer", WARN, WindowWords("no_desktop")),
    ], 0.5)


def finished(qtbot, dialog):
    qtbot.waitUntil(lambda: not dialog.is_busy(), timeout=30_000)
    return dialog


def test_the_help_menu_is_there_in_chinese(window):
    menu = window.help_menu
    assert menu.menu.title() == "帮助(&H)"
    assert [a.text() for a in menu.menu.actions()] == ["使用指南", "自检…"]


def test_the_staff_guide_opens_in_the_system_viewer(window, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    assert window.help_menu.open_guide()
    assert opened == [QUrl.fromLocalFile(str(help_menu.guide_path()))]
    assert opened[0].toLocalFile().endswith("guide/staff-guide-zh.pdf")


def test_without_a_pdf_viewer_it_says_where_the_guide_is(window, monkeypatch):
    said = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    monkeypatch.setattr(QMessageBox, "information", lambda *args: said.append(args[2]))
    assert not window.help_menu.open_guide()
    assert str(help_menu.guide_path()) in said[0] and "PDF" in said[0]


def test_the_dialog_shows_the_findings_blocking_first(qtbot, lang_app, db_path):
    dialog = SelfCheckDialog(db_path, runner=made_up)
    qtbot.addWidget(dialog)
    finished(qtbot, dialog)
    text = dialog.results.toPlainText()
    zh = lang_app.translate("SelfCheckDialog", "Must fix") == "必须解决"
    if zh:
        assert dialog.windowTitle() == "自检"
        assert text.index("必须解决") < text.index("注意") < text.index("正常")
        assert "libxcb-icccm4" in text and "sudo apt install libxcb-icccm4" in text
        assert "有 1 项必须先解决" in dialog.summary.text()
    else:
        assert dialog.windowTitle() == "Self-check"
        assert text.index("Must fix") < text.index("Warning") < text.index("OK")
        assert "System packages the window needs are missing" in text
        assert "must be fixed first" in dialog.summary.text()
    dialog.copy_results()
    assert "libxcb-icccm4" in QGuiApplication.clipboard().text()


def test_the_dialog_fits_a_1366x768_laptop(qtbot, zh_app, db_path):
    dialog = SelfCheckDialog(db_path, runner=made_up)
    qtbot.addWidget(dialog)
    finished(qtbot, dialog)
    assert dialog.width() <= WORK_AREA[0] and dialog.height() <= WORK_AREA[1]
    hint = dialog.minimumSizeHint()
    assert hint.width() <= WORK_AREA[0] and hint.height() <= WORK_AREA[1]


def test_the_real_checks_leave_the_data_file_alone(qtbot, zh_app, db, db_path):
    """In the app the file is open (its -wal and -shm exist): the check reads it as is."""
    db.execute("INSERT INTO settings (key, value) VALUES ('ticket_paper', '\"80mm\"')")
    before = hashlib.sha256(db_path.read_bytes()).hexdigest(), db_path.stat().st_mtime_ns
    names = sorted(p.name for p in db_path.parent.iterdir())
    dialog = SelfCheckDialog(db_path, runner=lambda path, facts: diagnose(
        path, lambda: facts, voice=False))
    qtbot.addWidget(dialog)
    finished(qtbot, dialog)
    assert (hashlib.sha256(db_path.read_bytes()).hexdigest(), db_path.stat().st_mtime_ns) \
        == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == names
    text = dialog.results.toPlainText()
    assert "快速检查（quick_check）通过" in text and "号票纸张设置：80 mm" in text


def test_closing_mid_check_is_safe(qtbot, zh_app, db_path):
    import threading

    release = threading.Event()

    def slow(path, facts):
        release.wait(10)
        return made_up(path)

    dialog = SelfCheckDialog(db_path, runner=slow)
    assert dialog.is_busy()
    dialog.reject()
    release.set()
    from marketapp.ui.help import self_check_dialog

    qtbot.waitUntil(lambda: not self_check_dialog._running, timeout=10_000)


def test_the_menu_opens_the_dialog(qtbot, window, monkeypatch):
    monkeypatch.setattr("marketapp.ui.help.self_check_dialog.run_checks", made_up)
    dialog = window.help_menu.open_self_check()
    finished(qtbot, dialog)
    assert dialog.isVisible() and "libxcb-icccm4" in dialog.results.toPlainText()
    dialog.close()
