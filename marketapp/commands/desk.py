"""`marketapp desk [K N]`: this laptop's registration desk — desk K of N, the block of ticket
numbers it issues (settings ``desk_slot`` / ``desk_count``; see the README's merge section)."""

from __future__ import annotations

import click

from marketapp.core.queue.rules import number_block, number_text
from marketapp.core.settings import choose_desk, copied_desk, get_setting


@click.command("desk")
@click.argument("slot", type=int, required=False)
@click.argument("count", type=int, required=False)
@click.pass_obj
def desk(app, slot: int | None, count: int | None) -> None:
    """Show this laptop's desk, or set it: desk SLOT of COUNT (1 ≤ SLOT ≤ COUNT ≤ 9)."""
    if (slot is None) != (count is None):
        raise click.UsageError(app.say("Give both K and N: marketapp desk 2 2"))
    if slot is not None and count is not None:
        with app.writing(action="settings") as db:
            choose_desk(db, slot, count)
    db = app.db()
    slot, count = int(get_setting(db, "desk_slot")), int(get_setting(db, "desk_count"))
    first, last = number_block(slot, count)
    click.echo(app.say("This laptop is desk {slot} of {count}: numbers "
                       "{first}–{last} at every stall.", slot=slot, count=count,
                       first=number_text(first), last=number_text(last)))
    copied = copied_desk(db)
    if copied is not None:
        click.echo(app.say("Note: this data file was copied from {machine} and still has its "
                           "desk; choose this laptop's (marketapp desk K N).",
                           machine=copied.machine),
                   err=True)
