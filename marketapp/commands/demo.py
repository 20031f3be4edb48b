"""`marketapp demo`: a believable market day driven through the real engine."""

from __future__ import annotations

from datetime import date

import click

from marketapp.core.demo_day import run_demo


@click.command("demo")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Market date (default: today).")
@click.option("--village", default="城南村", show_default=True, help="Host village.")
@click.option("--villagers", type=click.IntRange(1, 5000), default=120, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True,
              help="Same seed, same day.")
@click.pass_obj
def demo(app, day, village: str, villagers: int, seed: int) -> None:
    """Create a demo market day (registration, queues, visits, requests, closed at noon)."""
    when = day.date() if day else date.today()
    result = run_demo(app.db(), day=when, village=village, villagers=villagers, seed=seed)
    say = app.say
    click.echo(say(
        f"演示集市：{result.market_day.village} {result.market_day.date}（已收市）",
        f"Demo market: {result.market_day.village} {result.market_day.date} (closed)"))
    click.echo(say(
        f"村民 {result.villagers}，号票 {result.tickets}，办结 {result.visits}，"
        f"过号 {result.no_shows}，转摊位 {result.transfers}，取消 {result.cancelled}，"
        f"诉求 {result.requests}",
        f"villagers {result.villagers}, tickets {result.tickets}, served {result.visits}, "
        f"no-shows {result.no_shows}, transfers {result.transfers}, "
        f"cancelled {result.cancelled}, requests {result.requests}"))
    click.echo(say(f"数据文件：{app.db_path}", f"Data file: {app.db_path}"))
