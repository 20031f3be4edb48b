"""`marketapp merge OTHER [--dry-run]`, and the other files a merge meets: an older
schema (upgraded in a temporary copy), a laptop's file still open in WAL mode."""

from __future__ import annotations

import sqlite3

import pytest
from merge_laptops import SHARED_ID, copy, count, laptop, office

from marketapp.cli import cli
from marketapp.core.merge.files import merge_database
from marketapp.store import migrations
from marketapp.store.database import connect, open_database
from marketapp.store.instance_lock import InstanceLock


@pytest.fixture
def files(tmp_path):
    a, _ = laptop(tmp_path, "A", 1)
    a.close()
    office(tmp_path).close()
    return tmp_path / "office.db", tmp_path / "A.db"


def run(runner, db_path, *args, lang="zh"):
    return runner.invoke(cli, ["--db", str(db_path), "--lang", lang, *args],
                         catch_exceptions=False)


def test_merge_prints_the_report_and_exits_0(runner, files):
    target, other = files
    result = run(runner, target, "merge", str(other), lang="en")
    assert result.exit_code == 0, result.output
    assert "Merged from:" in result.output and "Backup before the merge:" in result.output
    tickets = next(line for line in result.output.splitlines() if line.startswith("tickets"))
    assert tickets.split()[1:] == ["4", "0", "0", "0", "0"]
    assert "No conflicts." in result.output
    again = run(runner, target, "merge", str(other))
    assert again.exit_code == 0
    assert "没有冲突" in again.output
    line = next(x for x in again.output.splitlines() if x.split()[:1] == ["号票"])
    assert line.split()[1:] == ["0", "0", "4", "0", "0"]


def test_dry_run_says_so_and_changes_nothing(runner, files):
    target, other = files
    result = run(runner, target, "merge", str(other), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "试运行" in result.output
    db = open_database(target)
    assert count(db, "tickets") == 0 and count(db, "villagers") == 0
    db.close()


def test_a_bad_file_exits_1_with_a_message(runner, files, tmp_path):
    target, _ = files
    bad = tmp_path / "notes.db"
    bad.write_text("这不是数据库" * 200, encoding="utf-8")
    result = run(runner, target, "merge", str(bad), lang="en")
    assert result.exit_code == 1
    assert "nothing was changed" in result.output
    assert "Traceback" not in result.output
    missing = run(runner, target, "merge", str(tmp_path / "nope.db"))
    assert missing.exit_code == 1 and "找不到" in missing.output


def test_refused_while_the_app_holds_the_file(runner, files):
    target, other = files
    with InstanceLock(target):
        result = run(runner, target, "merge", str(other), lang="en")
    assert result.exit_code == 1
    assert "in use" in result.output


def test_an_older_file_is_upgraded_in_a_copy_and_merged(tmp_path):
    steps = [m.name for m in migrations.MIGRATIONS._migrations]
    old = tmp_path / "old.db"
    db = connect(old)
    migrations.MIGRATIONS.apply(db, stop_before=steps[-1])
    db.execute("INSERT INTO villages (id, name, created_at) VALUES ('v1', '花园村', '2024-01-01')")
    db.execute("INSERT INTO villagers (id, seq, name, id_number, village_id, created_at, "
               "updated_at) VALUES ('p1', 1, '钱老太', ?, 'v1', '2024-01-01', '2024-01-01')",
               [SHARED_ID])
    db.conn.commit()
    db.close()
    before = old.read_bytes()
    target = office(tmp_path)
    report = merge_database(target, old)
    assert report.tables["villagers"].added == 1
    assert target.execute("SELECT name FROM villagers").fetchone()[0] == "钱老太"
    target.close()
    assert old.read_bytes() == before  # upgraded in a temporary copy, never in place
    applied = sqlite3.connect(old).execute("SELECT COUNT(*) FROM _sqlite_migrations")
    assert applied.fetchone()[0] == len(steps) - 1


def test_a_laptop_file_still_open_reads_its_latest_commits(tmp_path):
    """Merging from a file whose last commits are only in its -wal (the laptop still on)."""
    lap, info = laptop(tmp_path, "A", 1)
    assert (tmp_path / "A.db-wal").exists()
    target = office(tmp_path)
    report = merge_database(target, tmp_path / "A.db")
    assert report.tables["tickets"].added == 4
    assert count(target, "request_follow_ups") == 1
    target.close()
    lap.close()


def test_the_summary_counts_records_folded_in_because_of_tombstones(runner, tmp_path):
    """An old copy of a laptop where a person then merged two records of one villager."""
    from marketapp.core.people.same_person import merge_villagers

    db, info = laptop(tmp_path, "A", 1)
    db.close()
    old = copy(tmp_path / "A.db", tmp_path / "old.db")
    db = open_database(tmp_path / "A.db")
    first, second = (r[0] for r in db.execute(
        "SELECT id FROM villagers WHERE id <> ? ORDER BY seq", [info["shared"]]))
    merge_villagers(db, first, second)
    db.close()
    dry = run(runner, tmp_path / "A.db", "merge", str(old), "--dry-run", lang="en")
    assert dry.exit_code == 0, dry.output
    assert "Records folded into the record they were merged into: 1" in dry.output
    result = run(runner, tmp_path / "A.db", "merge", str(old))
    assert result.exit_code == 0, result.output
    assert "按合并记录并入保留的村民记录：1 条" in result.output
    db = open_database(tmp_path / "A.db")
    assert count(db, "villagers", "id = ?", [second]) == 0
    db.close()
