"""The lock a writing command takes: it waits for another command, is refused beside the app
or ``marketapp serve``, and a pairing command (``BESIDE_APP``) may run beside them but not
beside a restore or merge."""

import subprocess
import sys
import textwrap
import threading
import time

import pytest

from marketapp.store import writer_lock as locks
from marketapp.store.instance_lock import InstanceLock, is_locked, read_holder
from marketapp.store.writer_lock import LockPolicy, WriterLockError, writer_lock

HOLDER = textwrap.dedent("""
    import sys, time
    from marketapp.store.instance_lock import InstanceLock
    holder, command, seconds = sys.argv[2], sys.argv[3] or None, float(sys.argv[4])
    lock = InstanceLock(sys.argv[1], holder=holder, command=command).acquire()
    print("locked", flush=True)
    time.sleep(seconds)
""")


def hold(db_path, holder="command", command="import-villagers", seconds=60.0):
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path), holder,
                              command or "", str(seconds)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "locked"
    return child


def stop(child):
    if child.poll() is None:
        child.kill()
    child.wait()
    child.stdout.close()


def test_a_command_writes_who_it_is_and_no_window_name(db_path):
    with writer_lock(db_path, "import-villagers") as lock:
        assert lock is not None and lock.held
        holder = read_holder(db_path)
        assert (holder.kind, holder.command, holder.server) == ("command", "import-villagers",
                                                                 None)
    assert is_locked(db_path) is None


def test_the_app_holding_the_file_is_a_refusal_naming_it(db_path):
    with InstanceLock(db_path), pytest.raises(WriterLockError) as caught:
        with writer_lock(db_path, "import-villagers"):
            pytest.fail("ran beside the app")
    assert caught.value.code == "app_open"
    assert "marketapp 窗口" in caught.value.message("zh")
    assert "marketapp import-villagers" in caught.value.message("en")


def test_marketapp_serve_holding_the_file_is_named_as_the_server(db_path):
    child = hold(db_path, holder="serve", command="serve")
    try:
        with pytest.raises(WriterLockError) as caught:
            with writer_lock(db_path, "merge"):
                pytest.fail("ran beside the server")
        assert caught.value.code == "serve_open"
        assert "marketapp serve" in caught.value.message("en")
        assert str(child.pid) in caught.value.message("en")
    finally:
        stop(child)


def test_another_command_is_waited_for_and_said_once(db_path):
    child = hold(db_path, seconds=0.8)
    said = []
    try:
        started = time.monotonic()
        with writer_lock(db_path, "restore", waiting=said.append, poll=0.05) as lock:
            assert lock is not None and lock.held
            waited = time.monotonic() - started
    finally:
        stop(child)
    assert waited > 0.3
    assert len(said) == 1
    assert "import-villagers" in said[0] and str(child.pid) in said[0] and "Ctrl+C" in said[0]


def test_ctrl_c_while_waiting_gives_up_and_changes_nothing(db_path, monkeypatch):
    child = hold(db_path)

    def interrupted(seconds):
        raise KeyboardInterrupt

    monkeypatch.setattr(locks.time, "sleep", interrupted)
    try:
        with pytest.raises(WriterLockError) as caught:
            with writer_lock(db_path, "demo"):
                pytest.fail("ran while another command held the file")
    finally:
        stop(child)
    assert caught.value.code == "gave_up" and "marketapp demo" in caught.value.message("en")


def test_pairing_runs_beside_the_app_without_the_lock(db_path):
    with InstanceLock(db_path):
        with writer_lock(db_path, "devices pair", LockPolicy.BESIDE_APP) as lock:
            assert lock is None  # the app keeps its lock; SQLite orders the writes


def test_pairing_waits_for_a_restore_and_a_restore_waits_for_pairing(db_path):
    child = hold(db_path, command="restore", seconds=0.6)
    try:
        said = []
        with writer_lock(db_path, "devices pair", LockPolicy.BESIDE_APP, waiting=said.append,
                         poll=0.05) as lock:
            assert lock is not None and said and "restore" in said[0]
            # holding it now: a restore started meanwhile must wait for the pairing
            outcome = []

            def restore():
                with writer_lock(db_path, "restore", poll=0.02):
                    outcome.append(time.monotonic())

            thread = threading.Thread(target=restore)
            thread.start()
            time.sleep(0.2)
            assert outcome == []
            released = time.monotonic()
    finally:
        stop(child)
    thread.join(5)
    assert outcome and outcome[0] >= released
