"""Operators: PIN hashes, sign-in with lockout, roles, the sign-in switch, the CLI."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner

from marketapp.cli import cli
from marketapp.core import clock
from marketapp.core.access import operators as ops
from marketapp.core.access.operators import OperatorError, can


def test_pin_hash_is_salted_and_verifies_only_the_right_pin():
    first, second = ops.hash_pin("1234"), ops.hash_pin("1234")
    assert first != second  # a random salt per hash
    assert "1234" not in first and first.startswith("scrypt$")
    assert ops.verify_pin("1234", first) and ops.verify_pin("1234", second)
    assert not ops.verify_pin("1235", first)
    assert not ops.verify_pin("1234", "garbage") and not ops.verify_pin("1234", "md5$x$y$z$a$b")


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", "１２３４", " 1234"])
def test_pin_must_be_4_to_8_ascii_digits(pin):
    with pytest.raises(OperatorError) as caught:
        ops.hash_pin(pin)
    assert caught.value.code == "bad_pin"


def test_pins_are_stored_only_as_hashes(db):
    ops.add_operator(db, "王芳", "registrar", "20261128")
    stored = db.execute("SELECT pin_hash FROM operators").fetchone()[0]
    assert "20261128" not in stored
    dumped = "\n".join(db.conn.iterdump())
    assert "20261128" not in dumped


def test_sign_in_wrong_pin_messages_and_lockout_after_five(db):
    ops.add_operator(db, "李强", "stall", "4321")
    # Just before a whole second: the lock's end is stored to the second, and "30 seconds"
    # once came out as 29 here (one run in a thousand).
    start = clock.now().replace(microsecond=999_900)
    assert ops.sign_in(db, "李强", "4321", now=start).role == "stall"
    for left in (4, 3, 2, 1):
        with pytest.raises(OperatorError) as caught:
            ops.sign_in(db, "李强", "0000", now=start)
        assert caught.value.code == "wrong_pin"
        assert caught.value.message("zh") == f"PIN 不正确（还可再试 {left} 次）。"
        assert caught.value.message("en") == f"Wrong PIN ({left} tries left)."
    with pytest.raises(OperatorError) as caught:
        ops.sign_in(db, "李强", "0000", now=start)
    assert caught.value.code == "locked" and "60" in caught.value.message("zh")
    # Locked: even the right PIN is refused for a minute.
    with pytest.raises(OperatorError) as caught:
        ops.sign_in(db, "李强", "4321", now=start + timedelta(seconds=30))
    assert caught.value.code == "locked"
    assert "30 seconds" in caught.value.message("en")
    assert ops.sign_in(db, "李强", "4321", now=start + timedelta(seconds=61)).name == "李强"
    # The right PIN reset the count: four more wrong tries do not lock.
    for _ in range(4):
        with pytest.raises(OperatorError):
            ops.sign_in(db, "李强", "0000", now=start + timedelta(seconds=62))
    assert ops.sign_in(db, "李强", "4321", now=start + timedelta(seconds=63))


def test_the_lockout_survives_a_restart(db_path):
    from marketapp.store.database import open_database

    db = open_database(db_path)
    ops.add_operator(db, "赵敏", "registrar", "5555")
    for _ in range(5):
        with pytest.raises(OperatorError):
            ops.sign_in(db, "赵敏", "1111")
    db.close()
    db = open_database(db_path)
    with pytest.raises(OperatorError) as caught:
        ops.sign_in(db, "赵敏", "5555")
    assert caught.value.code == "locked"
    db.close()


def test_names_roles_and_disabled_operators(db):
    with pytest.raises(OperatorError, match="角色"):
        ops.add_operator(db, "某人", "boss", "1234")
    with pytest.raises(OperatorError):
        ops.add_operator(db, "  ", "stall", "1234")
    ops.add_operator(db, "陈静", "stall", "1234")
    with pytest.raises(OperatorError) as caught:
        ops.add_operator(db, "陈静", "admin", "9999")
    assert caught.value.code == "name_taken"
    ops.set_active(db, "陈静", False)
    with pytest.raises(OperatorError) as caught:
        ops.sign_in(db, "陈静", "1234")
    assert caught.value.code == "not_found"
    assert ops.list_operators(db) == []
    assert [o.name for o in ops.list_operators(db, include_inactive=True)] == ["陈静"]


def test_roles_and_permissions_as_a_pure_function():
    for action in ("settings", "export_full", "merge", "restore", "retention"):
        assert can("admin", action)
        assert not can("registrar", action) and not can("stall", action)
    assert can("registrar", "register") and can("registrar", "queue")
    assert not can("stall", "register") and can("stall", "stall")
    assert not can(None, "stall") and not can("boss", "stall")
    assert all(can("admin", action) for action in ops.ACTIONS)
    with pytest.raises(ValueError):
        can("admin", "launch_rockets")


def test_sign_in_is_off_by_default_and_then_everything_is_allowed(db):
    assert not ops.signin_enabled(db)
    assert ops.allowed(db, None, "export_full")
    assert ops.lock_minutes(db) == 10


def test_sign_in_needs_an_administrator_and_keeps_the_last_one(db):
    ops.add_operator(db, "登记员甲", "registrar", "1234")
    with pytest.raises(OperatorError) as caught:
        ops.set_signin_enabled(db, True)
    assert caught.value.code == "need_admin" and not ops.signin_enabled(db)
    admin = ops.add_operator(db, "管理员", "admin", "8888")
    ops.set_signin_enabled(db, True)
    assert ops.signin_enabled(db)
    registrar = ops.get_operator(db, "登记员甲")
    assert not ops.allowed(db, registrar, "export_full") and ops.allowed(db, admin, "restore")
    assert not ops.allowed(db, None, "register")
    with pytest.raises(OperatorError) as caught:
        ops.set_active(db, "管理员", False)
    assert caught.value.code == "last_admin"


def test_what_the_signed_in_name_may_do(db):
    assert ops.allowed_by_name(db, "", "restore")  # sign-in off: anyone, anything
    with pytest.raises(ValueError):
        ops.allowed_by_name(db, "", "launch_rockets")
    ops.add_operator(db, "管理员", "admin", "8888")
    ops.add_operator(db, "李强", "stall", "4321")
    ops.set_signin_enabled(db, True)
    assert ops.allowed_by_name(db, "管理员", "restore")
    assert ops.allowed_by_name(db, "李强", "stall") and not ops.allowed_by_name(db, "李强", "audit_view")
    assert not ops.allowed_by_name(db, "", "stall")  # nobody signed in
    assert not ops.allowed_by_name(db, "王走了", "stall")  # removed while signed in
    ops.set_active(db, "李强", False)
    assert not ops.allowed_by_name(db, "李强", "stall")


def invoke(db_path, *args, input=None):
    return CliRunner().invoke(cli, ["--db", str(db_path), *args], input=input)


def test_cli_add_list_signin_and_hidden_pin_prompt(db_path, monkeypatch):
    result = invoke(db_path, "operators", "add", "张伟", "--role", "admin", input="2468\n2468\n")
    assert result.exit_code == 0, result.output
    assert "2468" not in result.output and "已添加经办人 张伟（管理员）" in result.output
    result = invoke(db_path, "operators", "add", "刘洋", "--role", "stall", "--pin", "13579")
    assert result.exit_code == 0
    mismatch = invoke(db_path, "operators", "add", "孙丽", "--role", "stall", input="1111\n2222\n")
    assert mismatch.exit_code == 1 and "不一致" in mismatch.output
    short = invoke(db_path, "operators", "add", "孙丽", "--role", "stall", "--pin", "12")
    assert short.exit_code == 1 and "4–8 位数字" in short.output
    assert invoke(db_path, "operators", "signin", "on", "--lock-minutes", "5").exit_code == 0
    listing = invoke(db_path, "--lang", "en", "operators", "list")
    assert "Sign-in: on (lock after 5 minutes idle)" in listing.output
    assert "张伟\tadministrator" in listing.output and "刘洋\tstall staff" in listing.output
    # With sign-in on, the administrator proves who they are (tests/cli/test_signin_cli.py).
    monkeypatch.setattr("marketapp.commands.signin.has_terminal", lambda: True)
    changed = invoke(db_path, "operators", "set-pin", "刘洋", "--pin", "9999",
                     input="张伟\n2468\n")
    assert changed.exit_code == 0, changed.output
    disabled = invoke(db_path, "operators", "disable", "张伟", input="张伟\n2468\n")
    assert disabled.exit_code == 1 and "最后一位管理员" in disabled.output
    log = invoke(db_path, "operators", "log").output
    assert "operator_added" in log and "signin_on" in log and "operator_pin_changed" in log
