"""Start-up check (no writes), full check, read-only opening, newest good backup, storage."""

import hashlib
import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import PurePosixPath

import pytest
from db_files import add_village, corrupt_table, flip_in_schema

from marketapp.store.backup.policy import backup_now
from marketapp.store.database import open_database
from marketapp.store.integrity import CheckResult, check_database
from marketapp.store.os_errors import explain_write_error
from marketapp.store.read_only import open_read_only
from marketapp.store.startup_check import startup_check
from marketapp.store.storage import parse_mounts, storage_kind, storage_warning

T0 = datetime(2025, 3, 1, 9, 0, 0)


def fingerprint(path):
    return hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns


@pytest.fixture
def filled(db_path):
    """A data file with a few hundred villagers, checkpointed, closed."""
    db = open_database(db_path)
    with db.atomic():
        for i in range(300):
            db.execute("INSERT INTO villages (id, name, created_at) VALUES (?, ?, 'x')",
                       [f"v{i:04d}", f"第{i}村" * 5])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return db_path


def test_a_sound_file_passes_every_check(filled):
    state = startup_check(filled)
    assert state.status == "ok" and state.ok and state.message() is None
    result = check_database(filled)
    assert result.ok
    assert "完整性检查：通过" in result.summary("zh") and "记录关联检查：通过" in result.summary("zh")
    assert "Integrity check: passed" in result.summary("en")


def test_a_new_file_is_new(tmp_path):
    state = startup_check(tmp_path / "nothing-yet.db")
    assert state.status == "new" and state.ok
    assert not (tmp_path / "nothing-yet.db").exists()


def test_corrupted_bytes_are_found_at_start_up_without_writing_to_the_file(filled):
    good = backup_now(filled, "auto", when=T0).path
    corrupt_table(filled, "villages")
    before = fingerprint(filled)
    state = startup_check(filled)
    assert fingerprint(filled) == before  # not one byte, not even the mtime
    assert state.status == "damaged" and state.read_only and state.can_read
    assert state.problems
    assert state.good_backup == good
    zh = state.message("zh")
    assert "数据文件已损坏" in zh and "只读" in zh and str(good) in zh and "2025-03-01 09:00:00" in zh
    assert "read-only" in state.message("en")
    # the damaged file opens read-only: what can be read is shown, nothing can be written
    db = open_read_only(filled)
    assert "villages" in db.table_names()
    with pytest.raises(sqlite3.OperationalError):
        db.execute("INSERT INTO settings (key, value) VALUES ('k', '1')")
    db.close()
    assert fingerprint(filled) == before


def test_a_damaged_newer_backup_is_skipped_for_the_older_good_one(filled):
    good = backup_now(filled, "auto", when=T0).path
    newer = backup_now(filled, "auto", when=T0 + timedelta(hours=1)).path
    corrupt_table(newer, "villages")
    corrupt_table(filled, "villages")
    assert startup_check(filled).good_backup == good


def test_an_unreadable_file_says_so_and_offers_nothing_when_there_is_no_backup(filled):
    with open(filled, "r+b") as handle:
        handle.write(b"garbage!" * 20)
    before = fingerprint(filled)
    state = startup_check(filled)
    assert fingerprint(filled) == before
    assert state.status == "damaged" and not state.can_read and state.good_backup is None
    assert "无法读取" in state.message("zh") and "没有找到完好的备份" in state.message("zh")
    result = check_database(filled)
    assert not result.ok and "无法打开数据文件" in result.summary("zh")


def test_full_check_reports_integrity_problems_readably(filled):
    corrupt_table(filled, "villages")
    result = check_database(filled)
    assert not result.ok
    text = result.summary("zh")
    assert text.startswith("数据文件有问题") and "完整性检查" in text
    assert "The data file has problems" in result.summary("en")


def test_full_check_names_rows_whose_parent_is_missing(db_path):
    db = open_database(db_path)
    db.close()
    conn = sqlite3.connect(db_path)  # foreign keys off: the kind of damage a bad tool does
    conn.execute("INSERT INTO market_days (id, date, village_id, opened_at) "
                 "VALUES ('d1', '2025-03-01', 'no-such-village', 'x')")
    conn.commit()
    conn.close()
    result = check_database(db_path)
    assert result.integrity == [] and result.foreign_keys
    text = result.summary("zh")
    assert "记录关联检查：1 条记录" in text
    assert "表 market_days 第 1 行：引用的 villages 记录不存在" in text
    assert "its villages row is missing" in result.summary("en")


# -- where the live file is kept -----------------------------------------------------------

MOUNTS = """\
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
/dev/sdb1 /media/zhang/KINGSTON vfat rw,nosuid,nodev 0 0
/dev/sdc1 /data/stick exfat rw 0 0
/dev/sda3 /data/ntfs-internal ntfs3 rw 0 0
//nas/share /srv/township cifs rw,vers=3.0 0 0
nas:/export /home/zhang/nfs nfs4 rw 0 0
zhang@host:/x /home/zhang/remote fuse.sshfs rw 0 0
/dev/sdd1 /run/media/zhang/U\\040盘 vfat rw 0 0
"""


def kind(path, removable=("/dev/sdc1",)):
    found = storage_kind(PurePosixPath(path), mounts=parse_mounts(MOUNTS), platform="linux",
                         removable_device=lambda dev: dev in removable)
    return found and found[0]


