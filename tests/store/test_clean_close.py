"""The clean-close note (store/clean_close.py): the start-up check skips reading the file
only when it is exactly as a checked clean exit left it; everything else is checked."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from db_files import add_village, corrupt_table

from marketapp.store import clean_close, storage
from marketapp.store import startup_check as health
from marketapp.store.clean_close import (
    closed_cleanly,
    forget_clean_close,
    note_path,
    record_clean_close,
)
from marketapp.store.database import open_database


@pytest.fixture
def closed(db_path):
    """A data file with a village, closed as the app closes it, with the note written."""
    db = open_database(db_path)
    add_village(db, "花园村")
    db.close()
    assert record_clean_close(db_path)
    return db_path


@pytest.fixture
def checks(monkeypatch):
    """How many times the start-up check read a file with quick_check."""
    ran = []
    real = health.quick_problems

    def counted(path, reading=None, **how):
        ran.append(path)
        return real(path, reading, **how)

    monkeypatch.setattr(health, "quick_problems", counted)
    monkeypatch.setattr(health, "storage_warning", lambda path, **system: None)  # a local disk
    monkeypatch.setattr(health, "file_system_type", lambda path, **system: "ext4")  # whatever CI has
    return ran


def test_after_a_clean_close_the_start_does_not_read_the_file_again(closed, checks):
    reading = []
    state = health.startup_check(closed, reading=lambda: reading.append(True))
    assert state.status == "ok" and state.checked_at_exit
    assert checks == [] and reading == [True]  # Opening still hears "reading"


def test_a_write_after_the_close_means_a_full_check(closed, checks):
    db = open_database(closed)
    add_village(db, "石门村")
    assert not closed_cleanly(closed)  # the write is in the log beside the file
    db.close()
    assert not closed_cleanly(closed)  # and then in the file: its time and size changed
    state = health.startup_check(closed)
    assert state.status == "ok" and not state.checked_at_exit and checks == [closed]


def test_a_file_damaged_after_the_close_is_found(closed, checks):
    corrupt_table(closed, "villages")
    state = health.startup_check(closed)
    assert state.status == "damaged" and checks == [closed]


def test_a_file_put_in_its_place_is_checked(closed, tmp_path, checks):
    other = tmp_path / "other.db"
    db = open_database(other)
    add_village(db, "上宅村")
    add_village(db, "下岩贝村")
    db.close()
    os.replace(other, closed)
    assert not closed_cleanly(closed)
    assert not health.startup_check(closed).checked_at_exit and checks == [closed]


def test_the_same_bytes_with_another_time_are_checked(closed, checks):
    stat = closed.stat()
    os.utime(closed, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert not closed_cleanly(closed)


def test_a_damaged_or_missing_note_means_a_full_check(closed, checks):
    note_path(closed).write_text("{not json", encoding="ascii")
    assert not closed_cleanly(closed)
    note_path(closed).write_text(json.dumps(["size", 1]), encoding="ascii")
    assert not closed_cleanly(closed)
    forget_clean_close(closed)
    assert not note_path(closed).exists() and not closed_cleanly(closed)
    forget_clean_close(closed)  # already gone: nothing to do, no error
    health.startup_check(closed)
    assert checks == [closed]


def test_removable_or_network_storage_is_always_checked(closed, checks, monkeypatch):
    monkeypatch.setattr(health, "storage_warning", lambda path, **system: "数据文件在可移动存储上")
    state = health.startup_check(closed)
    assert checks == [closed] and not state.checked_at_exit
    assert state.storage_warning == "数据文件在可移动存储上"


def test_no_note_while_the_log_holds_writes(db_path):
    db = open_database(db_path)
    add_village(db, "花园村")
    assert not record_clean_close(db_path)  # still open, the write only in the log
    assert not note_path(db_path).exists()
    db.close()
    assert record_clean_close(db_path) and closed_cleanly(db_path)


def test_a_note_that_cannot_be_written_leaves_none_behind(closed, monkeypatch):
    forget_clean_close(closed)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    assert not record_clean_close(closed)
    assert sorted(p.name for p in closed.parent.iterdir()) == [closed.name]


def test_a_copy_that_keeps_the_times_is_another_file_and_checked(closed, tmp_path, checks):
    # Explorer, cp -a and shutil.copy2 keep the modification time; the note comes along.
    elsewhere = tmp_path / "stick"
    elsewhere.mkdir()
    copy = Path(shutil.copy2(closed, elsewhere / closed.name))
    shutil.copy2(note_path(closed), note_path(copy))
    assert copy.stat().st_mtime_ns == closed.stat().st_mtime_ns
    assert not closed_cleanly(copy)
    assert not health.startup_check(copy).checked_at_exit and checks == [copy]


def test_bytes_changed_in_place_with_the_time_put_back_are_checked(closed, checks):
    stat = closed.stat()
    with open(closed, "r+b") as data:
        data.seek(stat.st_size // 2)
        data.write(b"\xde\xad" * 100)
    os.utime(closed, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert closed.stat().st_mtime_ns == stat.st_mtime_ns  # the time says nothing changed
    assert not closed_cleanly(closed)  # its change time says otherwise


def test_an_old_note_means_a_full_check(closed, checks):
    week = clean_close.MAX_AGE_DAYS * 86400
    assert closed_cleanly(closed, now=time.time() + week - 60)
    assert not closed_cleanly(closed, now=time.time() + week + 60)  # the disk may have aged
    assert not closed_cleanly(closed, now=time.time() - 3600)  # written "in the future"


@pytest.mark.parametrize(("fstype", "trusted"), [
    ("ext4", True), ("ntfs", True), ("vfat", False), ("exfat", False), ("", False),
    ("fuseblk", False), ("nfs4", False)])
def test_only_local_file_systems_with_fine_clocks_are_trusted(closed, checks, monkeypatch,
                                                              fstype, trusted):
    monkeypatch.setattr(health, "file_system_type", lambda path, **system: fstype)
    assert health.startup_check(closed).checked_at_exit is trusted
    assert checks == ([] if trusted else [closed])


def test_the_file_system_is_read_from_the_mounts_or_the_windows_volume():
    mounts = [storage.Mount("/dev/sda1", "/", "ext4"),
              storage.Mount("/dev/sdb1", "/data", "vfat")]
    assert storage.file_system_type("/data/market/marketapp.db", mounts=mounts,
                                   platform="linux") == "vfat"
    assert storage.file_system_type("/home/x/marketapp.db", mounts=mounts,
                                   platform="linux") == "ext4"
    assert storage.file_system_type("/Users/x/marketapp.db", mounts=[],
                                   platform="darwin") == ""  # cannot tell: not trusted
    assert storage.file_system_type("D:\\market\\marketapp.db", platform="win32",
                                   volume_fs=lambda anchor: "FAT32") == "fat32"
    assert storage.file_system_type("\\\\server\\share\\marketapp.db",
                                   platform="win32", volume_fs=lambda anchor: "NTFS") == ""
