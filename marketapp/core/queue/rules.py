"""The queue's rules, free of storage: states, legal transitions, numbering blocks, order.

Order of a stall's line (``predicted_order``)
    1. Urgent tickets first, by place in line.
    2. Then priority tickets (age >= the ``priority_age`` setting, disability, pregnancy,
       or a staff decision), by place in line, then normal tickets by place in line.
    3. Anti-starvation: when the last ``STARVATION_LIMIT`` (3) calls at the stall were all
       priority or urgent tickets, the normal ticket longest in line is called next if it
       has been in line longer than the first priority ticket. (Urgent still goes first.)
    "Place in line" is (queued_at, queue_seq): the arrival time, kept across a transfer;
    after a no-show the moment the person came back (see ``queue.return_to_queue``);
    queue_seq (the event that queued it) breaks ties between equal times.
    The whole line is predicted by simulating the calls one by one, so the board's "next"
    numbers and every estimate follow the same rule that ``call_next`` applies.

Passed over, not dropped: ``call_next`` takes the first ticket of that order whose villager
is not being called or served at another stall; the skipped ticket keeps its place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from itertools import islice
from operator import itemgetter

from marketapp.core import clock
from marketapp.core.errors import UserError
from marketapp.core.text import N_, NP_, say_pair

STARVATION_LIMIT = 3
PRIORITIES = ("urgent", "priority", "normal")
PRIORITY_REASONS = ("age", "disabled", "pregnancy", "staff")
ACTIVE = ("waiting", "called", "serving")  # in line or at a counter
OPEN_STATES = ACTIVE + ("no_show",)  # may still come back: one per villager per stall

STATE_NAMES = {
    "waiting": NP_("ticket state", "waiting"),
    "called": N_("called"),
    "serving": N_("being served"),
    "done": N_("done"),
    "no_show": N_("a no-show"),
    "cancelled": NP_("ticket state", "cancelled"),
    "transferred": NP_("ticket state", "transferred"),
    "not_served": N_("not served (market closed)"),
}
ACTION_NAMES = {
    "issue": N_("issued"),
    "call": NP_("queue action", "called"),
    "recall": N_("called again"),
    "start": N_("started"),
    "done": N_("finished"),
    "no_show": N_("marked a no-show"),
    "return": N_("put back in line"),
    "cancel": N_("cancelled"),
    "transfer": NP_("queue action", "transferred"),
    "close": N_("ended at closing"),
    "undo": N_("undone"),
    "reprioritise": N_("given another priority"),
}
# In an issue event's details: the villager's last_seen_at before this ticket set it to the
# issue time (present only when it did). The audit view shows it as that field's change.
SEEN_FROM = "seen_from"
# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "call": (("waiting",), "called"),
    "recall": (("called",), "called"),
    "start": (("called",), "serving"),
    "done": (("serving",), "done"),
    "no_show": (("called",), "no_show"),
    "return": (("no_show",), "waiting"),
    "cancel": (("waiting", "called", "no_show"), "cancelled"),
    "transfer": (("waiting", "called", "serving"), "transferred"),
    "close": (("waiting", "called"), "not_served"),
    # Staff may change the class of someone still in line; her place in line is kept.
    "reprioritise": (("waiting",), "waiting"),
}


class QueueError(UserError):
    messages = {
        "illegal": N_("{label} is {state_en}; it cannot be {action_en}."),
        "ticket_not_found": N_("No ticket {label}."),
        "day_closed": N_("The market is closed; nothing can be {action_en}."),
        "already_queued": N_("This villager already has ticket {label} at {stall_en}."),
        "nobody_waiting": N_("Nobody is waiting who can be called now."),
        "busy_elsewhere": N_("The holder of {label} is at {stall_en} right now; call later."),
        "counter_busy": N_("{label} is still at this counter: finish it, or mark it a “No-show”, "
                           "first."),
        "numbers_exhausted": N_("{stall_en}: this desk's numbers {first}–{last} are used up."),
        "bad_priority": N_("Priority “{value}” is not valid; use normal, priority or urgent."),
        "bad_reason": N_("Priority reason “{value}” is not valid; use age, disabled, pregnancy "
                         "or staff."),
        "bad_slot": N_("This desk's number block is set wrongly: desk {slot} of {count} (at most "
                       "9)."),
        "same_stall": N_("{label} is already at {stall_en}."),
        "other_day": N_("A ticket can only move to a stall of the same market."),
        "nothing_to_undo": N_("Nothing to undo at {stall_en}."),
        "nothing_to_undo_at_counter": N_("Nothing to undo at counter {counter}."),
        "cannot_undo_issue": N_("Issuing cannot be undone; cancel {label} instead."),
        "undo_transfer_at_source": N_("{label} was transferred in from {stall_en} "
                                      "({from_label}); undo the transfer at {stall_en}."),
        "undo_busy_elsewhere": N_("Cannot undo: the holder of {label} is now {other_en} at "
                                  "{stall_en} ({other}); undoing would make her {state_en} here "
                                  "as well."),
        "undo_blocked": N_("{label} has changed since; this cannot be undone."),
        "undo_has_requests": N_("{label}'s visit has a request raised on it; it cannot be undone."),
    }


def illegal(label: str, state: str, action: str) -> QueueError:
    state_zh, state_en = say_pair(STATE_NAMES[state])
    action_zh, action_en = say_pair(ACTION_NAMES[action])
    return QueueError("illegal", label=label, state_zh=state_zh, state_en=state_en,
                      action_zh=action_zh, action_en=action_en)


def check_transition(label: str, state: str, action: str) -> str:
    """The state ``action`` leads to from ``state``, or QueueError saying why not."""
    sources, target = TRANSITIONS[action]
    if state not in sources:
        raise illegal(label, state, action)
    return target


# ----------------------------------------------------------------------------- numbers

#: A ticket number has three digits on the slip, the screens and the voice call: 001–999.
NUMBER_DIGITS = 3
LAST_NUMBER = 10 ** NUMBER_DIGITS - 1


def number_block(slot: int, count: int) -> tuple[int, int]:
    """The ticket numbers desk ``slot`` of ``count`` may issue at every stall.

    The numbers up to LAST_NUMBER + 1 (1000) are split into ``count`` equal blocks; each block's first number (x00) is left out so
    the blocks read apart on paper: 1 desk 001–999; 2 desks 001–499 and 501–999; 3 desks
    001–332, 334–665, 667–998.
    """
    if not (isinstance(slot, int) and isinstance(count, int) and 1 <= slot <= count <= 9):
        raise QueueError("bad_slot", slot=slot, count=count)
    size = (LAST_NUMBER + 1) // count
    return (slot - 1) * size + 1, slot * size - 1


def number_text(number: int) -> str:
    """007: a ticket number as it is printed and shown."""
    return f"{number:0{NUMBER_DIGITS}d}"


def ticket_label(letter: str, number: int) -> str:
    return letter + number_text(number)


# ----------------------------------------------------------------------------- time


def moment(at: datetime | str | None) -> tuple[str, datetime]:
    """``at`` as (stored ISO text, aware datetime); None means now."""
    if at is None:
        when = clock.now()
    elif isinstance(at, datetime):
        when = at if at.tzinfo else at.astimezone()
    else:
        when = clock.parse_iso(at)
        when = when if when.tzinfo else when.astimezone()
    return clock.iso(when), when


# ----------------------------------------------------------------------------- order


@dataclass(frozen=True)
class InLine:
    """What ordering needs to know about a waiting ticket."""

    id: str
    label: str
    priority: str
    queued_at: str
    queue_seq: int
    villager_id: str

    def place(self) -> tuple[float, int]:
        return epoch(self.queued_at), self.queue_seq


@lru_cache(maxsize=65_536)
def epoch(text: str) -> float:
    # Cached: the board orders every waiting ticket of the day once a second.
    return clock.parse_iso(text).timestamp()


def priority_streak(recent_call_classes: Iterable[str]) -> int:
    """How many of the latest calls (newest first) were priority or urgent, in a row."""
    streak = 0
    for cls in recent_call_classes:
        if cls == "normal":
            break
        streak += 1
    return streak


def predicted_order(waiting: Iterable[InLine], streak: int = 0) -> list[InLine]:
    """The order in which ``waiting`` will be called, given the current priority streak."""
    lines: dict[str, list[tuple[float, int, InLine]]] = {p: [] for p in PRIORITIES}
    for ticket in waiting:
        lines[ticket.priority].append((*ticket.place(), ticket))
    return [item[2] for item in merge_lines(lines, streak)]


_PLACE = itemgetter(0, 1)


def merge_lines(lines: dict[str, list[tuple]], streak: int, limit: int | None = None) -> list:
    """The rule itself, on items (place seconds, place seq, ...) per priority class; the
    first ``limit`` calls only (the board needs five). Sorts ``lines`` in place."""
    return list(islice(iter_calls(lines, streak), limit))


def iter_calls(lines: dict[str, list[tuple]], streak: int) -> Iterator:
    """``merge_lines`` one call at a time, so call-next stops at the first free person.
    Sorts ``lines`` in place and empties them as it goes."""
    for line in lines.values():
        line.sort(key=_PLACE, reverse=True)  # pop() = first in line
    urgent, prio, normal = (lines.get(p, []) for p in PRIORITIES)
    while urgent or prio or normal:
        if urgent:
            yield urgent.pop()
            streak += 1
        elif prio and normal:
            if streak >= STARVATION_LIMIT and normal[-1][:2] < prio[-1][:2]:
                yield normal.pop()
                streak = 0
            else:
                yield prio.pop()
                streak += 1
        elif prio:
            yield prio.pop()
            streak += 1
        else:
            yield normal.pop()
            streak = 0


def calls_before(lines: dict[str, list[tuple]], priority: str, place: tuple[float, int],
                 streak: Callable[[], int]) -> int:
    """How many of ``lines`` the rule calls before a ticket of class ``priority`` at ``place``
    (not in ``lines``) joining them; ``streak`` is asked only if the order needs it."""
    marker = object()
    lines[priority].append((*place, marker))
    return next(i for i, item in enumerate(iter_calls(lines, streak())) if item[2] is marker)


def calls_before_latest(priority: str, waiting: int, urgent: int, after_urgent: bool | None,
                        after_others: bool | None) -> int | None:
    """``calls_before`` without ordering the line, for a ticket that joins after everyone
    waiting (``after_urgent``: every urgent ticket; ``after_others``: every other one), or
    None when that does not settle it: the latest urgent ticket waits for the urgent ones;
    the latest normal one, later than every priority one too, for everybody (anti-starvation
    only ever calls a normal ticket ahead of a later priority one)."""
    if priority == "urgent" and after_urgent:
        return urgent
    if priority == "normal" and after_others:
        return waiting
    return None
