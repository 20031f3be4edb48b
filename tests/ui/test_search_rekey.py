"""The app re-keys the search of a data file written under older key rules: in a worker
behind a small dialog once the window shows, an empty file at once, a failure said calmly."""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from search_rules import write_as_key_version_2
from test_ui_lifecycle import watch_progress_dialog

from marketapp.core.people.cleaning import clean
from marketapp.core.people.search import index as search_index
from marketapp.core.people.search.query import search
from marketapp.core.people.villagers import VillagerInput, save_villager
from marketapp.store.database import open_database
from marketapp.ui.shell import lifecycle
from marketapp.ui.shell.app import start_window


def names(db, query):
    return [m.villager.name for m in search(db, query)]


def stored_key_version(db_path):
    db = open_database(db_path)
    try:
        return None if search_index.is_stale(db) else search_index.KEY_VERSION
    finally:
        db.close()


@pytest.fixture
def quiet_zh_app(zh_app, monkeypatch):
    """The Chinese app with its message boxes answered at once (start-up may show one)."""
    for kind in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(lambda *a, **k: None))
    return zh_app


@pytest.fixture
def old_file(db_path):
    """A file as the previous version left it: 李长春 only under li-zhang-chun."""
    db = open_database(db_path)
    for name in ("李长春", "吕布", "卢布"):
        save_villager(db, clean(VillagerInput(name=name, village="花园村")),
                      on_duplicate="ignore")
    write_as_key_version_2(db)
    assert names(db, "lichangchun") == [] and names(db, "lzc") == ["李长春"]
    db.close()
    return db_path


@pytest.fixture
def started(quiet_zh_app):
    apps = []

    def start(path):
        started = start_window(path, "zh")
        assert not isinstance(started, int)
        apps.append(started)
        return started

    yield start
    for started in apps:
        started.lifecycle.shutdown()
        started.window.close()
        started.window.deleteLater()
    # Gone now, not at some later event loop: a later test looks for "the" main window.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_an_old_file_is_re_keyed_in_a_worker_behind_a_dialog_when_the_window_shows(
        qtbot, old_file, started, monkeypatch):
    from marketapp.ui.shell import search_rekey

    seen, go, _timer = watch_progress_dialog(qtbot)
    threads, over = [], []
    real_rebuild, real_run = search_index.rebuild, search_rekey.run_with_progress

    def held_rebuild(db):
        threads.append(threading.current_thread())
        assert go.wait(10), "the UI thread never showed the dialog"
        real_rebuild(db)

    def run(job, text, parent=None):
        over.append(parent is not None and parent.isVisible())
        return real_run(job, text, parent)

    monkeypatch.setattr(search_index, "rebuild", held_rebuild)
    monkeypatch.setattr(search_rekey, "run_with_progress", run)
    app = started(old_file)
    assert threads and threads[0] is not threading.main_thread()
    assert seen == ["正在为新版本更新搜索…"] and over == [True]  # over the window, shown
    db = app.window.session.db
    assert names(db, "lichangchun") == ["李长春"] and names(db, "lcc") == ["李长春"]
    assert set(names(db, "lubu")) == {"吕布", "卢布"}
    assert stored_key_version(old_file) == search_index.KEY_VERSION


def test_a_current_file_is_not_re_keyed(qtbot, old_file, started, monkeypatch):
    db = open_database(old_file)
    search_index.rebuild(db)
    db.close()
    calls = []
    monkeypatch.setattr(search_index, "rebuild", lambda db: calls.append(db))
    started(old_file)
    assert calls == []


def test_an_empty_file_is_keyed_as_it_opens_without_a_worker(zh_app, db_path, monkeypatch):
    open_database(db_path).close()  # a new file: nobody in it, no key version yet
    threads = []
    real_rebuild = search_index.rebuild
    monkeypatch.setattr(search_index, "rebuild",
                        lambda db: threads.append(threading.current_thread()) or real_rebuild(db))
    life, code = lifecycle.start_up(db_path, "zh")
    try:
        assert threads == [threading.main_thread()]
        assert not search_index.is_stale(life.db)
        life.scheduler.interval = timedelta(0)
        assert life.tick() is False  # recording the version is no change to back up
    finally:
        life.shutdown()


def test_a_failed_re_key_is_said_and_the_previous_keys_still_find(qtbot, old_file, started,
                                                                 monkeypatch):
    def broken(db):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(search_index, "rebuild", broken)
    app = started(old_file)
    assert app.window.isVisible()
    assert "搜索未能更新" in app.window.status.currentMessage()
    assert "disk I/O error" in app.window.status.currentMessage()
    assert names(app.window.session.db, "lzc") == ["李长春"]
    assert stored_key_version(old_file) is None  # tried again at the next start


def test_a_restored_backup_of_an_older_version_is_re_keyed(qtbot, db_path, started):
    from marketapp.ui.data.menu import reopen_database

    db = open_database(db_path)
    save_villager(db, clean(VillagerInput(name="周了", village="花园村")))
    db.close()
    app = started(db_path)
    restored = open_database(db_path)  # the file as a restore of an older backup leaves it
    save_villager(restored, clean(VillagerInput(name="孙还", village="花园村")))
    write_as_key_version_2(restored)
    restored.close()
    reopen_database(app.window)  # what the data menu does after a restore
    db = app.window.session.db
    assert names(db, "sunhuan") == ["孙还"] and names(db, "zhouliao") == ["周了"]
    assert not search_index.is_stale(db)
