"""The hub's routes (API.md). Each one checks who asks and hands the work to core on the
hub thread; no rule of the market is decided here."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from marketapp.core.devices.command_log import PHONE, check_request_id, run_once
from marketapp.core.devices.errors import DeviceError
from marketapp.core.devices.naming import device_name
from marketapp.core.devices.pairing import authenticate, check_scope, get_device, redeem_code
from marketapp.core.devices.pairing_pin import PinRefused
from marketapp.core.devices.stall_commands import COMMANDS
from marketapp.core.text import gettext
from marketapp.web.answers import NOT_FOUND, for_answer, guarded, json_body, refused
from marketapp.web.feed import state_of
from marketapp.web.pages import page
from marketapp.web.ratelimit import TOO_MANY
from marketapp.web.streams import COOKIE, stream_for

COOKIE_SECONDS = 16 * 3600  # a market day; the pairing itself ends when the day closes
NEXT = {"stall": "/stall", "display": "/display"}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


@guarded
async def pair(request: Request) -> Response:
    web = request.app.state.web
    client = request.client.host if request.client else "?"
    if web.failed_pairings.blocked(client):
        return refused(429, gettext(TOO_MANY, PHONE))
    body = await json_body(request)
    code, operator, pin = (_text(body.get(key)) for key in ("code", "operator", "pin"))
    name = device_name(request.headers.get("user-agent"))
    try:
        device, token = await web.hub.run(
            lambda db: redeem_code(db, code, name=name, operator=operator, pin=pin),
            changed=True)
    except DeviceError as exc:
        web.failed_pairings.failed(client)
        # The page asks for a name and PIN (again) when core says they are what is missing.
        asks = {"pin_required": True} if isinstance(exc, PinRefused) else {}
        return refused(401, exc.message(PHONE), **asks)
    response = JSONResponse({"ok": True, "scope": device.scope, "next": NEXT[device.scope]})
    response.set_cookie(COOKIE, token, max_age=COOKIE_SECONDS, path="/", httponly=True,
                        samesite="strict")
    return response


def _state(scope: str):
    async def state(request: Request) -> Response:
        hub = request.app.state.web.hub
        token = request.cookies.get(COOKIE)

        def job(db):
            device = authenticate(db, token)
            check_scope(device, scope)
            return state_of(db, device, hub.version)

        return JSONResponse(await hub.run(job))

    state.__name__ = f"{scope}_state"
    return guarded(state)


def _events(scope: str):
    async def events(request: Request) -> Response:
        return await stream_for(request, scope)

    events.__name__ = f"{scope}_events"
    return guarded(events)


@guarded
async def stall_command(request: Request) -> Response:
    action = request.path_params["action"]
    if action not in COMMANDS:
        return refused(404, gettext(NOT_FOUND, PHONE))
    hub = request.app.state.web.hub
    token = request.cookies.get(COOKIE)
    body = await json_body(request)

    def job(db):
        device = authenticate(db, token)
        check_scope(device, "stall")
        request_id = check_request_id(body.get("request_id"))
        answer = run_once(db, device.id, request_id, action,
                          lambda: COMMANDS[action](db, device, body))
        return answer, state_of(db, get_device(db, device.id), hub.version)

    answer, state = await hub.run(job, changed=lambda done: done[0].ok and not done[0].repeated)
    return for_answer(answer, state)


_MISSING = page("missing.html", status_code=404)


async def not_found(request: Request, exc: Exception) -> Response:
    """No such route: the API's JSON refusal under /api/, elsewhere (an address typed or
    scanned into a browser) a small Chinese page that says to scan the QR code again."""
    if request.url.path.startswith("/api/"):
        return refused(404, gettext(NOT_FOUND, PHONE))
    return await _MISSING(request)


ROUTES = [
    Route("/", page("index.html")),
    Route("/p/{code}", page("pair.html")),
    Route("/api/pair", pair, methods=["POST"]),
    Route("/stall", page("stall.html")),
    Route("/display", page("display.html")),
    Route("/api/stall/state", _state("stall")),
    Route("/api/stall/events", _events("stall")),
    Route("/api/stall/{action}", stall_command, methods=["POST"]),
    Route("/api/display/state", _state("display")),
    Route("/api/display/events", _events("display")),
]
