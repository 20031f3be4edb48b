"""Backups: names, WAL contents, rotation, the second folder, the scheduler, restore, kills."""

import errno
import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from db_files import add_village, corrupt_table, villages

from marketapp.store.backup import snapshot as files
from marketapp.store.backup.policy import (
    BackupError,
    BackupScheduler,
    ChangeWatcher,
    RestoreError,
    RotationPolicy,
    backup_now,
    restore_from,
    rotate,
)
from marketapp.store.database import backups_dir, open_database
from marketapp.store.integrity import quick_problems

T0 = datetime(2025, 3, 1, 9, 0, 0)


# -- taking a backup -----------------------------------------------------------------------

def test_backup_is_named_with_time_and_reason_beside_the_data(market, db_path):
    result = backup_now(db_path, "manual", when=T0)
    assert result.path == backups_dir(db_path) / "market-20250301-090000-manual.db"
    assert villages(result) == ["花园村"]
    assert quick_problems(result.path) == []
    # self-contained: no -wal needed beside it
    assert sqlite3.connect(result.path).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_every_reason_is_accepted_and_an_unknown_one_refused(market, db_path):
    for i, reason in enumerate(["auto", "close", "exit", "migrate", "import", "merge",
                                "restore", "manual"]):
        assert backup_now(market, reason, when=T0 + timedelta(seconds=i)).path.name.endswith(
            f"-{reason}.db")
    with pytest.raises(ValueError):
        backup_now(market, "whenever")


def test_two_backups_in_one_second_both_survive(market, db_path):
    first = backup_now(db_path, "auto", when=T0)
    add_village(market, "桃源村")
    second = backup_now(db_path, "auto", when=T0)
    assert first.path != second.path and second.path.name.endswith("-auto-2.db")
    assert villages(first) == ["花园村"] and villages(second) == ["桃源村", "花园村"]


def test_a_backup_holds_commits_that_are_only_in_the_wal(db_path):
    db = open_database(db_path)
    db.conn.execute("PRAGMA wal_autocheckpoint=0")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    add_village(db, "最新村")
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.stat().st_size > 0
    # A plain copy of the main file alone misses it: the commit is only in the WAL.
    plain = db_path.with_name("plain-copy.db")
    shutil.copyfile(db_path, plain)
    assert villages(plain) == []
    from_path = backup_now(db_path, "auto", when=T0)
    from_conn = backup_now(db, "auto", when=T0 + timedelta(seconds=1))
    assert villages(from_path) == ["最新村"] and villages(from_conn) == ["最新村"]
    assert wal.exists()  # the live file's WAL was left alone
    db.close()


def test_no_data_file_means_no_backup_and_no_new_file(tmp_path):
    missing = tmp_path / "none.db"
    with pytest.raises(BackupError) as caught:
        backup_now(missing, "manual")
    assert "不存在" in str(caught.value)
    assert not missing.exists()


# -- rotation ------------------------------------------------------------------------------

def make_backups(folder, stem, start, days, hours=(0, 6, 12, 18), reason="auto"):
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for d in range(days):
        for h in hours:
            when = start + timedelta(days=d, hours=h)
            path = folder / f"{stem}-{when:%Y%m%d-%H%M%S}-{reason}.db"
            path.write_bytes(b"x")
            made.append(path)
    return made


def test_rotation_keeps_20_newest_daily_for_90_days_monthly_forever(tmp_path):
    folder = tmp_path / "backups"
    make_backups(folder, "market", datetime(2024, 1, 1), 400)  # 2024-01-01 .. 2025-02-03
    now = datetime(2025, 2, 3, 18, 1)
    removed = rotate(folder, tmp_path / "market.db", now)
    kept = sorted(p.name for p in folder.iterdir())
    # 20 newest (5 days x 4) + the newest of each other day within 90 days (85)
    # + the newest of each month older than that (Jan..Oct 2024: 10)
    assert len(kept) == 20 + 85 + 10
    assert len(removed) == 1600 - 115
    assert "market-20250203-000000-auto.db" in kept          # among the newest 20
    assert "market-20250130-000000-auto.db" in kept          # 5th day back: newest 20
    assert "market-20250129-120000-auto.db" not in kept      # 6th day back: not the newest 20
    assert "market-20250129-180000-auto.db" in kept          # ... but that day's newest
    assert "market-20241106-180000-auto.db" in kept          # 89 days back
    assert "market-20241105-180000-auto.db" not in kept      # 90 days back: daily expired
    assert "market-20241031-180000-auto.db" in kept          # October's newest
    assert "market-20241030-180000-auto.db" not in kept
    assert "market-20240131-180000-auto.db" in kept          # January 2024, forever
    assert rotate(folder, tmp_path / "market.db", now) == []  # stable


