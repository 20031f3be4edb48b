"""Which paired devices have a live page open right now (an event stream): the laptop's
"摊位设备 3 台在线". A phone with two tabs open is one device.

Thread-safe. Watchers are called with the new set of device ids on the thread that changed
it (the web server's event loop): like the hub's subscribers they must only hand it on.
A link that drops without a word is noticed when the heartbeat can no longer be written."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable

from marketapp.web.callbacks import Callbacks

log = logging.getLogger(__name__)


class Connections:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._streams: Counter[str] = Counter()
        self._watchers: Callbacks[frozenset[str]] = Callbacks("connections watcher")
        self.ids: frozenset[str] = frozenset()

    def opened(self, device_id: str) -> None:
        with self._lock:
            self._streams[device_id] += 1
            changed = self._streams[device_id] == 1
        if changed:
            self._tell()

    def closed(self, device_id: str) -> None:
        with self._lock:
            if self._streams[device_id] <= 0:
                return
            self._streams[device_id] -= 1
            changed = self._streams[device_id] == 0
            if changed:
                del self._streams[device_id]
        if changed:
            self._tell()

    def watch(self, callback: Callable[[frozenset[str]], None]) -> Callable[[], None]:
        """Call ``callback(ids)`` whenever a device comes or goes; returns the unwatch."""
        return self._watchers.add(callback)

    def _tell(self) -> None:
        with self._lock:
            self.ids = frozenset(self._streams)
            ids = self.ids
        self._watchers.call(ids)
