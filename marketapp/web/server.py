"""The hub's server: uvicorn on a background thread, for the app (beside the Qt event loop)
and for ``marketapp serve`` (whose main thread only waits for Ctrl+C or SIGTERM).

In a thread uvicorn must not install signal handlers (only the main thread may; the app or
the command line owns them). Stopping forces the exit: a graceful shutdown would wait for
ever for the pages' event streams, which never end by themselves.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import uvicorn

from marketapp.core.devices.hub_address import base_url
from marketapp.core.errors import UserError
from marketapp.core.text import N_
from marketapp.store.os_errors import os_reason
from marketapp.web.addresses import ANY, LOOPBACK, allowed_hosts, default_host
from marketapp.web.app import build_app
from marketapp.web.connections import Connections
from marketapp.web.hub import Hub

START_SECONDS = 15.0
STOP_SECONDS = 3.0  # then forced


class ServerError(UserError):
    messages = {
        "port_in_use": N_("Port {port} is in use (perhaps marketapp is already serving); choose "
                          "another with --port."),
        "cannot_listen": N_("Cannot listen on {host}:{port}: {reason}. Check that the address "
                            "(--host) is this computer's."),
        "did_not_start": N_("The hub did not start."),
    }


class _ThreadServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield  # not ours: the main thread owns the signals


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, not 0: asyncio turns Nagle off only on sockets that say they are
    # TCP; with it on, a response written in two parts waits ~40 ms for the phone's ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if hasattr(socket, "SO_REUSEADDR") and not hasattr(socket, "SO_EXCLUSIVEADDRUSE"):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # POSIX: quick restart
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
            raise ServerError("port_in_use", port=port) from exc
        raise ServerError("cannot_listen", host=host, port=port,
                          reason=os_reason(exc)) from exc
    return sock


class HubServer:
    """``start()`` listens on ``host``:``port`` (port 0: any free one) and returns the URL;
    ``stop()`` ends it. With ``hub`` given (the app's), the caller owns the hub."""

    def __init__(self, db_path: Path | str, host: str, port: int, *,
                 hub: Hub | None = None) -> None:
        self.db_path = Path(db_path)
        self.host = host
        self.port = port
        self.hub = hub
        self._own_hub = hub is None
        self._server: _ThreadServer | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    @property
    def url(self) -> str:
        """Where phones reach it: listening on every network, the LAN address."""
        host = self.host
        if host in ANY:
            host = default_host() or LOOPBACK
        return base_url(host, self.port)

    def start(self) -> str:
        # What exists now (the app's modules, Qt's wrappers, the catalogue…) lives as long as
        # the process: frozen, a full collection no longer walks it. Unfrozen, a burst of
        # phone requests set one off that held every thread, the UI thread too, ~35 ms.
        gc.freeze()
        self._socket = _listen(self.host, self.port)
        self.port = self._socket.getsockname()[1]
        if self.hub is None:
            self.hub = Hub(self.db_path)
        if not self.hub.running:
            self.hub.start()
        app = build_app(self.hub, allowed_hosts(self.host, self.port))
        config = uvicorn.Config(app, log_config=None, access_log=False, proxy_headers=False,
                                server_header=False, date_header=False, lifespan="on",
                                loop="asyncio", ws="none", timeout_keep_alive=5,
                                timeout_graceful_shutdown=1)
        self._server = _ThreadServer(config)
        self._web = app.web  # type: ignore[attr-defined]
        sockets = [self._socket]
        self._thread = threading.Thread(target=self._run, args=(self._server, sockets),
                                        name="marketapp-web", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + START_SECONDS
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise ServerError("did_not_start")
            time.sleep(0.01)
        return self.url

    @property
    def running(self) -> bool:
        """Started and still serving (its thread did not end by itself)."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def connections(self) -> Connections:
        """The devices with a live page open (``start`` first)."""
        return self._web.connections

    def _run(self, server: uvicorn.Server, sockets: list[socket.socket]) -> None:
        self._loop = asyncio.new_event_loop()
        try:
            self._loop.run_until_complete(server.serve(sockets=sockets))
        finally:
            self._loop.close()

    def stop(self) -> None:
        server, thread, self._server, self._thread = self._server, self._thread, None, None
        loop, feed = getattr(self, "_loop", None), getattr(self, "_web", None)
        feed = feed.feed if feed is not None else None
        if server is not None:
            if loop is not None and feed is not None and not loop.is_closed():
                with contextlib.suppress(RuntimeError):  # the loop ended meanwhile
                    loop.call_soon_threadsafe(feed.close)  # the pages' streams end now
            server.should_exit = True
        if thread is not None:
            thread.join(STOP_SECONDS)
            if thread.is_alive() and server is not None:
                server.force_exit = True  # a stream that would not end holds nothing up
                thread.join(10)
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        if self._own_hub and self.hub is not None:
            self.hub.stop()

    def __enter__(self) -> HubServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