def test_rotation_never_deletes_the_only_copy_or_other_files(tmp_path):
    folder = tmp_path / "backups"
    only = make_backups(folder, "market", datetime(2020, 1, 1), 1, hours=(0,))[0]
    others = [folder / "other-20200101-000000-auto.db",      # another database's backup
              folder / "market-copy-by-hand.db",             # the user's own copy
              folder / "market-20200101-000000-auto.db.partial",
              folder / "market-20200101-000000-whatever.db",
              folder / "notes.txt"]
    for path in others:
        path.write_bytes(b"x")
    make_backups(folder, "other", datetime(2020, 1, 2), 60)
    assert rotate(folder, tmp_path / "market.db", datetime(2030, 1, 1)) == []
    assert only.exists() and all(p.exists() for p in others)
    with pytest.raises(ValueError):
        RotationPolicy(keep_last=0)


def test_rotation_keeps_the_copy_from_before_the_last_upgrade_and_restore(tmp_path):
    folder = tmp_path / "backups"
    old_upgrade = make_backups(folder, "market", datetime(2024, 1, 10), 1, hours=(1,),
                               reason="before-upgrade")[0]
    old_restore = make_backups(folder, "market", datetime(2024, 1, 11), 1, hours=(1,),
                               reason="restore")[0]
    make_backups(folder, "market", datetime(2024, 1, 12), 30)
    rotate(folder, tmp_path / "market.db", datetime(2024, 6, 1),
           RotationPolicy(keep_last=3, daily_days=0, monthly=False))
    assert old_upgrade.exists() and old_restore.exists()
    assert len(list(folder.iterdir())) == 5


def test_backup_now_rotates_its_folder(market, db_path):
    for i in range(25):
        backup_now(db_path, "auto", when=T0 + timedelta(minutes=i))
    assert len(files.list_backups(backups_dir(db_path), db_path)) == 20


# -- the second folder (USB stick) ---------------------------------------------------------

def test_finished_backup_is_copied_to_the_second_folder(market, db_path, tmp_path):
    stick = tmp_path / "usb"
    stick.mkdir()
    result = backup_now(db_path, "close", mirror_dir=stick, when=T0)
    assert result.mirror_error is None
    assert result.mirror_path == stick / result.path.name
    assert result.mirror_path.read_bytes() == result.path.read_bytes()
    assert [p.name for p in stick.iterdir()] == [result.path.name]  # no temp file left


def test_a_pulled_stick_is_reported_and_the_primary_backup_stands(market, db_path, tmp_path,
                                                                   monkeypatch):
    stick = tmp_path / "usb"
    stick.mkdir()

    def stick_gone(src, dst, length=0):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(files.shutil, "copyfileobj", stick_gone)
    result = backup_now(db_path, "auto", mirror_dir=stick, when=T0)
    assert villages(result) == ["花园村"]
    assert result.mirror_path is None
    message = result.mirror_error.message("zh")
    assert "复制到第二个文件夹" in message and str(stick) in message and "U盘" in message
    assert list(stick.iterdir()) == []  # nothing half-copied left on the stick


def test_a_stick_that_is_not_plugged_in_is_not_created_on_the_local_disk(market, db_path,
                                                                          tmp_path):
    stick = tmp_path / "media" / "usb"
    result = backup_now(db_path, "auto", mirror_dir=stick, when=T0)
    assert result.path.exists() and not stick.exists()
    assert "文件夹不存在" in result.mirror_error.message("zh")


