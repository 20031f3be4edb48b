"""Half-written copies left by a killed backup or restore (``.partial`` and the ``-wal`` /
``-shm`` / ``-journal`` SQLite leaves beside one) are removed at the next backup and at the
next start - all of them, at once - while a copy another process is still writing is kept
(issue 15, item 12)."""

import os
import subprocess
import sys

import pytest

from marketapp.store.backup import snapshot
from marketapp.store.backup.policy import backup_now
from marketapp.store.database import backups_dir
from marketapp.store.opening import Opening

COMPANIONS = ("", "-wal", "-shm", "-journal")


@pytest.fixture
def dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def live_pid():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield child.pid
    child.kill()
    child.wait()


def leave_partials(folder, name, pid):
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for companion in COMPANIONS:
        path = folder / f"{name}.{pid}.partial{companion}"
        path.write_bytes(b"\0" * 4096)
        made.append(path)
    return made


def test_a_killed_backups_partials_go_at_the_next_backup(market, db_path, dead_pid, live_pid):
    folder = backups_dir(db_path)
    killed = leave_partials(folder, "market-20260101-090000-auto.db", dead_pid)
    running = leave_partials(folder, "market-20260101-090500-auto.db", live_pid)
    old_style = [folder / "market-20260101-080000-auto.db.partial-wal",
                 folder / "market-20260101-080000-auto.db.partial-shm"]  # their .partial gone
    for path in old_style:
        path.write_bytes(b"\0")
    other = folder / "other-20260101-090000-auto.db.9.partial"  # not this file's: left alone
    other.write_bytes(b"x")
    backup_now(db_path, "manual")
    assert not any(p.exists() for p in killed + old_style)
    assert all(p.exists() for p in running) and other.exists()
    assert not [p for p in folder.iterdir() if str(os.getpid()) in p.name]  # its own are gone


def test_a_killed_restores_copy_beside_the_data_file_goes_at_the_next_start(
        market, db_path, dead_pid):
    market.close()
    killed = leave_partials(db_path.parent, db_path.name, dead_pid)
    in_backups = leave_partials(backups_dir(db_path), "market-20260101-090000-restore.db",
                                dead_pid)
    opening = Opening(db_path)
    try:
        opening.result()
    finally:
        opening.release()
    assert not any(p.exists() for p in killed + in_backups)


def test_this_process_keeps_a_copy_it_is_writing(tmp_path):
    dest = tmp_path / "market-20260101-090000-auto.db"
    with snapshot._partial_for(dest) as partial:
        partial.write_bytes(b"\0")
        assert snapshot.remove_stale_partials(tmp_path, tmp_path / "market.db") == []
        assert partial.exists()
    partial.write_bytes(b"\0")  # left behind by this process, no copy running: stale
    assert snapshot.remove_stale_partials(tmp_path, tmp_path / "market.db") == [partial]


def test_a_process_number_tells_alive_from_gone(dead_pid, live_pid):
    assert snapshot.process_alive(os.getpid()) and snapshot.process_alive(live_pid)
    assert not snapshot.process_alive(dead_pid)
