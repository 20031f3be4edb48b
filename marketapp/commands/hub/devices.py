"""`marketapp devices pair|list|revoke`: stall phones, tablets and screens paired to the hub.

No instance lock: pairing must work while the hub runs (the app, or `marketapp serve`), and
each of these is one short transaction of its own.
"""

from __future__ import annotations

from datetime import date

import click

from marketapp.commands.params import MARKET_DATE
from marketapp.core.devices.errors import DeviceError
from marketapp.core.text import NP_
from marketapp.store.writer_lock import LockPolicy


def _open_market(db, day, village: str | None):
    from marketapp.core.market.days import MarketError, the_market_day

    when = (day.date() if day else date.today()).isoformat()
    try:
        market = the_market_day(db, when, village)
    except MarketError as exc:
        if exc.code == "several_markets":
            raise
        market = None
    if market is None or market.status != "open":
        if village:
            raise DeviceError("no_open_market_at", village=village, day=when)
        raise DeviceError("no_open_market", day=when)
    return market


def _base(db) -> tuple[str, int]:
    from marketapp.core.devices.hub_address import saved_address
    from marketapp.web.addresses import ANY, LOOPBACK, default_host

    host, port = saved_address(db)
    if not host or host in ANY:  # listening everywhere: phones reach the LAN address
        host = default_host() or LOOPBACK
    return host, port


@click.group("devices")
def devices() -> None:
    """Stall devices: pair a phone to a stall (or the display), list them, revoke one."""


@devices.command("pair")
@click.option("--stall", "letter", default=None, help="The stall's letter (A, B, …).")
@click.option("--display", is_flag=True, help="Pair the public display instead.")
@click.option("--counter", type=click.IntRange(1, 50), default=None,
              help="The counter this device works (a stall with several).")
@click.option("--date", "day", type=MARKET_DATE, default=None,
              help="Market date (default: today).")
@click.option("--village", default=None, help="Host village, when several markets share a date.")
@click.pass_obj
def pair(app, letter: str | None, display: bool, counter: int | None, day,
         village: str | None) -> None:
    """Print a one-time pairing link (valid 10 minutes, one device)."""
    from marketapp.core.devices.hub_address import pairing_url
    from marketapp.core.devices.pairing import CODE_MINUTES, create_code

    say = app.say
    if bool(letter) == display:
        raise click.UsageError(say("Give either --stall LETTER or --display."))
    if display and counter is not None:
        raise click.UsageError(say("--counter is for a stall only."))
    # Beside the app or `serve` (they run the hub), not beside a restore or merge.
    with app.writing(LockPolicy.BESIDE_APP, action="open_market") as db:
        market = _open_market(db, day, village)
        stall = None
        if letter:
            stall = next((s for s in market.stalls if s.letter == letter.strip().upper()), None)
            if stall is None:
                raise DeviceError("no_such_stall", letter=letter.strip().upper(),
                                  letters="、".join(s.letter for s in market.stalls))
        code = create_code(db, market, stall_id=stall.id if stall else None, display=display,
                           counter=counter, operator=app.operator or "")
        base = _base(db)
    if stall is None:
        what = say("the public display")
    else:
        name = stall.name_zh if app.lang == "zh" else stall.name_en
        what = f"{stall.letter} {name}"
        if code.counter:
            what += say(" (counter {counter})", counter=code.counter)
    click.echo(say("{village} {date} · {what}: valid {CODE_MINUTES} minutes, one device.",
                   village=market.village, date=market.date, what=what, CODE_MINUTES=CODE_MINUTES))
    click.echo(pairing_url(*base, code.code))


def _time(stamp: str | None) -> str:
    return stamp[5:16].replace("T", " ") if stamp else "-"


@devices.command("list")
@click.pass_obj
def list_command(app) -> None:
    """Devices of open market days and of today: stall, counter, device, paired, last seen."""
    from marketapp.core.devices.pairing import listed_devices, short_ids

    say = app.say
    db = app.db()
    shown = listed_devices(db, date.today().isoformat())
    short = short_ids(db)
    if not shown:
        click.echo(say("No paired devices."))
        return
    for device in shown:
        if device.scope == "display":
            where = say("display")
        else:
            where = say("stall {letter}", letter=device.letter)
            if device.counter:
                where += say(" counter {counter}", counter=device.counter)
        state = (say("revoked") if device.revoked_at else
                 say("ended (closed)") if device.ended_at else say("active"))
        click.echo(f"{short[device.id]}\t{where}\t{device.name or '-'}\t"
                   f"{say(NP_('device list', 'paired'))} {_time(device.paired_at)}\t"
                   f"{say(NP_('device list', 'seen'))} {_time(device.last_seen_at)}\t{state}")


@devices.command("revoke")
@click.argument("device_id")
@click.pass_obj
def revoke(app, device_id: str) -> None:
    """End one device's pairing now (its page shows it is no longer paired)."""
    from marketapp.core.devices.pairing import find_device, revoke_device, short_ids

    with app.writing(LockPolicy.BESIDE_APP, action="open_market") as db:
        device = revoke_device(db, find_device(db, device_id).id)
        short = short_ids(db)[device.id]
    click.echo(app.say("Revoked device {id} ({label} · {value}).", id=short,
                       label=device.label, value=device.name or '-'))
