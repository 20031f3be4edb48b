"""Where the database file lives: --db, then MARKETAPP_DB, then the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from marketapp.core.errors import UserError
from marketapp.core.text import N_

ENV_VAR = "MARKETAPP_DB"
DEFAULT_FILE_NAME = "marketapp.db"


class DataFolderMissing(UserError):
    messages = {
        "missing_folder": N_("The folder of the data file “{path}” does not exist: {folder}. "
                             "Check the path, or create the folder first."),
        "is_folder": N_("“{path}” is a folder, not a data file. Add a file name, for example "
                        "{example}."),
    }


def default_db_path() -> Path:
    return platformdirs.user_data_path("marketapp", appauthor=False) / DEFAULT_FILE_NAME


def resolve_db_path(explicit: str | os.PathLike[str] | None = None, *,
                    require_folder: bool = False) -> Path:
    """With ``require_folder``, a file the user named (--db, $MARKETAPP_DB) must be in a
    folder that exists: a typo must not create folders and a fresh, empty data file there.
    Only the default folder (the user's data folder) is created when first used."""
    named = explicit or os.environ.get(ENV_VAR, "").strip()
    if not named:
        return default_db_path()
    path = Path(named).expanduser()
    if path.is_dir():
        raise DataFolderMissing("is_folder", path=str(path), example=str(path / DEFAULT_FILE_NAME))
    if require_folder and not path.parent.is_dir():
        raise DataFolderMissing("missing_folder", path=str(path), folder=str(path.parent))
    return path


def demo_db_path() -> Path:
    """The demo's own data file, so trying the app never mixes with real villagers."""
    return platformdirs.user_data_path("marketapp", appauthor=False) / "marketapp-demo.db"


def backups_dir(db_path: Path) -> Path:
    """The backups folder beside the data file."""
    return Path(db_path).parent / "backups"