@pytest.mark.parametrize("path, expected", [
    ("/home/zhang/.local/share/marketapp/marketapp.db", None),
    ("/media/zhang/KINGSTON/marketapp.db", "removable"),
    ("/run/media/zhang/U 盘/marketapp.db", "removable"),
    ("/mnt/usb/marketapp.db", "removable"),
    ("/data/stick/marketapp.db", "removable"),          # exFAT on a removable disk
    ("/data/ntfs-internal/marketapp.db", None),         # NTFS, but a fixed disk
    ("/srv/township/marketapp.db", "network"),
    ("/home/zhang/nfs/marketapp.db", "network"),
    ("/home/zhang/remote/marketapp.db", "network"),
    ("/home/zhang/nfs-not-really/marketapp.db", None),  # a prefix of a mount is not inside it
])
def test_removable_and_network_paths_are_recognised(path, expected):
    assert kind(path) == expected


def test_storage_warning_text():
    text = storage_warning(PurePosixPath("/media/zhang/KINGSTON/m.db"),
                           mounts=parse_mounts(MOUNTS), platform="linux")
    assert "可移动存储" in text and "/media/zhang/KINGSTON" in text and "本机硬盘" in text
    net = storage_warning(PurePosixPath("/srv/township/m.db"), mounts=parse_mounts(MOUNTS),
                          platform="linux")
    assert "网络存储" in net and "cifs" in net
    assert storage_warning(PurePosixPath("/home/zhang/m.db"), mounts=parse_mounts(MOUNTS),
                           platform="linux") is None


def test_windows_drive_types():
    types = {"C:\\": 3, "E:\\": 2, "Z:\\": 4}
    get = types.__getitem__
    assert storage_kind("C:\\Users\\zhang\\marketapp.db", platform="win32", drive_type=get) is None
    assert storage_kind("E:\\marketapp.db", platform="win32", drive_type=get)[0] == "removable"
    assert storage_kind("Z:\\data\\marketapp.db", platform="win32", drive_type=get)[0] == "network"
    assert storage_kind("\\\\nas\\share\\marketapp.db", platform="win32",
                        drive_type=get)[0] == "network"


def test_this_test_folder_is_not_flagged(tmp_path):
    assert storage_warning(tmp_path / "market.db") is None


# -- write failures as messages ------------------------------------------------------------

def test_write_errors_become_clear_messages():
    full = explain_write_error(sqlite3.OperationalError("database or disk is full"))
    assert full.code == "disk_full" and "磁盘空间已满" in full.message("zh")
    assert "everything saved before is intact" in full.message("en")
    ro = explain_write_error(sqlite3.OperationalError("attempt to write a readonly database"))
    assert ro.code == "read_only" and "不可写入" in ro.message("zh")
    assert explain_write_error(OSError(28, "No space left on device")).code == "disk_full"
    assert explain_write_error(PermissionError(13, "Permission denied")).code == "read_only"


def test_a_real_file_gets_a_real_check(filled):
    add_village(open_database(filled), "新村")
    assert check_database(filled).ok


def test_start_up_check_of_a_file_with_a_hot_wal_writes_nothing(filled, tmp_path):
    """After a power cut the newest commits sit in the -wal: checking must not move them."""
    db = open_database(filled)
    db.conn.execute("PRAGMA wal_autocheckpoint=0")
    add_village(db, "断电村")
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal", "-shm"):  # the files as a killed process leaves them
        (crashed / f"market.db{suffix}").write_bytes(
            filled.with_name(filled.name + suffix).read_bytes())
    db.close()
    live = crashed / "market.db"
    before = fingerprint(live)
    state = startup_check(live)
    assert state.status == "ok"
    assert fingerprint(live) == before
    assert (crashed / "market.db-wal").stat().st_size > 0  # the WAL is still there
    # proof that this could fail: an ordinary open and close checkpoints into the file
    open_database(live).close()
    assert fingerprint(live) != before


def test_file_errors_are_sentences_in_the_users_language():
    import errno

    from marketapp.store.os_errors import explain_file_error

    def said(number, lang="zh"):
        error = OSError(number, os.strerror(number), "/media/u/名单.csv")
        return explain_file_error(error).message(lang)

    assert "不存在" in said(errno.ENOENT) and "/media/u/名单.csv" in said(errno.ENOENT)
    assert "Excel" in said(errno.EACCES) and said(errno.EPERM) == said(errno.EACCES)
    assert "磁盘空间已满" in said(errno.ENOSPC)
    assert "写保护" in said(errno.EROFS)
    assert "换一个文件名" in said(errno.EEXIST)
    assert "does not exist" in said(errno.ENOENT, "en")
    for number in (errno.ENOENT, errno.EACCES, errno.ENOSPC, errno.EROFS, errno.EEXIST):
        assert os.strerror(number) not in said(number)
    assert "磁盘只读" in explain_write_error(OSError(errno.EROFS, "Read-only file system")).message()


def test_a_byte_that_is_not_utf8_in_sqlites_error_text_is_damage(market, db_path):
    """Issue 15, item 3: Python's sqlite3 raised UnicodeDecodeError, which every handler
    missed; now the check reports it and the start offers the good backup."""
    good = backup_now(db_path, "manual").path
    market.close()
    flip_in_schema(db_path)
    state = startup_check(db_path)
    assert state.status == "damaged" and state.good_backup == good
    assert "CRE\ufffdTE" in state.problems[0]
    checked = check_database(db_path)
    assert not checked.ok and "CRE\ufffdTE" in checked.error


def test_a_check_that_stopped_does_not_say_passed(db_path):
    """Issue 15, item 8."""
    result = CheckResult(db_path, error="database disk image is malformed")
    zh, en = result.summary("zh"), result.summary("en")
    assert "检查中断" in zh and "通过" not in zh
    assert "Integrity check: not finished" in en and "passed" not in en
