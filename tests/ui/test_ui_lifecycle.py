"""Start-up and exit around the data file: one copy per file, a killed holder's lock taken
over, a damaged file opened read-only with the restore offer, automatic and exit backups."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from db_files import add_village, corrupt_table, villages
from PySide6.QtWidgets import QMessageBox

from marketapp.store import opening
from marketapp.store.backup.policy import backup_now
from marketapp.store.database import backups_dir, open_database
from marketapp.store.instance_lock import InstanceLock, is_locked
from marketapp.ui.shell import lifecycle
from marketapp.ui.shell.app import build_main_window

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def boxes(monkeypatch):
    shown = []

    def record(kind, answer=None):
        def box(parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return answer
        return staticmethod(box)

    monkeypatch.setattr(QMessageBox, "critical", record("critical"))
    monkeypatch.setattr(QMessageBox, "warning", record("warning"))
    monkeypatch.setattr(QMessageBox, "information", record("information"))
    return shown


@pytest.fixture
def filled(db_path):
    db = open_database(db_path)
    add_village(db, "花园村")
    db.close()
    return db_path


@pytest.fixture
def started(zh_app, filled, boxes):
    life, code = lifecycle.start_up(filled, "zh")
    assert code == 0 and life is not None
    window = build_main_window(zh_app, life.db, filled, "zh")
    life.attach(window)
    yield life, window
    life.shutdown()
    window.close()
    window.deleteLater()


def child(code: str) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_second_start_on_the_same_file_is_refused_with_a_clear_message(zh_app, filled,
                                                                          boxes):
    holder = InstanceLock(filled).acquire()  # another window (nobody answers the socket)
    try:
        life, code = lifecycle.start_up(filled, "zh")
    finally:
        holder.release()
    assert life is None and code == 1
    [(kind, title, text)] = boxes
    assert kind == "warning" and title == "数据文件已打开"
    assert "已在另一个 marketapp 窗口中打开" in text and str(os.getpid()) in text


def test_a_second_start_brings_the_running_window_forward(qtbot, started, filled):
    life, window = started
    window.show()
    proc = child(f"""
        from PySide6.QtWidgets import QApplication, QMessageBox
        from marketapp.ui.shell.lifecycle import start_up
        app = QApplication([])
        QMessageBox.warning = staticmethod(lambda *a, **k: print("refused", flush=True))
        life, code = start_up({str(filled)!r}, "zh")
        print("forwarded" if life is None and code == 0 else "not forwarded", flush=True)
    """)
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=20000)
    out, err = proc.communicate()
    assert out.strip() == "forwarded", err
    assert life.server.requests == 1
    assert life.lock.held  # the running copy still has its file


def test_the_lock_of_a_killed_copy_is_taken_over(zh_app, filled, boxes):
    proc = child(f"""
        import time
        from marketapp.store.instance_lock import InstanceLock
        lock = InstanceLock({str(filled)!r}).acquire()
        print("locked", flush=True)
        time.sleep(60)
    """)
    try:
        assert proc.stdout.readline().strip() == "locked"
        assert is_locked(filled) is not None
        life, code = lifecycle.start_up(filled, "zh")
        assert life is None and code == 1  # held by a live process: refused
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    life, code = lifecycle.start_up(filled, "zh")  # the OS dropped the dead copy's lock
    try:
        assert life is not None and code == 0 and life.lock.held
    finally:
        life.shutdown()


def damage(db_path: Path) -> Path:
    good = backup_now(db_path, "auto", when=datetime(2025, 3, 1, 9, 0)).path
    db = open_database(db_path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    corrupt_table(db_path, "villages")
    return good


def test_a_damaged_file_opens_read_only_with_the_restore_offer(zh_app, filled, boxes,
                                                               monkeypatch):
    good = damage(filled)
    before = filled.read_bytes()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *a, **k: asked.append((title, text))
        or QMessageBox.StandardButton.No))
    life, code = lifecycle.start_up(filled, "zh")
    try:
        assert life is not None and life.read_only
        [(title, text)] = asked
        assert title == "数据文件已损坏"
        assert "只读" in text and str(good) in text and "恢复" in text
        assert filled.read_bytes() == before  # nothing written to the damaged file
        assert life.tick(datetime.now() + timedelta(hours=1)) is False  # no backups of it
    finally:
        life.shutdown()
    assert filled.read_bytes() == before  # not even the exit backup wrote to it


def test_accepting_the_offer_restores_the_backup_and_opens_normally(zh_app, filled, boxes,
                                                                    monkeypatch):
    damage(filled)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: QMessageBox.StandardButton.Yes))
    life, code = lifecycle.start_up(filled, "zh")
    try:
        assert life is not None and not life.read_only
        assert [r[0] for r in life.db.execute("SELECT name FROM villages")] == ["花园村"]
        assert any(kind == "information" for kind, _, _ in boxes)
    finally:
        life.shutdown()


def test_a_byte_that_breaks_sqlites_error_text_is_damage_with_the_good_backup_offered(
        zh_app, filled, boxes, monkeypatch):
    """Issue 15, item 3: the app said only "something unexpected went wrong"."""
    from db_files import flip_in_schema

    good = backup_now(filled, "manual").path
    flip_in_schema(filled)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *a, **k: asked.append(text)
        or QMessageBox.StandardButton.Yes))
    life, code = lifecycle.start_up(filled, "zh")
    try:
        assert life is not None and not life.read_only
        assert asked and str(good) in asked[0] and "已损坏" in asked[0]
        assert [r[0] for r in life.db.execute("SELECT name FROM villages")] == ["花园村"]
    finally:
        life.shutdown()


def test_a_full_disk_is_said_and_no_restore_is_offered(zh_app, filled, boxes, monkeypatch):
    """Issue 15, item 9: a restore would only fail for lack of room too."""
    from marketapp.store import integrity, startup_check

    backup_now(filled, "manual")

    def no_room(path):
        raise integrity.sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(integrity, "connect_read_only", no_room)
    monkeypatch.setattr(startup_check, "out_of_room", lambda path: True)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: pytest.fail("a restore was offered")))
    life, code = lifecycle.start_up(filled, "zh")
    assert life is None and code == 1
    [(kind, _title, text)] = boxes
    assert kind == "critical" and "磁盘已满" in text and "恢复" not in text


def test_another_programs_database_is_refused_by_the_app_and_left_as_it_was(zh_app, tmp_path,
                                                                             boxes):
    """Issue 15, item 5: the app's own open refuses it as the command line does."""
    import sqlite3

    other = tmp_path / "accounts.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount REAL)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    life, code = lifecycle.start_up(other, "zh")
    assert life is None and code == 1
    assert any(kind == "critical" and "其他程序的数据库" in text for kind, _, text in boxes)
    assert other.read_bytes() == before and is_locked(other) is None


