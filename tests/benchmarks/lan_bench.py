"""The market square's hub over loopback, as the app runs it (server threads beside a Qt event
loop) and as phones use it (a new connection per request).

* ``lan_call``: one stall phone's "call next" as an HTTP round trip, each on a new TCP
  connection (a phone on Wi-Fi), 200 sequential calls (p50/p95); after each, one timed bare
  INSERT + COMMIT in the same file (``lan_commit_floor``): on a shared host the disk's sync
  time moves both alike;
* ``lan_fanout``: a phone's call to the moment the last of 20 subscribed pages (event
  streams: 19 stall phones and a display) has the new state, 50 times (p50/p95; measured from
  before the call is sent, so it includes the call's own round trip);
* ``lan_burst``: 200 phones calling at once, from another process (as phones are); their
  tickets must be 200 distinct people;
* ``lan_ui_stall``: during that burst, the longest delay of a 10 ms QTimer in a
  QCoreApplication on the main thread, beyond its 10 ms — what the desktop's UI thread would
  feel while its hub serves the burst.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.common import CACHE, p50, p95
from marketapp.core.devices.pairing import create_code, redeem_code
from marketapp.core.market.days import StallPlan, open_market_day
from marketapp.core.people.cleaning import clean
from marketapp.core.people.villagers import VillagerInput, save_in_transaction
from marketapp.core.queue import engine as queue
from marketapp.store.database import open_database
from marketapp.web.server import HubServer

FIGURES = ["lan_call_p50_ms", "lan_call_p95_ms", "lan_commit_floor_p95_ms",
           "lan_fanout_p50_ms", "lan_fanout_p95_ms", "lan_burst_ms", "lan_ui_stall_ms"]
GOALS = {"lan_call_p95_ms": "<= 5 ms", "lan_fanout_p95_ms": "<= 50 ms (20 pages)",
         "lan_ui_stall_ms": "<= 50 ms"}
STALLS = ("haircut", "health_check", "medicine", "appliance_repair")
COUNTERS = 50
CALLS = 200
FANOUT_ROUNDS = 50
SUBSCRIBERS = 20
CHILD = Path(__file__).with_name("lan_burst_child.py")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "helpers"))


def _day(db) -> list:
    day = open_market_day(db, date.today(), "城南村",
                          [StallPlan(code, counters=COUNTERS) for code in STALLS])
    with db.atomic():
        people = [save_in_transaction(db, clean(VillagerInput(name=f"村民{n:04d}",
                                                              birth_date="1960-01-01")),
                                      on_duplicate="ignore").villager.id for n in range(700)]
    for n, person in enumerate(people):  # everyone waits at two stalls
        for stall in (day.stalls[n % 4], day.stalls[(n + 1) % 4]):
            queue.issue(db, stall.id, person)
    return day


def _tokens(db, day, stalls=None) -> list[str]:
    return [redeem_code(db, create_code(db, day, stall_id=s.id, counter=c).code)[1]
            for s in (stalls or day.stalls) for c in range(1, COUNTERS + 1)]


def _free_counters(db, day) -> None:
    """Everyone called goes back to waiting elsewhere: every counter is free again."""
    for stall in day.stalls:
        for ticket in queue.stall_tickets(db, stall.id, ("called",)):
            queue.no_show(db, ticket.id)


def _post(port: int, token: str, request_id: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port)  # a new connection, as a phone
    try:
        conn.request("POST", "/api/stall/call_next", json.dumps({"request_id": request_id}),
                     {"Cookie": f"marketapp_device={token}",
                      "Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _calls(port: int, tokens: list[str], db) -> tuple[list[float], list[float]]:
    db.execute("CREATE TABLE IF NOT EXISTS bench_floor (id INTEGER PRIMARY KEY, v TEXT)")
    times, floor = [], []
    for n, token in enumerate(tokens[:CALLS]):
        started = time.perf_counter()
        status = _post(port, token, f"call-{n:06d}")
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise RuntimeError(f"call next answered {status}")
        started = time.perf_counter()
        with db.atomic():
            db.execute("INSERT INTO bench_floor (v) VALUES ('x')")
        floor.append((time.perf_counter() - started) * 1000)
    return times, floor


def _fanout(server, db, day) -> list[float]:
    from sse_listen import SseListener

    watched = [redeem_code(db, create_code(db, day, stall_id=day.stalls[n % 4].id,
                                           counter=COUNTERS - n // 4).code)[1]
               for n in range(SUBSCRIBERS - 1)]
    watched.append(redeem_code(db, create_code(db, day, display=True).code)[1])
    listeners = [SseListener(f"{server.url}/api/{'display' if n == SUBSCRIBERS - 1 else 'stall'}"
                             "/events", f"marketapp_device={token}").start()
                 for n, token in enumerate(watched)]
    callers = _tokens(db, day, day.stalls[:1])[:FANOUT_ROUNDS]
    times = []
    try:
        for n, token in enumerate(callers):
            versions = [max(e.data["version"] for e in lst.events if e.name == "state")
                        for lst in listeners]
            started = time.perf_counter()
            if _post(server.port, token, f"fan-{n:06d}") != 200:
                raise RuntimeError("call next refused")
            arrivals = [lst.wait_for(lambda e, v=v: e.name == "state" and e.data["version"] > v,
                                     5.0) for lst, v in zip(listeners, versions, strict=True)]
            if any(a is None for a in arrivals):
                raise RuntimeError("a page did not hear of the change")
            times.append((max(a.at for a in arrivals) - started) * 1000)
    finally:
        for listener in listeners:
            listener.stop()
    return times


def _burst_with_ui_timer(server, tokens: list[str], folder: str) -> tuple[dict, float]:
    from PySide6.QtCore import QCoreApplication, QTimer

    app = QCoreApplication.instance() or QCoreApplication([])
    job = Path(folder) / "burst.json"
    job.write_text(json.dumps({"host": "127.0.0.1", "port": server.port, "tokens": tokens}))
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    child = subprocess.Popen([sys.executable, str(CHILD), str(job)], stdout=subprocess.PIPE,
                             text=True)
    done = QTimer()
    done.setInterval(5)
    done.timeout.connect(lambda: child.poll() is not None and app.quit())
    timer.start()
    done.start()
    app.exec()
    timer.stop()
    done.stop()
    result = json.loads(child.stdout.read())
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    stall = max(0.0, (max(gaps) if gaps else 0.0) * 1000 - 10)
    return result, stall


def run() -> dict[str, float]:
    CACHE.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as folder:
        path = Path(folder) / "lan.db"
        db = open_database(path)
        day = _day(db)
        server = HubServer(path, "127.0.0.1", 0)
        server.start()
        try:
            tokens = _tokens(db, day)
            _post(server.port, tokens[-1], "warm-000001")  # first request: imports, caches
            _free_counters(db, day)
            calls, floor = _calls(server.port, tokens, db)
            _free_counters(db, day)
            fanout = _fanout(server, db, day)
            _free_counters(db, day)
            burst, ui_stall = _burst_with_ui_timer(server, _tokens(db, day), folder)
        finally:
            server.stop()
        called = db.execute("SELECT COUNT(DISTINCT villager_id), COUNT(*) FROM tickets "
                            "WHERE status = 'called'").fetchone()
        db.close()
    if burst["statuses"] != [200] * len(burst["statuses"]) or called[0] != called[1]:
        raise RuntimeError(f"burst: {set(burst['statuses'])}, called {called}")
    return {"lan_call_p50_ms": p50(calls), "lan_call_p95_ms": p95(calls),
            "lan_commit_floor_p95_ms": p95(floor),
            "lan_fanout_p50_ms": p50(fanout), "lan_fanout_p95_ms": p95(fanout),
            "lan_burst_ms": round(burst["elapsed_ms"], 1), "lan_ui_stall_ms": round(ui_stall, 1)}
