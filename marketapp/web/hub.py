"""The hub's one writer and its change feed. Qt-free and web-free: the desktop uses it too.

One writer: every piece of the hub's database work runs on ONE thread with its own
connection (a sqlite3 connection belongs to the thread that opened it, and a connection
shared by several worker threads fails with "cannot start a transaction within a
transaction"). Web handlers hand it a function and await the answer; the desktop keeps its
own connection on its UI thread, and ``BEGIN IMMEDIATE`` plus the busy timeout serialise
the two (``store.database.MarketDatabase``).

The change feed: a version number that goes up whenever the market may look different.
* after one of the hub's own writes, at once (``run(..., changed=...)``);
* after a write by another connection (the desktop, the command line): the hub thread asks
  ``PRAGMA data_version`` every ``POLL_SECONDS`` — it changes when another connection
  commits;
* when told (``notify_changed()``, thread-safe: the desktop calls it after its writes, so
  phones need not wait for the poll).
Subscribers (``subscribe``, thread-safe) are called on the hub thread with the new version:
they must only hand it on (the web server posts it to its event loop; the desktop connects
it to a queued Qt signal).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

from marketapp.store.database import open_database
from marketapp.web.callbacks import Callbacks

log = logging.getLogger(__name__)

POLL_SECONDS = 0.15  # ≤ 200 ms from another connection's commit to the feed
T = TypeVar("T")
_STOP = object()
_NOTIFY = object()


class Hub:
    def __init__(self, db_path: Path | str, *, poll_seconds: float = POLL_SECONDS) -> None:
        self.db_path = Path(db_path)
        self.poll_seconds = poll_seconds
        self.version = 0
        self._jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._subscribers: Callbacks[int] = Callbacks("change subscriber")
        self._thread: threading.Thread | None = None
        self._opened = threading.Event()
        self._open_error: BaseException | None = None

    # ------------------------------------------------------------------ life

    def start(self) -> Hub:
        """Open the hub's connection on its own thread (raises what opening raised)."""
        if self._thread is not None:
            return self
        self._thread = threading.Thread(target=self._main, name="marketapp-hub", daemon=True)
        self._thread.start()
        self._opened.wait()
        if self._open_error is not None:
            self._thread.join()
            self._thread = None
            raise self._open_error
        return self

    def stop(self, timeout: float = 10.0) -> None:
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._jobs.put(_STOP)
        thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None

    # ------------------------------------------------------------------ work

    def submit(self, fn: Callable[[Database], T], *,
               changed: Callable[[T], bool] | bool = False) -> concurrent.futures.Future[T]:
        """Run ``fn(db)`` on the hub thread. ``changed``: whether (or, given its result,
        whether) it changed what screens show — then subscribers hear of it at once."""
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        if self._thread is None:
            future.set_exception(RuntimeError("the hub is not running"))
            return future
        self._jobs.put((fn, future, changed))
        return future

    def call(self, fn: Callable[[Database], T], *, changed: Callable[[T], bool] | bool = False,
             timeout: float | None = 30.0) -> T:
        """``submit`` and wait (for threads other than the hub's own)."""
        return self.submit(fn, changed=changed).result(timeout)

    async def run(self, fn: Callable[[Database], T], *,
                  changed: Callable[[T], bool] | bool = False) -> T:
        """``submit`` and await, from an event loop."""
        return await asyncio.wrap_future(self.submit(fn, changed=changed))

    # ------------------------------------------------------------------ feed

    def notify_changed(self) -> None:
        """Something changed (thread-safe; e.g. the desktop after its own write)."""
        if self._thread is not None:
            self._jobs.put(_NOTIFY)

    def subscribe(self, callback: Callable[[int], None]) -> Callable[[], None]:
        """Call ``callback(version)`` on the hub thread after every change (thread-safe).
        Returns the function that unsubscribes it."""
        return self._subscribers.add(callback)

    def _changed(self) -> None:
        self.version += 1
        self._subscribers.call(self.version)

    # ------------------------------------------------------------------ the thread

    def _main(self) -> None:
        try:
            db = open_database(self.db_path)
        except BaseException as exc:  # told to whoever called start()
            self._open_error = exc
            self._opened.set()
            return
        self._opened.set()
        try:
            self._loop(db)
        finally:
            db.close()

    def _loop(self, db: Database) -> None:
        seen = db.execute("PRAGMA data_version").fetchone()[0]
        next_poll = time.monotonic() + self.poll_seconds
        while True:
            try:
                job = self._jobs.get(timeout=max(0.0, next_poll - time.monotonic()))
            except queue.Empty:
                job = None
            if job is _STOP:
                return
            if job is _NOTIFY:
                # Told of another connection's commit: the poll need not tell it again.
                seen = db.execute("PRAGMA data_version").fetchone()[0]
                self._changed()
            elif job is not None:
                self._do(db, *job)
            if time.monotonic() >= next_poll:
                version = db.execute("PRAGMA data_version").fetchone()[0]
                if version != seen:
                    seen = version
                    self._changed()
                next_poll = time.monotonic() + self.poll_seconds

    def _do(self, db: Database, fn: Callable[[Database], Any],
            future: concurrent.futures.Future, changed: Callable[[Any], bool] | bool) -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            result = fn(db)
        except BaseException as exc:
            future.set_exception(exc)
            return
        try:
            tell = changed(result) if callable(changed) else changed
        except Exception:
            log.exception("deciding whether a job changed anything failed")
            tell = True
        # Subscribers first: a page's answer must not arrive before its own change is out.
        if tell:
            self._changed()
        future.set_result(result)
