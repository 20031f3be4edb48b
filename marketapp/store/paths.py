"""Where the database file lives: --db, then MARKETAPP_DB, then the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from marketapp.core.errors import UserError
from marketapp.core.text import N_

ENV_VAR = "MARKETAPP_DB"
DEFAULT_FILE_NAME = "marketapp.db"


class OutputPathError(UserError):
    messages = {
        "data_file": N_("{path} is the data file or one of its own files: writing there would "
                        "destroy the villagers' data. Choose another file name; nothing was "
                        "changed."),
        "backups": N_("{path} is in the backups folder of the data file ({folder}), where backups "
                      "are kept and rotated. Choose another folder; nothing was changed."),
    }


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


#: Files SQLite and the app keep beside the data file (``-wal``, ``-shm``, the lock…).
DATA_FILE_SUFFIXES = ("", "-wal", "-shm", "-journal", ".lock", "-closed")


def refuse_data_file_output(db_path: Path, output: Path | str,
                            mirror_dir: Path | None = None) -> None:
    """Raise :class:`OutputPathError` when a file a command is about to write (an export, a
    report, rejected rows) is the data file, one of its own files, or in its backups
    folder (or the second one): a typo in ``-o`` must never overwrite the data."""
    out = Path(output).expanduser()
    target = _resolved(out)
    db = _resolved(Path(db_path))
    for suffix in DATA_FILE_SUFFIXES:
        own = db.with_name(db.name + suffix)
        if target == own or _same_file(out, own):
            raise OutputPathError("data_file", path=str(output))
    for folder in (backups_dir(db), mirror_dir):
        if folder is not None and _resolved(Path(folder)) in target.parents:
            raise OutputPathError("backups", path=str(output), folder=str(folder))


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _same_file(a: Path, b: Path) -> bool:
    """A hard link or another spelling of one file (case-insensitive disks)."""
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False
