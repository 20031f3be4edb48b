"""`marketapp import-villagers FILE`: a village roster from CSV or XLSX."""

from __future__ import annotations

from pathlib import Path

import click

from marketapp.core.roster.headers import SYNONYMS
from marketapp.core.roster.importer import check_rejects_path, import_roster, write_rejects
from marketapp.core.roster.read import read_roster
from marketapp.core.text import join
from marketapp.store.backup.mirror import mirror_dir_setting
from marketapp.store.os_errors import os_reason
from marketapp.store.paths import refuse_data_file_output

SHOWN = 50  # rows listed of each kind; --rejects holds every rejected one


@click.command("import-villagers")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--sheet", default=None, help="Sheet name in an .xlsx file.")
@click.option("--dry-run", is_flag=True, help="Report what would happen; change nothing.")
@click.option("--rejects", "rejects_path", type=click.Path(dir_okay=False), default=None,
              help="Write the rejected rows and their reasons to this CSV.")
@click.pass_obj
def import_villagers(app, file: str, sheet: str | None, dry_run: bool,
                     rejects_path: str | None) -> None:
    """Import villagers from a roster (exit 0 when the file was read, even with rejected rows)."""
    roster = read_roster(Path(file), sheet=sheet)
    if rejects_path:
        refuse_data_file_output(app.db_path, rejects_path, mirror_dir_setting(app.db_path))
        check_rejects_path(Path(rejects_path))
    with app.writing(action="register") as db:
        summary = import_roster(db, roster, dry_run=dry_run, operator=app.operator_name())
    assert summary is not None  # no progress callback, so it cannot be cancelled
    say = app.say
    read_as = roster.encoding or say("sheet {sheet}", sheet=roster.sheet)
    click.echo(say("Read: {file} ({read_as}, header on row {header_row})", file=file,
                   read_as=read_as, header_row=roster.header_row))
    if sheet is not None and roster.kind == "csv":
        click.echo(say("A CSV file has no sheets: --sheet was ignored."), err=True)
    if roster.other_sheets:
        listed = join((f"“{name}”" for name in roster.other_sheets), app.lang)
        click.echo(say("Other sheets: {listed}, not imported (choose one with --sheet).",
                       listed=listed))
    if roster.unknown_columns:
        click.echo(say("Columns not recognised, not imported: {columns}",
                       columns=join((f"“{c}”" for c in roster.unknown_columns), app.lang)))
    if roster.lacks_village:
        click.echo(say("The file has no village column: the people are imported without a "
                       "village. Add a column “{column}” and import again to set it.",
                       column=SYNONYMS["village"][0]), err=True)
    if dry_run:
        click.echo(say("Dry run: what would happen; nothing was changed."))
    click.echo(say("added {added}, updated {updated}, unchanged {unchanged}, rejected "
                   "{rejected_count}, villages created {villages_created_count}",
                   added=summary.added, updated=summary.updated, unchanged=summary.unchanged,
                   rejected_count=len(summary.rejected),
                   villages_created_count=len(summary.villages_created)))
    if summary.villages_created:
        click.echo(say("Villages created: ") + "、".join(summary.villages_created))
    if summary.flagged:
        click.echo(say("Possible duplicates to review: {flagged}", flagged=summary.flagged))
        for row_number, name, existing in summary.flagged_rows[:SHOWN]:
            click.echo(say("  row {row_number}: {name} may be {existing}, already registered "
                           "(check on the Villagers page; merge if they are one person)",
                           row_number=row_number, name=name, existing=existing))
        if len(summary.flagged_rows) > SHOWN:
            click.echo(say("  … and {more} more", more=len(summary.flagged_rows) - SHOWN))
    if summary.skipped:
        click.echo(say("Skipped blank/totals rows: {skipped_count}",
                       skipped_count=len(summary.skipped)))
    for rejected in summary.rejected[:SHOWN]:
        click.echo(say("  row {row_number}: ", row_number=rejected.row_number)
                   + rejected.reason(app.lang))
    if len(summary.rejected) > SHOWN:
        click.echo(say("  … and {more} more rejected rows", more=len(summary.rejected) - SHOWN))
    if rejects_path:
        try:
            write_rejects(Path(rejects_path), summary, app.lang)
        except OSError as exc:
            # The import is committed: saying "nothing changed" here would be false.
            done = (say("Dry run, nothing changed") if dry_run
                    else say("The villagers above were imported"))
            click.echo(say("{done}, but the rejected rows could not be written to "
                           "{rejects_path}: {reason}", done=done, rejects_path=rejects_path,
                           reason=os_reason(exc)), err=True)
            click.get_current_context().exit(1)
        click.echo(say("Rejected rows written to {rejects_path}", rejects_path=rejects_path))
