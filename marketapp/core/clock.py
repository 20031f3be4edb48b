"""Time as the app stores it: ISO 8601 local time with offset; dates as YYYY-MM-DD.

Core functions take an optional ``at`` so tests and the demo day can drive simulated time.
"""

from __future__ import annotations

from datetime import date, datetime


def now() -> datetime:
    return datetime.now().astimezone()


def iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="seconds")


def now_iso() -> str:
    return iso(now())


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def local_text(text: str | None) -> str:
    """A stored moment as a person reads it in a spreadsheet: this computer's local time,
    "2026-12-08 06:58" (the stored offset may be another zone's: a laptop set to UTC)."""
    if not text:
        return ""
    try:
        moment = parse_iso(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def epoch_seconds(text: str | None) -> int:
    return int(parse_iso(text).timestamp()) if text else 0


def today() -> date:
    return now().date()
