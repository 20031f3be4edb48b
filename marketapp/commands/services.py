"""`marketapp services`: the service catalogue in use (stalls, ticket letters, minutes)."""

from __future__ import annotations

import click

from marketapp.core.catalogue import load_default_catalogue


@click.command("services")
@click.pass_obj
def services(app) -> None:
    """List the services of the default catalogue with their ticket letters."""
    catalogue = load_default_catalogue()
    for service in catalogue:
        click.echo(f"{service.letter}\t{service.name(app.lang)}\t"
                   f"{service.typical_minutes} {app.say('分钟', 'min')}\t{service.code}")
