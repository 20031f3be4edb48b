"""The jobs the import dialog runs in a worker thread (see ``tasks.Task``)."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path

from marketapp.core.roster.importer import ImportSummary, import_steps
from marketapp.core.roster.read import Roster, read_roster
from marketapp.ui.shell.session import Session


def read_job(path: Path, sheet: str | None) -> Roster:
    return read_roster(path, sheet)


def import_job(session: Session, roster: Roster,
               dry_run: bool = False) -> Generator[tuple[int, int], None, ImportSummary]:
    """Runs in the worker: its own connection, opened and closed in that thread.

    Closing this generator early (Cancel) closes ``import_steps`` inside its transaction,
    which rolls the whole import back.
    """
    db = session.open_worker_db()
    try:
        return (yield from import_steps(db, roster, dry_run=dry_run,
                                        operator=session.operator))
    finally:
        db.close()
