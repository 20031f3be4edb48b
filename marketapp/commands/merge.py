"""`marketapp merge OTHER.db [--dry-run]`: bring another laptop's data file in."""

from __future__ import annotations

from pathlib import Path

import click

from marketapp.core.merge import MergeError, merge_database
from marketapp.store.instance_lock import InstanceLock, InstanceLockError, read_holder


@click.command("merge")
@click.argument("other", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True,
              help="Show what the merge would change; change nothing.")
@click.pass_obj
def merge_command(app, other: str, dry_run: bool) -> None:
    """Merge the data file OTHER (another laptop's, or a backup) into this one.

    Prints added / updated / unchanged per table and every conflict with the rule that
    resolved it. Exit code 0 when merged, 1 when the file was refused (nothing changed).
    """
    lock = InstanceLock(app.db_path)
    try:
        lock.acquire()
    except InstanceLockError as exc:
        if exc.code != "open_elsewhere":
            raise
        holder = read_holder(app.db_path)
        raise MergeError("in_use", path=str(app.db_path),
                         pid=holder.pid if holder and holder.pid else "?") from exc
    try:
        report = merge_database(app.db(), Path(other), dry_run=dry_run)
    finally:
        lock.release()
    for line in report.lines(app.lang):
        click.echo(line)
