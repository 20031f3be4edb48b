"""Tombstones in the file merge: a record merged away or emptied by retention does not come
back when an older laptop's file is merged, in any order, through any chain of laptops."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from idgen import make_id
from merge_laptops import DAY, VILLAGE, at, copy, count, person

from marketapp.core import clock
from marketapp.core.market import days as market
from marketapp.core.market.days import StallPlan
from marketapp.core.merge.files import content_hash, merge_database
from marketapp.core.people.retention import apply_retention
from marketapp.core.people.same_person import merge_villagers
from marketapp.core.queue import closing, visits
from marketapp.core.queue import engine as queue
from marketapp.core.requests import changes
from marketapp.store.database import open_database

CST = timezone(timedelta(hours=8))
KEEP_ID = make_id(birth="19480502", seq=11, male=False)
GONE_ID = make_id(birth="19480917", seq=73, male=False)
GONE_PHONE = "13912345678"
GONE_NAME = "欧阳翠萍"
SECRETS = [GONE_ID, GONE_PHONE, GONE_NAME, "低盐饮食按时服药", "家里有狗", "右腿旧伤需要复查",
           "已转卫生院"]


def served(db, stall_id, villager_id, minute, outcome=None, notes=""):
    ticket = queue.issue(db, stall_id, villager_id, at=at(minute)).ticket
    queue.call(db, ticket.id, at=at(minute + 1))
    queue.start(db, ticket.id, at=at(minute + 2))
    return visits.finish(db, ticket.id, outcome or {}, notes=notes, at=at(minute + 8))


def stats(db):
    """What the reports count: tickets, visits with their flags, request categories."""
    return (count(db, "tickets"),
            sorted(db.execute("SELECT service_code, flags, rating FROM visits").fetchall()),
            sorted(db.execute("SELECT category, status FROM requests").fetchall()))


def raw_bytes(path):
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


# ----------------------------------------------------------------------------- merged away


@pytest.fixture
def two_records(tmp_path):
    """One laptop's file with the same woman twice (the copy has no ID number), each with
    tickets; ``old.db`` is a copy taken before she was merged into one on the laptop."""
    db = open_database(tmp_path / "L.db")
    day = market.open_market_day(db, DAY, VILLAGE, [StallPlan("haircut"),
                                                    StallPlan("health_check")], at=at(0))
    hair, health = day.stalls[0].id, day.stalls[1].id
    keep = person(db, "王秀英", id_number=KEEP_ID)
    dup = person(db, "王秀英", phone="13812345678")
    served(db, hair, keep, 10)
    served(db, hair, dup, 20)
    served(db, health, dup, 30, {"systolic": 130, "diastolic": 85})
    changes.raise_request(db, villager_id=dup, category="other", text="修水管", raised_by="李",
                     at=at(40))
    db.close()
    copy(tmp_path / "L.db", tmp_path / "old.db")
    db = open_database(tmp_path / "L.db")
    merge_villagers(db, keep, dup, operator="管理员")
    db.close()
    return tmp_path / "L.db", tmp_path / "old.db", keep, dup


def test_an_old_copy_merged_back_leaves_one_person_with_all_tickets(tmp_path, two_records):
    lap, old, keep, dup = two_records
    db = open_database(lap)
    before = content_hash(db)
    report = merge_database(db, old)
    assert count(db, "villagers", "name = '王秀英'") == 1
    assert count(db, "villagers", "id = ?", [dup]) == 0
    assert count(db, "tickets", "villager_id = ?", [keep]) == 3
    assert count(db, "visits", "villager_id = ?", [keep]) == 3
    assert count(db, "requests", "villager_id = ?", [keep]) == 1
    assert report.tombstone_folded == 1 and report.tombstone_dropped == 0
    assert not report.changed and content_hash(db) == before  # nothing the laptop lacked
    assert any("并入保留的村民记录：1" in line for line in report.lines("zh"))
    assert any("folded into the record they were merged into: 1" in line
               for line in report.lines("en"))
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.close()


def test_merging_the_merged_file_into_the_old_copy_folds_her_there_too(tmp_path, two_records):
    lap, old, keep, dup = two_records
    office = open_database(copy(old, tmp_path / "office.db"))
    report = merge_database(office, lap)
    assert count(office, "villagers", "id = ?", [dup]) == 0
    assert count(office, "tickets", "villager_id = ?", [keep]) == 3
    assert count(office, "requests", "villager_id = ?", [keep]) == 1
    assert report.tombstone_folded == 1
    assert office.execute("SELECT phone FROM villagers WHERE id = ?", [keep]).fetchone()[0] \
        == "13812345678"  # the kept record as the person who merged them chose it
    assert office.execute("PRAGMA foreign_key_check").fetchall() == []
    # Either way round the same content; again changes nothing.
    laptop = open_database(lap)
    merge_database(laptop, old)
    assert content_hash(office) == content_hash(laptop)
    again = merge_database(office, lap)
    assert not again.changed, again.lines("en") and content_hash(office) == content_hash(laptop)
    assert merge_database(office, old).changed is False
    assert content_hash(office) == content_hash(laptop)
    laptop.close()
    office.close()


def test_a_merge_away_travels_from_laptop_to_laptop(tmp_path, two_records):
    """A merged the two records; B took A's file; C, which never saw A, takes B's."""
    lap, old, keep, dup = two_records
    b = open_database(copy(old, tmp_path / "B.db"))
    c = open_database(copy(old, tmp_path / "C.db"))
    # C serves the duplicate record once more before it hears of the merge.
    stall = c.execute("SELECT id FROM stalls WHERE service_code = 'haircut'").fetchone()[0]
    served(c, stall, dup, 90)
    merge_database(b, lap)
    b.close()
    report = merge_database(c, tmp_path / "B.db")
    assert report.tombstone_folded == 1
    assert count(c, "villagers", "id = ?", [dup]) == 0
    assert count(c, "tickets", "villager_id = ?", [keep]) == 4
    assert count(c, "villager_tombstones", "villager_id = ? AND merged_into = ?",
                 [dup, keep]) == 1
    # C's file merged back into the laptop brings the extra ticket onto the kept record.
    laptop = open_database(lap)
    merge_database(laptop, tmp_path / "C.db")
    assert count(laptop, "tickets", "villager_id = ?", [keep]) == 4
    assert count(laptop, "villagers", "id = ?", [dup]) == 0
    assert content_hash(laptop) == content_hash(c)
    laptop.close()
    c.close()


def test_two_laptops_merging_the_pair_opposite_ways_do_not_hang(tmp_path, two_records):
    """P kept the first record, Q the second: a cycle of tombstones, still one person."""
    _, old, keep, dup = two_records
    p = open_database(copy(old, tmp_path / "P.db"))
    q = open_database(copy(old, tmp_path / "Q.db"))
    merge_villagers(p, keep, dup)
    merge_villagers(q, dup, keep, {"id_number": "other", "birth_date": "other"})
    p.close()
    q.close()
    pq = open_database(copy(tmp_path / "P.db", tmp_path / "PQ.db"))
    qp = open_database(copy(tmp_path / "Q.db", tmp_path / "QP.db"))
    merge_database(pq, tmp_path / "Q.db")
    merge_database(qp, tmp_path / "P.db")
    for db in (pq, qp):
        assert count(db, "villagers", "name = '王秀英'") == 1
        assert count(db, "tickets") == 3
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert content_hash(pq) == content_hash(qp)
    assert merge_database(pq, tmp_path / "QP.db").changed is False
    pq.close()
    qp.close()


def test_a_dry_run_reports_the_tombstone_figures_and_changes_nothing(tmp_path, two_records):
    lap, old, keep, dup = two_records
    office = open_database(copy(old, tmp_path / "office.db"))
    before = content_hash(office), count(office, "villagers"), count(office,
                                                                      "villager_tombstones")
    report = merge_database(office, lap, dry_run=True)
    assert report.dry_run and report.tombstone_folded == 1
    assert any("试运行" in line for line in report.lines("zh"))
    assert any("并入保留的村民记录：1" in line for line in report.lines("zh"))
    assert (content_hash(office), count(office, "villagers"),
            count(office, "villager_tombstones")) == before
    assert count(office, "villagers", "id = ?", [dup]) == 1
    office.close()


# ----------------------------------------------------------------------------- removed


@pytest.fixture
def fixed_now(monkeypatch):
    """Retention runs (and records its tombstone) in 2030; markets were held in 2025."""
    moment = [datetime(2030, 6, 1, 10, 0, tzinfo=CST)]
    monkeypatch.setattr(clock, "now", lambda: moment[0])
    return moment


@pytest.fixture
def removed(tmp_path, fixed_now):
    """A laptop whose file cleared 欧阳翠萍 by retention; ``old.db`` is a copy from before."""
    db = open_database(tmp_path / "L.db")
    day = market.open_market_day(db, DAY, VILLAGE, [StallPlan("haircut"),
                                                    StallPlan("health_check")], at=at(0))
    hair, health = day.stalls[0].id, day.stalls[1].id
    gone = person(db, GONE_NAME, id_number=GONE_ID, phone=GONE_PHONE)
    stays = person(db, "李建国", phone="13700001111")
    served(db, health, gone, 10, {"systolic": 187, "diastolic": 111, "advice": "低盐饮食按时服药"},
           notes="家里有狗")
    served(db, hair, gone, 20)
    served(db, hair, stays, 30)
    raised = changes.raise_request(db, villager_id=gone, category="health_referral",
                              text="右腿旧伤需要复查", raised_by="陆医生",
                              market_day_id=day.id, at=at(40))
    changes.resolve_request(db, raised.id, resolution="已转卫生院", by="陆医生", at=at(50))
    closing.close_market_day(db, day.id, at=at(240))
    db.execute("UPDATE villagers SET last_seen_at = '2029-06-01T09:00:00+08:00' WHERE id = ?",
               [stays])  # Li came again last year
    db.conn.commit()
    db.close()
    copy(tmp_path / "L.db", tmp_path / "old.db")
    db = open_database(tmp_path / "L.db")
    before = stats(db)
    assert apply_retention(db, 3, date(2030, 6, 1)).people == 1
    db.close()
    return tmp_path / "L.db", tmp_path / "old.db", gone, before


def assert_gone(db, path, gone, before):
    person_row = db.execute("SELECT name, id_number, phone FROM villagers WHERE id = ?",
                            [gone]).fetchone()
    assert person_row == ("已清除", None, None)
    assert count(db, "villagers") == 2
    assert stats(db) == before  # the market day's figures are what they were
    assert count(db, "tickets", "villager_id = ?", [gone]) == 2
    db.conn.commit()
    raw = raw_bytes(path)
    for secret in SECRETS:
        assert secret.encode() not in raw, secret


def test_a_removed_person_stays_gone_when_an_old_copy_is_merged(tmp_path, removed):
    lap, old, gone, before = removed
    assert all(s.encode() in old.read_bytes() for s in SECRETS[:3])  # the check can fail
    db = open_database(lap)
    cleared = content_hash(db)
    report = merge_database(db, old)
    assert report.tombstone_dropped == 1
    assert any("个人信息未带回" in line for line in report.lines("zh"))
    assert not any(GONE_NAME in line or GONE_PHONE in line for line in report.lines("zh"))
    assert_gone(db, lap, gone, before)
    assert content_hash(db) == cleared
    db.close()


def test_the_removal_reaches_a_file_that_still_has_her(tmp_path, removed):
    """The old copy's file takes the retained file: she is cleared there, and the values
    are not left in that file or its -wal either."""
    lap, old, gone, before = removed
    office = open_database(copy(old, tmp_path / "office.db"))
    report = merge_database(office, lap)
    assert report.tombstone_dropped == 1
    assert_gone(office, tmp_path / "office.db", gone, before)
    laptop = open_database(lap)
    merge_database(laptop, old)
    assert content_hash(laptop) == content_hash(office)
    assert merge_database(office, lap).changed is False
    assert merge_database(office, old).changed is False
    assert content_hash(laptop) == content_hash(office)
    laptop.close()
    office.close()


def test_a_removal_travels_from_laptop_to_laptop(tmp_path, removed):
    lap, old, gone, before = removed
    b = open_database(copy(old, tmp_path / "B.db"))
    merge_database(b, lap)
    b.close()
    c = open_database(copy(old, tmp_path / "C.db"))
    merge_database(c, tmp_path / "B.db")
    assert_gone(c, tmp_path / "C.db", gone, before)
    c.close()


def test_a_dry_run_of_a_removal_changes_nothing(tmp_path, removed):
    lap, old, gone, _ = removed
    office = open_database(copy(old, tmp_path / "office.db"))
    before = content_hash(office)
    report = merge_database(office, lap, dry_run=True)
    assert report.tombstone_dropped == 1
    assert content_hash(office) == before
    assert office.execute("SELECT id_number FROM villagers WHERE id = ?",
                          [gone]).fetchone()[0] == GONE_ID
    office.close()


@pytest.fixture
def second_laptop(tmp_path, fixed_now):
    """Y registered 欧阳翠萍 under a UUID of its own, with her ID number; the office (O)
    took Y's file, then cleared her by retention."""
    y = open_database(tmp_path / "Y.db")
    day = market.open_market_day(y, DAY, VILLAGE, [StallPlan("health_check")], at=at(0))
    theirs = person(y, GONE_NAME, id_number=GONE_ID, phone=GONE_PHONE)
    served(y, day.stalls[0].id, theirs, 10,
           {"systolic": 187, "diastolic": 111, "advice": "低盐饮食按时服药"}, notes="家里有狗")
    y.close()
    o = open_database(tmp_path / "O.db")
    day_o = market.open_market_day(o, DAY, VILLAGE, [StallPlan("haircut")], at=at(0))
    ours = person(o, GONE_NAME, id_number=GONE_ID, phone=GONE_PHONE)
    served(o, day_o.stalls[0].id, ours, 20)
    merge_database(o, tmp_path / "Y.db")
    assert apply_retention(o, 3, date(2030, 6, 1)).people == 1
    return o, ours, theirs


