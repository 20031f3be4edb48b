"""The stall desk's "call next" rule, one core function for the desk and the stall phone:
refused while someone is still called or served at this counter."""

from __future__ import annotations

from datetime import date

import pytest
from ui_helpers import add_person

from marketapp.core.errors import UserError
from marketapp.core.market.days import StallPlan, get_market_day, open_market_day
from marketapp.core.queue import engine as queue


@pytest.fixture
def day(db):
    return open_market_day(db, date.today(), "花园村",
                           [StallPlan("haircut", ("王师傅",), counters=2),
                            StallPlan("health_check", ("陆医生",))])


def test_call_next_to_a_counter_is_refused_while_someone_is_still_there(db, day):
    stall = day.stalls[0].id
    for n in range(3):
        queue.issue(db, stall, add_person(db, f"村民{n}", seq=n + 1).id)
    first = queue.call_next_to_counter(db, stall, counter=1)
    assert first is not None and first.counter == 1
    with pytest.raises(UserError) as refused:
        queue.call_next_to_counter(db, stall, counter=1)
    assert refused.value.message("zh") == f"{first.label} 仍在本窗口：请先办结，或标为“过号”。"
    second = queue.call_next_to_counter(db, stall, counter=2)  # another counter is free
    assert second is not None and second.counter == 2
    queue.start(db, first.id)
    with pytest.raises(UserError):  # served there: still busy
        queue.call_next_to_counter(db, stall, counter=1)
    queue.no_show(db, second.id)
    third = queue.call_next_to_counter(db, stall, counter=2)
    assert third is not None and third.counter == 2
    assert queue.call_next_to_counter(db, get_market_day(db, day.id).stalls[1].id,
                                      counter=1) is None  # nobody waiting there
