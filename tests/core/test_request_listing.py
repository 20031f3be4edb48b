"""core.requests.listing: which requests the list shows, newest first, and what its filters
can offer."""

from __future__ import annotations

from datetime import date

from marketapp.core.people.cleaning import clean
from marketapp.core.people.villagers import VillagerInput, save_villager
from marketapp.core.requests.changes import (
    raise_request,
    refer_request,
    resolve_request,
    start_request,
)
from marketapp.core.requests.listing import (
    ACTIVE,
    ALL,
    RequestFilter,
    filter_choices,
    shown_requests,
)


def villager(db, name, village):
    return save_villager(db, clean(VillagerInput(name=name, village=village))).villager.id


def raise_one(db, who, day, unit="司法所", due=None):
    return raise_request(db, villager_id=who, category="dispute", text="宅基地边界纠纷",
                         raised_by="李调解员", unit=unit, due_date=due,
                         at=f"{day}T09:30:00+08:00")



def test_the_active_ones_are_shown_newest_first(db):
    wang, li = villager(db, "王秀英", "城南村"), villager(db, "李建国", "花园村")
    first = raise_one(db, wang, "2024-05-10")
    second = raise_one(db, li, "2024-05-11")
    third = raise_one(db, wang, "2024-05-12")
    start_request(db, second.id, by="周专员")
    resolve_request(db, third.id, resolution="已调解", by="周专员")
    assert [r.id for r in shown_requests(db, RequestFilter())] == [second.id, first.id]
    assert [r.id for r in shown_requests(db, RequestFilter(ALL))] == [
        third.id, second.id, first.id]
    assert [r.id for r in shown_requests(db, RequestFilter("resolved"))] == [third.id]
    assert RequestFilter().status == ACTIVE


def test_overdue_unit_and_village_narrow_the_list(db):
    wang, li = villager(db, "王秀英", "城南村"), villager(db, "李建国", "花园村")
    late = raise_one(db, wang, "2024-05-10", due="2024-05-20")
    on_time = raise_one(db, li, "2024-05-10", unit="社保所", due="2024-06-30")
    moved = raise_one(db, li, "2024-05-11")
    refer_request(db, moved.id, to_unit="住建局", note="转住建局", by="周专员")
    overdue = RequestFilter(overdue_on=date(2024, 6, 1))
    assert [r.id for r in shown_requests(db, overdue)] == [late.id]
    assert [r.id for r in shown_requests(db, RequestFilter(ALL, unit="住建局"))] == [moved.id]
    assert [r.id for r in shown_requests(db, RequestFilter(ALL, village="花园村"))] == [
        moved.id, on_time.id]


def test_the_filters_offer_the_units_and_villages_the_requests_have(db):
    wang, li = villager(db, "王秀英", "城南村"), villager(db, "李建国", "花园村")
    villager(db, "陈桂花", "东山村")  # no request: her village is not offered
    raise_one(db, wang, "2024-05-10")
    moved = raise_one(db, li, "2024-05-11", unit="社保所")
    refer_request(db, moved.id, to_unit="住建局", note="转住建局", by="周专员")
    choices = filter_choices(db)
    assert choices.units == sorted(["司法所", "社保所", "住建局"])
    assert choices.villages == sorted(["城南村", "花园村"])
