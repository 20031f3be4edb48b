"""Starting the app: language choice, data file errors as messages, the global excepthook."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from marketapp.core.people.villages import InvalidVillage
from marketapp.desktop import run_gui
from marketapp.ui.shell import lifecycle
from marketapp.ui.shell.errors import ExceptHook
from marketapp.ui.shell.i18n import choose_language
from marketapp.ui.shell.main_window import MainWindow


@pytest.fixture
def boxes(monkeypatch):
    shown = []

    def record(kind):
        return staticmethod(lambda parent, title, text, *a, **k: shown.append((kind, title, text)))

    monkeypatch.setattr(QMessageBox, "critical", record("critical"))
    monkeypatch.setattr(QMessageBox, "warning", record("warning"))
    return shown


def test_language_comes_from_settings_unless_english_is_asked_for():
    assert choose_language(None, "zh") == "zh"
    assert choose_language("en", "zh") == "en"
    assert choose_language("zh", "en") == "en"
    assert choose_language("xx", "zh") == "zh"


def test_a_file_that_is_not_a_database_is_a_message_not_a_traceback(zh_app, tmp_path, boxes):
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    assert lifecycle.open_data_file(bad, "zh") is None
    [(kind, title, text)] = boxes
    assert kind == "critical" and title == "无法打开数据文件"
    assert "不是 marketapp 的数据文件" in text and "Traceback" not in text


def test_run_opens_the_main_window_in_the_stored_language(zh_app, db_path, monkeypatch):
    from marketapp.core.settings import set_setting
    from marketapp.store.database import open_database

    setup = open_database(db_path)
    set_setting(setup, "language", "en")
    setup.close()
    seen = {}

    def fake_exec():
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        seen["nav"] = window.nav_buttons["villagers"].text()
        window.close()
        return 0

    monkeypatch.setattr(zh_app, "exec", fake_exec)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    assert run_gui(db_path, "zh") == 0
    assert seen["nav"].startswith("Villagers")


def test_excepthook_logs_and_shows_a_calm_message(zh_app, tmp_path, boxes, caplog):
    hook = ExceptHook(tmp_path / "marketapp.log")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        with caplog.at_level(logging.ERROR, logger="marketapp"):
            hook(*sys.exc_info())
    [(kind, title, text)] = boxes
    assert kind == "critical" and "意外" in text and "marketapp.log" in text
    assert "boom" not in text
    assert "boom" in caplog.text


def test_excepthook_shows_a_user_error_as_its_message(zh_app, boxes):
    hook = ExceptHook(None)
    try:
        raise InvalidVillage("empty")
    except InvalidVillage:
        hook(*sys.exc_info())
    assert boxes[0][2] == "村名不能为空。"


def test_an_operating_system_error_is_shown_in_the_users_language(zh_app, boxes):
    hook = ExceptHook(None)
    try:
        open("/nonexistent-folder/x.csv", "w")
    except OSError:
        hook(*sys.exc_info())
    [(_kind, _title, text)] = boxes
    assert "No such file" not in text and "文件或文件夹不存在" in text
    assert "/nonexistent-folder/x.csv" in text


def test_start_up_imports_only_what_the_registration_desk_needs(db_path):
    """The other pages, the public display, the dialogs, ticket printing, the phone and ID
    libraries, the other subcommands and numpy (which sqlite-utils would import if
    installed) come when first used: start-up stays short."""
    import os
    import subprocess
    from pathlib import Path

    code = (
        "import sys\n"
        "from marketapp.desktop import start_gui\n"
        f"started = start_gui({str(db_path)!r}, 'zh')\n"
        "print(started.window.current_key())\n"
        "print(' '.join(sorted(sys.modules)))\n"
        "started.lifecycle.shutdown()\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    page, modules = done.stdout.splitlines()[-2:]
    loaded = set(modules.split())
    assert page == "registration" and "marketapp.ui.registration.page" in loaded
    later = {"numpy", "pandas"} | {f"marketapp.ui.{name}" for name in (
        "queues_page", "stall_page", "villagers_page", "requests_page", "reports_page",
        "settings_page", "display_window", "close_market_dialog", "merge_dialog")}
    later |= {"marketapp.cli", "marketapp.commands.import_villagers",
              "marketapp.commands.merge", "segno",
              "marketapp.ui.registration.ticket_slip", "marketapp.ui.villagers.dialog", "phonenumbers",
              "stdnum", "reportlab", "openpyxl"}
    assert not later & loaded


def test_the_start_up_check_begins_before_sqlite_utils_and_qt_load(tmp_path):
    """`marketapp` takes the lock and starts reading the file (store.opening) before the
    slow imports, so they run while SQLite checks the file; and sqlite-utils never imports
    numpy (a stand-in numpy here, so the test means the same with or without the real one),
    which other code can still import afterwards."""
    import os
    import subprocess
    from pathlib import Path

    fake = tmp_path / "site" / "numpy"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("STAND_IN = True\n")
    code = (
        "import sys\n"
        "import marketapp.launch, marketapp.store.opening\n"
        "print(sorted(m for m in ('sqlite_utils', 'PySide6', 'numpy') if m in sys.modules))\n"
        "import sqlite_utils.db\n"
        "import numpy\n"
        "print(sqlite_utils.db.np is None, numpy.STAND_IN)\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(fake.parent), str(root)])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[]", "True True"]
