"""Started by startup_bench: the app's own start-up path, printing READY once the
registration desk's search field can take keys (or FLOOR for a bare Qt window)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def floor() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.show()
    app.processEvents()
    print("READY", flush=True)


def app_start(db_path: Path) -> None:
    from marketapp.ui.app import build_main_window, create_application, open_data_file, show_sized

    app = create_application("zh")
    db = open_data_file(db_path, "zh")
    window = build_main_window(app, db, db_path, "zh")
    show_sized(window)
    page = window.page("registration")
    while not (page.isVisible() and page.search_edit.isVisible()
               and page.search_edit.isEnabled()):
        app.processEvents()
    page.search_edit.setFocus()
    app.processEvents()
    print("READY", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "floor":
        floor()
    else:
        app_start(Path(sys.argv[1]))
