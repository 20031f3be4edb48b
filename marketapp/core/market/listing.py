"""Market days as a list (newest first) for choosing one, and what closing a day would end.

Small read-only queries for the Reports page and the close-the-day dialog.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True)
class MarketDayRow:
    id: str
    date: str  # YYYY-MM-DD
    village: str
    status: str  # open | closed
    tickets: int


def list_market_days(db: Database, date_from: str | None = None,
                     date_to: str | None = None) -> list[MarketDayRow]:
    """Market days, newest first (by date, then by opening time), optionally within
    [date_from, date_to] (inclusive, YYYY-MM-DD)."""
    sql = ("SELECT d.id, d.date, g.name, d.status, "
           "(SELECT COUNT(*) FROM tickets t WHERE t.market_day_id = d.id) "
           "FROM market_days d JOIN villages g ON g.id = d.village_id WHERE 1 = 1")
    params: list[str] = []
    if date_from:
        sql += " AND d.date >= ?"
        params.append(date_from)
    if date_to:
        sql += " AND d.date <= ?"
        params.append(date_to)
    rows = db.execute(sql + " ORDER BY d.date DESC, d.opened_at DESC, g.name", params)
    return [MarketDayRow(*row) for row in rows.fetchall()]


def unserved_count(db: Database, market_day_id: str) -> int:
    """Tickets still waiting or called: closing the day records them as not served."""
    row = db.execute(
        "SELECT COUNT(*) FROM tickets WHERE market_day_id = ? AND status IN ('waiting', 'called')",
        [market_day_id]).fetchone()
    return int(row[0])


def served_and_waiting(db: Database, market_day_id: str) -> tuple[int, int]:
    """For the status bar: tickets done so far, and tickets still waiting in a line."""
    row = db.execute(
        "SELECT COALESCE(SUM(status = 'done'), 0), COALESCE(SUM(status = 'waiting'), 0) "
        "FROM tickets WHERE market_day_id = ?", [market_day_id]).fetchone()
    return int(row[0]), int(row[1])
