"""`marketapp board`: the queue snapshot of a market day, as the public display shows it;
for a closed day, each stall's final figures."""

from __future__ import annotations

from datetime import date

import click

from marketapp.core.market.days import find_market_day
from marketapp.core.market.listing import list_market_days
from marketapp.core.screens.board import board_snapshot, final_figures


@click.command("board")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Market date (default: today).")
@click.option("--village", default=None, help="Host village, when several markets share a date.")
@click.pass_obj
def board(app, day, village: str | None) -> None:
    """Per stall: now calling / serving, next numbers, waiting count and expected wait; for
    a closed day: served, no-shows, cancelled, not served and the median wait."""
    when = (day.date() if day else date.today()).isoformat()
    say = app.say
    market = find_market_day(app.db(), when, village)
    if market is None:
        hosts = "、".join(dict.fromkeys(row.village for row in list_market_days(
            app.db(), when, when)))
        if village and hosts:
            raise click.ClickException(say(
                f"{village} {when} 没有集市。这一天有集市的村：{hosts}。",
                f"{village} has no market on {when}. Markets that day: {hosts.replace('、', ', ')}."))
        raise click.ClickException(say(f"{when} 没有集市。", f"No market on {when}."))
    snap = board_snapshot(app.db(), market.id)
    state = say("已收市", "closed") if snap.status == "closed" else say("进行中", "open")
    click.echo(f"{snap.village} {snap.date}  {state}")
    if snap.status == "closed":
        _final(app, market.id)
        return
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


def _final(app, market_day_id: str) -> None:
    """A closed day: nobody is waiting or at a counter; what each stall did instead."""
    say = app.say
    for figures in final_figures(app.db(), market_day_id):
        stall = figures.stall
        name = stall.name_zh if app.lang == "zh" else stall.name_en
        wait = "-" if figures.wait_median is None else f"{figures.wait_median:g}"
        click.echo(
            f"{stall.letter} {name}\t{say('办结', 'served')} {figures.served}\t"
            f"{say('过号', 'no-shows')} {figures.no_show}\t"
            f"{say('取消', 'cancelled')} {figures.cancelled}\t"
            f"{say('转出', 'transferred')} {figures.transferred}\t"
            f"{say('收市未服务', 'not served')} {figures.not_served}\t"
            f"{say('等候中位数', 'median wait')} {wait} {say('分钟', 'min')}")
