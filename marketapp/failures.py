"""What the `marketapp` command says when an action fails: a sentence in the person's
language, never a traceback. Shared by the command line (cli.MarketGroup) and the app's
plain start (launch.open_app), which does not load the command line."""

from __future__ import annotations

import sqlite3

from marketapp.core.errors import UserError
from marketapp.core.text import say


def failure_message(exc: BaseException, lang: str) -> str | None:
    """The message for ``exc``; None for an error that is a bug (it is raised on)."""
    if isinstance(exc, UserError):
        return exc.message(lang)
    if isinstance(exc, (OSError, sqlite3.Error)):
        # A full disk, a read-only folder, a locked file: the action's transaction rolled
        # back, so say so plainly.
        # only when something failed: the app's plain start imports this module
        from marketapp.store.os_errors import explain_write_error

        problem = explain_write_error(exc).message(lang)
        return say("Not done; nothing was changed. {problem}", lang, problem=problem)
    return None
