"""Re-keying the search index when this version's key rules differ from those it was
written with (core.people.search.index.KEY_VERSION).

A data file with nobody in it is re-keyed as it opens (that only records the key version).
One with villagers is re-keyed in a worker on its own connection, once, when the window is
up: 50,000 villagers take ~1.5 s on the 2-core development machine. A small modal dialog
says so meanwhile, rather than a status-bar note beside a usable window: the re-key holds
SQLite's write lock throughout, and a save (or a sign-in) beside it would not wait for it
but fail at once with "database is locked" (sqlite-utils begins deferred transactions).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget
from sqlite_utils import Database

from marketapp.core.errors import UserError
from marketapp.core.people.search import index as search_index
from marketapp.store.database import open_database
from marketapp.ui.shell.tasks import run_with_progress

log = logging.getLogger("marketapp")


def rekey_if_instant(db: Database) -> None:
    """On the UI thread as the file opens, before anything watches it for changes."""
    if search_index.is_stale(db) and search_index.rebuild_is_instant(db):
        search_index.rebuild(db)


def rekey_search(db: Database, db_path: Path, window: QWidget | None) -> bool:
    """Re-key the file in a worker behind a small dialog when its keys are stale; True when
    that was done. A failure is said in the status bar: the transaction rolled back, the
    previous keys still find everyone they found before, and the next start tries again."""
    if not search_index.is_stale(db):
        return False
    text = QCoreApplication.translate("SearchRekey", "Updating the search for this version…")
    try:
        run_with_progress(lambda: _rekey(Path(db_path)), text, window)
    except Exception as exc:  # whatever it was, the app works on with the previous keys
        log.exception("re-keying the search failed")
        reason = exc.message() if isinstance(exc, UserError) else str(exc)
        status = getattr(window, "status", None)
        if status is not None:
            status.showMessage(QCoreApplication.translate(
                "SearchRekey", "The search could not be updated ({reason}). It works as "
                "before; the update is tried again at the next start.").format(reason=reason))
        return False
    return True


def _rekey(db_path: Path) -> bool:
    """In the worker: its own connection (a connection belongs to the thread that opened it)."""
    db = open_database(db_path)
    try:
        return search_index.rebuild_if_stale(db)
    finally:
        db.close()
