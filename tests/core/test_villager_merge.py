"""Merging two villager records that are the same person (core.people.same_person)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from idgen import make_id

from marketapp.core.market import days as market
from marketapp.core.market.days import StallPlan
from marketapp.core.people.audit import villager_audit_rows
from marketapp.core.people.cleaning import clean
from marketapp.core.people.same_person import VillagerMergeError, default_choices, merge_villagers
from marketapp.core.people.search import query as search
from marketapp.core.people.villagers import (
    InvalidVillager,
    VillagerInput,
    get_villager,
    save_villager,
)
from marketapp.core.queue import engine as queue
from marketapp.core.queue import visits
from marketapp.core.requests.changes import raise_request

T0 = datetime(2025, 3, 8, 8, 0, tzinfo=timezone(timedelta(hours=8)))
TODAY = date(2025, 3, 8)


def person(db, name, **values):
    data = clean(VillagerInput(name=name, **values), today=TODAY)
    return save_villager(db, data, on_duplicate="ignore").villager


def served(db, stall_id, villager_id, minute):
    at = T0 + timedelta(minutes=minute)
    ticket = queue.issue(db, stall_id, villager_id, at=at).ticket
    queue.call(db, ticket.id, at=at + timedelta(minutes=1))
    queue.start(db, ticket.id, at=at + timedelta(minutes=2))
    return visits.finish(db, ticket.id, {"systolic": 130, "diastolic": 85},
                         at=at + timedelta(minutes=5))


@pytest.fixture
def pair(db):
    keep = person(db, "王秀英", village="花园村", id_number=make_id(birth="19480502", male=False))
    other = person(db, "王秀英", village="花园村", phone="13812345678", address="三组",
                   living_alone=True)
    return keep, other


def count(db, sql, *args):
    return db.execute(sql, list(args)).fetchone()[0]


def test_tickets_visits_requests_and_audit_move_and_the_other_record_goes(db, pair):
    keep, other = pair
    day = market.open_market_day(db, TODAY, "花园村", [StallPlan("health_check")], at=T0)
    stall = day.stalls[0].id
    visit = served(db, stall, other.id, 1)
    served(db, stall, keep.id, 10)
    raise_request(db, villager_id=other.id, category="other", text="修水管", raised_by="李",
                  at=T0 + timedelta(minutes=20))
    other_audit = len(villager_audit_rows(db, other.id))

    kept = merge_villagers(db, keep.id, other.id, operator="管理员")

    assert count(db, "SELECT count(*) FROM villagers WHERE id = ?", other.id) == 0
    for table in ("tickets", "visits", "requests", "villager_audit"):
        assert count(db, f"SELECT count(*) FROM {table} WHERE villager_id = ?", other.id) == 0
    assert count(db, "SELECT count(*) FROM tickets WHERE villager_id = ?", keep.id) == 2
    assert visits.get_visit(db, visit.id).villager_id == keep.id
    assert len(visits.villager_history(db, keep.id)) == 2
    assert count(db, "SELECT count(*) FROM requests WHERE villager_id = ?", keep.id) == 1
    # The kept record filled its blanks from the other one (the default choices).
    assert (kept.phone, kept.address, kept.living_alone) == ("13812345678", "三组", True)
    assert kept.id_number == keep.id_number
    rows = villager_audit_rows(db, keep.id)
    assert len(rows) >= other_audit + 1 + 3
    merged = [r for r in rows if r.field == "merged"]
    assert merged and merged[0].operator == "管理员" and other.id in (merged[0].old or "")
    assert {"phone", "address", "living_alone"} <= {r.field for r in rows}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_other_records_search_keys_are_removed(db, pair):
    keep, other = pair
    merge_villagers(db, keep.id, other.id)
    found = [m.villager.id for m in search.search(db, "王秀英")]
    assert found == [keep.id]
    assert [m.villager.id for m in search.search(db, "5678")] == [keep.id]  # the phone came along


def test_chosen_values_from_the_other_record_win(db, pair):
    keep, other = pair
    kept = merge_villagers(db, keep.id, other.id, {"address": "other", "living_alone": "keep",
                                                   "phone": "keep"})
    assert (kept.address, kept.living_alone, kept.phone) == ("三组", False, None)


def test_the_id_number_can_come_from_the_other_record(db):
    keep = person(db, "李四", village="花园村", phone="13900001111")
    other = person(db, "李四", village="花园村", id_number=make_id(seq=7))
    kept = merge_villagers(db, keep.id, other.id, {"id_number": "other"})
    assert kept.id_number == make_id(seq=7)
    assert kept.birth_date == "1950-03-08" and kept.gender == "M"
    assert [m.villager.id for m in search.search(db, make_id(seq=7)[-4:])] == [keep.id]


def test_duplicate_flags_between_them_are_resolved_and_others_follow(db):
    first = person(db, "赵六", village="花园村", birth_date="1950-01-01")
    second = save_villager(db, clean(VillagerInput(name="赵六", village="花园村",
                                                   birth_date="1950-01-01"), today=TODAY),
                           on_duplicate="flag").villager
    third = save_villager(db, clean(VillagerInput(name="赵六", village="花园村",
                                                  birth_date="1950-01-01"), today=TODAY),
                          on_duplicate="flag").villager
    assert count(db, "SELECT count(*) FROM duplicate_flags") == 3
    merge_villagers(db, first.id, second.id)
    flags = db.execute("SELECT villager_id, other_id FROM duplicate_flags").fetchall()
    assert flags == [(third.id, first.id)]


def test_two_different_valid_id_numbers_are_refused_and_nothing_changes(db):
    keep = person(db, "张三", id_number=make_id(seq=1))
    other = person(db, "张三", id_number=make_id(seq=2))
    with pytest.raises(VillagerMergeError) as refused:
        merge_villagers(db, keep.id, other.id)
    assert "不同" in refused.value.message("zh") and "两个人" in refused.value.message("zh")
    assert "先在那条记录里（修改…）清空它，再合并" in refused.value.message("zh")  # the way out
    assert "different ID numbers" in refused.value.message("en")
    assert "********" in refused.value.message("zh")  # masked, even here
    assert get_villager(db, other.id).id == other.id


def test_a_record_cannot_be_merged_with_itself(db, pair):
    keep, _ = pair
    with pytest.raises(VillagerMergeError):
        merge_villagers(db, keep.id, keep.id)


def test_chosen_values_that_disagree_are_refused_with_the_reason(db):
    keep = person(db, "钱七", id_number=make_id(birth="19600101", seq=3))
    other = person(db, "钱七", birth_date="1970-05-05")
    with pytest.raises(InvalidVillager):
        merge_villagers(db, keep.id, other.id, {"birth_date": "other"})
    assert get_villager(db, other.id).birth_date == "1970-05-05"


def test_default_choices_fill_blanks_only(db, pair):
    keep, other = pair
    choices = default_choices(keep, other)
    assert choices["name"] == "keep" and choices["id_number"] == "keep"
    assert choices["phone"] == "other" and choices["living_alone"] == "other"


def test_the_record_merged_away_leaves_a_tombstone_of_ids_only(db, pair):
    keep, other = pair
    merge_villagers(db, keep.id, other.id, at="2025-03-08T10:00:00+08:00")
    cursor = db.execute("SELECT * FROM villager_tombstones")
    rows = [dict(zip([d[0] for d in cursor.description], r, strict=True)) for r in cursor]
    assert len(rows) == 1
    (row,) = rows
    assert (row["villager_id"], row["kind"], row["merged_into"], row["at"]) == (
        other.id, "merged", keep.id, "2025-03-08T10:00:00+08:00")
    assert set(row) == {"villager_id", "kind", "merged_into", "at", "device"}
    assert not any(v in ("王秀英", "13812345678", "三组") for v in row.values())


def test_a_refused_merge_leaves_no_tombstone(db):
    keep = person(db, "张三", id_number=make_id(seq=1))
    other = person(db, "张三", id_number=make_id(seq=2))
    with pytest.raises(VillagerMergeError):
        merge_villagers(db, keep.id, other.id)
    assert count(db, "SELECT count(*) FROM villager_tombstones") == 0
