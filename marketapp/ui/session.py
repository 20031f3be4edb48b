"""What every screen gets: the UI thread's database connection and the data file's path.

Pages are built as ``Page(session, parent)``. Work that runs in a worker thread must not use
``session.db`` (a sqlite connection belongs to the thread that opened it): it calls
``session.open_worker_db()`` inside the worker and closes that connection when done.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from marketapp.store.database import open_database


@dataclass
class Session:
    db: Database
    db_path: Path

    def open_worker_db(self) -> Database:
        return open_database(self.db_path)
