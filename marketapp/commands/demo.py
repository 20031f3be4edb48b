"""`marketapp demo`: a believable market day driven through the real engine."""

from __future__ import annotations

import os
from datetime import date

import click

from marketapp.commands.params import MARKET_DATE
from marketapp.core.demo.day import run_demo
from marketapp.core.text import NP_
from marketapp.store.paths import ENV_VAR, demo_db_path


@click.command("demo")
@click.option("--date", "day", type=MARKET_DATE, default=None,
              help="Market date (default: today).")
@click.option("--village", default="城南村", show_default=True, help="Host village.")
@click.option("--villagers", type=click.IntRange(1, 5000), default=120, show_default=True,
              help="How many villagers come to the demo market.")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Same seed, same day.")
@click.option("--live", is_flag=True,
              help="Leave today's market open, in progress (people waiting and at counters), "
                   "as `marketapp --demo` opens it: for trying the hub (marketapp serve).")
@click.pass_context
def demo(ctx: click.Context, day, village: str, villagers: int, seed: int,
         live: bool) -> None:
    """Create a demo market day (registration, queues, visits, requests, closed at noon) in
    the demo's own data file unless --db or MARKETAPP_DB names one."""
    app = ctx.obj
    if not ctx.find_root().params.get("db_path") and not os.environ.get(ENV_VAR, "").strip():
        app.close()
        app.db_path = demo_db_path()  # as `marketapp --demo`: never into the real villagers
    say = app.say
    click.echo(say("Demo data file: {db_path}", db_path=app.db_path))
    if live:
        if day is not None:
            raise click.UsageError(say("--live is today's market; it takes no --date."))
        _live(app, village, villagers, seed)
        return
    when = day.date() if day else date.today()
    with app.writing(action="settings") as db:
        result = run_demo(db, day=when, village=village, villagers=villagers, seed=seed)
    click.echo(say("Demo market: {village} {date} (closed)", village=result.market_day.village,
                   date=result.market_day.date))
    # The final state of each ticket, counted as the daily report and the export count it.
    click.echo(say("villagers {villagers}, tickets {tickets}, served {visits}, no-shows "
                   "{no_shows}, transferred {transfers}, cancelled {cancelled}, not served by "
                   "closing {not_served}, requests {requests}", villagers=result.villagers,
                   tickets=result.tickets, visits=result.visits, no_shows=result.no_shows,
                   transfers=result.transfers, cancelled=result.cancelled,
                   not_served=result.not_served, requests=result.requests))
    if result.returned:
        click.echo(say("{returned} no-show(s) came back to the line (counted above by how their "
                       "ticket ended).", returned=result.returned))


def _live(app, village: str, villagers: int, seed: int) -> None:
    from marketapp.core import clock
    from marketapp.core.demo.day import live_demo
    from marketapp.core.market.days import find_market_day

    with app.writing(action="settings") as db:
        result = live_demo(db, clock.now(), village=village, villagers=villagers, seed=seed)
        market = result.market_day if result else find_market_day(db, clock.today(), village)
        counts = dict(db.execute("SELECT status, COUNT(*) FROM tickets WHERE market_day_id = ? "
                                 "GROUP BY status", [market.id]).fetchall())
    waiting, at_counters = counts.get("waiting", 0), counts.get("called", 0) + counts.get(
        "serving", 0)
    state = app.say(NP_("market state", "open")) if market.status == "open" else app.say(
        NP_("market state", "closed"))
    if result is None:
        click.echo(app.say("Today's demo market at {village} exists ({state}); left as it is.",
                           village=market.village, state=state))
    click.echo(app.say("Demo market: {village} {date} ({state}), {waiting} waiting, "
                       "{at_counters} at the counters.", village=market.village, date=market.date,
                       state=state, waiting=waiting, at_counters=at_counters))
