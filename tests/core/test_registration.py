"""core.queue.registration: tickets a page of people holds today, offers per stall, issuing at
several stalls where one refusal leaves the others issued."""

from __future__ import annotations

from datetime import date

from ui_helpers import add_person

from marketapp.core.market.days import StallPlan, open_market_day
from marketapp.core.queue.engine import cancel, issue
from marketapp.core.queue.registration import issue_at_stalls, stall_offers, tickets_held_today


def _day(db):
    return open_market_day(db, date.today(), "花园村",
                           [StallPlan("haircut"), StallPlan("health_check")])


def test_tickets_held_today_per_person_in_one_call(db):
    day = _day(db)
    a, b = add_person(db, "王秀英", seq=1), add_person(db, "李福根", seq=2)
    haircut, health = day.stalls
    first = issue(db, haircut.id, a.id).ticket
    issue(db, health.id, a.id)
    cancel(db, first.id)
    held = tickets_held_today(db, day.id, [a.id, b.id])
    assert [(t.label, t.open) for t in held[a.id]] == [("A001", False), ("B001", True)]
    assert held[b.id] == []
    assert tickets_held_today(db, day.id, []) == {}


def test_offers_say_why_a_stall_is_refused(db):
    day = _day(db)
    a = add_person(db, "王秀英", seq=1)
    issue(db, day.stalls[0].id, a.id)
    offers = stall_offers(db, day.stalls, a.id)
    assert offers[0].preview is None and offers[0].refusal.code == "already_queued"
    assert offers[1].refusal is None and offers[1].preview.waiting == 0


def test_one_refusal_does_not_stop_the_other_stalls(db):
    day = _day(db)
    a = add_person(db, "王秀英", seq=1)
    issue(db, day.stalls[0].id, a.id)
    batch = issue_at_stalls(db, day.stalls, a.id)
    assert [i.ticket.label for i in batch.issued] == ["B001"]
    assert [(s.id, e.code) for s, e in batch.refused] == [(day.stalls[0].id, "already_queued")]
