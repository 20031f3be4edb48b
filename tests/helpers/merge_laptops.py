"""Two laptops' data files and the township office's, for the merge tests (core and CLI)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone

from idgen import make_id

from marketapp.core import settings
from marketapp.core.market import days as market
from marketapp.core.market.days import StallPlan
from marketapp.core.people.cleaning import clean
from marketapp.core.people.villagers import VillagerInput, save_villager
from marketapp.core.queue import engine as queue
from marketapp.core.queue import visits
from marketapp.core.requests import changes
from marketapp.store.database import open_database

T0 = datetime(2025, 3, 8, 8, 0, tzinfo=timezone(timedelta(hours=8)))
DAY, VILLAGE = "2025-03-08", "城南村"
SHARED_ID = make_id(birth="19500308", seq=7)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def person(db, name: str, *, id_number: str = "", phone: str = "", at_text: str | None = None,
           village: str = VILLAGE) -> str:
    data = clean(VillagerInput(name=name, id_number=id_number, phone=phone, village=village,
                               birth_date="" if id_number else "1960-01-01"),
                 today=date(2025, 3, 8))
    return save_villager(db, data, on_duplicate="ignore",
                         at=at_text or "2025-03-01T09:00:00+08:00").villager.id


def serve(db, stall_id, villager_id, minute, outcome=None, rating=None):
    ticket = queue.issue(db, stall_id, villager_id, at=at(minute)).ticket
    queue.call(db, ticket.id, at=at(minute + 1))
    queue.start(db, ticket.id, at=at(minute + 2))
    return ticket, visits.finish(db, ticket.id, outcome or {}, rating=rating, at=at(minute + 8))


def laptop(tmp_path, name: str, slot: int, *, count: int = 2, people=("张三", "李四")):
    """A registration laptop's file: desk ``slot`` of ``count``, the same market day."""
    db = open_database(tmp_path / f"{name}.db")
    settings.set_setting(db, "desk_slot", slot)
    settings.set_setting(db, "desk_count", count)
    day = market.open_market_day(db, DAY, VILLAGE,
                                 [StallPlan("haircut", ["王师傅"]), StallPlan("health_check")],
                                 at=at(slot))
    hair, health = day.stalls[0].id, day.stalls[1].id
    shared = person(db, "赵大爷", id_number=SHARED_ID, phone="13800000001")
    own = [person(db, f"{n}{name}") for n in people]
    t1, v1 = serve(db, hair, shared, 10 * slot, rating="good")
    t2, _ = serve(db, hair, own[0], 10 * slot + 20)
    no_show = queue.issue(db, health, own[1], at=at(30 + slot)).ticket
    queue.call(db, no_show.id, at=at(31 + slot))
    queue.no_show(db, no_show.id, at=at(33 + slot))
    waiting = queue.issue(db, health, shared, at=at(40 + slot)).ticket
    request = changes.raise_request(db, villager_id=shared, category="repair_follow_up",
                               text=f"电视机要上门修 {name}", raised_by="小王", visit_id=v1.id,
                               market_day_id=day.id, at=at(50 + slot))
    changes.add_follow_up(db, request.id, at(60 + slot), "小王", "已约时间", "satisfied")
    return db, {"day": day, "hair": hair, "health": health, "shared": shared,
                "tickets": [t1, t2, no_show, waiting], "request": request}


def office(tmp_path, name="office"):
    return open_database(tmp_path / f"{name}.db")


def count(db, table, where="1", params=()):
    return db.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}", list(params)).fetchone()[0]


def copy(src, dst):
    """A laptop's file as `marketapp backup` would take it."""
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close()
    b.close()
    return dst
