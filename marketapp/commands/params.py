"""Parameter types the commands share."""

from __future__ import annotations

from datetime import datetime

import click

from marketapp.core.text import say
from marketapp.core.textnorm import date_parts


def parse_market_date(text: str) -> datetime | None:
    """A date as staff write it: 2026-12-05, 2026/12/5, 2026.12.05, 2026年12月5日, 20261205;
    None when it is none of these or no such day exists."""
    parts = date_parts(text.strip())
    if (len(parts) != 3 or len(parts[0]) != 4 or not all(1 <= len(p) <= 4 for p in parts)
            or not all(p.isascii() and p.isdigit() for p in parts)):
        return None
    try:
        return datetime(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


class MarketDate(click.ParamType):
    """A day, given as :func:`parse_market_date` reads it; a ``datetime`` at midnight, as
    ``click.DateTime`` gives, so a command's ``day.date()`` is unchanged."""

    name = "date"

    def get_metavar(self, param, ctx=None) -> str:  # ctx: click 8.2 added it
        return "YYYY-MM-DD"

    def convert(self, value, param, ctx) -> datetime:
        if isinstance(value, datetime):
            return value
        parsed = parse_market_date(str(value))
        if parsed is None:
            self.fail(say("“{value}” is not a date: write it as year-month-day, like 2026-12-05.",
                          value=value), param, ctx)
        return parsed


MARKET_DATE = MarketDate()
