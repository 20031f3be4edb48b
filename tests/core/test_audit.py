"""Audit: every villager write leaves field-level rows (operator, device, time) in the same
transaction; the history view joins them with the person's queue transitions."""

from __future__ import annotations

import pytest
from idgen import make_id

from marketapp.core.market.days import open_market_day
from marketapp.core.people import audit
from marketapp.core.people.cleaning import clean
from marketapp.core.people.villagers import (
    VillagerInput,
    get_villager,
    mark_seen,
    save_in_transaction,
    save_villager,
    update_villager,
)
from marketapp.core.queue import engine as queue
from marketapp.core.settings import device_id

ID = make_id(birth="19500308", seq=11, male=True)


def rows(db, villager_id):
    return db.execute("SELECT field, old, new, operator, device, at FROM villager_audit "
                      "WHERE villager_id = ? ORDER BY rowid", [villager_id]).fetchall()


def test_adding_records_created_with_operator_device_and_time(db):
    saved = save_villager(db, clean(VillagerInput(name="张三明", id_number=ID, village="花园村")),
                          at="2026-11-28T08:00:00+08:00", operator="王芳")
    [(field, old, new, operator, device, at)] = rows(db, saved.villager.id)
    assert (field, old, new, operator) == ("created", None, None, "王芳")
    assert device == device_id(db) and at == "2026-11-28T08:00:00+08:00"


def test_an_edit_records_each_changed_field_only(db):
    person = save_villager(db, clean(VillagerInput(name="张三明", id_number=ID,
                                                   phone="13800001111", village="花园村"))).villager
    update_villager(db, person.id, clean(VillagerInput(
        name="张三民", id_number=ID, phone="13900002222", village="城南村", disabled=True)),
        at="2026-11-28T09:00:00+08:00", operator="李强")
    changed = {(f, o, n) for f, o, n, op, _, at in rows(db, person.id)[1:]
               if op == "李强" and at == "2026-11-28T09:00:00+08:00"}
    assert changed == {("name", "张三明", "张三民"), ("phone", "13800001111", "13900002222"),
                       ("village", "花园村", "城南村"), ("disabled", "0", "1")}
    # Saving the same values again records nothing.
    before = len(rows(db, person.id))
    update_villager(db, person.id, clean(VillagerInput(
        name="张三民", id_number=ID, phone="13900002222", village="城南村", disabled=True)))
    assert len(rows(db, person.id)) == before


def test_the_same_id_again_records_what_the_roster_filled_in(db):
    person = save_villager(db, clean(VillagerInput(name="张三明", id_number=ID))).villager
    with db.atomic():
        result = save_in_transaction(db, clean(VillagerInput(
            name="张三明", id_number=ID, address="3组", phone="13800001111")), operator="导入")
    assert result.status == "updated"
    assert {(f, o, n, op) for f, o, n, op, *_ in rows(db, person.id)[1:]} == {
        ("address", None, "3组", "导入"), ("phone", None, "13800001111", "导入")}


def test_mark_seen_records_last_seen(db):
    person = save_villager(db, clean(VillagerInput(name="李四"))).villager
    mark_seen(db, person.id, "2026-11-28T08:05:00+08:00", operator="登记台")
    assert rows(db, person.id)[-1][:4] == ("last_seen_at", None, "2026-11-28T08:05:00+08:00",
                                           "登记台")


def test_audit_rows_roll_back_with_a_failed_edit(db):
    other = save_villager(db, clean(VillagerInput(name="乙"))).villager
    before = db.execute("SELECT COUNT(*) FROM villager_audit").fetchone()[0]
    with pytest.raises(RuntimeError):
        with db.atomic():
            update_villager(db, other.id, clean(VillagerInput(name="乙丙", phone="13800001111")),
                            operator="x")
            raise RuntimeError("power cut")
    assert db.execute("SELECT COUNT(*) FROM villager_audit").fetchone()[0] == before
    assert get_villager(db, other.id).name == "乙"


def test_history_combines_field_changes_and_queue_transitions(db):
    person = save_villager(db, clean(VillagerInput(name="张三明", id_number=ID)),
                           at="2026-11-28T07:00:00+08:00", operator="王芳").villager
    day = open_market_day(db, "2026-11-28", "花园村", ["haircut"], at="2026-11-28T07:30:00+08:00")
    stall_id = db.execute("SELECT id FROM stalls WHERE market_day_id = ?", [day.id]).fetchone()[0]
    queue.issue(db, stall_id, person.id, operator="登记台", at="2026-11-28T08:00:00+08:00")
    ticket = queue.call_next(db, stall_id, operator="摊位", at="2026-11-28T08:10:00+08:00")
    queue.start(db, ticket.id, operator="摊位", at="2026-11-28T08:11:00+08:00")
    update_villager(db, person.id, clean(VillagerInput(name="张三明", id_number=ID,
                                                       phone="13800001111")),
                    at="2026-11-28T09:00:00+08:00", operator="王芳")
    history = audit.villager_history_audit(db, person.id)
    summary = [(e.kind, e.field, e.old, e.new, e.operator) for e in history]
    assert summary == [
        ("field", "created", None, None, "王芳"),
        ("field", "last_seen_at", None, "2026-11-28T08:00:00+08:00", ""),
        ("queue", "issue", None, "waiting", "登记台"),
        ("queue", "call", "waiting", "called", "摊位"),
        ("queue", "start", "called", "serving", "摊位"),
        ("field", "phone", None, "13800001111", "王芳"),
    ]
    assert history[2].ticket == "A001" and history[2].stall == "理发"
    assert all(e.device == device_id(db) for e in history)


def test_history_shows_each_day_a_ticket_moved_last_seen_and_from_what(db):
    person = save_villager(db, clean(VillagerInput(name="李四")),
                           at="2026-11-27T07:00:00+08:00").villager
    days = [open_market_day(db, d, "花园村", ["haircut", "health_check"], at=f"{d}T07:30:00+08:00")
            for d in ("2026-11-27", "2026-11-28")]
    for day in days:
        for stall in day.stalls:  # the second ticket of a day leaves last_seen as it was
            queue.issue(db, stall.id, person.id, operator="登记台",
                        at=f"{day.date}T08:0{stall.position}:00+08:00")
    seen = [(e.old, e.new) for e in audit.villager_history_audit(db, person.id)
            if e.field == "last_seen_at"]
    first, second = (f"{d.date}T08:0{d.stalls[0].position}:00+08:00" for d in days)
    assert seen == [(None, first), (first, second)]
    assert get_villager(db, person.id).last_seen_at == second


def test_log_sensitive_records_who_what_and_when(db):
    audit.log_sensitive(db, "王芳", audit.REPORT_FULL, "daily 2026-11-28",
                        at="2026-11-28T12:00:00+08:00")
    [entry] = audit.sensitive_entries(db)
    assert (entry.at, entry.operator, entry.action, entry.detail) == (
        "2026-11-28T12:00:00+08:00", "王芳", "report_full", "daily 2026-11-28")
    assert entry.device == device_id(db)
