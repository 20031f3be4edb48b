"""A damaged, foreign or unreadable data file on the command line (issue 15, items 3, 4, 5, 8,
9): every error from opening or reading it is damage said with the restore line, writers run
the app's start check first and refuse, readers never write (never checkpoint), another
program's database is refused, a full disk is said as such."""

import sqlite3
import subprocess
import sys

import pytest
from db_files import add_village, corrupt_table, flip_in_schema, foreign_wal, villages
from roster_files import people, roster_rows, write_csv

from marketapp.cli import cli
from marketapp.core.people.search.index import rebuild_if_stale
from marketapp.store import integrity, startup_check
from marketapp.store.backup.policy import backup_now
from marketapp.store.database import open_database


@pytest.fixture
def market(db_path):
    db = open_database(db_path)
    rebuild_if_stale(db)  # as the app and every writing command leave a file
    add_village(db, "花园村")
    db.close()
    return db_path


def run(runner, db_path, *args, lang="zh"):
    return runner.invoke(cli, ["--db", str(db_path), "--lang", lang, *args])


READERS = [("check",), ("search", "张"), ("board",), ("services",), ("operators", "list"),
           ("operators", "log"), ("export", "villagers", "-o", "{out}"),
           ("report", "--date", "2026-01-01", "-o", "{pdf}"), ("desk",)]


def fill(args, tmp_path):
    return [a.format(out=tmp_path / "out.csv", pdf=tmp_path / "out.pdf") for a in args]


# -- item 3: a byte that is not UTF-8 in SQLite's error text ---------------------------------

def test_a_flipped_schema_byte_is_damage_for_every_command_and_restore_works(
        runner, market, tmp_path):
    good = backup_now(market, "manual").path
    flip_in_schema(market)
    roster = write_csv(tmp_path / "r.csv", roster_rows(people(3, seed=1)))
    for args in [*READERS[1:], ("import-villagers", str(roster)), ("merge", str(good)),
                 ("desk", "1", "2"), ("retention", "--years", "5", "--yes")]:
        result = run(runner, market, *fill(args, tmp_path))
        assert result.exit_code == 1, (args, result.output)
        assert "Traceback" not in result.output and result.exception is None or \
            isinstance(result.exception, SystemExit), (args, result.output)
        assert "已损坏" in result.output, (args, result.output)
        assert f'marketapp restore "{good}"' in result.output, (args, result.output)
    checked = run(runner, market, "check")
    assert checked.exit_code == 1 and "CRE\ufffdTE" in checked.output
    assert "marketapp restore" in checked.output
    restored = run(runner, market, "restore", str(good))
    assert restored.exit_code == 0, restored.output
    assert villages(market) == ["花园村"]


# -- item 4: writers check first, readers never write --------------------------------------

def test_an_import_into_a_damaged_file_is_refused_and_writes_nothing(runner, market, tmp_path):
    db = open_database(market)
    for i in range(60):
        add_village(db, f"村{i:02d}")
    db.close()
    corrupt_table(market, "villages")
    before = market.read_bytes()
    roster = write_csv(tmp_path / "r.csv", roster_rows(people(20, seed=2)))
    result = run(runner, market, "import-villagers", str(roster), lang="en")
    assert result.exit_code == 1
    assert "is damaged" in result.output and "nothing was changed" in result.output
    assert market.read_bytes() == before


@pytest.mark.parametrize("ours", [False, True], ids=["program", "laptop"])
@pytest.mark.parametrize("args", [READERS[0], READERS[1], READERS[2], READERS[6]],
                         ids=["check", "search", "board", "export"])
def test_readers_never_checkpoint_a_foreign_log_into_the_file(market, tmp_path, args, ours):
    """In a process of its own: the last connection closing at exit is what checkpoints."""
    foreign_wal(market, tmp_path / "other.db", ours=ours)
    before = market.read_bytes()
    done = subprocess.run([sys.executable, "-m", "marketapp", "--db", str(market),
                           *fill(args, tmp_path)], capture_output=True, text=True, timeout=60)
    assert "Traceback" not in done.stderr, done.stderr
    assert market.read_bytes() == before  # whatever they said, the file is as it was


