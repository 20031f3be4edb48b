"""With sign-in on, the command line asks for the operator the app would (issue 15, item 7):
what the app reserves for a role needs that role's name and PIN, typed on a terminal; the
log names who proved it, not what $MARKETAPP_OPERATOR claims; merge and restore are logged."""

import pytest
from click.testing import CliRunner
from db_files import add_village

from marketapp.cli import cli
from marketapp.commands import signin
from marketapp.core.access import operators as ops
from marketapp.core.people.audit import sensitive_entries
from marketapp.core.people.search.index import rebuild_if_stale
from marketapp.store.backup.policy import backup_now
from marketapp.store.database import open_database

ADMIN, ADMIN_PIN = "老王", "20240615"
CLERK, CLERK_PIN = "小李", "135790"


@pytest.fixture
def signed(db_path):
    db = open_database(db_path)
    rebuild_if_stale(db)
    add_village(db, "花园村")
    ops.add_operator(db, ADMIN, "admin", ADMIN_PIN)
    ops.add_operator(db, CLERK, "registrar", CLERK_PIN)
    ops.set_signin_enabled(db, True)
    db.close()
    return db_path


@pytest.fixture
def terminal(monkeypatch):
    monkeypatch.setattr(signin, "has_terminal", lambda: True)


def run(path, *args, input=None, lang="zh"):
    return CliRunner().invoke(cli, ["--db", str(path), "--lang", lang, *args], input=input,
                              env={"MARKETAPP_OPERATOR": "冒充的人"})


def log(path):
    db = open_database(path)
    try:
        return [(e.operator, e.action) for e in sensitive_entries(db, 100)]
    finally:
        db.close()


RESERVED = [
    ("export", "villagers", "--full", "-o", "{tmp}/full.csv"),
    ("export", "visits", "--full", "-o", "{tmp}/visits.csv"),
    ("report", "--date", "2026-01-01", "--full", "-o", "{tmp}/r.pdf"),
    ("retention", "--years", "5", "--yes"),
    ("operators", "set-pin", ADMIN, "--pin", "11112222"),
    ("operators", "add", "新管理员", "--role", "admin", "--pin", "33334444"),
    ("operators", "disable", CLERK), ("operators", "signin", "off"), ("desk", "1", "2"),
    ("merge", "{tmp}/other.db"), ("restore", "{tmp}/good.db"),
]


@pytest.mark.parametrize("args", RESERVED, ids=lambda a: " ".join(a[:2]))
def test_without_a_terminal_a_reserved_command_is_refused(signed, tmp_path, args):
    before = signed.read_bytes()
    result = run(signed, *[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 1, result.output
    assert "已开启登录" in result.output and "终端" in result.output
    assert signed.read_bytes() == before
    assert not (tmp_path / "full.csv").exists() and not (tmp_path / "r.pdf").exists()


def test_an_administrators_pin_lets_it_run_and_the_log_names_them(signed, tmp_path, terminal):
    out = tmp_path / "full.csv"
    result = run(signed, "export", "villagers", "--full", "-o", str(out),
                 input=f"{ADMIN}\n{ADMIN_PIN}\n")
    assert result.exit_code == 0, result.output
    assert ADMIN_PIN not in result.output and out.exists()
    assert log(signed)[0] == (ADMIN, "export_full")  # not what $MARKETAPP_OPERATOR says


def test_a_wrong_pin_is_refused_and_counted(signed, tmp_path, terminal):
    result = run(signed, "operators", "set-pin", ADMIN, "--pin", "99998888",
                 input=f"{ADMIN}\n00000000\n")
    assert result.exit_code == 1 and "PIN" in result.output
    db = open_database(signed)
    try:
        assert db.execute("SELECT failed_tries FROM operators WHERE name = ?",
                          [ADMIN]).fetchone()[0] == 1
        assert ops.sign_in(db, ADMIN, ADMIN_PIN).name == ADMIN  # the PIN was not changed
    finally:
        db.close()


@pytest.mark.parametrize("args", [("retention", "--years", "5", "--yes"),
                                  ("operators", "set-pin", ADMIN, "--pin", "11112222"),
                                  ("operators", "signin", "off")])
def test_a_registrar_may_not_do_an_administrators_work(signed, terminal, args):
    result = run(signed, *args, input=f"{CLERK}\n{CLERK_PIN}\n")
    assert result.exit_code == 1, result.output
    assert f"“{CLERK}”（登记员）无权执行此操作" in result.output
    db = open_database(signed)
    try:
        assert ops.signin_enabled(db) and ops.sign_in(db, ADMIN, ADMIN_PIN)
    finally:
        db.close()


def test_a_registrar_may_import_as_in_the_app(signed, tmp_path, terminal):
    from roster_files import people, roster_rows, write_csv

    roster = write_csv(tmp_path / "r.csv", roster_rows(people(2, seed=5)))
    result = run(signed, "import-villagers", str(roster), input=f"{CLERK}\n{CLERK_PIN}\n")
    assert result.exit_code == 0, result.output


def test_merge_and_restore_are_logged_with_who_did_them(signed, tmp_path, terminal):
    good = backup_now(signed, "manual").path
    other = tmp_path / "other.db"
    db = open_database(other)
    add_village(db, "桃源村")
    db.close()
    merged = run(signed, "merge", str(other), input=f"{ADMIN}\n{ADMIN_PIN}\n")
    assert merged.exit_code == 0, merged.output
    assert log(signed)[0] == (ADMIN, "merge")
    restored = run(signed, "restore", str(good), input=f"{ADMIN}\n{ADMIN_PIN}\n")
    assert restored.exit_code == 0, restored.output
    assert log(signed)[0] == (ADMIN, "restore")


def test_with_sign_in_off_merge_and_restore_are_logged_too(db_path, tmp_path):
    db = open_database(db_path)
    add_village(db, "花园村")
    db.close()
    good = backup_now(db_path, "manual").path
    assert run(db_path, "merge", str(good)).exit_code == 0
    assert run(db_path, "restore", str(good)).exit_code == 0
    assert log(db_path)[0] == ("冒充的人", "restore")  # sign-in off: who the shell says


def test_a_short_pin_is_accepted_with_advice(db_path):
    result = run(db_path, "operators", "add", "张伟", "--role", "admin", "--pin", "2468")
    assert result.exit_code == 0
    assert "6–8 位数字要安全得多" in result.output
    quiet = run(db_path, "operators", "add", "刘洋", "--role", "stall", "--pin", "24681357")
    assert quiet.exit_code == 0 and "安全得多" not in quiet.output
