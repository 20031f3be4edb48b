"""`marketapp services`: the service catalogue in use (stalls, ticket letters, minutes)."""

from __future__ import annotations

import click

from marketapp.core.catalogue.reading import load_default_catalogue
from marketapp.core.market.days import current_catalogue


@click.command("services")
@click.pass_obj
def services(app) -> None:
    """List the services in use (the township's edited catalogue, else the default)."""
    # A listing should not create a data file that does not exist yet.
    catalogue = current_catalogue(app.db()) if app.db_path.exists() else load_default_catalogue()
    for service in catalogue:
        retired = app.say(" (retired)") if service.retired else ""
        click.echo(app.say("{letter}\t{name}{retired}\t{minutes} min\t{code}",
                           letter=service.letter, name=service.name(app.lang), retired=retired,
                           minutes=service.typical_minutes, code=service.code))
