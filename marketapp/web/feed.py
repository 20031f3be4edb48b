"""Live streams: after every change, each stall's view is computed once, on the hub thread,
and shared by every page subscribed to that stall and counter (and the display's by every
screen); a device whose pairing has ended gets ``ended`` and its stream closes.

Lives on the web server's event loop. The hub calls ``on_change`` on its own thread; that
only posts to the loop. Changes arriving while views are being computed are folded into one
more round, so a burst of calls costs a few rounds, not one per call.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from marketapp.core.devices.command_log import PHONE
from marketapp.core.devices.errors import DeviceError
from marketapp.core.devices.pairing import Device, check_devices
from marketapp.core.screens.display_view import build_display_view
from marketapp.core.screens.stall_view import counter_part, stall_part
from marketapp.web.hub import Hub

log = logging.getLogger("marketapp.web")
Key = tuple[str, ...]  # ("stall", stall_id, counter) | ("display", market_day_id)
# A subscriber's items: a state's JSON; (ENDED, why): the pairing ended; (CLOSING, ""): the
# server stops (the page reconnects by itself once it is back).
ENDED = "ended"
CLOSING = "closing"


def key_of(device: Device) -> Key:
    if device.scope == "display":
        return ("display", device.market_day_id)
    return ("stall", str(device.stall_id), str(device.counter or ""))


def compute(db: Database, key: Key, version: int,
            shared: dict[str, tuple] | None = None) -> str:
    """One view as the JSON every subscriber of ``key`` receives. ``shared``: the stall-wide
    parts already computed this round (one per stall, whatever its number of counters)."""
    if key[0] == "display":
        view = build_display_view(db, key[1])
    else:
        shared = {} if shared is None else shared
        if key[1] not in shared:
            shared[key[1]] = stall_part(db, key[1])
        view = counter_part(db, *shared[key[1]], int(key[2]) if key[2] else None)
    view["version"] = version
    return json.dumps(view, ensure_ascii=False, separators=(",", ":"))


def state_of(db: Database, device: Device, version: int) -> dict[str, Any]:
    return json.loads(compute(db, key_of(device), version))


@dataclass(eq=False)
class Subscriber:
    device_id: str
    key: Key
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(maxsize=1))

    def offer(self, item: object) -> None:
        """Only the newest state matters: an older one not yet sent is replaced."""
        if self.queue.full():
            self.queue.get_nowait()
        self.queue.put_nowait(item)


class Feed:
    def __init__(self, hub: Hub, loop: asyncio.AbstractEventLoop) -> None:
        self.hub = hub
        self.loop = loop
        self.subscribers: set[Subscriber] = set()
        self.rounds = 0  # views computed (for tests and the benchmark)
        self._dirty = False
        self._task: asyncio.Task | None = None
        self._unsubscribe = hub.subscribe(self.on_change)

    def close(self) -> None:
        """The server stops: every stream ends (so nothing holds the shutdown up)."""
        self._unsubscribe()
        for sub in list(self.subscribers):
            sub.offer((CLOSING, ""))

    def on_change(self, _version: int) -> None:
        """From the hub thread."""
        self.loop.call_soon_threadsafe(self._kick)

    def subscribe(self, device: Device) -> Subscriber:
        sub = Subscriber(device.id, key_of(device))
        self.subscribers.add(sub)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        self.subscribers.discard(sub)

    def _kick(self) -> None:
        self._dirty = True
        if self._task is None or self._task.done():
            self._task = self.loop.create_task(self._rounds())

    async def _rounds(self) -> None:
        while self._dirty:
            self._dirty = False
            subs = list(self.subscribers)
            if not subs:
                continue
            ids = sorted({s.device_id for s in subs})
            try:
                devices, views = await self.hub.run(lambda db, ids=ids: self._views(db, ids))
            except Exception as exc:  # a bug: pages keep their last state; no person logged
                log.error("web: computing the pages' views failed: %s", type(exc).__name__)
                continue
            self.rounds += 1
            for sub in subs:
                device = devices.get(sub.device_id)
                if isinstance(device, DeviceError) or device is None:
                    sub.offer((ENDED, device.message(PHONE) if device else ""))
                    continue
                sub.key = key_of(device)  # its counter may have changed
                sub.offer(views[sub.key])

    def _views(self, db: Database, ids: list[str]) -> tuple[dict, dict[Key, str]]:
        """On the hub thread: who may still listen, and each needed view once."""
        devices = check_devices(db, ids)
        keys = {key_of(d) for d in devices.values() if not isinstance(d, DeviceError)}
        version = self.hub.version
        shared: dict[str, tuple] = {}
        return devices, {key: compute(db, key, version, shared) for key in keys}
