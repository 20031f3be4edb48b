"""The pure rules of a merge (see ``core.merge.files``): how two copies of one row combine, how
ids inside event details follow their rows, and how a stall's ticket numbers are decided.

Every rule here is a function of the copies alone (never of which file came first), and
combining is idempotent, commutative and associative, so the result of merging several
files does not depend on their order or on merging one twice.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from marketapp.core.queue.rules import LAST_NUMBER, NUMBER_DIGITS, number_text

Row = dict[str, Any]

#: Keys inside queue event details (``set``, ``before``, an undone visit) that name rows
#: whose ids a merge may map onto the target's.
DETAIL_ID_KEYS = {"stall_id": "stalls", "market_day_id": "market_days",
                  "villager_id": "villagers"}
#: Written into an issue event's details when the merge gave its ticket a new number.
RENUMBERED_FROM = "merge_renumbered_from"


def order_key(value: Any) -> tuple:
    """A total order over SQLite values: NULL lowest, then numbers, text, blobs."""
    if value is None:
        return (0,)
    if isinstance(value, (int, float)):
        return (1, value)
    if isinstance(value, str):
        return (2, value)
    return (3, bytes(value))


def larger(a: Any, b: Any) -> Any:
    return a if order_key(a) >= order_key(b) else b


def smaller_present(a: Any, b: Any) -> Any:
    """The smaller of two values, NULL only when both are NULL (e.g. created_at)."""
    if a is None or b is None:
        return a if b is None else b
    return a if order_key(a) <= order_key(b) else b


@dataclass(frozen=True)
class Combined:
    row: Row
    incoming_won: bool  # the incoming copy decided the versioned fields
    tie: bool  # equal versions: each field took the larger value


def combine(current: Row, incoming: Row, fields: Iterable[str],
            version: Callable[[Row], Any],
            independent: Mapping[str, Callable[[Any, Any], Any]] | None = None) -> Combined:
    """The later version's ``fields`` win; on equal versions each field takes the larger
    value (NULL lowest). ``independent`` fields combine on their own (min, max, union)."""
    result = dict(current)
    vc, vi = order_key_deep(version(current)), order_key_deep(version(incoming))
    fields = list(fields)
    if vi > vc:
        result.update({f: incoming[f] for f in fields})
    elif vi == vc:
        result.update({f: larger(current[f], incoming[f]) for f in fields})
    for name, rule in (independent or {}).items():
        result[name] = rule(current[name], incoming[name])
    return Combined(result, vi > vc, vi == vc)


def order_key_deep(value: Any) -> tuple:
    if isinstance(value, tuple):
        return tuple(order_key_deep(v) for v in value)
    return order_key(value)


def staff_union(a: str | None, b: str | None) -> str | None:
    """Two copies of a stall's staff list: the same list stays, otherwise the sorted union."""
    if a == b:
        return a
    names: set[str] = set()
    for text in (a, b):
        try:
            value = json.loads(text or "[]")
        except ValueError:
            value = []
        if isinstance(value, list):
            names.update(str(v) for v in value)
    return json.dumps(sorted(names), ensure_ascii=False)


# ------------------------------------------------------------------ event details


def remap_details(value: Any, maps: Mapping[str, Mapping[str, str]],
                  seq_map: Mapping[int, int]) -> Any:
    """Event details with the ids of mapped rows (and event seqs) as the target names them."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            table = DETAIL_ID_KEYS.get(key)
            if table and isinstance(item, str):
                out[key] = maps.get(table, {}).get(item, item)
            elif key == "queue_seq" and isinstance(item, int):
                out[key] = seq_map.get(item, item)
            else:
                out[key] = remap_details(item, maps, seq_map)
        return out
    if isinstance(value, list):
        return [remap_details(v, maps, seq_map) for v in value]
    return value


def details_for_compare(text: str) -> Any:
    """Details without what the ticket renumbering rewrites (compared apart from it)."""
    try:
        details = json.loads(text)
    except ValueError:
        return text
    if isinstance(details, dict):
        details.pop(RENUMBERED_FROM, None)
        details.pop("to_label", None)
        if isinstance(details.get("set"), dict):
            details["set"] = {k: v for k, v in details["set"].items()
                              if k not in ("number", "label", "queue_seq")}
        if isinstance(details.get("before"), dict):
            details["before"] = {k: v for k, v in details["before"].items()
                                 if k != "queue_seq"}
    return details


def original_number(number: int, issue_details: str | None) -> int:
    """The number a ticket was issued with, before any merge renumbered it."""
    if issue_details:
        try:
            details = json.loads(issue_details)
        except ValueError:
            return number
        if isinstance(details, dict) and isinstance(details.get(RENUMBERED_FROM), int):
            return details[RENUMBERED_FROM]
    return number


# ------------------------------------------------------------------ ticket numbers


@dataclass(frozen=True)
class NumberedTicket:
    id: str
    original: int
    issued_at: str


def assign_numbers(tickets: Iterable[NumberedTicket],
                   last: int = LAST_NUMBER) -> dict[str, int]:
    """Ticket id -> its number at one stall, decided from the tickets alone.

    Tickets issued with the same number (two desks set up with the same block): the one
    issued first (then the smaller id) keeps it; each later one gets the next free number
    after the stall's highest issued number, in order of issue time (then id); past
    ``last`` the smallest numbers nobody holds are used.
    """
    tickets = sorted(tickets, key=lambda t: (t.issued_at, t.id))
    result: dict[str, int] = {}
    holders: set[int] = set()
    extras: list[NumberedTicket] = []
    for ticket in tickets:
        if ticket.original in holders:
            extras.append(ticket)
        else:
            holders.add(ticket.original)
            result[ticket.id] = ticket.original
    if not extras:
        return result
    highest = max(holders)
    free = [n for n in range(highest + 1, last + 1)]
    free += [n for n in range(1, highest) if n not in holders]
    if len(free) < len(extras):
        raise OverflowError("no free ticket numbers left at this stall")
    for ticket, number in zip(extras, free, strict=False):
        result[ticket.id] = number
    return result


def relabel(label: str, number: int) -> str:
    """A012 with number 7 -> A007 (the letter part kept as the ticket had it)."""
    return label[:-NUMBER_DIGITS] + number_text(number)
