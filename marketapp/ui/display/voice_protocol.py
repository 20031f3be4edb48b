"""The messages between the app (``voice_link``) and its voice worker (``voice_worker``):
JSON, one message a line, ASCII only (``ensure_ascii``), so no code page can garble them."""

from __future__ import annotations

import json
from typing import Any


def encode(message: dict[str, Any]) -> bytes:
    return (json.dumps(message, ensure_ascii=True) + "\n").encode("ascii")


def decode(line: bytes) -> dict[str, Any] | None:
    """One message, or None for a line that is not one."""
    try:
        message = json.loads(line.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return None
    return message if isinstance(message, dict) else None
