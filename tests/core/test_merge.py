"""Merging laptops' data files into the township office's: one market day, unique numbers,
idempotence, order independence, conflicts by the stated rule, refusals, cancel, dry run."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from merge_laptops import DAY, SHARED_ID, VILLAGE, at, count, laptop, office, person, serve

from marketapp.core import settings
from marketapp.core.market import days as market
from marketapp.core.merge.files import (
    LOCAL_TABLES,
    MERGED_TABLES,
    MergeError,
    content_hash,
    merge_database,
)
from marketapp.core.people.search.query import search
from marketapp.core.queue import closing, visits
from marketapp.core.queue import engine as queue
from marketapp.store.database import backups_dir, open_database


@pytest.fixture
def two_laptops(tmp_path):
    a, info_a = laptop(tmp_path, "A", 1)
    b, info_b = laptop(tmp_path, "B", 2)
    a.close()
    b.close()
    return tmp_path / "A.db", tmp_path / "B.db", info_a, info_b


# ----------------------------------------------------------------------------- end to end


def test_two_laptops_become_one_market_day_with_unique_numbers(tmp_path, two_laptops):
    a_path, b_path, info_a, info_b = two_laptops
    db = office(tmp_path)
    first = merge_database(db, a_path)
    second = merge_database(db, b_path)
    assert count(db, "market_days") == 1
    assert count(db, "stalls") == 2
    assert count(db, "tickets") == 8
    assert count(db, "visits") == 4
    assert count(db, "requests") == 2 and count(db, "request_follow_ups") == 2
    labels = [r[0] for r in db.execute("SELECT label FROM tickets ORDER BY label")]
    assert len(set(labels)) == 8
    assert sorted(labels) == ["A001", "A002", "A501", "A502", "B001", "B002", "B501", "B502"]
    # The shared villager (same ID number, a UUID per laptop) is one person with all of it.
    assert count(db, "villagers") == 5
    (vid,) = db.execute("SELECT id FROM villagers WHERE id_number = ?", [SHARED_ID]).fetchone()
    assert count(db, "tickets", "villager_id = ?", [vid]) == 4
    assert count(db, "visits", "villager_id = ?", [vid]) == 2
    assert count(db, "requests", "villager_id = ?", [vid]) == 2
    assert second.villagers_remapped == 1
    assert first.tables["tickets"].added == 4 and second.tables["tickets"].added == 4
    assert second.tables["market_days"].unchanged == 1
    # Nothing clashed but one thing: 赵大爷 queued at the health check at both desks.
    assert [c.record for c in second.conflicts] == ["健康检查 B002/B502"]
    assert "B002 和 B502" in second.conflicts[0].text("zh") and second.renumbered == 0
    # Every event is there once, B's after A's, each file's own order kept.
    seqs = [r[0] for r in db.execute("SELECT seq FROM queue_events ORDER BY seq")]
    assert seqs == list(range(1, len(seqs) + 1))
    devices = [r[0] for r in db.execute("SELECT device_id FROM queue_events ORDER BY seq")]
    assert devices == sorted(devices, key=lambda d: devices.index(d))
    # The merged file is sound and searchable; new villagers got search keys.
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert [m.villager.name for m in search(db, "赵大爷")][:1] == ["赵大爷"]
    assert search(db, "张三B")
    # ticket_counters keep each device's last number
    assert count(db, "ticket_counters") == 4
    # A backup was taken before each merge
    assert first.backup and first.backup.exists() and first.backup.parent == backups_dir(
        tmp_path / "office.db")
    db.close()


def test_a_merged_laptop_keeps_issuing_without_clashing(tmp_path, two_laptops):
    a_path, b_path, info_a, _ = two_laptops
    db = open_database(a_path)
    merge_database(db, b_path)
    person_id = person(db, "新来的")
    ticket = queue.issue(db, info_a["hair"], person_id, at=at(120)).ticket
    assert ticket.label == "A003"
    db.close()


def test_merging_twice_adds_nothing(tmp_path, two_laptops):
    a_path, b_path, *_ = two_laptops
    db = office(tmp_path)
    merge_database(db, a_path)
    merge_database(db, b_path)
    before = content_hash(db)
    again = merge_database(db, b_path)
    assert not again.changed
    assert all(c.added == 0 and c.updated == 0 for c in again.tables.values())
    assert content_hash(db) == before
    assert merge_database(db, a_path).changed is False
    assert content_hash(db) == before
    db.close()


def test_order_does_not_matter(tmp_path, two_laptops):
    a_path, b_path, *_ = two_laptops
    ab, ba = office(tmp_path, "ab"), office(tmp_path, "ba")
    merge_database(ab, a_path)
    merge_database(ab, b_path)
    merge_database(ba, b_path)
    merge_database(ba, a_path)
    assert content_hash(ab) == content_hash(ba)
    # ... and merging the office files into each other changes neither
    assert merge_database(ab, tmp_path / "ba.db").changed is False
    assert content_hash(ab) == content_hash(ba)
    ab.close()
    ba.close()


def test_a_laptop_file_merged_midday_and_again_at_the_end(tmp_path, two_laptops):
    """The later state wins: a waiting ticket finished after the first merge is done."""
    a_path, b_path, info_a, _ = two_laptops
    db = office(tmp_path)
    merge_database(db, a_path)
    lap = open_database(a_path)
    waiting = info_a["tickets"][3]
    queue.call(lap, waiting.id, at=at(70))
    queue.start(lap, waiting.id, at=at(71))
    visits.finish(lap, waiting.id, {"systolic": 150, "diastolic": 95}, at=at(80))
    closing.close_market_day(lap, info_a["day"].id, at=at(240))
    lap.close()
    report = merge_database(db, a_path)
    assert report.tables["tickets"].updated == 1
    status = db.execute("SELECT status FROM tickets WHERE id = ?", [waiting.id]).fetchone()[0]
    assert status == "done"
    assert db.execute("SELECT status FROM market_days").fetchone()[0] == "closed"
    merge_database(db, b_path)
    # B's day was still open: the closed copy wins either way
    assert db.execute("SELECT status FROM market_days").fetchone()[0] == "closed"
    db.close()


def test_an_undone_visit_stays_removed(tmp_path):
    lap, info = laptop(tmp_path, "A", 1, count=1)
    db = office(tmp_path)
    merge_database(db, tmp_path / "A.db")
    extra = person(lap, "王五")
    ticket, visit = serve(lap, info["hair"], extra, 90)
    merge_database(db, tmp_path / "A.db")
    assert count(db, "visits", "id = ?", [visit.id]) == 1
    queue.undo_last(lap, info["hair"], at=at(100))
    lap.close()
    report = merge_database(db, tmp_path / "A.db")
    assert count(db, "visits", "id = ?", [visit.id]) == 0
    assert report.tables["visits"].removed == 1
    assert db.execute("SELECT status FROM tickets WHERE id = ?", [ticket.id]).fetchone()[0] \
        == "serving"
    db.close()


# ----------------------------------------------------------------------------- conflicts


def test_same_id_number_with_different_name_and_phone_is_reported_later_wins(tmp_path):
    a = open_database(tmp_path / "A.db")
    b = open_database(tmp_path / "B.db")
    person(a, "赵大爷", id_number=SHARED_ID, phone="13800000001",
           at_text="2025-03-01T09:00:00+08:00")
    person(b, "赵大爹", id_number=SHARED_ID, phone="13900000002",
           at_text="2025-03-02T09:00:00+08:00")
    a.close()
    b.close()
    results = []
    for order in (("A", "B"), ("B", "A")):
        db = office(tmp_path, "".join(order))
        reports = [merge_database(db, tmp_path / f"{n}.db") for n in order]
        row = db.execute("SELECT name, phone FROM villagers").fetchone()
        assert row == ("赵大爹", "13900000002")  # the record changed later wins
        conflicts = reports[1].conflicts
        assert {c.field for c in conflicts} == {"name", "phone"}
        text = conflicts[0].message("zh") + conflicts[1].message("en")
        assert "修改时间较晚" in text and "changed later wins" in text
        assert SHARED_ID not in text  # the ID number is masked in the report
        results.append(content_hash(db))
        db.close()
    assert results[0] == results[1]


def test_same_uuid_same_time_takes_the_larger_value(tmp_path, two_laptops):
    a_path, *_ = two_laptops
    db = office(tmp_path)
    merge_database(db, a_path)
    other = tmp_path / "copy.db"
    src = sqlite3.connect(a_path)
    dst = sqlite3.connect(other)
    src.backup(dst)
    dst.execute("UPDATE villagers SET notes = '腿脚不便' WHERE id_number = ?", [SHARED_ID])
    dst.commit()
    src.close()
    dst.close()
    report = merge_database(db, other)
    assert [c.field for c in report.conflicts] == ["notes"]
    assert "取较大的值" in report.conflicts[0].message("zh")
    assert db.execute("SELECT notes FROM villagers WHERE id_number = ?",
                      [SHARED_ID]).fetchone()[0] == "腿脚不便"
    db.close()


def test_misconfigured_desks_issuing_the_same_numbers_are_renumbered(tmp_path):
    """Both laptops left at desk 1 of 1: A001/A002 twice. The earlier-issued keeps its
    number, the later one gets the next free number; events and visits follow."""
    a, info_a = laptop(tmp_path, "A", 1, count=1)
    a.close()
    b, info_b = laptop(tmp_path, "B", 2, count=2)  # issued later in the morning
    b.close()
    # make B's numbers collide with A's: rewrite them as desk 1 would have issued
    conn = sqlite3.connect(tmp_path / "B.db")
    for table, column in (("tickets", "number"),):
        conn.execute(f"UPDATE {table} SET {column} = {column} - 500, "
                     "label = substr(label, 1, 1) || printf('%03d', number - 500)")
    conn.execute("UPDATE queue_events SET details = json_set(details, '$.set.number', "
                 "json_extract(details, '$.set.number') - 500, '$.set.label', "
                 "substr(json_extract(details, '$.set.label'), 1, 1) || printf('%03d', "
                 "json_extract(details, '$.set.number') - 500)) WHERE action = 'issue'")
    conn.commit()
    conn.close()
    hashes = []
    for order in (("A", "B"), ("B", "A")):
        db = office(tmp_path, "".join(order))
        reports = [merge_database(db, tmp_path / f"{n}.db") for n in order]
        labels = [r[0] for r in db.execute("SELECT label FROM tickets ORDER BY label")]
        assert labels == ["A001", "A002", "A003", "A004", "B001", "B002", "B003", "B004"]
        renumbered = sum(r.renumbered for r in reports)
        assert renumbered == 4
        # B's tickets (issued later) got the new numbers; A's kept theirs
        for t in info_a["tickets"]:
            assert db.execute("SELECT label FROM tickets WHERE id = ?",
                              [t.id]).fetchone()[0] == t.label
        moved = info_b["tickets"][0]
        label, number = db.execute("SELECT label, number FROM tickets WHERE id = ?",
                                   [moved.id]).fetchone()
        assert label == "A003"
        details = json.loads(db.execute(
            "SELECT details FROM queue_events WHERE ticket_id = ? AND action = 'issue'",
            [moved.id]).fetchone()[0])
        assert details["set"]["label"] == "A003" and details["merge_renumbered_from"] == 1
        assert count(db, "visits", "ticket_id = ?", [moved.id]) == 1
        assert any("A001" in c.message("en") and "A003" in c.message("en")
                   for r in reports for c in r.conflicts)
        assert merge_database(db, tmp_path / f"{order[0]}.db").changed is False
        hashes.append(content_hash(db))
        db.close()
    assert hashes[0] == hashes[1]


# ----------------------------------------------------------------------------- refusals


def _snapshot(db):
    return content_hash(db), count(db, "villagers"), count(db, "queue_events")


@pytest.mark.parametrize("kind", ["garbage", "other_sqlite", "missing", "newer"])
def test_a_bad_file_is_refused_and_nothing_changes(tmp_path, two_laptops, kind):
    a_path, b_path, *_ = two_laptops
    db = office(tmp_path)
    merge_database(db, a_path)
    before = _snapshot(db)
    bad = tmp_path / "bad.db"
    if kind == "garbage":
        bad.write_bytes(b"SQLite format 3\x00" + b"\x17" * 5000)
    elif kind == "other_sqlite":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE villagers (id TEXT)")
        conn.commit()
        conn.close()
    elif kind == "newer":
        src, dst = sqlite3.connect(b_path), sqlite3.connect(bad)
        src.backup(dst)
        dst.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                    "VALUES ('marketapp', 'm999_future', '2030-01-01')")
        dst.commit()
        src.close()
        dst.close()
    with pytest.raises(MergeError) as refused:
        merge_database(db, bad)
    expected = {"garbage": ("not_a_database", "damaged"), "other_sqlite": ("not_ours",),
                "missing": ("missing",), "newer": ("newer_schema",)}[kind]
    assert refused.value.code in expected
    assert refused.value.message("zh") and refused.value.message("en")
    assert _snapshot(db) == before
    db.close()


def test_a_file_cannot_be_merged_into_itself(tmp_path, two_laptops):
    a_path, *_ = two_laptops
    db = open_database(a_path)
    with pytest.raises(MergeError) as refused:
        merge_database(db, a_path)
    assert refused.value.code == "same_file"
    db.close()


def test_cancel_rolls_back(tmp_path, two_laptops):
    a_path, b_path, *_ = two_laptops
    db = office(tmp_path)
    merge_database(db, a_path)
    before = _snapshot(db)
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return done < total // 2 or done == 0

    report = merge_database(db, b_path, progress=progress)
    assert report.cancelled
    assert len(seen) >= 2 and seen[-1][0] < seen[-1][1]
    assert _snapshot(db) == before
    assert db.conn.in_transaction is False
    db.close()


def test_dry_run_changes_nothing_and_reports_what_would_happen(tmp_path, two_laptops):
    a_path, *_ = two_laptops
    db = office(tmp_path)
    before = _snapshot(db)
    report = merge_database(db, a_path, dry_run=True)
    assert report.dry_run and report.backup is None
    assert report.tables["tickets"].added == 4
    assert _snapshot(db) == before
    assert not backups_dir(tmp_path / "office.db").exists() or not any(
        "merge" in p.name for p in backups_dir(tmp_path / "office.db").iterdir())
    db.close()


def test_the_other_file_is_never_written(tmp_path, two_laptops):
    a_path, b_path, *_ = two_laptops
    before = a_path.read_bytes()
    db = office(tmp_path)
    merge_database(db, a_path)
    db.close()
    assert a_path.read_bytes() == before


def test_every_table_is_merged_or_declared_local(db):
    """A new table in the schema must be handled by the merge or declared local/derived."""
    tables = {r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    unhandled = tables - set(MERGED_TABLES) - LOCAL_TABLES
    assert unhandled == set(), f"merge does not know what to do with {sorted(unhandled)}"


def test_an_unknown_extra_table_is_left_alone_and_named(tmp_path, two_laptops):
    a_path, *_ = two_laptops
    db = office(tmp_path)
    db.execute("CREATE TABLE audit_log (id TEXT PRIMARY KEY, what TEXT)")
    report = merge_database(db, a_path)
    assert report.skipped_tables == ["audit_log"]
    assert any("audit_log" in line for line in report.lines("en"))
    db.close()


def test_the_content_hash_covers_every_merged_table():
    from marketapp.core.merge.hashing import TABLES

    assert set(TABLES) == set(MERGED_TABLES)


# ----------------------------------------------------------------------------- copied files


def _copied_laptops(tmp_path, *, second_desk: int | None = None):
    """One laptop's file (A001, A002 issued) copied to a second laptop; both carry on
    issuing at the haircut, and both give 周五 a ticket there."""
    first = open_database(tmp_path / "L1.db")
    day = market.open_market_day(first, DAY, VILLAGE, ["haircut"], at=at(0))
    hair = day.stalls[0].id
    people = [person(first, name) for name in ("甲一", "乙二", "丙三", "丁四", "周五")]
    for i in range(2):
        queue.issue(first, hair, people[i], at=at(1 + i))
    first.close()
    (tmp_path / "laptop2").mkdir()
    shutil.copy(tmp_path / "L1.db", tmp_path / "laptop2" / "L2.db")
    first = open_database(tmp_path / "L1.db")
    second = open_database(tmp_path / "laptop2" / "L2.db")
    assert settings.copied_desk(first) is None and settings.copied_desk(second) is not None
    if second_desk:
        settings.choose_desk(second, second_desk, 2)
    labels = [queue.issue(first, hair, people[2], at=at(3)).ticket.label,
              queue.issue(second, hair, people[3], at=at(4)).ticket.label,
              queue.issue(first, hair, people[4], at=at(5)).ticket.label,
              queue.issue(second, hair, people[4], at=at(6)).ticket.label]
    second.close()
    return first, tmp_path / "laptop2" / "L2.db", hair, labels


def test_two_copies_of_one_file_merge_with_numbers_renumbered_and_reported(tmp_path):
    first, second_path, hair, labels = _copied_laptops(tmp_path)
    assert labels == ["A003", "A003", "A004", "A004"]  # the copy kept desk 1 of 1
    report = merge_database(first, second_path)
    lines = report.lines("zh")
    assert "没有冲突。" not in lines and report.renumbered == 2
    assert [r[0] for r in first.execute("SELECT label FROM tickets ORDER BY number")] == [
        "A001", "A002", "A003", "A004", "A005", "A006"]
    assert any("A003" in line and "改为 A005" in line for line in lines)
    # the summary masks who it is, unless a full one is asked for (marketapp merge --full)
    assert any("周*" in line and "A004 和 A006" in line for line in lines)
    assert not any("周五" in line for line in lines)
    assert any("周五" in line and "A004 和 A006" in line for line in report.lines("zh", full=True))
    # the copy wrote as its own device: two counter rows, each with its own last number
    devices = {r[0] for r in first.execute("SELECT device_id FROM tickets WHERE number > 2")}
    assert len(devices) == 2
    assert count(first, "ticket_counters", "stall_id = ?", [hair]) == 2
    first.close()


def test_two_copies_on_different_desks_merge_and_say_who_holds_two_tickets(tmp_path):
    first, second_path, _, labels = _copied_laptops(tmp_path, second_desk=2)
    assert labels == ["A003", "A501", "A004", "A502"]
    report = merge_database(first, second_path)
    assert report.renumbered == 0
    assert [c.record for c in report.conflicts] == ["理发 A004/A502"]
    assert "one villager (周五) holds two open tickets at Haircut, A004 and A502" in \
        report.lines("en", full=True)[-1]
    assert "one villager (周*) holds" in report.lines("en")[-1]
    assert merge_database(first, second_path).conflicts == []  # nothing new the second time
    first.close()


def test_files_copied_before_copies_had_their_own_device_are_named_in_the_report(tmp_path):
    first = open_database(tmp_path / "L1.db")
    device = settings.device_id(first)
    first.execute("DELETE FROM settings WHERE key = 'device_home'")  # as an older version
    first.conn.commit()
    first.close()
    (tmp_path / "laptop2").mkdir()
    shutil.copy(tmp_path / "L1.db", tmp_path / "laptop2" / "L2.db")
    first = open_database(tmp_path / "L1.db")
    second = open_database(tmp_path / "laptop2" / "L2.db")
    assert settings.device_id(second) == device  # each keeps what it had
    second.close()
    report = merge_database(first, tmp_path / "laptop2" / "L2.db")
    assert any("设备编号相同" in line for line in report.lines("zh"))
    first.close()
