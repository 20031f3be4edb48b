"""Where the database file lives: --db, then MARKETAPP_DB, then the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_VAR = "MARKETAPP_DB"
DEFAULT_FILE_NAME = "marketapp.db"


def default_db_path() -> Path:
    return platformdirs.user_data_path("marketapp", appauthor=False) / DEFAULT_FILE_NAME


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return default_db_path()


def demo_db_path() -> Path:
    """The demo's own data file, so trying the app never mixes with real villagers."""
    return platformdirs.user_data_path("marketapp", appauthor=False) / "marketapp-demo.db"


def backups_dir(db_path: Path) -> Path:
    """The backups folder beside the data file."""
    return Path(db_path).parent / "backups"
