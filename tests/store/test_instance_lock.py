"""One copy per database: a second acquire is refused with the pid; a killed holder's lock is taken over."""

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from marketapp.core.text import set_language
from marketapp.store.instance_lock import (
    InstanceLock,
    InstanceLockError,
    is_locked,
    lock_path,
    read_holder,
    server_name,
)

HOLDER = textwrap.dedent("""
    import sys, time
    from marketapp.store.instance_lock import InstanceLock
    lock = InstanceLock(sys.argv[1]).acquire()
    print("locked", flush=True)
    time.sleep(60)
""")


@pytest.fixture
def holder(db_path):
    """A child process holding the lock on db_path."""
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "locked"
    yield child
    if child.poll() is None:
        child.kill()
    child.wait()
    child.stdout.close()


def test_second_acquire_in_the_same_process_is_refused(db_path):
    first = InstanceLock(db_path).acquire()
    try:
        with pytest.raises(InstanceLockError) as caught:
            InstanceLock(db_path).acquire()
        assert caught.value.code == "open_elsewhere"
        assert str(os.getpid()) in caught.value.message("zh")
        assert "已在另一个 marketapp 窗口中打开" in caught.value.message("zh")
        assert "already open in another marketapp window" in caught.value.message("en")
    finally:
        first.release()
    # released: the next one gets it
    with InstanceLock(db_path) as again:
        assert again.held


def test_another_process_holding_the_lock_is_named(holder, db_path):
    with pytest.raises(InstanceLockError) as caught:
        InstanceLock(db_path).acquire()
    assert f"进程号 {holder.pid}" in str(caught.value)
    set_language("en")
    assert f"process {holder.pid}" in caught.value.message()
    found = is_locked(db_path)
    assert found is not None and found.pid == holder.pid
    assert found.server == server_name(db_path)


def test_a_lock_left_by_a_killed_process_is_taken_over(holder, db_path):
    assert is_locked(db_path) is not None
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert lock_path(db_path).exists()  # the file stays; the OS lock is gone
    with InstanceLock(db_path) as lock:
        assert lock.held
        assert read_holder(db_path).pid == os.getpid()
    assert is_locked(db_path) is None


def test_two_spellings_of_one_path_share_lock_and_server_name(tmp_path, monkeypatch):
    db = tmp_path / "market.db"
    monkeypatch.chdir(tmp_path)
    assert server_name("market.db") == server_name(db)
    assert server_name(tmp_path / "sub" / ".." / "market.db") == server_name(db)
    assert server_name(tmp_path / "other.db") != server_name(db)
    assert server_name(db).startswith("marketapp-") and "/" not in server_name(db)
    with InstanceLock("market.db"), pytest.raises(InstanceLockError):
        InstanceLock(db).acquire()


def test_different_databases_do_not_block_each_other(tmp_path):
    with InstanceLock(tmp_path / "a.db"), InstanceLock(tmp_path / "b.db") as other:
        assert other.held


def test_lock_file_sits_beside_the_database(db_path):
    assert lock_path(db_path) == db_path.resolve().with_name("market.db.lock")
