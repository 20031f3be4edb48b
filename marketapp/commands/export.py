"""`marketapp export …`: spreadsheets for Excel (CSV with BOM, or XLSX).

A masked export only reads the data file. A full one writes a line to the sensitive-action
log, so it is a writing command - one that may run beside the app (``LockPolicy.BESIDE_APP``:
its one row goes through SQLite's write lock like the app's own; the app offers no full
export of its own) - and with sign-in on it asks for an administrator.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import click
from sqlite_utils import Database

from marketapp.commands.params import MARKET_DATE
from marketapp.core.people.audit import EXPORT_FULL, log_sensitive
from marketapp.reports.villager_export import export_villagers
from marketapp.reports.visit_export import export_visits
from marketapp.store.backup.mirror import mirror_dir_setting
from marketapp.store.paths import refuse_data_file_output
from marketapp.store.writer_lock import LockPolicy


@contextlib.contextmanager
def data_for(app, output: str, full: bool) -> Iterator[Database]:
    """The data file to export from: read-only, or for a full copy (logged) read-write
    beside the app, with the administrator asked for when sign-in is on. An output that
    is the data file or in its backups folder is refused first."""
    refuse_data_file_output(app.db_path, output, mirror_dir_setting(app.db_path))
    if not full:
        yield app.db()
        return
    with app.writing(LockPolicy.BESIDE_APP, action="export_full") as db:
        yield db


@click.group("export")
def export() -> None:
    """Export data as .csv (UTF-8 with BOM) or .xlsx."""


@export.command("villagers")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              help="The file to write: .xlsx or .csv.")
@click.option("--full", is_flag=True, help="Unmasked names, ID numbers and phones (staff copy).")
@click.pass_obj
def export_villagers_command(app, output: str, full: bool) -> None:
    """All villagers, masked unless --full."""
    with data_for(app, output, full) as db:
        count = export_villagers(db, Path(output), full=full, lang=app.lang)
        if full:
            log_sensitive(db, app.operator_name(), EXPORT_FULL, f"villagers {count} -> {output}")
    click.echo(app.say("Exported {count} villagers to {output}", count=count, output=output))


@export.command("visits")
@click.option("--date", "day", type=MARKET_DATE, default=None, help="One market date.")
@click.option("--from", "date_from", type=MARKET_DATE, default=None,
              help="First day of a range.")
@click.option("--to", "date_to", type=MARKET_DATE, default=None, help="Last day of a range.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              help="The file to write: .xlsx or .csv.")
@click.option("--full", is_flag=True, help="Unmasked names, ID numbers and phones (staff copy).")
@click.pass_obj
def export_visits_command(app, day, date_from, date_to, output: str, full: bool) -> None:
    """One row per ticket of a day (--date), a range (--from/--to, either end may be left
    open) or, with neither, of every market day; masked unless --full."""
    if day and (date_from or date_to):
        raise click.UsageError(app.say("Use either --date or --from/--to."))
    if day:
        first = last = day.date().isoformat()
    else:
        # ISO dates compare as text: an open end is the earliest or latest date there can be.
        first = date_from.date().isoformat() if date_from else "0000-01-01"
        last = date_to.date().isoformat() if date_to else "9999-12-31"
        if first > last:
            raise click.UsageError(app.say("The start date {first} is after the end {last}.",
                                           first=first, last=last))
    with data_for(app, output, full) as db:
        count = export_visits(db, Path(output), first, last, full=full, lang=app.lang)
        if full:
            log_sensitive(db, app.operator_name(), EXPORT_FULL,
                          f"visits {first}..{last} {count} -> {output}")
    if count == 0:
        span = _span_text(app, first, last)
        click.echo(app.say("No tickets {span}(the file has headers only).", span=span))
    click.echo(app.say("Exported {count} tickets to {output}", count=count, output=output))


def _span_text(app, first: str, last: str) -> str:
    if first == "0000-01-01" and last == "9999-12-31":
        return app.say("on any market day ")
    if first == "0000-01-01":
        return app.say("up to {last} ", last=last)
    if last == "9999-12-31":
        return app.say("from {first} on ", first=first)
    return app.say("from {first} to {last} ", first=first, last=last)
