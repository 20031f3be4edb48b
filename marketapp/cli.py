"""The command line: `marketapp` alone opens the app; with a subcommand it runs the CLI."""

from __future__ import annotations

import contextlib
import importlib
import sqlite3
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from marketapp import __version__
from marketapp.cli_text import language_asked, localise, speak_to_click
from marketapp.core import text
from marketapp.core.errors import UserError
from marketapp.core.text import LANGUAGES, current_language, set_language
from marketapp.failures import failure_message
from marketapp.store.paths import demo_db_path, resolve_db_path

if TYPE_CHECKING:  # not imported at start: the app's start-up check begins before it loads
    from sqlite_utils import Database

    from marketapp.store.writer_lock import LockPolicy


@dataclass
class AppContext:
    """What every command gets: the data file (opened as ``commands.data_file`` says: read-only
    through :meth:`db`, read-write only inside :meth:`writing`), the language, and who proved
    they may do what the command does (``operator``, with sign-in on)."""

    db_path: Path
    lang: str
    _db: Database | None = field(default=None, repr=False)
    opened: bool = field(default=False, repr=False)  # the data file was opened: errors are damage
    operator: str | None = None

    def db(self) -> Database:
        """The data file: read-only, or the read-write one inside :meth:`writing`."""
        if self._db is None:
            from marketapp.commands.data_file import open_for_reading

            self.opened = True
            self._db = open_for_reading(self.db_path, command_name(), self.waiting)
        return self._db

    @contextlib.contextmanager
    def locked(self, policy: LockPolicy | None = None,
               refusal: Callable[..., UserError] | None = None) -> Iterator[object]:
        """The app's lock held (``store.writer_lock``) without opening the file."""
        from marketapp.store.writer_lock import LockPolicy, writer_lock

        self.close()  # a read-only connection opened earlier is not the writer's
        with writer_lock(self.db_path, command_name(), policy or LockPolicy.EXCLUSIVE,
                         refusal=refusal, waiting=self.waiting) as lock:
            yield lock

    @contextlib.contextmanager
    def writing(self, policy: LockPolicy | None = None,
                refusal: Callable[..., UserError] | None = None, *,
                action: str | None = None) -> Iterator[Database]:
        """Lock, the app's start check, the file opened read-write, and with sign-in on the
        operator who may do ``action`` (``core.access.operators.ACTIONS``) asked for;
        closed and unlocked after the block."""
        from marketapp.commands.data_file import open_for_writing

        with self.locked(policy, refusal):
            self.opened = True
            self._db = open_for_writing(self.db_path)
            try:
                if action is not None:
                    self.prove(self._db, action)
                yield self._db
            finally:
                self.close()

    def prove(self, db: Database, action: str) -> None:
        """With sign-in on: ask who runs the command (``commands.signin``)."""
        from marketapp.commands.signin import prove

        proved = prove(db, action, command_name())
        self.operator = proved.name if proved is not None else None

    def operator_name(self) -> str:
        """Who the sensitive-action log names: the operator who proved it, else (sign-in
        off) ``$MARKETAPP_OPERATOR`` or the computer's user."""
        if self.operator:
            return self.operator
        from marketapp.commands.operators import cli_operator

        return cli_operator()

    def waiting(self, text: str) -> None:
        click.echo(text, err=True)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def say(self, msgid: str, /, **fields: object) -> str:
        """``msgid`` in the language of ``--lang`` (see :func:`marketapp.core.text.say`)."""
        return text.say(msgid, self.lang, **fields)


