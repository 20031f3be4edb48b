"""JSON answers and how refusals become HTTP statuses (API.md, "Errors"). Never a traceback:
a refusal is its Chinese message; anything unexpected is a generic 500 and a log line that
names the route and the kind of failure, never a person (URLs hold no personal data)."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from marketapp.core.devices.command_log import PHONE, Answer
from marketapp.core.devices.errors import DeviceError
from marketapp.core.errors import UserError
from marketapp.core.text import N_, gettext

log = logging.getLogger("marketapp.web")

SERVER_ERROR = N_("Something went wrong on the server; try again. If it keeps happening, "
                   "tell the registration desk.")
BAD_BODY = N_("The request is not valid.")
NOT_FOUND = N_("There is no such page.")
_DEVICE_STATUS = {"not_paired": 401, "revoked": 401, "day_closed": 401, "code_unknown": 401,
                  "code_used": 401, "code_expired": 401, "code_revoked": 401,
                  "wrong_scope": 403, "bad_request_id": 400}
_ANSWER_STATUS = {"done": 200, "refused": 409, "invalid": 422}


class BadBody(Exception):
    pass


def refused(status: int, error: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"ok": False, "error": error, **extra}, status_code=status)


def for_user_error(exc: UserError) -> JSONResponse:
    status = _DEVICE_STATUS.get(exc.code, 409) if isinstance(exc, DeviceError) else 409
    return refused(status, exc.message(PHONE))


def for_answer(answer: Answer, state: dict[str, Any]) -> JSONResponse:
    body: dict[str, Any] = {"ok": answer.ok, "repeated": answer.repeated, "state": state}
    if answer.ok:
        body |= {"message": answer.message, "result": answer.result}
    else:
        body |= {"error": answer.error, "fields": answer.fields}
    return JSONResponse(body, status_code=_ANSWER_STATUS.get(answer.kind, 409))


async def json_body(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        raise BadBody from None
    if not isinstance(body, dict):
        raise BadBody
    return body


def guarded(handler: Callable[[Request], Awaitable[Response]]
            ) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request)
        except UserError as exc:
            return for_user_error(exc)
        except BadBody:
            return refused(400, gettext(BAD_BODY, PHONE))
        except Exception as exc:  # a bug: the phone gets words, the log the kind of failure
            log.error("web: %s %s failed: %s", request.method, handler.__name__,
                      type(exc).__name__)
            return refused(500, gettext(SERVER_ERROR, PHONE))

    endpoint.__name__ = handler.__name__
    return endpoint