def test_a_data_file_on_a_usb_stick_is_warned_about(zh_app, filled, boxes, monkeypatch):
    monkeypatch.setattr(opening, "startup_check", lambda path, mirror=None, reading=None: type(
        "S", (), {"status": "ok", "storage_warning": "数据文件在可移动存储上（/media/u）"})())
    life, code = lifecycle.start_up(filled, "zh")
    try:
        assert life is not None
        assert [kind for kind, _, text in boxes if "可移动存储" in text] == ["warning"]
    finally:
        life.shutdown()


def test_the_timer_backs_up_changed_data_in_a_worker_and_shows_the_time(qtbot, started):
    life, window = started
    life.scheduler.interval = timedelta(0)
    assert life.tick() is False  # nothing changed yet
    add_village(window.session.db, "城南村")
    assert life.tick()
    qtbot.waitUntil(lambda: not life.busy and life.task is None, timeout=10000)
    found = [p for p in backups_dir(life.db_path).iterdir() if p.name.endswith("-auto.db")]
    assert len(found) == 1 and villages(found[0]) == ["城南村", "花园村"]
    assert "上次备份" in window.status.backup_label.text()


def test_a_failing_backup_is_said_once(qtbot, started, boxes, monkeypatch):
    life, window = started
    from marketapp.store.backup.policy import BackupError

    def fail(*args, **kwargs):
        raise BackupError("no_database", path="x")

    life.scheduler._run = fail
    life.scheduler.interval = life.scheduler.retry = timedelta(0)
    for name in ("甲村", "乙村"):
        add_village(window.session.db, name)
        assert life.tick()
        qtbot.waitUntil(lambda: life.task is None, timeout=10000)
    assert [kind for kind, _, _ in boxes] == ["warning"]
    assert "自动备份" in window.status.currentMessage()


def test_exit_backs_up_closes_and_releases_the_lock(zh_app, filled, boxes):
    life, code = lifecycle.start_up(filled, "zh")
    assert is_locked(filled) is not None
    life.shutdown()
    life.shutdown()  # once only
    assert is_locked(filled) is None
    assert [p for p in backups_dir(filled).iterdir() if p.name.endswith("-exit.db")]


