"""The hub on a real uvicorn (127.0.0.1, a free port): event streams with their heartbeat, a
change reaching every subscriber whoever made it, many phones calling at once, and a stop
that does not wait for open streams."""

from __future__ import annotations

import asyncio
import time
from datetime import date

import httpx
import pytest
from hub_phones import pair_in_core, stall_of
from sse_listen import SseListener

from marketapp.core.market.days import StallPlan, open_market_day
from marketapp.core.people.cleaning import clean
from marketapp.core.people.villagers import VillagerInput, save_in_transaction
from marketapp.core.queue import engine as queue
from marketapp.store.database import open_database
from marketapp.web.server import HubServer
from marketapp.web.streams import COOKIE


def cookie(token: str) -> str:
    return f"{COOKIE}={token}"


def listen(server, token, scope="stall") -> SseListener:
    return SseListener(f"{server.url}/api/{scope}/events", cookie(token)).start()


def states(listener):
    return [e for e in listener.events if e.name == "state"]


def test_a_heartbeat_every_two_seconds(live, db, day):
    listener = listen(live, pair_in_core(db, day, "B", 1))
    try:
        assert listener.events[0].name == "state"
        first = listener.wait_for(lambda e: e.name == "heartbeat", 3.0)
        second = listener.wait_for(lambda e: e.name == "heartbeat" and e is not first, 3.0)
        assert first is not None and second is not None
        assert 1.7 <= first.at - listener.events[0].at <= 2.5
        assert 1.7 <= second.at - first.at <= 2.5
    finally:
        listener.stop()


def test_a_change_reaches_every_subscriber_whoever_made_it(live, db, day, market_path):
    letter = next(s.letter for s in day.stalls if s.counters == 1)
    watchers = [listen(live, pair_in_core(db, day, letter)) for _ in range(3)]
    display = listen(live, pair_in_core(db, day, None), "display")
    caller = pair_in_core(db, day, letter)
    try:
        version = states(watchers[0])[-1].data["version"]
        # a phone's own write: every page of the stall hears of it at once
        with httpx.Client(base_url=live.url) as client:
            busy = client.post("/api/stall/no_show", json={"request_id": "live-change-1"},
                               headers={"cookie": cookie(caller)})
            answer = client.post("/api/stall/call_next", json={"request_id": "live-change-2"},
                                 headers={"cookie": cookie(caller)})
        assert busy.status_code in (200, 409) and answer.status_code in (200, 409)
        for watcher in (*watchers, display):
            assert watcher.wait_for(lambda e: e.name == "state"
                                    and e.data["version"] > version, 1.0), "no state"
        # a desktop write (another connection): noticed by the hub's poll within 200 ms
        before = states(display)[-1].data["version"]
        other = open_database(market_path)
        waiting = next(s for s in day.stalls if s.letter == letter)
        started = time.perf_counter()
        queue.issue(other, waiting.id, other.execute(
            "SELECT id FROM villagers WHERE id NOT IN (SELECT villager_id FROM tickets "
            "WHERE stall_id = ?) LIMIT 1", [waiting.id]).fetchone()[0])
        seen = display.wait_for(lambda e: e.name == "state" and e.data["version"] > before, 1.0)
        assert seen is not None and seen.at - started < 0.5
        other.close()
        # told at once by notify_changed (the desktop calls it after its writes)
        before = states(display)[-1].data["version"]
        started = time.perf_counter()
        live.hub.notify_changed()
        seen = display.wait_for(lambda e: e.name == "state" and e.data["version"] > before, 1.0)
        assert seen is not None and seen.at - started < 0.2
    finally:
        for listener in (*watchers, display):
            listener.stop()


def test_a_revoked_device_hears_ended_and_its_stream_closes(live, db, day):
    from marketapp.core.devices.pairing import list_devices, revoke_device

    listener = listen(live, pair_in_core(db, day, "B", 1))
    revoke_device(db, list_devices(db, day.id)[0].id)
    ended = listener.wait_for(lambda e: e.name == "ended", 2.0)
    assert ended is not None and "撤销" in ended.data["error"]


def test_stopping_does_not_wait_for_open_streams(market_path, db, day):
    server = HubServer(market_path, "127.0.0.1", 0)
    server.start()
    listeners = [listen(server, pair_in_core(db, day, "B", 1)) for _ in range(5)]
    started = time.perf_counter()
    server.stop()
    assert time.perf_counter() - started < 3.0
    for listener in listeners:
        listener.stop()


# ------------------------------------------------------------------ many phones at once

STALLS = ("haircut", "health_check", "medicine", "appliance_repair")
COUNTERS = 50  # 4 stalls x 50 counters: 200 phones


@pytest.fixture
def crowded(db):
    """A market today in 花园村: 4 stalls of 50 counters, 300 villagers each waiting at two of
    them (so a call must pass over someone called at another stall)."""
    day = open_market_day(db, date.today(), "花园村",
                          [StallPlan(code, counters=COUNTERS) for code in STALLS])
    with db.atomic():
        people = [save_in_transaction(db, clean(VillagerInput(name=f"村民{n:03d}",
                                                              birth_date="1960-01-01")),
                                      on_duplicate="ignore").villager.id for n in range(300)]
    for n, person in enumerate(people):
        for stall in (day.stalls[n % 4], day.stalls[(n + 1) % 4]):
            queue.issue(db, stall.id, person)
    return day


def test_two_hundred_phones_calling_at_once_get_distinct_people(live, db, crowded):
    tokens = [pair_in_core(db, crowded, stall.letter, counter)
              for stall in crowded.stalls for counter in range(1, COUNTERS + 1)]

    async def burst():
        limits = httpx.Limits(max_connections=len(tokens), max_keepalive_connections=0)
        async with httpx.AsyncClient(base_url=live.url, limits=limits,
                                     timeout=60.0) as client:
            return await asyncio.gather(*(
                client.post("/api/stall/call_next", json={"request_id": f"burst-{n:05d}"},
                            headers={"cookie": cookie(token)})
                for n, token in enumerate(tokens)))

    answers = asyncio.run(burst())
    assert [a.status_code for a in answers] == [200] * len(tokens)
    labels = [a.json()["result"]["label"] for a in answers]
    called = db.execute(
        "SELECT t.villager_id, t.label, t.counter FROM tickets t JOIN stalls s ON s.id = t.stall_id "
        "WHERE s.market_day_id = ? AND t.status = 'called'", [crowded.id]).fetchall()
    assert len(called) == len(tokens) == len(set(labels))
    assert sorted(labels) == sorted(label for _v, label, _c in called)
    people = [villager for villager, _label, _counter in called]
    assert len(people) == len(set(people))  # nobody at two stalls' counters
    by_stall_counter = {(label[0], counter) for _v, label, counter in called}
    assert len(by_stall_counter) == len(tokens)  # one per phone's own counter
    assert stall_of(crowded, "A").counters == COUNTERS
