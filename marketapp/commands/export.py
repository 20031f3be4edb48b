"""`marketapp export …`: spreadsheets for Excel (CSV with BOM, or XLSX)."""

from __future__ import annotations

from pathlib import Path

import click

from marketapp.commands.operators import cli_operator
from marketapp.core.audit import EXPORT_FULL, log_sensitive
from marketapp.reports.villager_export import export_villagers
from marketapp.reports.visit_export import export_visits


@click.group("export")
def export() -> None:
    """Export data as .csv (UTF-8 with BOM) or .xlsx."""


@export.command("villagers")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True)
@click.option("--full", is_flag=True, help="Unmasked names, ID numbers and phones (staff copy).")
@click.pass_obj
def export_villagers_command(app, output: str, full: bool) -> None:
    """All villagers, masked unless --full."""
    count = export_villagers(app.db(), Path(output), full=full, lang=app.lang)
    if full:
        log_sensitive(app.db(), cli_operator(), EXPORT_FULL, f"villagers {count} -> {output}")
    click.echo(app.say(f"已导出 {count} 位村民到 {output}", f"Exported {count} villagers to {output}"))


@export.command("visits")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True)
@click.option("--full", is_flag=True, help="Unmasked names, ID numbers and phones (staff copy).")
@click.pass_obj
def export_visits_command(app, day, date_from, date_to, output: str, full: bool) -> None:
    """One row per ticket of a day (--date) or range (--from/--to); masked unless --full."""
    if day and (date_from or date_to):
        raise click.UsageError(app.say("--date 与 --from/--to 只能选一种。",
                                       "Use either --date or --from/--to."))
    if day:
        first = last = day.date().isoformat()
    elif date_from and date_to:
        first, last = date_from.date().isoformat(), date_to.date().isoformat()
    else:
        raise click.UsageError(app.say("请给出 --date，或 --from 和 --to。",
                                       "Give --date, or both --from and --to."))
    count = export_visits(app.db(), Path(output), first, last, full=full, lang=app.lang)
    if full:
        log_sensitive(app.db(), cli_operator(), EXPORT_FULL,
                      f"visits {first}..{last} {count} -> {output}")
    if count == 0:
        click.echo(app.say(f"{first}–{last} 没有号票记录（文件只有表头）。",
                           f"No tickets from {first} to {last} (the file has headers only)."))
    click.echo(app.say(f"已导出 {count} 条号票记录到 {output}",
                       f"Exported {count} tickets to {output}"))