def test_a_clean_exit_spares_the_next_start_reading_the_whole_file(zh_app, filled, boxes,
                                                                    monkeypatch):
    from marketapp.store import clean_close
    from marketapp.store import startup_check as health

    life, _ = lifecycle.start_up(filled, "zh")
    life.shutdown()
    assert clean_close.closed_cleanly(filled)
    read = []
    monkeypatch.setattr(health, "quick_problems", lambda path, reading=None, **kw: read.append(path))
    monkeypatch.setattr(health, "storage_warning", lambda path, **system: None)
    monkeypatch.setattr(health, "file_system_type", lambda path, **system: "ext4")
    life, code = lifecycle.start_up(filled, "zh")
    assert code == 0 and read == [] and life.state.checked_at_exit
    # Open for writing now: gone, so that a crash from here on means a full check.
    assert not clean_close.note_path(filled).exists()
    life.lock.release()  # the crash: no shutdown, so no new note
    life.db.close()
    life, code = lifecycle.start_up(filled, "zh")
    assert read == [filled] and not life.state.checked_at_exit
    life.shutdown()


def test_a_write_by_another_program_during_the_exit_backup_means_no_note(zh_app, filled,
                                                                          boxes, monkeypatch):
    from marketapp.store.clean_close import note_path

    def backup_while_the_cli_writes(*args, **kwargs):
        other = open_database(filled)  # e.g. `marketapp import-villagers` at that moment
        add_village(other, "石门村")
        other.close()
        return backup_now(*args, **kwargs)

    life, _ = lifecycle.start_up(filled, "zh")
    monkeypatch.setattr(lifecycle, "backup_now", backup_while_the_cli_writes)
    life.shutdown()
    assert not note_path(filled).exists()  # the next start checks the whole file
    assert "石门村" in villages(filled)


def watch_progress_dialog(qtbot):
    """While the UI thread waits for a worker: the texts of the modal progress dialogs it
    shows; ``go`` lets the worker finish once one was seen (it never is if the UI thread
    itself does the work)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    seen, go = [], threading.Event()

    def look():
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QProgressDialog) and w.isVisible() and w.isModal()]
        if dialogs:
            seen.append(dialogs[0].labelText())
            go.set()
        else:
            timer.start()

    timer = QTimer()
    timer.setSingleShot(True)
    timer.setInterval(10)
    timer.timeout.connect(look)
    timer.start()
    return seen, go, timer


def test_the_exit_backup_runs_in_a_worker_behind_a_dialog_and_finishes_first(
        qtbot, zh_app, filled, boxes, monkeypatch):
    life, code = lifecycle.start_up(filled, "zh")
    seen, go, _timer = watch_progress_dialog(qtbot)
    threads = []

    def slow_backup(*args, **kwargs):
        threads.append(threading.current_thread())
        assert go.wait(10), "the UI thread never showed the dialog"
        return backup_now(*args, **kwargs)

    monkeypatch.setattr(lifecycle, "backup_now", slow_backup)
    life.shutdown()
    assert threads and threads[0] is not threading.main_thread()
    assert seen == ["正在备份…"]
    # shutdown returned after the backup was written, then closed and unlocked.
    assert [p for p in backups_dir(filled).iterdir() if p.name.endswith("-exit.db")]
    assert is_locked(filled) is None and boxes == []


def test_a_failed_exit_backup_is_said_and_the_lock_still_released(zh_app, filled, boxes,
                                                                  monkeypatch):
    from marketapp.store.backup.policy import BackupError
    from marketapp.store.clean_close import note_path

    def full(*args, **kwargs):
        raise BackupError("disk_full", folder=str(backups_dir(filled)))

    life, code = lifecycle.start_up(filled, "zh")
    monkeypatch.setattr(lifecycle, "backup_now", full)
    life.shutdown()
    [(kind, title, text)] = boxes
    assert kind == "warning" and title == "退出时备份"
    assert "磁盘已满" in text and "数据本身" in text
    assert is_locked(filled) is None
    assert not note_path(filled).exists()  # not checked at exit: the next start checks it


def test_the_restore_offered_at_start_runs_in_a_worker_behind_a_dialog(
        qtbot, zh_app, filled, boxes, monkeypatch):
    damage(filled)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: QMessageBox.StandardButton.Yes))
    seen, go, _timer = watch_progress_dialog(qtbot)
    threads = []
    real_restore = lifecycle.restore_from

    def slow_restore(*args, **kwargs):
        threads.append(threading.current_thread())
        assert go.wait(10), "the UI thread never showed the dialog"
        return real_restore(*args, **kwargs)

    monkeypatch.setattr(lifecycle, "restore_from", slow_restore)
    life, code = lifecycle.start_up(filled, "zh")
    try:
        assert threads and threads[0] is not threading.main_thread()
        assert seen == ["正在恢复…"]
        assert life is not None and not life.read_only
        assert [r[0] for r in life.db.execute("SELECT name FROM villages")] == ["花园村"]
    finally:
        life.shutdown()


def test_a_check_that_breaks_in_its_thread_is_raised_here_and_unlocks(zh_app, filled,
                                                                      monkeypatch):
    import sqlite3

    def broken(path, mirror=None, reading=None):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(opening, "startup_check", broken)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        lifecycle.start_up(filled, "zh")
    assert is_locked(filled) is None