def test_the_same_person_under_another_uuid_stays_gone(tmp_path, second_laptop):
    o, ours, theirs = second_laptop
    before = stats(o)
    report = merge_database(o, tmp_path / "Y.db")
    assert report.tombstone_folded == 1 and report.tombstone_dropped == 1
    assert count(o, "villagers") == 1
    assert count(o, "villagers", "id_number = ?", [GONE_ID]) == 0
    assert stats(o) == before
    o.conn.commit()
    raw = raw_bytes(tmp_path / "O.db")
    assert not any(s.encode() in raw for s in SECRETS)
    o.close()


def test_a_person_who_came_back_after_the_removal_is_kept(tmp_path, second_laptop,
                                                          fixed_now):
    """She came to a market on Y after the removal: her record comes back with what Y
    knows, on the office's record with every ticket; her old readings stay gone."""
    o, ours, theirs = second_laptop
    y = open_database(tmp_path / "Y.db")
    later = datetime(2030, 9, 1, 8, 0, tzinfo=CST)
    fixed_now[0] = later
    day = market.open_market_day(y, "2030-09-01", VILLAGE, [StallPlan("haircut")], at=later)
    queue.issue(y, day.stalls[0].id, theirs, at=later + timedelta(minutes=5))
    y.close()
    report = merge_database(o, tmp_path / "Y.db")
    assert report.tombstone_dropped == 0
    row = o.execute("SELECT id, name, id_number FROM villagers").fetchall()
    assert row == [(ours, GONE_NAME, GONE_ID)]
    assert count(o, "tickets", "villager_id = ?", [ours]) == 3
    assert o.execute("SELECT outcome, notes FROM visits WHERE service_code = 'health_check'"
                     ).fetchone() == ("{}", None)
    o.close()
