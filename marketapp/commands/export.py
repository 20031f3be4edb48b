"""`marketapp export …`: spreadsheets for Excel (CSV with BOM, or XLSX)."""

from __future__ import annotations

from pathlib import Path

import click

from marketapp.reports.villager_export import export_villagers


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
    click.echo(app.say(f"已导出 {count} 位村民到 {output}", f"Exported {count} villagers to {output}"))
