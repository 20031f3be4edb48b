"""What every screen gets: the UI thread's database connection, the data file's path, the
market day the staff are working on, the signed-in operator, signals that tell pages when
things changed, and the market square's hub (stall phones and displays; ``ui.devices``).

Pages are built as ``Page(session, parent)``. Work that runs in a worker thread must not use
``session.db`` (a sqlite connection belongs to the thread that opened it): it calls
``session.open_worker_db()`` inside the worker and closes that connection when done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Flag, auto
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from sqlite_utils import Database

from marketapp.core.market.days import MarketDay, get_market_day, open_market_days
from marketapp.store.database import open_database

if TYPE_CHECKING:
    from marketapp.ui.devices.hub_control import HubControl


class Change(Flag):
    """What an action changed, for the pages that show it (``Session.announce``)."""

    NONE = 0
    VILLAGERS = auto()
    MARKET = auto()  # a day was opened, closed, reopened or chosen
    QUEUE = auto()  # tickets were issued, called, finished, moved…
    DEVICES = auto()  # a stall device was paired or revoked


class SessionEvents(QObject):
    """Emitted after a core call changed something other pages show."""

    market_changed = Signal()  # a day was opened, closed or chosen
    queue_changed = Signal()  # tickets were issued, called, finished, moved…
    villagers_changed = Signal()
    devices_changed = Signal()  # stall devices paired, revoked, or ended with their day

    def announce(self, changes: Change) -> None:
        # The day before its queues: a page reloads the day first, then refreshes its lines.
        if Change.VILLAGERS in changes:
            self.villagers_changed.emit()
        if Change.MARKET in changes:
            self.market_changed.emit()
        if Change.QUEUE in changes:
            self.queue_changed.emit()
        if Change.DEVICES in changes:
            self.devices_changed.emit()


@dataclass
class Session:
    db: Database
    db_path: Path
    market_day_id: str | None = None
    events: SessionEvents = field(default_factory=SessionEvents)
    #: Who is signed in; ``''`` with sign-in off. Core records it with what they change.
    operator: str = ""
    #: The market square's hub server for stall phones and displays, once made
    #: (``ui.devices.hub_control.hub_control``; started by ``ui.shell.lifecycle``).
    hub: HubControl | None = None

    def sign_in_as(self, name: str) -> None:
        """At start-up and after the idle lock (ui.shell.app): the one place it is set."""
        self.operator = name

    def open_worker_db(self) -> Database:
        return open_database(self.db_path)

    def market(self) -> MarketDay | None:
        """The market day being worked on: the chosen one while open, else today's open day
        (so a restart after a crash carries on where it stopped), else none."""
        if self.market_day_id:
            day = get_market_day(self.db, self.market_day_id)
            if day.status == "open":
                return day
            self.market_day_id = None
        open_days = open_market_days(self.db)
        today = date.today().isoformat()
        chosen = next((d for d in open_days if d.date == today), None)
        if chosen is None and open_days:
            chosen = open_days[-1]
        self.market_day_id = chosen.id if chosen else None
        return chosen

    def choose_market(self, market_day_id: str | None) -> None:
        self.market_day_id = market_day_id
        self.announce(Change.MARKET)

    def announce(self, changes: Change) -> None:
        """Tell the other pages, and the hub, whose phones and displays hear of it at once;
        an action from the UI does it through ``ui.shell.actions``. (What the hub tells the
        desktop goes to ``events`` only: it is not told back.)"""
        self.events.announce(changes)
        if changes and self.hub is not None:
            self.hub.notify_changed()
