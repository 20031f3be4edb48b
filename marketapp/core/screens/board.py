"""The snapshot boards and the public display refresh every second.

Per stall: numbers being called and served (with masked names only: this is shown to the
public), the next numbers in call order, how many wait, and the expected wait for someone
joining now. Six queries for the whole day plus one small indexed lookup per stall whose line
mixes priority and normal tickets (its priority streak), whatever the number of tickets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlite_utils import Database

from marketapp.core.market.days import MarketError, get_market_day, stalls_of
from marketapp.core.people.masking import mask_name
from marketapp.core.queue.estimates import service_minutes, wait_minutes
from marketapp.core.queue.rules import epoch, moment
from marketapp.core.queue.tickets import line_streak, stall_medians
from marketapp.core.screens.next_up import call_order, free_ones, ticket_facts

if TYPE_CHECKING:
    from marketapp.core.figures.daily import StallFigures


@dataclass(frozen=True)
class AtCounter:
    label: str
    name: str  # masked: 张*明
    counter: int | None


@dataclass(frozen=True)
class StallBoard:
    stall_id: str
    service_code: str
    letter: str
    name_zh: str
    name_en: str
    counters: int
    calling: tuple[AtCounter, ...]
    serving: tuple[AtCounter, ...]
    next_labels: tuple[str, ...]
    waiting: int
    minutes_each: float
    wait_minutes: float  # for someone who joins the line now


@dataclass(frozen=True)
class BoardSnapshot:
    market_day_id: str
    date: str
    village: str
    status: str
    at: str
    stalls: tuple[StallBoard, ...]


def free_counter(board: StallBoard, preferred: int) -> int | None:
    """The counter "call next" should call to: ``preferred`` unless somebody is called or
    served there, then the lowest free one; None when every counter is busy."""
    busy = {a.counter for a in (*board.calling, *board.serving) if a.counter is not None}
    if preferred not in busy:
        return preferred
    return next((c for c in range(1, board.counters + 1) if c not in busy), None)


def board_snapshot(
    db: Database, market_day_id: str, at: datetime | str | None = None, next_count: int = 5
) -> BoardSnapshot:
    at_text, _ = moment(at)
    day = db.execute(
        "SELECT d.date, g.name, d.status FROM market_days d JOIN villages g "
        "ON g.id = d.village_id WHERE d.id = ?",
        [market_day_id],
    ).fetchone()
    if day is None:
        raise MarketError("day_not_found")
    at_counters: dict[str, dict[str, list[AtCounter]]] = defaultdict(lambda: defaultdict(list))
    busy: dict[str, str] = {}  # villager -> the stall where she is now (next_up)
    for stall_id, status, label, counter, name, villager_id in db.execute(
        "SELECT t.stall_id, t.status, t.label, t.counter, v.name, v.id FROM tickets t "
        "JOIN villagers v ON v.id = t.villager_id "
        "WHERE t.market_day_id = ? AND t.status IN ('called', 'serving') ORDER BY t.called_at",
        [market_day_id],
    ):
        at_counters[stall_id][status].append(AtCounter(label, mask_name(name), counter))
        busy[villager_id] = stall_id
    # Plain tuples, not Ticket objects: this runs every second over every waiting ticket, and
    # from the tickets_day_line index alone; only the few next numbers need their labels.
    waiting: dict[str, dict[str, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for stall_id, priority, queued_at, queue_seq, rowid in db.conn.execute(
        "SELECT stall_id, priority, queued_at, queue_seq, rowid FROM tickets "
        "WHERE market_day_id = ? AND status = 'waiting'",
        (market_day_id,),
    ):
        waiting[stall_id][priority].append((epoch(queued_at), queue_seq, rowid))
    medians = stall_medians(db, market_day_id)
    stalls = stalls_of(db, market_day_id)
    counts, nexts = {}, {}
    for stall in stalls:
        lines = waiting.get(stall.id, {})
        counts[stall.id] = count = sum(len(line) for line in lines.values())
        nexts[stall.id] = call_order(lines, line_streak(db, stall.id, lines), next_count,
                                     busy) if count else []
    facts = ticket_facts(db, (rowid for order in nexts.values() for rowid in order))
    boards = []
    for stall in stalls:
        count = counts[stall.id]
        calling = tuple(at_counters[stall.id]["called"])
        serving = tuple(at_counters[stall.id]["serving"])
        minutes = service_minutes(*medians.get(stall.id, (0, None)), stall.typical_minutes)
        boards.append(StallBoard(
            stall_id=stall.id, service_code=stall.service_code, letter=stall.letter,
            name_zh=stall.name_zh, name_en=stall.name_en, counters=stall.counters,
            calling=calling, serving=serving,
            next_labels=tuple(free_ones(nexts[stall.id], facts, stall.id, busy, next_count)),
            waiting=count,
            minutes_each=minutes,
            wait_minutes=wait_minutes(count, len(calling) + len(serving), stall.counters,
                                      minutes),
        ))
    return BoardSnapshot(market_day_id, day[0], day[1], day[2], at_text, tuple(boards))


def final_figures(db: Database, market_day_id: str) -> list[StallFigures]:
    """Each stall's figures at the end of a closed day (served, no-shows, cancelled,
    transferred, not served, median wait), counted as the daily report counts them: a
    closed day's board has nobody left to show."""
    # Imported here: the registration page loads this module at start-up.
    from marketapp.core.figures.daily import stall_figures
    from marketapp.core.figures.ticket_records import ticket_records

    day = get_market_day(db, market_day_id).date
    by_stall: dict[str, list] = defaultdict(list)
    for record in ticket_records(db, day, day, market_day_id):
        by_stall[record.stall_id].append(record)
    return [stall_figures(stall, by_stall[stall.id]) for stall in stalls_of(db, market_day_id)]
