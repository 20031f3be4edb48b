"""A thread-safe list of callbacks: added from any thread, each called in turn on the thread
that has news (the hub's change feed, the live-devices count). One that fails is logged and
the others are still called."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


class Callbacks(Generic[T]):
    def __init__(self, what: str) -> None:
        self._what = what  # named in the log when one fails
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[T], None]] = []

    def add(self, callback: Callable[[T], None]) -> Callable[[], None]:
        """Add ``callback``; returns the function that removes it."""
        with self._lock:
            self._callbacks.append(callback)

        def remove() -> None:
            with self._lock:
                if callback in self._callbacks:
                    self._callbacks.remove(callback)

        return remove

    def call(self, value: T) -> None:
        with self._lock:
            callbacks = list(self._callbacks)
        for callback in callbacks:
            try:
                callback(value)
            except Exception:  # one broken callback must not stop the others
                log.exception("a %s failed", self._what)
