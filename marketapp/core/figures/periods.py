"""The periods a period report is usually asked for, as first and last day around today:
this or last month, quarter (calendar quarters) or year."""

from __future__ import annotations

from datetime import date, timedelta

PERIODS = ("this_month", "last_month", "this_quarter", "last_quarter", "this_year",
           "last_year")


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def preset_range(key: str, today: date) -> tuple[date, date]:
    """The first and last day of the preset period around ``today``."""
    if key in ("this_month", "last_month"):
        year, month = today.year, today.month
        if key == "last_month":
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        return date(year, month, 1), _month_end(year, month)
    if key in ("this_quarter", "last_quarter"):
        year, quarter = today.year, (today.month - 1) // 3
        if key == "last_quarter":
            year, quarter = (year - 1, 3) if quarter == 0 else (year, quarter - 1)
        return date(year, quarter * 3 + 1, 1), _month_end(year, quarter * 3 + 3)
    if key in ("this_year", "last_year"):
        year = today.year - (key == "last_year")
        return date(year, 1, 1), date(year, 12, 31)
    raise ValueError(f"no preset {key!r}")
