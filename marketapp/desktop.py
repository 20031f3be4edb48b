"""Starting the desktop app, for ``marketapp`` and ``marketapp --demo``.

The order is chosen for a short start: the data file's lock is taken and its read-only
check started in a thread (store.opening) before sqlite-utils and Qt are imported, so they,
the application and the main window's modules load while SQLite reads the file. That is why
this module lives outside ``marketapp.ui``: importing that package loads Qt.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from marketapp.ui.shell.app import StartedApp


def start_gui(db_path: Path, lang: str) -> StartedApp | int:
    """The app up to its event loop (``ui.shell.app.start_window``), or the exit code when it must
    not open. The start-up benchmark runs exactly this."""
    from marketapp.system_packages import window_problem

    problem = window_problem()
    if problem is not None:  # Qt would abort (exit 134) with an English hint instead
        print(problem.message(lang), file=sys.stderr)
        return 1
    from marketapp.store.opening import Opening

    opening = Opening(Path(db_path))
    from marketapp.ui.shell.app import start_window  # Qt's widgets load while the check runs

    return start_window(Path(db_path), lang, opening)


def run_gui(db_path: Path, lang: str) -> int:
    """Start, run the event loop, then back up, close and unlock (also after an error)."""
    started = start_gui(db_path, lang)
    if isinstance(started, int):
        return started
    try:
        return started.app.exec()
    finally:
        started.lifecycle.shutdown()
