"""Sign-in on the command line: with it on, a command the app reserves for a role asks for
the name and PIN of an operator whose role may do it (``core.access.operators``: the same
role table the app's menus check).

Asked on the terminal (the PIN hidden); without a terminal (a script, a scheduled task) the
command is refused, since nobody could prove who runs it. A wrong PIN counts towards the
same lockout as in the app. The sensitive-action log then names the operator who proved
it, never what ``$MARKETAPP_OPERATOR`` claims.

With sign-in off (the default) nothing is asked, and the log names ``$MARKETAPP_OPERATOR``
or the computer's user (:func:`commands.operators.cli_operator`), as before.

What it protects: a villager's data against a local user of the app's own commands who
does not know an administrator's PIN. What it cannot: anyone holding the data file (a copy,
the laptop's disk) holds the data; see the README.
"""

from __future__ import annotations

import sys

import click
from sqlite_utils import Database

from marketapp.core.access import operators as ops
from marketapp.core.errors import UserError
from marketapp.core.text import N_


class SignInRequired(UserError):
    messages = {
        "no_terminal": N_("Sign-in is on: “marketapp {command}” needs an operator's name and PIN, "
                          "typed on a terminal. Run it in a terminal window; nothing was "
                          "changed."),
    }


def has_terminal() -> bool:
    """Whether a person can type the name and PIN (stdin is a terminal)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def prove(db: Database, action: str, command: str) -> ops.Operator | None:
    """The operator who proved they may do ``action`` (None: sign-in is off).

    Raises :class:`SignInRequired` without a terminal, ``OperatorError`` for an unknown
    name, a wrong PIN (counted), a locked-out operator or a role that may not do it."""
    ops.can(None, action)  # a misspelt action is a programming error, sign-in on or off
    if not ops.signin_required(db):
        return None
    if not has_terminal():
        raise SignInRequired("no_terminal", command=command)
    from marketapp.core.text import current_language, say

    click.echo(say("Sign-in is on: “marketapp {command}” needs an operator who may do it.",
                   command=command), err=True)
    name = click.prompt(say("Operator name"), err=True)
    pin = click.prompt(say("PIN"), hide_input=True, err=True)
    operator = ops.sign_in(db, name, pin)
    if not ops.can(operator.role, action):
        raise ops.OperatorError("not_allowed", name=operator.name,
                                role=ops.role_name(operator.role, current_language()))
    return operator
