"""A device's commands, each done once whatever the retries.

A phone on market Wi-Fi sends a command, the link drops before the answer arrives, the page
sends it again. Each command carries a request id the device made; the first answer is
written under (device, request id) in the same transaction as the action itself, so either
both are on disk or neither is. The same id again returns that answer and changes nothing.
A refusal is an answer too (the rules said no: saying it again is right); an unexpected
failure rolls everything back and is not remembered, so a retry tries again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from marketapp.core import clock
from marketapp.core.catalogue.outcomes import InvalidOutcome
from marketapp.core.devices.errors import DeviceError
from marketapp.core.errors import UserError

#: The phone and TV pages are in Chinese: what the hub says to a device is said in it.
PHONE = "zh"
REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


@dataclass
class Answer:
    """What a command answers. ``kind``: done | refused (the rules said no) | invalid (input
    refused field by field, ``fields``)."""

    ok: bool
    kind: str = "done"
    message: str = ""
    error: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    result: dict[str, Any] = field(default_factory=dict)
    repeated: bool = False

    @classmethod
    def done(cls, message: str, **result: Any) -> Answer:
        return cls(True, "done", message=message, result=result)


class FieldsRefused(UserError):
    """Input refused field by field (key -> message), in the words the desktop uses."""

    messages = {"fields": "{summary}"}  # the fields' own messages, already said

    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = dict(fields)
        super().__init__("fields", summary="；".join(self.fields.values()))


def refusal(exc: UserError, lang: str = PHONE) -> Answer:
    if isinstance(exc, InvalidOutcome):
        return Answer(False, "invalid", error=exc.message(lang),
                      fields=exc.problem_messages(lang))
    if isinstance(exc, FieldsRefused):
        return Answer(False, "invalid", error=exc.message(lang), fields=exc.fields)
    return Answer(False, "refused", error=exc.message(lang))


def check_request_id(request_id: object) -> str:
    if not isinstance(request_id, str) or not REQUEST_ID.fullmatch(request_id):
        raise DeviceError("bad_request_id")
    return request_id


def run_once(db: Database, device_id: str, request_id: object, action: str,
             command: Callable[[], Answer], *, at: datetime | str | None = None,
             lang: str = PHONE) -> Answer:
    """Do ``command`` once for (device, request id); its answer, or the first one again."""
    request_id = check_request_id(request_id)
    with db.atomic():
        row = db.conn.execute("SELECT answer FROM device_commands WHERE device_id = ? AND "
                              "request_id = ?", (device_id, request_id)).fetchone()
        if row is not None:
            return Answer(**json.loads(row[0]) | {"repeated": True})
        try:
            with db.atomic():  # a savepoint: a refusal leaves nothing of the action behind
                answer = command()
        except UserError as exc:
            answer = refusal(exc, lang)
        stored = asdict(answer) | {"repeated": False}
        db.conn.execute(
            "INSERT INTO device_commands (device_id, request_id, action, at, answer) "
            "VALUES (?, ?, ?, ?, ?)",
            (device_id, request_id, action,
             clock.iso(at) if isinstance(at, datetime) else (at or clock.now_iso()),
             json.dumps(stored, ensure_ascii=False)))
    return answer
