"""What every screen gets: the UI thread's database connection, the data file's path, the
market day the staff are working on, and signals that tell pages when things changed.

Pages are built as ``Page(session, parent)``. Work that runs in a worker thread must not use
``session.db`` (a sqlite connection belongs to the thread that opened it): it calls
``session.open_worker_db()`` inside the worker and closes that connection when done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from sqlite_utils import Database

from marketapp.core.market.days import MarketDay, get_market_day, open_market_days
from marketapp.store.database import open_database


class SessionEvents(QObject):
    """Emitted after a core call changed something other pages show."""

    market_changed = Signal()  # a day was opened, closed or chosen
    queue_changed = Signal()  # tickets were issued, called, finished, moved…
    villagers_changed = Signal()


@dataclass
class Session:
    db: Database
    db_path: Path
    market_day_id: str | None = None
    events: SessionEvents = field(default_factory=SessionEvents)
    # Who is signed in ('' with sign-in off): every write a page makes records it.
    operator: str = ""

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
        self.events.market_changed.emit()
