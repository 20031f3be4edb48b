"""`marketapp merge OTHER.db [--dry-run]`: bring another laptop's data file in."""

from __future__ import annotations

from pathlib import Path

import click

from marketapp.core.merge.files import MergeError, merge_database


@click.command("merge")
@click.argument("other", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True,
              help="Show what the merge would change; change nothing.")
@click.option("--full", is_flag=True,
              help="Name people in full in the conflicts (staff copy); masked by default.")
@click.pass_obj
def merge_command(app, other: str, dry_run: bool, full: bool) -> None:
    """Merge the data file OTHER (another laptop's, or a backup) into this one.

    Prints added / updated / unchanged per table, how many old records were folded into the
    record they had been merged into or had their personal data dropped (the person was
    removed by retention), and every conflict with the rule that resolved it (names and phone
    numbers masked unless --full). Exit code 0 when merged, 1 when the file was refused
    (nothing changed).
    """
    with app.writing(refusal=MergeError, action="merge") as db:
        report = merge_database(db, Path(other), dry_run=dry_run, operator=app.operator_name())
    for line in report.lines(app.lang, full=full):
        click.echo(line)
