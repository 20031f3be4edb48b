"""`marketapp board`: the queue snapshot of a market day, as the public display shows it;
for a closed day, each stall's final figures."""

from __future__ import annotations

from datetime import date

import click

from marketapp.commands.params import MARKET_DATE
from marketapp.core.market.days import the_market_day
from marketapp.core.screens.board import board_snapshot, final_figures


@click.command("board")
@click.option("--date", "day", type=MARKET_DATE, default=None,
              help="Market date (default: today).")
@click.option("--village", default=None, help="Host village, when several markets share a date.")
@click.pass_obj
def board(app, day, village: str | None) -> None:
    """Per stall: now calling / serving, next numbers, waiting count and expected wait; for
    a closed day: served, no-shows, cancelled, not served and the median wait."""
    when = (day.date() if day else date.today()).isoformat()
    say = app.say
    market = the_market_day(app.db(), when, village)
    snap = board_snapshot(app.db(), market.id)
    state = say("closed") if snap.status == "closed" else say("open")
    click.echo(f"{snap.village} {snap.date}  {state}")
    if snap.status == "closed":
        _final(app, market.id)
        return
    for stall in snap.stalls:
        name = stall.name_zh if app.lang == "zh" else stall.name_en
        calling = " ".join(f"{c.label}({c.name})" for c in stall.calling) or "-"
        serving = " ".join(f"{c.label}({c.name})" for c in stall.serving) or "-"
        upcoming = " ".join(stall.next_labels) or "-"
        click.echo(say("{letter} {name}\tcalling {calling}\tserving {serving}\tnext {upcoming}\t"
                       "waiting {waiting}\t~{minutes} min", letter=stall.letter, name=name,
                       calling=calling, serving=serving, upcoming=upcoming,
                       waiting=stall.waiting, minutes=round(stall.wait_minutes)))


def _final(app, market_day_id: str) -> None:
    """A closed day: nobody is waiting or at a counter; what each stall did instead."""
    say = app.say
    for figures in final_figures(app.db(), market_day_id):
        stall = figures.stall
        name = stall.name_zh if app.lang == "zh" else stall.name_en
        wait = "-" if figures.wait_median is None else f"{figures.wait_median:g}"
        click.echo(say("{letter} {name}\tserved {served}\tno-shows {no_show}\tcancelled "
                       "{cancelled}\ttransferred {transferred}\tnot served {not_served}\t"
                       "median wait {wait} min", letter=stall.letter, name=name,
                       served=figures.served, no_show=figures.no_show,
                       cancelled=figures.cancelled, transferred=figures.transferred,
                       not_served=figures.not_served, wait=wait))
