"""A full disk or a read-only folder: a clear message, the last committed action intact, and
everything works again once there is room.

The live database is made "full" with SQLite's own ``max_page_count`` (SQLite then fails
exactly as on a full disk: ``database or disk is full``); the backup side by patching the
file operations to raise ENOSPC / EACCES (as root, chmod would not stop a write).
"""

import errno
import sqlite3
from datetime import datetime, timedelta

import pytest
from click.testing import CliRunner
from db_files import add_village, villages
from roster_files import people, roster_rows, write_csv

from marketapp import cli as cli_module
from marketapp.commands import data_file
from marketapp.store.backup import snapshot as files
from marketapp.store.backup.policy import (
    BackupError,
    BackupScheduler,
    RestoreError,
    backup_now,
    restore_from,
)
from marketapp.store.database import backups_dir, open_database
from marketapp.store.integrity import check_database
from marketapp.store.os_errors import explain_write_error

T0 = datetime(2025, 3, 1, 9, 0, 0)


def fill_up(db):
    """No more pages may be added to the file: the next growing write fails."""
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")


def make_room(db):
    db.execute("PRAGMA max_page_count = 1073741823")


def test_a_full_disk_loses_nothing_committed_and_the_app_carries_on(market, db_path):
    fill_up(market)
    with pytest.raises(sqlite3.OperationalError) as caught:
        with market.atomic():
            for i in range(500):
                market.execute("INSERT INTO villages (id, name, created_at) VALUES (?, ?, 'x')",
                               [f"big{i}", f"{i}" + "满" * 200])
    problem = explain_write_error(caught.value)
    assert "磁盘空间已满" in problem.message("zh")
    assert "之前保存的数据都完好" in problem.message("zh")
    assert "The disk is full" in problem.message("en")
    # the last committed action is there, the half-done one is not - seen from elsewhere too
    assert [r[0] for r in market.execute("SELECT name FROM villages")] == ["花园村"]
    assert villages(db_path) == ["花园村"]
    make_room(market)  # space returns
    add_village(market, "桃源村")
    assert villages(db_path) == ["桃源村", "花园村"]
    assert check_database(db_path).ok


def test_an_import_on_a_full_disk_says_so_and_changes_nothing(db_path, tmp_path, monkeypatch):
    roster = write_csv(tmp_path / "roster.csv", roster_rows(people(40, seed=5)))
    open_database(db_path).close()
    original = data_file.open_for_writing

    def full_db(path):
        db = original(path)
        fill_up(db)
        return db

    runner = CliRunner()
    monkeypatch.setattr(data_file, "open_for_writing", full_db)
    result = runner.invoke(cli_module.cli, ["--db", str(db_path), "import-villagers",
                                            str(roster)])
    assert result.exit_code == 1
    assert "数据未改动" in result.output and "磁盘空间已满" in result.output
    assert "Traceback" not in result.output
    check = sqlite3.connect(db_path)
    assert check.execute("SELECT count(*) FROM villagers").fetchone()[0] == 0
    assert check.execute("SELECT count(*) FROM villages").fetchone()[0] == 0
    check.close()
    monkeypatch.setattr(data_file, "open_for_writing", original)  # space returns
    again = runner.invoke(cli_module.cli, ["--db", str(db_path), "import-villagers",
                                           str(roster)])
    assert again.exit_code == 0 and "新增 40" in again.output


def no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_backup_on_a_full_disk_says_so_and_leaves_no_half_file(market, db_path, monkeypatch):
    monkeypatch.setattr(files.os, "fsync", no_space)
    with pytest.raises(BackupError) as caught:
        backup_now(db_path, "auto", when=T0)
    assert caught.value.code == "disk_full"
    assert "磁盘已满" in caught.value.message("zh") and "数据文件本身未受影响" in caught.value.message("zh")
    assert "is full" in caught.value.message("en")
    assert list(backups_dir(db_path).iterdir()) == []  # no .partial, nothing published
    add_village(market, "桃源村")                        # the live file is still writable
    monkeypatch.undo()
    assert villages(backup_now(db_path, "auto", when=T0)) == ["桃源村", "花园村"]


def test_sqlite_running_out_of_room_while_writing_the_copy(market, db_path, monkeypatch):
    real_connect = sqlite3.connect

    def tiny_target(path, *args, **kwargs):
        conn = real_connect(path, *args, **kwargs)
        if str(path).endswith(".partial"):
            conn.execute("PRAGMA max_page_count = 2")
        return conn

    monkeypatch.setattr(files.sqlite3, "connect", tiny_target)
    with pytest.raises(BackupError) as caught:
        backup_now(market, "auto", when=T0)
    assert caught.value.code == "disk_full"
    assert list(backups_dir(db_path).iterdir()) == []


def test_a_read_only_backup_folder_says_so(market, db_path, monkeypatch):
    def refused(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(files.os, "replace", refused)
    with pytest.raises(BackupError) as caught:
        backup_now(db_path, "auto", when=T0)
    assert caught.value.code == "read_only"
    said = caught.value.message("zh")
    assert "不可写入（没有权限）" in said and "Permission denied" not in said  # in her language
    assert list(backups_dir(db_path).iterdir()) == []
    add_village(market, "桃源村")


def test_backup_command_on_a_full_disk_exits_1_with_the_message(market, db_path, monkeypatch):
    monkeypatch.setattr(files.os, "fsync", no_space)
    result = CliRunner().invoke(cli_module.cli, ["--db", str(db_path), "backup"])
    assert result.exit_code == 1
    assert "备份未完成" in result.output and "磁盘已满" in result.output
    assert "Traceback" not in result.output


def test_automatic_backups_resume_when_space_returns(market, db_path, monkeypatch):
    scheduler = BackupScheduler(db_path)
    scheduler.tick(T0, True)
    monkeypatch.setattr(files.os, "fsync", no_space)
    assert scheduler.tick(T0 + timedelta(minutes=10), False) is None
    assert scheduler.last_error.code == "disk_full" and scheduler.pending
    monkeypatch.undo()
    result = scheduler.tick(T0 + timedelta(minutes=11), False)
    assert result is not None and villages(result) == ["花园村"]
    assert scheduler.last_error is None


def test_restore_is_refused_when_the_current_data_cannot_be_backed_up(market, db_path,
                                                                     monkeypatch):
    good = backup_now(db_path, "manual", when=T0).path
    add_village(market, "后来村")
    monkeypatch.setattr(files.os, "fsync", no_space)
    with pytest.raises(RestoreError) as caught:
        restore_from(good, db_path, when=T0 + timedelta(hours=1))
    assert caught.value.code == "no_safety_copy" and "磁盘已满" in caught.value.message("zh")
    assert villages(db_path) == ["后来村", "花园村"]
