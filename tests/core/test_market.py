"""Market days and stalls: opening, one per village per date, closing, the township catalogue."""

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from marketapp.core.catalogue.errors import CatalogueError
from marketapp.core.catalogue.model import Catalogue
from marketapp.core.market import days as market
from marketapp.core.market.days import MarketError, StallPlan
from marketapp.core.people.cleaning import clean
from marketapp.core.people.villagers import VillagerInput, save_villager
from marketapp.core.people.villages import find_village
from marketapp.core.queue import closing
from marketapp.core.queue import engine as queue
from marketapp.core.queue.rules import QueueError
from marketapp.store.database import open_database

T0 = datetime(2025, 3, 8, 8, 0, tzinfo=timezone(timedelta(hours=8)))


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def person(db, name: str) -> str:
    data = clean(VillagerInput(name=name, birth_date="1970-05-01"), today=date(2025, 3, 8))
    return save_villager(db, data, on_duplicate="ignore").villager.id


def open_day(db, village="城南村", day="2025-03-08"):
    return market.open_market_day(
        db, day, village,
        [StallPlan("haircut", ["王师傅", "李师傅"], counters=2, closes_at="11:30"),
         "health_check"],
        at=T0,
    )


def test_open_creates_one_stall_per_service_with_its_letter_staff_and_closing_time(db):
    day = open_day(db)
    haircut, health = day.stalls
    assert (haircut.letter, haircut.staff, haircut.counters, haircut.closes_at) == (
        "A", ("王师傅", "李师傅"), 2, "11:30")
    assert (health.letter, health.name_zh, health.counters, health.closes_at) == (
        "B", "健康检查", 1, None)
    assert day.status == "open" and day.date == "2025-03-08" and day.village == "城南村"


def test_a_new_host_village_is_created(db):
    assert find_village(db, "石门村") is None
    open_day(db, village="石门村")
    assert find_village(db, "石门村") is not None


def test_a_second_market_in_the_same_village_on_the_same_date_is_refused(db):
    open_day(db)
    with pytest.raises(MarketError) as refused:
        open_day(db)
    assert refused.value.message("zh") == (
        "城南村 在 2025-03-08 已有一场集市，正在进行，不能重复开设：直接在这场集市登记即可。")


def test_another_village_or_another_date_is_fine(db):
    open_day(db)
    open_day(db, village="石门村")
    open_day(db, day="2025-03-15")
    assert len(market.open_market_days(db)) == 3


@pytest.mark.parametrize("bad", ["25:00", "9:30", "11.30", ""])
def test_a_bad_closing_time_is_refused_with_the_value(db, bad):
    with pytest.raises(MarketError) as refused:
        market.open_market_day(db, "2025-03-08", "城南村", [StallPlan("haircut", closes_at=bad)])
    assert f"“{bad}”" in str(refused.value)


def test_an_unknown_service_is_refused(db):
    with pytest.raises(CatalogueError):
        market.open_market_day(db, "2025-03-08", "城南村", ["karaoke"])


def test_a_day_without_services_is_refused(db):
    with pytest.raises(MarketError, match="至少选择一个服务项目"):
        market.open_market_day(db, "2025-03-08", "城南村", [])


def test_find_market_day_by_date_and_village(db):
    chengnan = open_day(db)
    shimen = open_day(db, village="石门村")
    assert market.find_market_day(db, "2025-03-08", "石门村").id == shimen.id
    assert market.find_market_day(db, date(2025, 3, 8), "城南村").id == chengnan.id
    assert market.find_market_day(db, "2025-03-09") is None


def test_closing_ends_waiting_and_called_tickets_as_not_served_with_the_reason(db):
    day = open_day(db)
    haircut = day.stalls[0]
    tickets = [queue.issue(db, haircut.id, person(db, n), at=at(i)).ticket
               for i, n in enumerate(["张三", "李四", "王五"])]
    served = queue.start(db, queue.call_next(db, haircut.id, at=at(5)).id, at=at(6))
    queue.call_next(db, haircut.id, at=at(7))
    closing.close_market_day(db, day.id, reason="下雨提前收市", at=at(60))
    statuses = {t.label: queue.get_ticket(db, t.id) for t in tickets}
    assert statuses[served.label].status == "serving"  # may still be finished
    ended = [t for t in statuses.values() if t.status == "not_served"]
    assert len(ended) == 2 and {t.end_reason for t in ended} == {"下雨提前收市"}


def test_no_new_ticket_after_closing(db):
    day = open_day(db)
    closing.close_market_day(db, day.id, at=at(60))
    with pytest.raises(QueueError) as refused:
        queue.issue(db, day.stalls[0].id, person(db, "张三"), at=at(61))
    assert refused.value.message("zh") == "集市已收市，不能取号。"
    assert market.open_market_days(db) == []


def test_reopening_the_file_carries_on_where_it_stopped(db_path):
    db = open_database(db_path)
    day = open_day(db)
    stall = day.stalls[0]
    first = queue.issue(db, stall.id, person(db, "张三"), at=at(1)).ticket
    queue.issue(db, stall.id, person(db, "李四"), at=at(2))
    queue.call_next(db, stall.id, at=at(3))
    db.close()
    again = open_database(db_path)
    assert [d.id for d in market.open_market_days(again)] == [day.id]
    assert queue.get_ticket(again, first.id).status == "called"
    assert queue.call_next(again, stall.id, at=at(4)).label == "A002"
    again.close()


def test_the_default_catalogue_is_used_until_the_township_saves_one(db):
    assert market.current_catalogue(db).get("haircut").typical_minutes == 15
    edited = market.current_catalogue(db)
    haircut = replace(edited.get("haircut"), typical_minutes=25, name_zh="爱心理发")
    market.save_catalogue(db, Catalogue(
        tuple(haircut if s.code == "haircut" else s for s in edited), edited.categories))
    assert market.current_catalogue(db).get("haircut").name_zh == "爱心理发"
    assert open_day(db).stalls[0].typical_minutes == 25


def test_a_stall_keeps_its_service_as_it_was_when_the_day_opened(db):
    day = open_day(db)
    edited = market.current_catalogue(db)
    market.save_catalogue(db, Catalogue(
        tuple(s for s in edited if s.code != "health_check"), edited.categories))
    stall = market.get_stall(db, day.stalls[1].id)
    assert stall.service().field("systolic").max == 260


def test_update_stall_changes_counters(db):
    stall = open_day(db).stalls[1]
    assert market.update_stall(db, stall.id, counters=3).counters == 3
    with pytest.raises(MarketError):
        market.update_stall(db, stall.id, counters=0)
