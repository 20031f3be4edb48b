"""`marketapp backup`, `marketapp restore FILE`, `marketapp check`.

``backup`` and ``check`` only read the data file, so they run while the app is open;
``restore`` takes the app's lock (``store.writer_lock``: it waits for another command and is
refused while the app has the file open), so its "before" backup holds everything committed
before the overwrite. It works on a damaged file (that is what it is for); on a sound one
with sign-in on it asks for an administrator first. Either way it is logged in the restored
file's sensitive-action log.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click

from marketapp.core.errors import UserError
from marketapp.store.backup.mirror import mirror_dir_setting
from marketapp.store.backup.policy import backup_now, restore_from
from marketapp.store.integrity import RestoreError, check_database, newest_good_backup
from marketapp.store.storage import storage_warning


#: Settings key (JSON text) of the optional second backup folder, e.g. a USB stick.
def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1024 / 1024:.1f} MB"


def _warn_storage(app) -> None:
    warning = storage_warning(app.db_path)
    if warning:
        click.echo(app.say("Warning: ") + warning, err=True)


@click.command("backup")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Folder for the copy (default: backups/ beside the data file, rotated).")
@click.pass_obj
def backup_command(app, out_dir: str | None) -> None:
    """Back up the data file now (safe while the app is running)."""
    _warn_storage(app)
    if out_dir:
        # A copy the user asked for in a folder of their choosing: nothing there is deleted.
        result = backup_now(app.db_path, "manual", folder=Path(out_dir), policy=None)
    else:
        result = backup_now(app.db_path, "manual", mirror_dir=mirror_dir_setting(app.db_path))
    click.echo(app.say("Backed up to {path} ({size})", path=result.path, size=_size(result.path)))
    if result.mirror_path:
        click.echo(app.say("Copied to the second folder: {mirror_path}",
                           mirror_path=result.mirror_path))
    if result.mirror_error:
        click.echo(result.mirror_error.message(app.lang), err=True)
    if result.removed:
        click.echo(app.say("Removed {removed_count} old backup(s) under the keeping rules.",
                           removed_count=len(result.removed)))


@click.command("restore")
@click.argument("backup_file", type=click.Path(dir_okay=False))
@click.pass_obj
def restore_command(app, backup_file: str) -> None:
    """Replace the data with BACKUP_FILE (checked first; the current data is backed up)."""
    with app.locked(refusal=RestoreError):
        _prove_on_sound_file(app)
        result = restore_from(Path(backup_file), app.db_path)
        _log_restore(app, result)
    click.echo(app.say("Restored {db_path} from {restored_from}.",
                       restored_from=result.restored_from, db_path=result.db_path))
    if result.safety_backup:
        click.echo(app.say("The data as it was before is backed up in {safety_backup}",
                           safety_backup=result.safety_backup))
    if result.damaged_copy:
        click.echo(app.say("The damaged data file was kept in {damaged_copy}",
                           damaged_copy=result.damaged_copy))


def _prove_on_sound_file(app) -> None:
    """With sign-in on, the operator must be an administrator - asked only when the file
    can be read: a damaged file's operators cannot be, and whoever could damage the file
    could as well replace it (README: what sign-in cannot protect)."""
    from marketapp.store.database import open_database
    from marketapp.store.startup_check import startup_check

    if not startup_check(app.db_path).status == "ok":
        return
    db = open_database(app.db_path)
    try:
        app.prove(db, "restore")
    finally:
        db.close()


def _log_restore(app, result) -> None:
    """The restore in the restored file's own log (it is the one kept from now on)."""
    from marketapp.core.people.audit import log_restore
    from marketapp.store.database import open_database

    try:
        db = open_database(app.db_path)  # an older backup gets its schema steps first
        try:
            log_restore(db, app.operator_name(), result.restored_from, result.safety_backup)
        finally:
            db.close()
    except (UserError, OSError, sqlite3.Error) as exc:
        # The data is restored; only the log line is missing: say so, do not fail.
        click.echo(app.say("Note: the restore could not be written to the sensitive-action "
                           "log: {reason}", reason=exc), err=True)


@click.command("check")
@click.pass_obj
def check_command(app) -> None:
    """Integrity and foreign-key checks of the data file; exit 1 when there are problems."""
    result = check_database(app.db_path)
    click.echo(result.summary(app.lang))
    _warn_storage(app)
    if result.ok:
        return
    good = newest_good_backup(app.db_path, mirror_dir_setting(app.db_path))
    if good:
        click.echo(app.say("Newest good backup: {good}\nTo restore it: marketapp restore "
                           "\"{good}\"", good=good))
    else:
        click.echo(app.say("No good backup was found."))
    raise click.exceptions.Exit(1)
