"""Start the desktop app (called by ``marketapp`` with no subcommand)."""

from __future__ import annotations

from pathlib import Path


def run_gui(db_path: Path, lang: str) -> int:
    from marketapp.ui.app import run

    return run(Path(db_path), lang)