def command_name() -> str:
    """The running subcommand as typed after ``marketapp`` (``operators set-pin``)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return "?"
    return " ".join(ctx.command_path.split()[1:]) or ctx.info_name or "?"


class MarketGroup(click.Group):
    """Turns a UserError into its message and exit code 1, never a traceback.

    The subcommands are imported the first time the group's commands are looked at (a
    subcommand, ``--help``, a test listing them): ``marketapp`` alone opens the app
    without importing every command's modules (import, merge, demo, export…).
    """

    @property
    def commands(self) -> dict[str, click.Command]:
        _register_commands()
        return self._commands

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:
        self._commands = value

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Before click parses: a usage error or --help at this level is said in --lang's
        # language (cli_text).
        lang = ctx.meta[LANGUAGE_KEY] = language_asked(args)
        speak_to_click(lang)
        localise(self, lang, deep=False)
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            localise(command, ctx.meta.get(LANGUAGE_KEY, "zh"))
        return name, command, rest

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        for command in self.commands.values():
            localise(command, ctx.meta.get(LANGUAGE_KEY, "zh"), deep=False)
        super().format_commands(ctx, formatter)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        # A command that imports none of the others loads alone: `marketapp doctor` is
        # timed (its voice check starts as soon as it runs); about 0.2 s sooner so.
        if not _registered and cmd_name in SELF_CONTAINED:
            module, name = SELF_CONTAINED[cmd_name]
            return getattr(importlib.import_module(module), name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            ctx.exit(0)  # output piped into `head`: not a failure
        except (UserError, OSError, sqlite3.Error, UnicodeDecodeError) as exc:
            app = ctx.obj if isinstance(ctx.obj, AppContext) else None
            lang = app.lang if app is not None else current_language()
            if app is not None and app.opened and isinstance(exc, (sqlite3.DatabaseError,
                                                                   UnicodeDecodeError)):
                # Met while reading the data file: damage, said with the restore line.
                from marketapp.commands.data_file import damage_refusal

                exc = damage_refusal(app.db_path, exc) or exc
            click.echo(failure_message(exc, lang) or str(exc), err=True)
            ctx.exit(1)
        finally:
            if isinstance(ctx.obj, AppContext):
                ctx.obj.close()


@click.group(cls=MarketGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_path", type=click.Path(), default=None,
              help="Data file (default: $MARKETAPP_DB, else the user's data folder).")
@click.option("--lang", type=click.Choice(list(LANGUAGES)), default="zh", show_default=True,
              help="Language of messages.")
@click.option("--demo", is_flag=True,
              help="Open the app on a demo market in progress (a separate demo data file "
                   "unless --db is given).")
@click.version_option(__version__, prog_name="marketapp")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, lang: str, demo: bool) -> None:
    """marketapp: registration, queues and reports for a rural service market day."""
    set_language(lang)
    if demo and not db_path:
        path = demo_db_path()
    else:
        path = resolve_db_path(db_path, require_folder=True)
    ctx.obj = AppContext(path, lang)
    if demo and ctx.invoked_subcommand is None:
        from marketapp.core import clock
        from marketapp.core.demo.day import live_demo

        # Written, so opened as writers open it (db() is the readers' read-only file);
        # closed and unlocked again before the app opens (and locks) the file itself.
        with ctx.obj.writing() as db:
            made = live_demo(db, clock.now())
        if made:
            click.echo(ctx.obj.say("Demo market in progress created."))
    if ctx.invoked_subcommand is None:
        from marketapp.desktop import run_gui

        sys.exit(run_gui(ctx.obj.db_path, lang))


_registered = False
LANGUAGE_KEY = "marketapp.lang"  # in click's ctx.meta: the language --lang asked for
#: Subcommands looked up on their own, without importing every other command's modules.
SELF_CONTAINED = {"doctor": ("marketapp.commands.doctor", "doctor")}


def _register_commands() -> None:
    global _registered
    if _registered:
        return
    _registered = True
    from marketapp.commands import (
        backup,
        board,
        demo,
        desk,
        doctor,
        export,
        import_villagers,
        merge,
        operators,
        report,
        retention,
        search,
        services,
    )
    from marketapp.commands.hub import devices, serve

    cli.add_command(import_villagers.import_villagers)
    cli.add_command(export.export)
    cli.add_command(search.search_command)
    cli.add_command(services.services)
    cli.add_command(demo.demo)
    cli.add_command(board.board)
    cli.add_command(desk.desk)
    cli.add_command(report.report)
    cli.add_command(backup.backup_command)
    cli.add_command(backup.restore_command)
    cli.add_command(backup.check_command)
    cli.add_command(merge.merge_command)
    cli.add_command(operators.operators)
    cli.add_command(retention.retention)
    cli.add_command(serve.serve)
    cli.add_command(devices.devices)
    cli.add_command(doctor.doctor)


def main(args: list[str] | None = None) -> None:
    cli(args=args, prog_name="marketapp")
