"""The hub's ASGI application: Starlette routes behind the guard (Host, body size, no-store)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from marketapp.web.connections import Connections
from marketapp.web.feed import Feed
from marketapp.web.guard import Guard
from marketapp.web.hub import Hub
from marketapp.web.pages import PAGES
from marketapp.web.ratelimit import FailedPairings
from marketapp.web.routes import ROUTES, not_found


@dataclass
class WebState:
    hub: Hub
    failed_pairings: FailedPairings = field(default_factory=FailedPairings)
    feed: Feed | None = None
    connections: Connections = field(default_factory=Connections)  # devices online now


def build_app(hub: Hub, allowed_hosts: Iterable[str]) -> ASGIApp:
    """The app for ``hub`` answering only to ``allowed_hosts`` ("192.168.8.10:8420", …)."""
    web = WebState(hub)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        web.feed = Feed(hub, asyncio.get_running_loop())
        try:
            yield
        finally:
            web.feed.close()

    app = Starlette(routes=[*ROUTES, Mount("/static", StaticFiles(directory=PAGES / "static"))],
                    exception_handlers={404: not_found, 405: not_found}, lifespan=lifespan)
    app.state.web = web
    guard = Guard(app, allowed_hosts)
    guard.web = web  # type: ignore[attr-defined]  # the server ends the streams on stop
    return guard
