"""Server-sent events for a device: its state at once, again after every change, a heartbeat
every ``HEARTBEAT_SECONDS`` (a dropped Wi-Fi link is otherwise not noticed: a page that hears
nothing for 5 s shows 未连接 and reconnects), and ``ended`` when its pairing ends."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import StreamingResponse

from marketapp.core import clock
from marketapp.core.devices.pairing import authenticate, check_scope
from marketapp.web.feed import ENDED, Feed, compute, key_of
from marketapp.web.hub import Hub

HEARTBEAT_SECONDS = 2.0
COOKIE = "marketapp_device"


def event(name: str, data: str | dict[str, Any]) -> bytes:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return f"event: {name}\ndata: {text}\n\n".encode()


async def stream_for(request: Request, scope: str) -> StreamingResponse:
    web = request.app.state.web
    hub: Hub = web.hub
    feed: Feed = web.feed
    token = request.cookies.get(COOKIE)

    def who(db):
        device = authenticate(db, token)
        check_scope(device, scope)
        return device

    device = await hub.run(who)  # a refusal is a 401/403 before any stream starts
    sub = feed.subscribe(device)  # before the first state: no change falls in between
    try:
        first = await hub.run(lambda db: compute(db, key_of(device), hub.version))
    except BaseException:
        feed.unsubscribe(sub)
        raise

    async def events() -> AsyncIterator[bytes]:
        loop = asyncio.get_running_loop()
        web.connections.opened(device.id)  # online while its stream is open
        try:
            yield event("state", first)
            beat = loop.time() + HEARTBEAT_SECONDS
            while True:
                wait = beat - loop.time()
                if wait <= 0:
                    yield event("heartbeat", {"at": clock.now_iso()})
                    beat += HEARTBEAT_SECONDS
                    continue
                try:
                    item = await asyncio.wait_for(sub.queue.get(), wait)
                except TimeoutError:
                    continue
                if isinstance(item, tuple):
                    if item[0] == ENDED:
                        yield event("ended", {"error": item[1]})
                    return  # ended, or the server stops
                yield event("state", item)
        finally:
            feed.unsubscribe(sub)
            web.connections.closed(device.id)

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"X-Accel-Buffering": "no"})
