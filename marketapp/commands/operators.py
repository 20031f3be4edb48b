"""`marketapp operators …`: the people who may sign in, their roles and PINs; sign-in on/off."""

from __future__ import annotations

import getpass
import os

import click

from marketapp.core.access import operators as ops
from marketapp.core.people.audit import sensitive_entries


def cli_operator() -> str:
    """Who the sensitive log names for a command-line action: $MARKETAPP_OPERATOR, else the
    computer's user name (the command line has no sign-in)."""
    named = os.environ.get("MARKETAPP_OPERATOR", "").strip()
    if named:
        return named
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no user name (some Windows services): still log
        return "cli"


def _ask_pin(app, pin: str | None) -> str:
    if pin is None:
        pin = click.prompt(app.say("PIN (6 to 8 digits; 4 or 5 are accepted but weaker)"),
                           hide_input=True)
        ops.check_pin_format(pin)
        again = click.prompt(app.say("Again"), hide_input=True)
        if again != pin:
            raise click.ClickException(app.say("The PINs differ."))
    ops.check_pin_format(pin)
    if len(pin) < ops.SUGGESTED_PIN_DIGITS:
        # A PIN's hash is in the data file: whoever copies it can try every short PIN.
        click.echo(app.say("Note: a PIN of {digits} digits can be guessed in minutes by anyone "
                           "with a copy of the data file; 6 to 8 digits are much safer.",
                           digits=len(pin)), err=True)
    return pin


@click.group("operators")
def operators() -> None:
    """Operators who sign in (name + PIN) and their roles: admin, registrar, stall."""


@operators.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ops.ROLES), required=True,
              help="admin: everything; registrar: registration and queues; stall: a stall's work.")
@click.option("--pin", default=None,
              help="6–8 digits (4 or 5 accepted); asked for, hidden, when left out.")
@click.pass_obj
def add_command(app, name: str, role: str, pin: str | None) -> None:
    """Add an operator."""
    with app.writing(action="settings") as db:
        pin = _ask_pin(app, pin)
        added = ops.add_operator(db, name, role, pin, by=app.operator_name())
    click.echo(app.say("Added operator {name} ({role})", name=added.name,
                       role=ops.role_name(role, app.lang)))


@operators.command("list")
@click.option("--all", "include_inactive", is_flag=True, help="Also disabled operators.")
@click.pass_obj
def list_command(app, include_inactive: bool) -> None:
    """List operators and whether sign-in is on."""
    db = app.db()
    state = ops.signin_enabled(db)
    if state:
        said = app.say("Sign-in: on (lock after {lock_minutes:g} minutes idle)",
                       lock_minutes=ops.lock_minutes(db))
    else:
        said = app.say("Sign-in: off (lock after {lock_minutes:g} minutes idle)",
                       lock_minutes=ops.lock_minutes(db))
    click.echo(said)
    for op in ops.list_operators(db, include_inactive):
        flag = "" if op.active else app.say(" (disabled)")
        click.echo(f"{op.name}\t{ops.role_name(op.role, app.lang)}{flag}")


@operators.command("set-pin")
@click.argument("name")
@click.option("--pin", default=None,
              help="6–8 digits (4 or 5 accepted); asked for, hidden, when left out.")
@click.pass_obj
def set_pin_command(app, name: str, pin: str | None) -> None:
    """Give an operator a new PIN (also ends a lockout)."""
    with app.writing(action="settings") as db:
        ops.get_operator(db, name)
        ops.set_pin(db, name, _ask_pin(app, pin), by=app.operator_name())
    click.echo(app.say("PIN of {name} changed", name=name))


@operators.command("disable")
@click.argument("name")
@click.pass_obj
def disable_command(app, name: str) -> None:
    """Stop an operator from signing in (their name stays in the records)."""
    with app.writing(action="settings") as db:
        ops.set_active(db, name, False, by=app.operator_name())
    click.echo(app.say("{name} disabled", name=name))


@operators.command("enable")
@click.argument("name")
@click.pass_obj
def enable_command(app, name: str) -> None:
    """Let a disabled operator sign in again."""
    with app.writing(action="settings") as db:
        ops.set_active(db, name, True, by=app.operator_name())
    click.echo(app.say("{name} enabled", name=name))


@operators.command("signin")
@click.argument("state", type=click.Choice(["on", "off"]))
@click.option("--lock-minutes", type=click.FloatRange(0.1, 240), default=None,
              help="Lock the app after this many idle minutes (default 10).")
@click.pass_obj
def signin_command(app, state: str, lock_minutes: float | None) -> None:
    """Turn sign-in at start-up (and the idle lock) on or off."""
    from marketapp.core.settings import set_setting

    with app.writing(action="settings") as db:
        ops.set_signin_enabled(db, state == "on", by=app.operator_name())
        if lock_minutes is not None:
            set_setting(db, "lock_minutes", lock_minutes)
    click.echo(app.say("Sign-in turned on") if state == "on" else app.say("Sign-in turned off"))


@operators.command("log")
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True,
              help="The newest this many entries.")
@click.pass_obj
def log_command(app, limit: int) -> None:
    """Who exported full data, printed full PDFs, ran retention or changed operators."""
    for entry in sensitive_entries(app.db(), limit):
        click.echo(f"{entry.at}\t{entry.operator or '-'}\t{entry.action}\t{entry.detail}")
