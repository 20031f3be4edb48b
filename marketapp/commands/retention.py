"""`marketapp retention`: clear personal details and health readings of long-absent people."""

from __future__ import annotations

import click

from marketapp.commands.params import MARKET_DATE
from marketapp.core.people.retention import apply_retention, cutoff_date
from marketapp.core.settings import get_setting, set_setting


@click.command("retention")
@click.option("--years", type=click.IntRange(1, 100), default=None,
              help="People not seen for this many years (default: the setting "
                   "retention_years).")
@click.option("--dry-run", is_flag=True, help="Only count; change nothing.")
@click.option("--today", type=MARKET_DATE, default=None,
              help="Count the years back from this date (default: today).")
@click.option("--save", is_flag=True, help="Keep --years as the setting retention_years.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def retention(app, years: int | None, dry_run: bool, today, save: bool, yes: bool) -> None:
    """Clear names, ID numbers, phones, addresses, notes and health readings of people not
    seen for N years (birth year, gender, village and visit statistics are kept)."""
    if dry_run and not save:
        _run(app, app.db(), years, dry_run, today, save, yes)
        return
    # Clearing (and keeping the years) is the administrator's with sign-in on.
    with app.writing(action="retention") as db:
        _run(app, db, years, dry_run, today, save, yes)


def _run(app, db, years: int | None, dry_run: bool, today, save: bool, yes: bool) -> None:
    from marketapp.core import clock

    if years is None:
        stored = get_setting(db, "retention_years")
        if not stored:
            raise click.UsageError(app.say("Give --years (or keep one with --save)."))
        years = int(stored)
    if save:
        set_setting(db, "retention_years", years)
    day = today.date() if today else clock.today()
    say = app.say
    preview = apply_retention(db, years, day, dry_run=True)
    if preview.people == 0:
        click.echo(say("Nobody to clear: no one last seen before {cutoff_date}.",
                       cutoff_date=cutoff_date(day, years)))
        return
    click.echo(say("People not seen since {cutoff}: {people}; health records {health_visits}, "
                   "requests {requests}.", cutoff=preview.cutoff, people=preview.people,
                   health_visits=preview.health_visits, requests=preview.requests))
    if dry_run:
        click.echo(say("(dry run: nothing changed)"))
        return
    if not yes and not click.confirm(say("This cannot be undone. Clear?"),
                                     default=False):
        click.echo(say("Cancelled."))
        return
    done = apply_retention(db, years, day, operator=app.operator_name())
    click.echo(say("Cleared the personal details and health records of {people} people.",
                   people=done.people))
    if not done.checkpointed:
        click.echo(say("Note: another program has the data file open; the -wal file is emptied "
                       "when it closes."), err=True)
