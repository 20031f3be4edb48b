"""A market day closed by mistake is reopened the same day: the people closing sent away go
back in line in their old order, numbers carry on, and who did it is recorded."""

from datetime import timedelta

import pytest
from test_market import T0, at, open_day, person

from marketapp.core.access import operators as ops
from marketapp.core.access.operators import OperatorError
from marketapp.core.market import days as market
from marketapp.core.market.days import MarketError
from marketapp.core.people.audit import sensitive_entries
from marketapp.core.queue import closing, visits
from marketapp.core.queue import engine as queue


@pytest.fixture
def closed(db):
    """A001–A005 at the haircut: A001 served, A002 called, A003 cancelled, A004 and A005
    waiting (A005 first: urgent); then the day closed by mistake at 10:00."""
    day = open_day(db)
    hair = day.stalls[0].id
    tickets = [queue.issue(db, hair, person(db, name), at=at(i)).ticket
               for i, name in enumerate(["张一", "张二", "张三", "张四", "张五"])]
    queue.start(db, queue.call(db, tickets[0].id, at=at(10)).id, at=at(10))
    visits.finish(db, tickets[0].id, {}, at=at(20))
    queue.call(db, tickets[1].id, counter=2, at=at(21))
    queue.cancel(db, tickets[2].id, at=at(22))
    queue.change_priority(db, tickets[4].id, "urgent", reason="staff", at=at(23))
    closing.close_market_day(db, day.id, reason="收市", at=at(120))
    return day, hair, tickets


def statuses(db, tickets):
    return [queue.get_ticket(db, t.id).status for t in tickets]


def test_reopening_puts_the_people_closing_sent_away_back_in_their_old_order(db, closed):
    day, hair, tickets = closed
    assert statuses(db, tickets) == ["done", "not_served", "cancelled", "not_served",
                                     "not_served"]
    reopened = closing.reopen_market_day(db, day.id, operator="王芳", at=at(125))
    assert reopened.back_in_line == 3
    assert (reopened.day.status, reopened.day.closed_at, reopened.day.close_reason) == (
        "open", None, None)
    assert statuses(db, tickets) == ["done", "waiting", "cancelled", "waiting", "waiting"]
    # urgent first, then the one called at closing (called again, not assumed at the counter)
    assert [t.label for t in queue.waiting_order(db, hair)] == ["A005", "A002", "A004"]
    a002 = queue.get_ticket(db, tickets[1].id)
    assert (a002.counter, a002.called_at, a002.finished_at, a002.end_reason) == (
        None, None, None, None)
    assert [s.id for s in market.open_market_days(db)] == [day.id]


def test_who_reopened_and_when_is_recorded(db, closed):
    day, _hair, tickets = closed
    closing.reopen_market_day(db, day.id, operator="王芳", at=at(125))
    [entry] = [e for e in sensitive_entries(db) if e.action == "market_reopened"]
    assert (entry.operator, entry.at[:16]) == ("王芳", "2025-03-08T10:05")
    assert entry.detail == "城南村 2025-03-08: 3 tickets back in line"
    undo = db.execute("SELECT operator, at, json_extract(details, '$.undone_action') "
                      "FROM queue_events WHERE ticket_id = ? ORDER BY seq DESC LIMIT 1",
                      [tickets[3].id]).fetchone()
    assert (undo[0], undo[1][:16], undo[2]) == ("王芳", "2025-03-08T10:05", "close")


def test_numbers_are_never_reused(db, closed):
    day, hair, _tickets = closed
    closing.reopen_market_day(db, day.id, at=at(125))
    assert queue.issue(db, hair, person(db, "李新"), at=at(126)).ticket.label == "A006"


def test_tickets_can_stay_closed(db, closed):
    day, hair, tickets = closed
    reopened = closing.reopen_market_day(db, day.id, back_in_line=False, at=at(125))
    assert reopened.back_in_line == 0 and reopened.day.status == "open"
    assert statuses(db, tickets)[3:] == ["not_served", "not_served"]
    assert queue.issue(db, hair, person(db, "李新"), at=at(126)).ticket.label == "A006"


