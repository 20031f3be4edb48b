"""Retention: people not seen for N years lose their personal details and health readings,
and the old values are not left anywhere in the data file or its -wal."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from idgen import make_id

from marketapp.cli import cli
from marketapp.core.market.days import open_market_day
from marketapp.core.people import audit
from marketapp.core.people.cleaning import clean
from marketapp.core.people.retention import RetentionError, apply_retention, cutoff_date
from marketapp.core.people.search import query as search
from marketapp.core.people.villagers import VillagerInput, get_villager, save_villager
from marketapp.core.queue import engine as queue
from marketapp.core.queue.closing import close_market_day
from marketapp.core.queue.visits import finish
from marketapp.core.requests import changes

OLD_DAY = "2019-05-10"
ID = make_id(birth="19480917", seq=73, male=False)
PHONE = "13912345678"
NAME = "欧阳翠萍"


def _visit(db, stall_id, villager_id, outcome, minute):
    at = f"{OLD_DAY}T09:{minute:02d}:00+08:00"
    queue.issue(db, stall_id, villager_id, at=at)
    ticket = queue.call_next(db, stall_id, at=at)
    queue.start(db, ticket.id, at=at)
    return finish(db, ticket.id, outcome, notes="住院过，家里有狗", at=at)


@pytest.fixture
def old_market(db):
    gone = save_villager(db, clean(VillagerInput(
        name=NAME, id_number=ID, phone=PHONE, village="花园村", address="7组 门牌 88 号",
        notes="儿子在杭州", living_alone=True, disabled=True), today=date(2019, 5, 1)),
        at="2019-05-01T10:00:00+08:00").villager
    recent = save_villager(db, clean(VillagerInput(name="李建国", phone="13700001111")),
                           at="2019-05-01T10:00:00+08:00").villager
    day = open_market_day(db, OLD_DAY, "花园村", ["health_check", "appliance_repair"],
                          at=f"{OLD_DAY}T07:30:00+08:00")
    stalls = dict(db.execute("SELECT service_code, id FROM stalls WHERE market_day_id = ?",
                             [day.id]).fetchall())
    _visit(db, stalls["health_check"], gone.id,
           {"systolic": 187, "diastolic": 111, "advice": "低盐饮食，按时服药"}, 0)
    _visit(db, stalls["appliance_repair"], gone.id,
           {"item": "电视机", "fault": "不开机", "result": "fixed"}, 10)
    raised = changes.raise_request(db, villager_id=gone.id, category="health_referral",
                                    text="右腿旧伤需要复查", raised_by="陆医生",
                                    market_day_id=day.id, at=f"{OLD_DAY}T10:00:00+08:00")
    changes.resolve_request(db, raised.id, resolution="已转卫生院", by="陆医生",
                             at=f"{OLD_DAY}T11:00:00+08:00")
    close_market_day(db, day.id, reason="收市", at=f"{OLD_DAY}T12:00:00+08:00")
    # Li came again last year: kept.
    db.execute("UPDATE villagers SET last_seen_at = '2025-06-01T09:00:00+08:00' WHERE id = ?",
               [recent.id])
    db.conn.commit()
    return gone, recent


def test_cutoff_is_n_years_back_including_29_february():
    assert cutoff_date(date(2026, 11, 28), 5) == date(2021, 11, 28)
    assert cutoff_date(date(2024, 2, 29), 1) == date(2023, 2, 28)


def test_years_must_be_sensible(db):
    for years in (0, -1, 101, True):
        with pytest.raises(RetentionError):
            apply_retention(db, years, date(2026, 1, 1))


def test_dry_run_counts_and_changes_nothing(db, old_market):
    gone, _ = old_market
    before = db.execute("SELECT * FROM villagers ORDER BY seq").fetchall()
    result = apply_retention(db, 5, date(2026, 11, 28), dry_run=True)
    assert (result.people, result.health_visits, result.requests) == (1, 1, 1)
    assert result.dry_run
    assert db.execute("SELECT * FROM villagers ORDER BY seq").fetchall() == before


def test_removes_details_and_readings_keeps_statistics(db, old_market):
    gone, recent = old_market
    result = apply_retention(db, 5, date(2026, 11, 28), operator="管理员")
    assert (result.people, result.health_visits, result.requests) == (1, 1, 1)
    assert result.checkpointed
    person = get_villager(db, gone.id)
    assert person.name == "已清除"
    assert (person.id_number, person.phone, person.address, person.notes) == (None,) * 4
    assert person.care_flags() == []
    assert person.birth_date == "1948-07-01" and person.gender == "F"
    assert person.village == "花园村"
    visits = {code: (json.loads(outcome), json.loads(flags), notes) for code, outcome, flags,
              notes in db.execute("SELECT service_code, outcome, flags, notes FROM visits "
                                  "WHERE villager_id = ?", [gone.id])}
    assert visits["health_check"] == ({}, ["high_bp"], None)  # readings gone, flag counted
    assert visits["appliance_repair"][0]["result"] == "fixed" and visits["appliance_repair"][2] is None
    text, resolution, category = db.execute(
        "SELECT text, resolution, category FROM requests WHERE villager_id = ?",
        [gone.id]).fetchone()
    assert (text, resolution, category) == ("已清除", None, "health_referral")
    assert db.execute("SELECT COUNT(*) FROM villager_audit WHERE villager_id = ? AND "
                      "(old IS NOT NULL OR new IS NOT NULL)", [gone.id]).fetchone()[0] == 0
    assert db.execute("SELECT field, operator FROM villager_audit WHERE villager_id = ? "
                      "ORDER BY rowid DESC LIMIT 1", [gone.id]).fetchone() == (
                          "retention", "管理员")
    # The search keys were rebuilt: the old ID tail, phone tail and pinyin find nobody.
    assert search.search(db, ID[-6:]) == [] and search.search(db, PHONE[-4:]) == []
    assert search.search(db, "oyc") == []
    # Li is untouched; a second run has nothing to do.
    assert get_villager(db, recent.id).phone == "13700001111"
    assert apply_retention(db, 5, date(2026, 11, 28)).people == 0
    [(action, detail)] = db.execute(
        "SELECT action, detail FROM sensitive_log WHERE action = 'retention'").fetchall()
    assert "people=1" in detail


def test_each_person_cleared_leaves_a_tombstone_without_personal_data(db, old_market):
    gone, recent = old_market
    apply_retention(db, 5, date(2026, 11, 28), dry_run=True)
    assert db.execute("SELECT COUNT(*) FROM villager_tombstones").fetchone()[0] == 0
    apply_retention(db, 5, date(2026, 11, 28))
    rows = db.execute("SELECT villager_id, kind, merged_into, at, device "
                      "FROM villager_tombstones").fetchall()
    assert [r[:3] for r in rows] == [(gone.id, "removed", "")]
    assert rows[0][3] == get_villager(db, gone.id).updated_at  # when: the clearing itself
    assert not any(s in "|".join(rows[0]) for s in (NAME, ID, PHONE, ID[-6:], PHONE[-4:]))
    apply_retention(db, 5, date(2026, 11, 28))  # nothing left to clear: no second one
    assert db.execute("SELECT COUNT(*) FROM villager_tombstones").fetchone()[0] == 1


def test_the_history_view_shows_no_old_values_after_the_run(db, old_market):
    gone, _ = old_market
    seen = "2019-05-10T09:00:00+08:00"  # her first ticket that day
    assert ("last_seen_at", None, seen) in {
        (e.field, e.old, e.new) for e in audit.villager_history_audit(db, gone.id)}
    apply_retention(db, 5, date(2026, 11, 28))
    fields = [e for e in audit.villager_history_audit(db, gone.id) if e.kind == "field"]
    assert "last_seen_at" in {e.field for e in fields}
    assert [(e.field, e.old, e.new) for e in fields if e.old or e.new] == []


def test_people_with_an_open_request_are_kept(db, old_market):
    gone, _ = old_market
    changes.raise_request(db, villager_id=gone.id, category="other", text="还没办完",
                           raised_by="x", at="2019-05-11T10:00:00+08:00")
    assert apply_retention(db, 5, date(2026, 11, 28)).people == 0


def test_old_values_are_not_left_in_the_file_or_the_wal(db_path, db, old_market):
    db.conn.commit()
    wal = db_path.with_name(db_path.name + "-wal")
    raw = db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    secrets = [ID.encode(), PHONE.encode(), NAME.encode(), "低盐饮食".encode(),
               "右腿旧伤".encode(), "儿子在杭州".encode(), "门牌 88".encode()]
    assert all(s in raw for s in secrets[:3])  # the check below can fail
    apply_retention(db, 5, date(2026, 11, 28))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    file_bytes = db_path.read_bytes()
    wal_bytes = wal.read_bytes() if wal.exists() else b""
    for secret in secrets:
        assert secret not in file_bytes, secret.decode()
        assert secret not in wal_bytes, secret.decode()


def test_cli_retention(db_path, db, old_market):
    db.close()
    runner = CliRunner()
    base = ["--db", str(db_path), "retention"]
    result = runner.invoke(cli, [*base, "--years", "5", "--today", "2026-11-28", "--dry-run"])
    assert result.exit_code == 0 and "1 人" in result.output and "试运行" in result.output
    refused = runner.invoke(cli, [*base, "--years", "5", "--today", "2026-11-28"], input="n\n")
    assert "已取消" in refused.output
    done = runner.invoke(cli, [*base, "--years", "5", "--today", "2026-11-28", "--yes",
                               "--save"])
    assert done.exit_code == 0 and "已清除 1 人" in done.output, done.output
    again = runner.invoke(cli, [*base, "--today", "2026-11-28"])  # years from the setting
    assert again.exit_code == 0 and "没有" in again.output
    missing = runner.invoke(cli, ["--db", str(db_path.with_name("other.db")), "retention"])
    assert missing.exit_code == 2
