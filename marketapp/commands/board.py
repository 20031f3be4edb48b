"""`marketapp board`: the queue snapshot of a market day, as the public display shows it."""

from __future__ import annotations

from datetime import date

import click

from marketapp.core.board import board_snapshot
from marketapp.core.market import find_market_day


@click.command("board")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Market date (default: today).")
@click.option("--village", default=None, help="Host village, when several markets share a date.")
@click.pass_obj
def board(app, day, village: str | None) -> None:
    """Per stall: now calling / serving, next numbers, waiting count and expected wait."""
    when = (day.date() if day else date.today()).isoformat()
    market = find_market_day(app.db(), when, village)
    if market is None:
        raise click.ClickException(app.say(f"{when} 没有集市。", f"No market on {when}."))
    snap = board_snapshot(app.db(), market.id)
    say = app.say
    state = say("已收市", "closed") if snap.status == "closed" else say("进行中", "open")
    click.echo(f"{snap.village} {snap.date}  {state}")
    for stall in snap.stalls:
        name = stall.name_zh if app.lang == "zh" else stall.name_en
        calling = " ".join(f"{c.label}({c.name})" for c in stall.calling) or "-"
        serving = " ".join(f"{c.label}({c.name})" for c in stall.serving) or "-"
        upcoming = " ".join(stall.next_labels) or "-"
        click.echo(
            f"{stall.letter} {name}\t{say('叫号', 'calling')} {calling}\t"
            f"{say('办理', 'serving')} {serving}\t{say('下一位', 'next')} {upcoming}\t"
            f"{say('等候', 'waiting')} {stall.waiting}\t"
            f"{say('约', '~')}{round(stall.wait_minutes)} {say('分钟', 'min')}")