def test_a_foreign_log_is_refused_by_readers_and_writers(runner, market, tmp_path):
    foreign_wal(market, tmp_path / "other.db")
    before = market.read_bytes()
    for args in (("export", "villagers", "-o", str(tmp_path / "v.csv")), ("desk", "1", "2")):
        result = run(runner, market, *args)
        assert result.exit_code == 1, result.output
        assert "已损坏" in result.output or "其他程序的数据库" in result.output
    assert not (tmp_path / "v.csv").exists()
    assert market.read_bytes() == before
    market.with_name(market.name + "-wal").unlink()  # the stray log taken away
    assert integrity.check_database(market).ok and villages(market) == ["花园村"]


def test_readers_do_not_create_a_data_file(runner, tmp_path):
    missing = tmp_path / "none.db"
    for args in READERS[1:]:
        run(runner, missing, *fill(args, tmp_path))
    assert not missing.exists()


# -- item 5: another program's SQLite file --------------------------------------------------

def test_another_programs_database_is_refused_and_left_as_it_was(runner, tmp_path):
    other = tmp_path / "accounts.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount REAL)")
    conn.execute("INSERT INTO ledger (amount) VALUES (12.5)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    roster = write_csv(tmp_path / "r.csv", roster_rows(people(2, seed=3)))
    for args in (("import-villagers", str(roster)), ("search", "张"), ("desk", "1", "2"),
                 ("export", "villagers", "-o", str(tmp_path / "v.csv"))):
        result = run(runner, other, *args)
        assert result.exit_code == 1, (args, result.output)
        assert "是其他程序的数据库" in result.output
    assert other.read_bytes() == before
    conn = sqlite3.connect(other)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # not switched to WAL
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["ledger"]
    conn.close()


def test_an_empty_sqlite_file_becomes_a_data_file(runner, tmp_path):
    empty = tmp_path / "new.db"
    sqlite3.connect(empty).close()
    result = run(runner, empty, "desk", "1", "2")
    assert result.exit_code == 0, result.output


# -- item 9: a full disk is not damage -------------------------------------------------------

def test_a_full_disk_is_said_as_such_not_as_damage(runner, market, monkeypatch):
    backup_now(market, "manual")

    def no_room(path):
        raise sqlite3.OperationalError("disk I/O error")  # SQLite cannot make the -shm

    monkeypatch.setattr(integrity, "connect_read_only", no_room)
    monkeypatch.setattr(startup_check, "out_of_room", lambda path: True)
    state = startup_check.startup_check(market)
    assert state.status == "disk_full" and state.good_backup is None and not state.ok
    assert "磁盘已满" in state.message("zh") and "损坏" not in state.message("zh").split("；")[0]
    for args in (("search", "张"), ("desk", "1", "2")):
        result = run(runner, market, *args, lang="en")
        assert result.exit_code == 1
        assert "The disk holding the data file is full" in result.output
        assert "marketapp restore" not in result.output


def test_a_file_with_a_hundred_problems_is_said_in_a_line_and_check_lists_a_few(runner, db_path):
    """SQLite reports widespread damage as one row of a hundred lines: the refusal quotes
    one, `check` counts them all and lists a few, and the restore line stays in sight."""
    from datetime import date

    from db_files import share_a_page

    from marketapp.core.demo.day import run_demo

    db = open_database(db_path)
    run_demo(db, day=date(2026, 3, 8), villagers=60, seed=2)
    db.close()
    share_a_page(db_path)
    refused = run(runner, db_path, "search", "王")
    assert refused.exit_code == 1 and "已损坏" in refused.output
    assert len(refused.output.splitlines()) <= 3 and len(refused.output) < 300
    checked = run(runner, db_path, "check")
    assert checked.exit_code == 1
    count = int(checked.output.split("完整性检查：")[1].split(" 处问题")[0])
    after = checked.output.split(" 处问题", 1)[1].splitlines()[1:]
    listed = [line for line in after[:next((i for i, line in enumerate(after)
                                             if not line.startswith("  - ")), len(after))]]
    assert count > 50 and 0 < len(listed) <= integrity.SHOWN_PROBLEMS < count
    assert len(checked.output.splitlines()) <= 2 * integrity.SHOWN_PROBLEMS + 10