# -- when ----------------------------------------------------------------------------------

class FakeRun:
    def __init__(self):
        self.calls = []
        self.fail_with = None

    def __call__(self, source, reason, *, folder=None, mirror_dir=None, when=None):
        if self.fail_with:
            raise self.fail_with
        self.calls.append((reason, when))
        return files.BackupName(when, 1, reason, Path("x"))


def test_scheduler_backs_up_every_10_minutes_while_data_changed(db_path):
    run = FakeRun()
    s = BackupScheduler(db_path, run=run)
    minute = timedelta(minutes=1)
    assert s.tick(T0, False) is None
    assert s.tick(T0 + 5 * minute, True) is None          # changed, but too soon
    assert s.tick(T0 + 9 * minute, False) is None
    assert s.tick(T0 + 10 * minute, False) is not None    # due: a change is pending
    assert s.tick(T0 + 11 * minute, True) is None
    assert s.tick(T0 + 19 * minute, False) is None         # 9 minutes after the last one
    assert s.tick(T0 + 20 * minute, False) is not None
    for m in range(21, 90):                                # nothing changed: nothing taken
        assert s.tick(T0 + m * minute, False) is None
    assert [w for _, w in run.calls] == [T0 + 10 * minute, T0 + 20 * minute]


def test_scheduler_retries_a_failed_backup_and_an_explicit_one_restarts_the_clock(db_path):
    run = FakeRun()
    s = BackupScheduler(db_path, run=run)
    minute = timedelta(minutes=1)
    s.tick(T0, True)
    run.fail_with = BackupError("disk_full", folder="/x")
    assert s.tick(T0 + 10 * minute, False) is None
    assert s.last_error.code == "disk_full" and s.pending
    assert s.tick(T0 + 10 * minute + timedelta(seconds=30), False) is None  # not hammering
    run.fail_with = None
    assert s.tick(T0 + 11 * minute, False) is not None     # space came back
    assert s.last_error is None and not s.pending
    s.tick(T0 + 12 * minute, True)
    s.backup(T0 + 13 * minute, "close")                     # market day closed
    assert s.tick(T0 + 22 * minute, True) is None           # clock restarted at 13
    assert [r for r, _ in run.calls] == ["auto", "close"]


def test_scheduler_with_real_backups(market, db_path):
    s = BackupScheduler(db_path)
    s.tick(T0, True)
    result = s.tick(T0 + timedelta(minutes=10), False)
    assert result.path.name == "market-20250301-091000-auto.db"
    assert villages(result) == ["花园村"]


def test_change_watcher_sees_own_and_other_connections_commits(market, db_path):
    watcher = ChangeWatcher(market)
    assert not watcher.changed()
    add_village(market, "桃源村")
    assert watcher.changed() and not watcher.changed()
    other = open_database(db_path)
    add_village(other, "杏花村")
    other.close()
    assert watcher.changed()


# -- restore -------------------------------------------------------------------------------

def test_restore_puts_back_the_backup_and_keeps_what_was_there(market, db_path):
    good = backup_now(db_path, "manual", when=T0).path
    add_village(market, "后来村")
    market.close()
    result = restore_from(good, db_path, when=T0 + timedelta(hours=1))
    assert villages(db_path) == ["花园村"]
    assert result.safety_backup.name == "market-20250301-100000-restore.db"
    assert villages(result.safety_backup) == ["后来村", "花园村"]
    db = open_database(db_path)  # the app opens it normally afterwards
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    add_village(db, "再来村")
    db.close()


def test_restore_into_an_open_connection_other_connections_see_it(market, db_path):
    good = backup_now(db_path, "manual", when=T0).path
    add_village(market, "后来村")
    reader = open_database(db_path)
    restore_from(good, db_path, live=market, when=T0 + timedelta(hours=1))
    assert [r[0] for r in market.execute("SELECT name FROM villages")] == ["花园村"]
    assert [r[0] for r in reader.execute("SELECT name FROM villages")] == ["花园村"]
    add_village(market, "之后村")
    assert sorted(r[0] for r in reader.execute("SELECT name FROM villages")) == ["之后村",
                                                                                 "花园村"]
    reader.close()


