"""The ``marketapp`` command's entry, and the desktop app's start.

``main`` takes the plain start of the app — no subcommand, at most ``--db`` and ``--lang`` —
straight to the GUI without importing the command line (click and the command modules:
about a tenth of start-up); everything else (subcommands, ``--demo``, ``--help``,
``--version``, anything unusual) goes to ``marketapp.cli`` as before.

This module and ``marketapp.desktop`` live outside ``marketapp.ui``: importing that package
loads Qt, and the command line must not pay for it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from marketapp import VOICE_WORKER


def plain_start(args: list[str]) -> tuple[str | None, str] | None:
    """(--db value, language) when ``args`` only start the app, else None (the CLI's)."""
    db, lang = None, "zh"
    rest = list(args)
    while rest:
        option = rest.pop(0)
        if "=" in option:
            option, _, value = option.partition("=")
        elif rest and not rest[0].startswith("-"):
            value = rest.pop(0)
        else:
            return None
        if option == "--db" and value:
            db = value
        elif option == "--lang" and value in ("zh", "en"):
            lang = value
        else:
            return None
    return db, lang


def main(argv: list[str] | None = None) -> None:
    """The ``marketapp`` command (see the module text)."""
    args = sys.argv[1:] if argv is None else argv
    if args == [VOICE_WORKER]:  # started by the app itself (ui/voice_link.py)
        from marketapp.ui.display.voice_worker import run

        sys.exit(run())
    plain = plain_start(args)
    if plain is None:
        from marketapp.cli import main as command_line

        command_line(args)
        return
    sys.exit(open_app(*plain))


def open_app(db: str | None, lang: str) -> int:
    """What ``marketapp [--db PATH] [--lang zh|en]`` does; a failure before or after the
    window (a locked or unwritable file…) is said as the command line says it."""
    path = app_data_file(db, lang)
    if isinstance(path, int):
        return path
    from marketapp.desktop import run_gui

    try:
        return run_gui(path, lang)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from marketapp.failures import failure_message

        text = failure_message(exc, lang)
        if text is None:
            raise
        print(text, file=sys.stderr)
        return 1


def app_data_file(db: str | None, lang: str) -> Path | int:
    """The data file as the command line resolves it (a named file's folder must exist),
    or exit code 1 after saying why not."""
    from marketapp.core.errors import UserError
    from marketapp.core.text import set_language
    from marketapp.store.paths import resolve_db_path

    set_language(lang)
    try:
        return resolve_db_path(db, require_folder=True)
    except UserError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 1
