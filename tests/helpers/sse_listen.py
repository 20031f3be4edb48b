"""Listen to a hub's server-sent events on a thread, noting when each event arrived (for the
live tests and the lan benchmark)."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field

import httpx


@dataclass
class Event:
    at: float  # time.perf_counter() when it arrived
    name: str
    data: dict


@dataclass
class SseListener:
    url: str
    cookie: str
    events: list[Event] = field(default_factory=list)
    status: int | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    connected: threading.Event = field(default_factory=threading.Event)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def start(self) -> SseListener:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        if not self.connected.wait(10):
            raise TimeoutError("no first event from the hub")
        return self

    def _run(self) -> None:
        name = None
        try:
            with httpx.Client(timeout=httpx.Timeout(10.0, read=30.0)) as client, \
                    client.stream("GET", self.url, headers={"cookie": self.cookie}) as response:
                self.status = response.status_code
                if response.status_code != 200:
                    self.connected.set()
                    return
                for line in response.iter_lines():
                    if self._stop.is_set():
                        return
                    if line.startswith("event: "):
                        name = line[7:]
                    elif line.startswith("data: ") and name:
                        event = Event(time.perf_counter(), name, json.loads(line[6:]))
                        with self.arrived:
                            self.events.append(event)
                            self.arrived.notify_all()
                        self.connected.set()
                        name = None
        except httpx.HTTPError:
            pass
        finally:
            self.connected.set()
            with self.arrived:
                self.arrived.notify_all()

    def wait_for(self, test, timeout: float = 5.0) -> Event | None:
        """The first event (already arrived or coming) for which ``test(event)`` holds."""
        deadline = time.perf_counter() + timeout
        with self.arrived:
            while True:
                found = next((e for e in self.events if test(e)), None)
                left = deadline - time.perf_counter()
                if found is not None or left <= 0 or not self._thread.is_alive():
                    return found
                self.arrived.wait(left)

    def stop(self) -> None:
        self._stop.set()
