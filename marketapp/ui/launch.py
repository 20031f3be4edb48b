"""Start the desktop app (placeholder main window until the GUI issue lands)."""

from __future__ import annotations

from pathlib import Path


def run_gui(db_path: Path, lang: str) -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    from marketapp.store.database import open_database

    app = QApplication.instance() or QApplication([])
    db = open_database(db_path)
    count = db.execute("SELECT COUNT(*) FROM villagers").fetchone()[0]
    window = QMainWindow()
    window.setWindowTitle("marketapp 服务集市")
    window.setCentralWidget(QLabel(f"marketapp — {db_path}\n村民 {count} 人"))
    window.resize(1024, 700)
    window.show()
    return app.exec()
