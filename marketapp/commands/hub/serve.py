"""`marketapp serve`: the market square's hub without a window — stall phones and displays
over the market's Wi-Fi (marketapp/web), until Ctrl+C or SIGTERM (then exit 0).

Refused while the app has the same data file open: the app serves itself (设置 → 摊位设备).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import click

from marketapp.commands.data_file import open_for_writing
from marketapp.core.errors import UserError
from marketapp.core.text import N_
from marketapp.store.instance_lock import InstanceLock, InstanceLockError, read_holder


class ServeError(UserError):
    messages = {
        "in_use": N_("The data file {path} is open in another marketapp (process {pid}): a "
                     "window serves stall devices itself (Settings → Stall devices), or a "
                     "marketapp serve is already running; no second one is needed."),
    }


@contextlib.contextmanager
def _serving_lock(db_path: Path) -> Iterator[None]:
    """The data file's lock, held as the server for the whole run: no second server, no app
    window, and commands that write wait or run beside it as they would beside the app."""
    lock = InstanceLock(db_path, holder="serve", command="serve")
    try:
        lock.acquire()
    except InstanceLockError as exc:
        if exc.code != "open_elsewhere":
            raise
        holder = read_holder(db_path)
        raise ServeError("in_use", path=str(db_path),
                         pid=holder.pid if holder and holder.pid else "?") from exc
    try:
        yield
    finally:
        lock.release()


def _choose_host(app, saved: str | None) -> str:
    from marketapp.web.addresses import LOOPBACK, default_host, is_local

    if saved and is_local(saved):
        return saved
    found = default_host()
    if found:
        return found
    click.echo(app.say("No LAN address found (not connected to the router?): serving on this "
                       "computer only, 127.0.0.1."), err=True)
    return LOOPBACK


@click.command("serve")
@click.option("--host", default=None,
              help="Address to listen on (default: the one saved, else this laptop's LAN "
                   "address; 127.0.0.1: this computer only; 0.0.0.0: every network, only "
                   "when asked).")
@click.option("--port", type=click.IntRange(0, 65535), default=None,
              help="Port (default: the one saved, else 8420; 0: any free port).")
@click.pass_obj
def serve(app, host: str | None, port: int | None) -> None:
    """Serve stall phones and displays over the LAN until Ctrl+C; prints the URL."""
    from marketapp.core.devices.hub_address import save_address, saved_address
    from marketapp.core.market.days import open_market_days
    from marketapp.web.server import HubServer

    with _serving_lock(app.db_path):
        # Checked and upgraded once here, as the app's start would; the hub opens its own.
        db = open_for_writing(app.db_path)
        saved_host, saved_port = saved_address(db)
        host = host or _choose_host(app, saved_host)
        server = HubServer(app.db_path, host, saved_port if port is None else port)
        url = server.start()
        stop = threading.Event()
        previous = {sig: signal.signal(sig, lambda *_: stop.set())
                    for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            save_address(db, host, server.port)  # pairing links and the app use it
            markets = open_market_days(db)
            db.close()
            click.echo(app.say("Serving stall devices at {url}", url=url))
            if not markets:
                click.echo(app.say("No market is open: open one, then pair the devices."))
            click.echo(app.say("Pair: marketapp devices pair --stall A (in another window). "
                               "Ctrl+C stops."))
            while not stop.wait(0.5):
                pass
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            server.stop()
        click.echo(app.say("Stopped serving stall devices."))
