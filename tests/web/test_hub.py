"""The hub's one writer and its change feed, without the web server."""

from __future__ import annotations

import threading
import time

import pytest

from marketapp.store.database import open_database
from marketapp.web.hub import Hub


def test_every_job_runs_on_the_one_hub_thread(hub):
    threads = {hub.call(lambda db: threading.get_ident()) for _ in range(5)}
    assert len(threads) == 1 and threading.get_ident() not in threads


def test_a_job_that_fails_fails_for_its_caller_only(hub):
    with pytest.raises(ZeroDivisionError):
        hub.call(lambda db: 1 / 0)
    assert hub.call(lambda db: db.execute("SELECT 1").fetchone()[0]) == 1


def _recorder(hub):
    seen, event = [], threading.Event()

    def heard(version):
        seen.append((version, time.perf_counter()))
        event.set()

    return hub.subscribe(heard), seen, event


def test_subscribers_hear_of_the_hubs_own_writes_at_once(hub):
    unsubscribe, seen, event = _recorder(hub)
    hub.call(lambda db: None, changed=False)
    hub.call(lambda db: "ok", changed=lambda result: result == "ok")
    assert event.wait(1) and len(seen) == 1
    unsubscribe()
    hub.call(lambda db: None, changed=True)
    assert len(seen) == 1


def test_another_connections_commit_is_noticed_within_200_ms(hub, market_path):
    _unsubscribe, seen, event = _recorder(hub)
    other = open_database(market_path)
    started = time.perf_counter()
    with other.atomic():
        other.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
    assert event.wait(1) and seen[0][1] - started < 0.2
    other.close()


def test_notify_changed_is_heard_at_once_from_any_thread(hub):
    _unsubscribe, seen, event = _recorder(hub)
    started = time.perf_counter()
    threading.Thread(target=hub.notify_changed).start()
    assert event.wait(1) and seen[0][1] - started < 0.05


def test_a_hub_that_cannot_open_its_file_says_so_and_a_stopped_hub_refuses_work(tmp_path):
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(Exception, match="不是 marketapp 的数据文件"):
        Hub(bad).start()
    stopped = Hub(tmp_path / "ok.db").start()
    stopped.stop()
    with pytest.raises(RuntimeError):
        stopped.call(lambda db: 1)


def test_the_hub_answers_to_its_own_address_only():
    from marketapp.web.addresses import allowed_hosts

    assert allowed_hosts("192.168.8.10", 8420) == {"192.168.8.10:8420"}
    assert allowed_hosts("127.0.0.1", 8420) == {"127.0.0.1:8420", "localhost:8420"}
    everywhere = allowed_hosts("0.0.0.0", 8420)  # only when asked: every address it has
    assert {"127.0.0.1:8420", "localhost:8420"} <= everywhere
    assert all(host.endswith(":8420") for host in everywhere)
