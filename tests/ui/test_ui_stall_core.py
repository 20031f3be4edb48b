"""core.screens.stall_desk (no Qt): the staff list of a stall, the ticket at a counter, calls now.

Also home of ``open_day`` / ``queue_people``, the small fixtures the queues, stall desk and
display tests share: an open market day today with tickets issued through the engine.
"""

from __future__ import annotations

from datetime import date, timedelta

from ui_helpers import add_person

from marketapp.core import clock
from marketapp.core.market.days import StallPlan, open_market_day
from marketapp.core.queue import engine as queue
from marketapp.core.screens.stall_desk import at_counter, calls_now, stall_line

NAMES = ("王秀英", "李建国", "张福根", "陈桂花", "欧阳小明")


def open_day(db, services=("haircut", "health_check", "appliance_repair")):
    return open_market_day(db, date.today(), "花园村",
                           [StallPlan(code, ("刘医生",), 2) for code in services])


def queue_people(db, stall_id, names=NAMES, start_seq=1):
    """Villagers (with ID numbers and phones) each given a ticket at the stall, in order."""
    tickets = []
    for i, name in enumerate(names):
        person = add_person(db, name, seq=start_seq + i, phone=f"1385751{start_seq + i:04d}")
        tickets.append(queue.issue(db, stall_id, person.id).ticket)
    return tickets


def test_stall_line_lists_counters_then_the_line_then_no_shows(db):
    day = open_day(db)
    hair = day.stalls[0]
    tickets = queue_people(db, hair.id)
    called = queue.call_next(db, hair.id, counter=2)
    assert called.id == tickets[0].id
    queue.call_next(db, hair.id)
    queue.no_show(db, tickets[1].id)
    rows = stall_line(db, hair.id, at=clock.now() + timedelta(minutes=3))  # the app's clock
    assert [r.ticket.label for r in rows] == ["A001", "A003", "A004", "A005", "A002"]
    assert rows[0].name == "王秀英" and rows[0].age is not None and rows[0].position is None
    assert [r.position for r in rows[1:4]] == [1, 2, 3]
    assert rows[1].wait_minutes is not None and rows[1].waited_minutes >= 2.9
    assert rows[-1].ticket.status == "no_show"


def test_at_counter_finds_the_ticket_called_to_that_counter(db):
    day = open_day(db)
    hair = day.stalls[0]
    queue_people(db, hair.id, NAMES[:2])
    assert at_counter(db, hair.id, 1) is None
    first = queue.call_next(db, hair.id, counter=1)
    second = queue.call_next(db, hair.id, counter=2)
    assert at_counter(db, hair.id, 1).id == first.id
    assert at_counter(db, hair.id, 2).id == second.id
    queue.start(db, first.id)
    assert at_counter(db, hair.id, 1).status == "serving"


def test_calls_now_changes_on_a_recall(db):
    day = open_day(db)
    hair = day.stalls[0]
    queue_people(db, hair.id, NAMES[:1])
    assert calls_now(db, day.id) == []
    ticket = queue.call_next(db, hair.id)
    before = calls_now(db, day.id)
    assert [(c.label, c.recalls) for c in before] == [("A001", 0)]
    queue.recall(db, ticket.id)
    after = calls_now(db, day.id)
    assert set(after) - set(before) and after[0].recalls == 1
