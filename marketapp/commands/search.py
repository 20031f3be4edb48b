"""`marketapp search TEXT`: the registration desk's lookup, from the command line."""

from __future__ import annotations

import click

from marketapp.core import clock
from marketapp.core.people.masking import mask_id, mask_phone
from marketapp.core.people.search.index import is_stale
from marketapp.core.people.search.query import search


@click.command("search")
@click.argument("text")
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True,
              help="At most this many people listed.")
@click.pass_obj
def search_command(app, text: str, limit: int) -> None:
    """Find villagers by name, pinyin, initials, ID tail or phone tail."""
    db = app.db()
    if app.db_path.is_file() and is_stale(db):  # the app has the file and re-keys it soon
        click.echo(app.say("Note: the search keys are from an older version, so some people "
                           "may not be found. Open the data file once with the app to "
                           "rebuild them."), err=True)
    matches = search(db, text, limit=limit)
    if not matches:
        click.echo(app.say("No match for “{text}”.", text=text))
        return
    today = clock.today()
    for match in matches:
        v = match.villager
        age = v.age_on(today)
        click.echo(
            "\t".join([
                v.name,
                app.say("M") if v.gender == "M" else app.say("F") if v.gender else "-",
                f"{age}" if age is not None else "-",
                v.village or "-",
                mask_id(v.id_number) if v.id_number else "-",
                mask_phone(v.phone) if v.phone else "-",
            ])
        )
