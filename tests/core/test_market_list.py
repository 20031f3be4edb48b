"""The list of market days (newest first, by range) and the count closing would end."""

from datetime import date

from marketapp.core.demo.day import run_demo
from marketapp.core.market.days import StallPlan, open_market_day
from marketapp.core.market.listing import list_market_days, unserved_count
from marketapp.core.people.cleaning import clean
from marketapp.core.people.villagers import VillagerInput, save_villager
from marketapp.core.queue import engine as queue
from marketapp.core.queue.closing import close_market_day


def person(db, name: str) -> str:
    data = clean(VillagerInput(name=name, birth_date="1960-05-01"), today=date(2025, 3, 8))
    return save_villager(db, data, on_duplicate="ignore").villager.id


def test_newest_first_with_status_and_range(db):
    run_demo(db, day=date(2025, 1, 10), village="城南村", villagers=5, seed=1)
    run_demo(db, day=date(2025, 2, 10), village="花园村", villagers=5, seed=2)
    today = open_market_day(db, "2025-03-08", "石门村", [StallPlan("haircut")])
    rows = list_market_days(db)
    assert [(r.date, r.village, r.status) for r in rows] == [
        ("2025-03-08", "石门村", "open"), ("2025-02-10", "花园村", "closed"),
        ("2025-01-10", "城南村", "closed")]
    assert rows[0].id == today.id and rows[0].tickets == 0 and rows[1].tickets > 0
    assert [r.date for r in list_market_days(db, "2025-02-01", "2025-02-28")] == ["2025-02-10"]
    assert list_market_days(db, "2024-01-01", "2024-12-31") == []


def test_unserved_count_is_what_closing_ends(db):
    day = open_market_day(db, "2025-03-08", "石门村", [StallPlan("haircut")])
    stall = day.stalls[0].id
    tickets = [queue.issue(db, stall, person(db, name)).ticket for name in ("王一", "王二", "王三")]
    queue.call(db, tickets[0].id)
    queue.start(db, tickets[0].id)
    queue.call(db, tickets[1].id)
    assert unserved_count(db, day.id) == 2
    close_market_day(db, day.id)
    assert unserved_count(db, day.id) == 0
