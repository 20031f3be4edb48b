"""The first start asks for the township (the report's title); once given, never again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from ui_helpers import type_text

from marketapp.core.settings import township
from marketapp.store.database import open_database
from marketapp.ui.shell.app import start_window
from marketapp.ui.shell.first_run import FirstRunDialog


@pytest.fixture
def start(zh_app, monkeypatch):
    for kind in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(lambda *a, **k: None))
    apps = []

    def started(path):
        app = start_window(path, "zh")
        assert not isinstance(app, int)
        apps.append(app)
        return app

    yield started
    for app in apps:
        app.lifecycle.shutdown()
        app.window.close()
        app.window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def stored_township(db_path) -> str:
    db = open_database(db_path)
    try:
        return township(db)
    finally:
        db.close()


def test_the_first_start_asks_for_the_township_over_the_window(qtbot, start, db_path):
    app = start(db_path)
    dialog = app.window.first_run
    assert isinstance(dialog, FirstRunDialog) and dialog.isVisible()
    assert app.window.isVisible()  # the window is up behind it, not held back
    assert dialog.windowTitle() == "欢迎使用" and dialog.save_button.text() == "保存"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # nothing typed
    assert dialog.isVisible() and dialog.error.text() == "请填写乡镇名称，如 城南乡。"
    type_text(qtbot, dialog.name, "城南乡")
    assert dialog.error.text() == ""  # gone as soon as something is typed
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert township(app.window.db) == "城南乡"
    assert app.window.windowTitle() == "城南乡服务集市"
    app.lifecycle.shutdown()
    assert stored_township(db_path) == "城南乡"
    again = start(db_path)
    assert getattr(again.window, "first_run", None) is None


def test_later_leaves_it_blank_and_it_is_asked_at_the_next_start(qtbot, start, db_path):
    app = start(db_path)
    qtbot.mouseClick(app.window.first_run.later_button, Qt.MouseButton.LeftButton)
    assert not app.window.first_run.isVisible()
    app.lifecycle.shutdown()
    assert stored_township(db_path) == ""
    assert start(db_path).window.first_run.isVisible()
