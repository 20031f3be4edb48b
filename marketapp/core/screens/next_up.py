"""Who a stall calls next, as the board, the display and the stall phone show it.

The line's own order (``queue.rules.merge_lines``), less anyone called or served at another
stall right now: 叫下一位 passes over her (she keeps her place and is called when she is
back), so showing her as next would send the wrong person to the counter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlite_utils import Database

from marketapp.core.queue.rules import merge_lines


def busy_villagers(db: Database, market_day_id: str) -> dict[str, str]:
    """villager id -> the stall where she is called or served right now."""
    return dict(db.conn.execute(
        "SELECT villager_id, stall_id FROM tickets WHERE market_day_id = ? "
        "AND status IN ('called', 'serving')", (market_day_id,)))


def call_order(lines: dict[str, list[tuple]], streak: int, count: int,
               busy: Mapping[str, str]) -> list[int]:
    """The rowids of the first ``count`` tickets in calling order, with room for the ones
    :func:`free_ones` will pass over (at most one per busy person)."""
    return [item[2] for item in merge_lines(lines, streak, count + len(busy))]


def ticket_facts(db: Database, rowids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """rowid -> (label, villager id), for the few tickets a screen names."""
    rowids = list(rowids)
    if not rowids:
        return {}
    return {row[0]: (row[1], row[2]) for row in db.conn.execute(
        f"SELECT rowid, label, villager_id FROM tickets WHERE rowid IN "
        f"({','.join('?' * len(rowids))})", rowids)}


def free_ones(order: list[int], facts: Mapping[int, tuple[str, str]], stall_id: str,
              busy: Mapping[str, str], count: int) -> list[str]:
    """The labels of the first ``count`` of ``order`` whose holder is not at another stall."""
    labels = [facts[rowid][0] for rowid in order
              if busy.get(facts[rowid][1], stall_id) == stall_id]
    return labels[:count]