@pytest.mark.parametrize("kind", ["text", "damaged", "foreign", "newer", "missing"])
def test_a_bad_backup_is_refused_and_nothing_changes(market, db_path, tmp_path, kind):
    bad = tmp_path / "bad.db"
    if kind == "text":
        bad.write_text("这不是数据库" * 1000, encoding="utf-8")
    elif kind == "damaged":
        backup_now(db_path, "manual", when=T0).path.rename(bad)
        corrupt_table(bad, "villages")
    elif kind == "foreign":
        sqlite3.connect(bad).execute("CREATE TABLE t (x)").connection.close()
    elif kind == "newer":
        backup_now(db_path, "manual", when=T0).path.rename(bad)
        conn = sqlite3.connect(bad)
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('marketapp', 'm999_from_the_future', 'x')")
        conn.commit()
        conn.close()
    before = sorted(p.name for p in backups_dir(db_path).glob("*")) \
        if backups_dir(db_path).exists() else []
    with pytest.raises(RestoreError) as caught:
        restore_from(bad if kind != "missing" else tmp_path / "nope.db", db_path)
    zh, en = caught.value.message("zh"), caught.value.message("en")
    assert "未做任何恢复" in zh and "nothing was restored" in en.lower()
    expected = {"text": "不是可读取的数据库", "damaged": "已损坏", "foreign": "_sqlite_migrations",
                "newer": "m999_from_the_future", "missing": "找不到"}[kind]
    assert expected in zh
    assert [r[0] for r in market.execute("SELECT name FROM villages")] == ["花园村"]
    after = sorted(p.name for p in backups_dir(db_path).glob("*")) \
        if backups_dir(db_path).exists() else []
    assert after == before  # refused before taking the safety copy


def test_restore_from_the_live_file_itself_is_refused(market, db_path):
    with pytest.raises(RestoreError) as caught:
        restore_from(db_path, db_path)
    assert caught.value.code == "same_file"


def test_restore_over_a_damaged_live_file(market, db_path):
    good = backup_now(db_path, "manual", when=T0).path
    market.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    market.close()
    corrupt_table(db_path, "villages")
    assert quick_problems(db_path)
    result = restore_from(good, db_path, when=T0 + timedelta(hours=1))
    assert quick_problems(db_path) == [] and villages(db_path) == ["花园村"]
    assert result.safety_backup is None
    kept = result.damaged_copy / "market.db"
    assert kept.exists() and quick_problems(kept)  # the damaged bytes are kept aside


def test_restore_over_a_file_that_is_no_database_any_more(market, db_path):
    good = backup_now(db_path, "manual", when=T0).path
    market.close()
    with open(db_path, "r+b") as handle:
        handle.write(b"\0" * 100)  # the header is gone
    restore_from(good, db_path, when=T0 + timedelta(hours=1))
    assert villages(db_path) == ["花园村"]
    aside = list(backups_dir(db_path).glob("market-*-damaged*/market.db"))
    assert aside and aside[0].read_bytes()[:100] == b"\0" * 100


# -- kill -9 during backups ----------------------------------------------------------------

@pytest.mark.slow
def test_kills_during_backups_never_publish_a_bad_backup(tmp_path):
    from stress_backup_kill import run

    report = run(5, tmp_path, rows=1500, seed=7, max_delay=0.3, after_a_backup=2)
    assert report.kills == 5
    assert report.failures == []
    assert report.published_checked >= 2 and report.backups_done >= 2
    assert report.acknowledged > 0
    # whatever the kills left behind, only published names count as backups
    folder = backups_dir(tmp_path / "stress.db")
    listed = files.list_backups(folder, tmp_path / "stress.db")
    assert all(not b.path.name.endswith(".partial") for b in listed)
    assert all(quick_problems(b.path) == [] for b in listed)