def test_closing_again_after_reopening_ends_the_line_again(db, closed):
    day, hair, tickets = closed
    closing.reopen_market_day(db, day.id, at=at(125))
    closing.close_market_day(db, day.id, at=at(180))
    assert statuses(db, tickets)[3:] == ["not_served", "not_served"]
    assert closing.reopen_market_day(db, day.id, at=at(181)).back_in_line == 3


def test_refusals_change_nothing(db, closed):
    day, _hair, tickets = closed
    with pytest.raises(MarketError, match="只能重新开今天的集市"):
        closing.reopen_market_day(db, day.id, at=T0 + timedelta(days=1))
    assert market.get_market_day(db, day.id).status == "closed"
    closing.reopen_market_day(db, day.id, at=at(125))
    with pytest.raises(MarketError, match="没有收市"):
        closing.reopen_market_day(db, day.id, at=at(126))


def test_with_sign_in_on_only_an_administrator_or_registrar_may_reopen(db, closed):
    day, _hair, tickets = closed
    ops.add_operator(db, "管理员", "admin", "1234")
    ops.add_operator(db, "李强", "stall", "4321")
    ops.add_operator(db, "王芳", "registrar", "5555")
    ops.set_signin_enabled(db, True)
    for who in ("李强", "", "不认识"):
        with pytest.raises(OperatorError, match="无权"):
            closing.reopen_market_day(db, day.id, operator=who, at=at(125))
    assert statuses(db, tickets)[3] == "not_served"
    assert closing.reopen_market_day(db, day.id, operator="王芳", at=at(125)).day.status == "open"


def test_opening_a_closed_days_village_again_says_how_to_reopen(db, closed):
    day, _hair, _tickets = closed
    with pytest.raises(MarketError) as refused:
        open_day(db)
    assert refused.value.code == "day_exists_closed"
    assert refused.value.params["market_day_id"] == day.id
    assert "重新开集" in refused.value.message("zh") and "集市 → 重新开集…" in \
        refused.value.message("zh")
    assert "Reopen market day" in refused.value.message("en")
    with pytest.raises(MarketError) as refused:  # another day: it cannot be reopened
        market.open_market_day(db, day.date, "城南村", ["haircut"], at=T0 + timedelta(days=1))
    assert refused.value.message("zh") == "城南村 在 2025-03-08 已有一场集市，已收市，不能重复开设。"


def test_todays_closed_days_are_the_ones_to_reopen(db, closed):
    day, _hair, _tickets = closed
    assert [d.id for d in market.closed_today(db, today=T0.date())] == [day.id]
    assert market.closed_today(db, today=T0.date() + timedelta(days=1)) == []
    assert market.not_served_count(db, day.id) == 2 + 1


def test_who_closed_the_day_is_kept_and_reopening_forgets_it(db):
    day = open_day(db)
    closed = closing.close_market_day(db, day.id, operator="王会计", at=at(120))
    assert (closed.closed_by, closed.closed_at[11:16]) == ("王会计", "10:00")
    assert market.latest_closed_today(db, today=T0.date()).closed_by == "王会计"
    reopened = closing.reopen_market_day(db, day.id, at=at(125)).day
    assert (reopened.status, reopened.closed_by) == ("open", "")
    assert market.latest_closed_today(db, today=T0.date()) is None


def test_the_latest_closed_day_is_the_one_closed_last(db):
    first = open_day(db)
    second = market.open_market_day(db, T0.date(), "石门村", ["haircut"], at=at(1))
    closing.close_market_day(db, second.id, at=at(60))
    closing.close_market_day(db, first.id, at=at(90))
    assert market.latest_closed_today(db, today=T0.date()).id == first.id
    assert market.latest_closed_today(db, today=T0.date() + timedelta(days=1)) is None
