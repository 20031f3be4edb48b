"""`marketapp demo`: a believable market day driven through the real engine."""

from __future__ import annotations

import os
from datetime import date

import click

from marketapp.core.demo.day import run_demo
from marketapp.store.paths import ENV_VAR, demo_db_path


@click.command("demo")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Market date (default: today).")
@click.option("--village", default="城南村", show_default=True, help="Host village.")
@click.option("--villagers", type=click.IntRange(1, 5000), default=120, show_default=True)
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
    click.echo(say(f"演示数据文件：{app.db_path}", f"Demo data file: {app.db_path}"))
    if live:
        if day is not None:
            raise click.UsageError(say("--live 只用于今天的集市，不能与 --date 同用。",
                                       "--live is today's market; it takes no --date."))
        _live(app, village, villagers, seed)
        return
    when = day.date() if day else date.today()
    result = run_demo(app.db(), day=when, village=village, villagers=villagers, seed=seed)
    click.echo(say(
        f"演示集市：{result.market_day.village} {result.market_day.date}（已收市）",
        f"Demo market: {result.market_day.village} {result.market_day.date} (closed)"))
    # The final state of each ticket, counted as the daily report and the export count it.
    click.echo(say(
        f"村民 {result.villagers}，号票 {result.tickets}，办结 {result.visits}，"
        f"过号 {result.no_shows}，转摊位 {result.transfers}，取消 {result.cancelled}，"
        f"收市未服务 {result.not_served}，诉求 {result.requests}",
        f"villagers {result.villagers}, tickets {result.tickets}, served {result.visits}, "
        f"no-shows {result.no_shows}, transferred {result.transfers}, "
        f"cancelled {result.cancelled}, not served by closing {result.not_served}, "
        f"requests {result.requests}"))
    if result.returned:
        click.echo(say(f"另有 {result.returned} 人过号后回到队伍（已按最后状态计入上面各项）。",
                       f"{result.returned} no-show(s) came back to the line (counted above by "
                       "how their ticket ended)."))


def _live(app, village: str, villagers: int, seed: int) -> None:
    from marketapp.core import clock
    from marketapp.core.demo.day import live_demo
    from marketapp.core.market.days import find_market_day

    db = app.db()
    result = live_demo(db, clock.now(), village=village, villagers=villagers, seed=seed)
    market = result.market_day if result else find_market_day(db, clock.today(), village)
    counts = dict(db.execute("SELECT status, COUNT(*) FROM tickets WHERE market_day_id = ? "
                             "GROUP BY status", [market.id]).fetchall())
    waiting, at_counters = counts.get("waiting", 0), counts.get("called", 0) + counts.get(
        "serving", 0)
    state = app.say("进行中", "open") if market.status == "open" else app.say("已收市", "closed")
    if result is None:
        click.echo(app.say(f"今天 {market.village} 已有演示集市（{state}），未改动。",
                           f"Today's demo market at {market.village} exists ({state}); "
                           "left as it is."))
    click.echo(app.say(
        f"演示集市：{market.village} {market.date}（{state}），等候 {waiting} 人，窗口上 {at_counters} 人。",
        f"Demo market: {market.village} {market.date} ({state}), {waiting} waiting, "
        f"{at_counters} at the counters."))
