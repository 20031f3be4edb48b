"""What every request passes before any route (a pure ASGI layer, so event streams flow):

* ``Host`` must name the hub itself (421 otherwise): a page on another site that points its
  own name at the laptop's address (DNS rebinding) gets nothing;
* a request body over ``MAX_BODY`` bytes is refused with 413 before any route reads it;
* every answer carries ``Cache-Control: no-store`` (a shared phone keeps nothing), no
  referrer (the pairing page's URL holds the code), and no framing or sniffing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from marketapp.core.devices.command_log import PHONE
from marketapp.core.text import N_, gettext

MAX_BODY = 16 * 1024
HEADERS = [
    (b"cache-control", b"no-store"),
    (b"pragma", b"no-cache"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
]
WRONG_HOST = N_("Wrong address: open the address shown on the laptop (with its IP and port).")
TOO_BIG = N_("What was sent is too large.")


def _json(status: int, error: str) -> tuple[int, bytes]:
    return status, json.dumps({"ok": False, "error": error}, ensure_ascii=False).encode()


class Guard:
    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str]) -> None:
        self.app = app
        self.allowed_hosts = {h.lower() for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1").lower()
        if host not in self.allowed_hosts:
            await self._answer(send, *_json(421, gettext(WRONG_HOST, PHONE)))
            return
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > MAX_BODY:
            await self._answer(send, *_json(413 if length.isdigit() else 400, gettext(TOO_BIG, PHONE)))
            return
        if scope["method"] in ("POST", "PUT", "PATCH"):
            body = await self._read(receive)
            if body is None:
                await self._answer(send, *_json(413, gettext(TOO_BIG, PHONE)))
                return
            receive = _replay(body, receive)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [h for h in message.get("headers", [])
                                      if h[0].lower() != b"cache-control"] + HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)

    @staticmethod
    async def _read(receive: Receive) -> bytes | None:
        """The whole body, or None past MAX_BODY (a chunked body has no length to check)."""
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return b""
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    @staticmethod
    async def _answer(send: Send, status: int, body: bytes) -> None:
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json; charset=utf-8"),
                                (b"content-length", str(len(body)).encode()), *HEADERS]})
        await send({"type": "http.response.body", "body": body})


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # later: the client's disconnect

    return replay
