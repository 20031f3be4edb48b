"""Commands that write hold the app's lock (issue 15, item 1), and no output path of any
command may be the data file, its own files or its backups folder (items 2 and 13)."""

import csv
import os
import subprocess
import sys
import time

import pytest
from db_files import add_village, villages
from roster_files import people, roster_rows, write_csv

from marketapp.cli import cli
from marketapp.store.backup.policy import backup_now
from marketapp.store.backup.snapshot import list_backups
from marketapp.store.database import backups_dir, open_database
from marketapp.store.instance_lock import InstanceLock, is_locked


@pytest.fixture
def market(db_path):
    db = open_database(db_path)
    add_village(db, "花园村")
    db.close()
    return db_path


def run(runner, db_path, *args, lang="zh", **kwargs):
    return runner.invoke(cli, ["--db", str(db_path), "--lang", lang, *args], **kwargs)


def count_villagers(path):
    import sqlite3

    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM villagers").fetchone()[0]
    finally:
        conn.close()


# -- item 1: one writer at a time --------------------------------------------------------

def test_an_import_is_refused_while_the_app_has_the_file_open(runner, market, tmp_path):
    roster = write_csv(tmp_path / "r.csv", roster_rows(people(5, seed=3)))
    with InstanceLock(market):
        result = run(runner, market, "import-villagers", str(roster))
    assert result.exit_code == 1
    assert "已在 marketapp 窗口中打开" in result.output and f"进程号 {os.getpid()}" in result.output
    assert "Traceback" not in result.output
    assert count_villagers(market) == 0


@pytest.mark.parametrize("args", [
    ("desk", "1", "2"), ("operators", "add", "王", "--role", "admin", "--pin", "246810"),
    ("retention", "--years", "5", "--yes"), ("demo", "--villagers", "3"),
])
def test_every_writing_command_is_refused_beside_the_app(runner, market, args):
    before = market.read_bytes()
    with InstanceLock(market):
        result = run(runner, market, *args, lang="en", env={"MARKETAPP_DB": str(market)})
    assert result.exit_code == 1, result.output
    assert "is open in the marketapp window" in result.output
    assert market.read_bytes() == before


def test_a_restore_started_during_an_import_waits_and_its_backup_holds_the_import(
        runner, market, tmp_path):
    good = backup_now(market, "manual").path
    roster = write_csv(tmp_path / "big.csv", roster_rows(people(3000, seed=11)))
    child = subprocess.Popen([sys.executable, "-m", "marketapp", "--db", str(market),
                              "import-villagers", str(roster)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # until the import holds the file
            holder = is_locked(market)
            if holder is not None and holder.command == "import-villagers":
                break
            assert child.poll() is None, child.communicate()
            time.sleep(0.01)
        else:
            pytest.fail("the import never took the data file's lock")
        result = run(runner, market, "restore", str(good))
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 0, err
    assert result.exit_code == 0, result.output
    assert "正在等待“marketapp import-villagers”" in result.output
    before = [b.path for b in list_backups(backups_dir(market), market) if b.reason == "restore"]
    assert len(before) == 1
    assert count_villagers(before[0]) == 3000  # everything committed before the overwrite
    assert count_villagers(market) == 0 and villages(market) == ["花园村"]


# -- items 2 and 13: outputs ----------------------------------------------------------------

@pytest.fixture
def roster(tmp_path):
    rows = roster_rows(people(3, seed=4))
    rows.append(["4", "坏号码", "男", "330624195003080039", "", "花园村", "1组", ""])
    return write_csv(tmp_path / "roster.csv", rows)


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", ".lock"])
def test_rejects_pointed_at_the_data_file_is_refused_and_changes_nothing(runner, market,
                                                                        roster, suffix):
    target = market.with_name(market.name + suffix)
    before = target.read_bytes() if target.exists() else None
    data = market.read_bytes()
    result = run(runner, market, "import-villagers", str(roster), "--rejects", str(target))
    assert result.exit_code == 1, result.output
    assert "数据文件本身或它的附属文件" in result.output
    assert market.read_bytes() == data and count_villagers(market) == 0
    if suffix in ("", ".lock"):
        assert (target.read_bytes() if target.exists() else None) == before
    else:  # SQLite's own files (reading the file above made them): never the rejected rows
        assert "原因".encode() not in target.read_bytes()


def test_outputs_in_the_backups_folder_or_on_the_data_file_are_refused(runner, market):
    backup_now(market, "manual")
    folder = backups_dir(market)
    kept = sorted(p.name for p in folder.iterdir())
    data = market.read_bytes()
    for args in (("export", "villagers", "-o", str(market)),
                 ("export", "visits", "-o", str(folder / "visits.csv")),
                 ("export", "villagers", "--full", "-o", str(folder / "full.csv")),
                 ("report", "--date", "2026-01-01", "-o", str(folder / "r.pdf"))):
        result = run(runner, market, *args, lang="en")
        assert result.exit_code == 1, (args, result.output)
        assert "nothing was changed" in result.output
    assert market.read_bytes() == data
    assert sorted(p.name for p in folder.iterdir()) == kept


def test_a_hard_link_to_the_data_file_is_the_data_file(runner, market, tmp_path):
    link = tmp_path / "elsewhere.csv"
    os.link(market, link)
    result = run(runner, market, "export", "villagers", "-o", str(link))
    assert result.exit_code == 1 and count_villagers(market) == 0


def test_rejected_rows_keep_18_digit_ids_as_text_for_excel(runner, market, tmp_path):
    good = people(1, seed=9)[0]["id_number"]
    rows = [["序号", "姓名", "性别", "身份证号码", "联系电话", "所属村", "村民小组", "备注"],
            ["1", "", "男", good, "13900001111", "花园村", "1组", ""]]  # no name: rejected
    out = tmp_path / "rejects.csv"
    result = run(runner, market, "import-villagers", str(write_csv(tmp_path / "r.csv", rows)),
                 "--rejects", str(out))
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[1][table[0].index("身份证号码")] == "\t" + good
