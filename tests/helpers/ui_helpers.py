"""Shared helpers for the pytest-qt tests of marketapp.ui (tests/test_ui_*.py)."""

from __future__ import annotations

from idgen import make_id

from marketapp.core.people.cleaning import clean
from marketapp.core.people.villagers import Villager, VillagerInput, save_villager

SCREEN = (1366, 768)
# What a maximised window gets on a 1366×768 Windows laptop: the taskbar (40 px) and the
# title bar (~31 px) come off the height.
WORK_AREA = (1366, 768 - 40 - 31)


def add_person(db, name: str, village: str = "花园村", *, seq: int = 1, birth: str = "19500308",
               male: bool = True, phone: str = "", with_id: bool = True, **flags: bool) -> Villager:
    data = VillagerInput(name=name, village=village, phone=phone,
                         id_number=make_id(birth=birth, seq=seq, male=male) if with_id else "",
                         **flags)
    return save_villager(db, clean(data), on_duplicate="ignore").villager


def villager_count(db) -> int:
    from marketapp.core.people.villagers import iter_villagers

    return sum(1 for _ in iter_villagers(db))


def app_in(lang: str):
    """The application with the bundled font and ``lang``'s translator (call in a fixture)."""
    from marketapp.ui.shell.app import create_application

    return create_application(lang)


def back_to_chinese(app) -> None:
    from marketapp.ui.shell.app import use_language

    use_language(app, "zh")


def type_text(qtbot, widget, text: str) -> None:
    """Type like a person: ASCII as key presses; Chinese as an input method commits it
    (QTest's key clicks only know ASCII)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QInputMethodEvent

    widget.setFocus()
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(ch)
            QCoreApplication.sendEvent(widget, event)


def shown_main_window(qtbot, db, db_path, size=SCREEN):
    """The main window over ``db`` at ``size``, shown and active (shortcuts reach it)."""
    from marketapp.ui.shell.main_window import MainWindow
    from marketapp.ui.shell.session import Session

    window = MainWindow(Session(db, db_path))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    return window


def copied_data_file(db_path, tmp_path):
    """``db_path`` (with its device id) copied to another folder, as a person copies it to
    a second laptop: the copy's path."""
    import shutil

    from marketapp.core.settings import device_id
    from marketapp.store.database import open_database

    original = open_database(db_path)
    device_id(original)
    original.close()
    (tmp_path / "laptop2").mkdir()
    copy_path = tmp_path / "laptop2" / "market.db"
    shutil.copy(db_path, copy_path)
    return copy_path
