"""`marketapp backup`, `restore`, `check`: what a person at the terminal sees."""

import json
import os
import sqlite3

import pytest
from db_files import add_village, corrupt_table, villages

from marketapp.cli import cli
from marketapp.commands import backup as backup_commands
from marketapp.store.backup.mirror import MIRROR_SETTING
from marketapp.store.backup.snapshot import list_backups
from marketapp.store.database import backups_dir, open_database
from marketapp.store.instance_lock import InstanceLock


@pytest.fixture
def market(db_path):
    db = open_database(db_path)
    add_village(db, "花园村")
    db.close()
    return db_path


def run(runner, db_path, *args, lang="zh"):
    return runner.invoke(cli, ["--db", str(db_path), "--lang", lang, *args],
                         catch_exceptions=False)


def test_backup_writes_a_checked_copy_and_says_where(runner, market):
    result = run(runner, market, "backup")
    assert result.exit_code == 0, result.output
    made = list_backups(backups_dir(market), market)
    assert len(made) == 1 and made[0].reason == "manual"
    assert f"已备份到 {made[0].path}" in result.output and "MB" in result.output
    assert villages(made[0].path) == ["花园村"]


def test_backup_to_a_chosen_folder(runner, market, tmp_path):
    out = tmp_path / "copies"
    result = run(runner, market, "backup", "-o", str(out), lang="en")
    assert result.exit_code == 0
    (copy,) = out.iterdir()
    assert f"Backed up to {copy}" in result.output
    assert not backups_dir(market).exists()


def test_backup_copies_to_the_second_folder_from_the_settings(runner, market, tmp_path):
    stick = tmp_path / "usb"
    stick.mkdir()
    conn = sqlite3.connect(market)
    conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)",
                 [MIRROR_SETTING, json.dumps(str(stick))])
    conn.commit()
    conn.close()
    result = run(runner, market, "backup")
    assert result.exit_code == 0
    assert "已复制到第二个文件夹" in result.output
    assert len(list(stick.glob("market-*-manual.db"))) == 1
    for f in stick.iterdir():
        f.unlink()
    stick.rmdir()  # the stick is pulled out
    result = run(runner, market, "backup")
    assert result.exit_code == 0  # the backup itself was made
    assert "复制到第二个文件夹" in result.output and "失败" in result.output
    assert len(list_backups(backups_dir(market), market)) == 2


def test_backup_without_a_data_file_exits_1(runner, tmp_path):
    result = run(runner, tmp_path / "missing.db", "backup")
    assert result.exit_code == 1 and "不存在" in result.output
    assert not (tmp_path / "missing.db").exists()


def test_check_a_sound_file(runner, market):
    result = run(runner, market, "check")
    assert result.exit_code == 0
    assert "数据文件完好" in result.output and "完整性检查：通过" in result.output
    assert "Foreign-key check: passed" in run(runner, market, "check", lang="en").output


def test_check_a_damaged_file_names_the_backup_to_restore(runner, market):
    run(runner, market, "backup")
    good = list_backups(backups_dir(market), market)[0].path
    db = open_database(market)
    with db.atomic():
        for i in range(300):
            db.execute("INSERT INTO villages (id, name, created_at) VALUES (?, ?, 'x')",
                       [f"v{i}", f"村{i}" * 10])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    corrupt_table(market, "villages")
    result = run(runner, market, "check")
    assert result.exit_code == 1
    assert "数据文件有问题" in result.output
    assert f'marketapp restore "{good}"' in result.output


def test_check_reports_a_missing_file(runner, tmp_path):
    result = run(runner, tmp_path / "missing.db", "check")
    assert result.exit_code == 1 and "无法打开数据文件" in result.output


def test_restore_a_backup(runner, market):
    run(runner, market, "backup")
    good = list_backups(backups_dir(market), market)[0].path
    db = open_database(market)
    add_village(db, "后来村")
    db.close()
    result = run(runner, market, "restore", str(good))
    assert result.exit_code == 0, result.output
    assert f"已从 {good} 恢复" in result.output and "恢复前的数据已备份到" in result.output
    assert villages(market) == ["花园村"]
    safety = [b for b in list_backups(backups_dir(market), market) if b.reason == "restore"]
    assert len(safety) == 1 and villages(safety[0].path) == ["后来村", "花园村"]


def test_restore_refuses_a_bad_file_and_changes_nothing(runner, market, tmp_path):
    bad = tmp_path / "photo.db"
    bad.write_bytes(b"\x89PNG" + b"\0" * 5000)
    result = run(runner, market, "restore", str(bad))
    assert result.exit_code == 1
    assert "不是可读取的数据库文件" in result.output and "未做任何恢复" in result.output
    assert "Traceback" not in result.output
    assert villages(market) == ["花园村"]
    en = run(runner, market, "restore", str(bad), lang="en")
    assert "nothing was restored" in en.output


def test_restore_refuses_while_the_app_has_the_file_open(runner, market):
    run(runner, market, "backup")
    good = list_backups(backups_dir(market), market)[0].path
    db = open_database(market)
    add_village(db, "后来村")
    db.close()
    with InstanceLock(market):  # the app is running on this file
        result = run(runner, market, "restore", str(good))
    assert result.exit_code == 1
    assert "正在被 marketapp 使用" in result.output and f"进程号 {os.getpid()}" in result.output
    assert villages(market) == ["后来村", "花园村"]
    assert [b.reason for b in list_backups(backups_dir(market), market)] == ["manual"]


def test_read_only_commands_work_while_the_app_holds_the_lock(runner, market):
    with InstanceLock(market):
        assert run(runner, market, "check").exit_code == 0
        assert run(runner, market, "backup").exit_code == 0


def test_commands_warn_when_the_data_file_is_on_a_usb_stick(runner, market, monkeypatch):
    monkeypatch.setattr(backup_commands, "storage_warning",
                        lambda path: "数据文件在可移动存储上（/media/u）")
    result = run(runner, market, "check")
    assert result.exit_code == 0 and "注意：数据文件在可移动存储上" in result.output
