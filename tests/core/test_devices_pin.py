"""The stall PIN (sign-in on): pairing a stall device also takes the name and PIN of someone
who may work at a stall, checked as the desktop's sign-in checks it (wrong tries count, then a
lockout); a refusal spends nothing; the device and its writes name that operator."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from ui_helpers import add_person

from marketapp.core.access import operators as ops
from marketapp.core.access.operators import OperatorError
from marketapp.core.devices import stall_commands as commands
from marketapp.core.devices.errors import DeviceError
from marketapp.core.devices.pairing import code_state, create_code, list_devices, redeem_code
from marketapp.core.devices.pairing_pin import (
    PinRefused,
    pin_required,
    pin_setting,
    set_pin_required,
)
from marketapp.core.market.days import StallPlan, open_market_day
from marketapp.core.queue import engine as queue
from marketapp.core.queue.visits import get_visit

NOW = datetime.now().astimezone().replace(microsecond=0)


@pytest.fixture
def day(db):
    return open_market_day(db, date.today(), "花园村",
                           [StallPlan("haircut", ("王师傅",)), StallPlan("health_check", ("陆医生",))])


@pytest.fixture
def pin_on(db):
    """Sign-in on, an administrator, a stall worker and a registrar; the stall PIN on."""
    ops.add_operator(db, "李站长", "admin", "900001")
    ops.add_operator(db, "陆医生", "stall", "135790")
    ops.add_operator(db, "王芳", "registrar", "246801")
    ops.set_signin_enabled(db, True, by="李站长")
    set_pin_required(db, True, by="李站长")


def stall_code(db, day, stall=1, operator="李站长"):
    return create_code(db, day, stall_id=day.stalls[stall].id, operator=operator, at=NOW)


def refusal(db, code, **kwargs) -> PinRefused:
    with pytest.raises(PinRefused) as caught:
        redeem_code(db, code.code, at=NOW, **kwargs)
    return caught.value


def sensitive(db, action):
    return db.execute("SELECT operator, detail FROM sensitive_log WHERE action = ? ORDER BY at",
                      [action]).fetchall()


def test_the_setting_is_on_only_with_sign_in_and_only_an_administrator_changes_it(db):
    with pytest.raises(DeviceError, match="请先开启登录"):
        set_pin_required(db, True)
    assert not pin_setting(db) and not pin_required(db)
    ops.add_operator(db, "李站长", "admin", "900001")
    ops.add_operator(db, "王芳", "registrar", "246801")
    ops.set_signin_enabled(db, True, by="李站长")
    with pytest.raises(OperatorError, match="无权"):
        set_pin_required(db, True, by="王芳")
    with pytest.raises(OperatorError, match="无权"):
        set_pin_required(db, True, by="")  # nobody signed in
    set_pin_required(db, True, by="李站长")
    assert pin_required(db)
    ops.set_signin_enabled(db, False, by="李站长")
    assert pin_setting(db) and not pin_required(db)  # waits for sign-in
    set_pin_required(db, False)  # with sign-in off, anyone may turn it off
    assert [who for who, _ in sensitive(db, "device_pin_on")] == ["李站长"]
    assert len(sensitive(db, "device_pin_off")) == 1


def test_without_the_pin_nothing_is_paired_and_the_code_stays_usable(db, day, pin_on):
    code = stall_code(db, day)
    for kwargs in ({}, {"operator": "陆医生"}, {"pin": "135790"}, {"operator": " ", "pin": " "}):
        error = refusal(db, code, **kwargs)
        assert error.code == "pin_needed" and "姓名和 PIN" in error.message("zh")
    assert list_devices(db, day.id) == [] and code_state(db, code.id, at=NOW).usable
    assert sensitive(db, "device_paired") == []


def test_a_wrong_pin_counts_as_at_sign_in_and_locks_the_name_out(db, day, pin_on):
    code = stall_code(db, day)
    for left in (4, 3, 2, 1):
        error = refusal(db, code, operator="陆医生", pin="000000")
        assert (error.code, error.message("zh")) == ("wrong_pin", f"PIN 不正确（还可再试 {left} 次）。")
    locked = refusal(db, code, operator="陆医生", pin="000000")
    assert locked.message("zh") == ops.OperatorError("locked", seconds=60).message("zh")
    # Locked: even the right PIN is refused, on the phone and at the laptop alike.
    assert refusal(db, code, operator="陆医生", pin="135790").code == "locked"
    with pytest.raises(OperatorError, match="PIN 错误次数过多"):
        ops.sign_in(db, "陆医生", "135790", now=NOW)  # NOW, not the clock: the suite is long
    assert list_devices(db, day.id) == [] and code_state(db, code.id, at=NOW).usable
    later = NOW + timedelta(seconds=61)
    device, _ = redeem_code(db, code.code, operator="陆医生", pin="135790", at=later)
    assert device.operator == "陆医生"


def test_an_unknown_name_and_a_role_that_may_not_work_at_a_stall_are_refused(db, day, pin_on):
    code = stall_code(db, day)
    assert "没有名为“张三”的经办人" in refusal(db, code, operator="张三", pin="123456").message("zh")
    error = refusal(db, code, operator="王芳", pin="246801")
    assert error.code == "pin_role"
    assert error.message("zh") == ("“王芳”（登记员）不能在摊位办理：请输入摊位人员或管理员的姓名和 PIN。")
    assert "(registrar)" in error.message("en")
    ops.set_active(db, "陆医生", False, by="李站长")
    assert refusal(db, code, operator="陆医生", pin="135790").code == "not_found"
    assert list_devices(db, day.id) == [] and code_state(db, code.id, at=NOW).usable
    admin, _ = redeem_code(db, code.code, operator="李站长", pin="900001", at=NOW)
    assert admin.operator == "李站长"  # an administrator may work a stall


def test_a_dead_code_costs_no_pin_try(db, day, pin_on):
    used = stall_code(db, day)
    redeem_code(db, used.code, operator="陆医生", pin="135790", at=NOW)
    for _ in range(6):
        with pytest.raises(DeviceError, match="已经用过了"):
            redeem_code(db, used.code, operator="陆医生", pin="000000", at=NOW)
    assert ops.sign_in(db, "陆医生", "135790").name == "陆医生"  # never locked


def test_the_device_and_the_log_record_who_paired_it_and_its_writes_name_them(db, day, pin_on):
    code = stall_code(db, day)  # made by the administrator on the laptop
    device, _ = redeem_code(db, code.code, name="iPhone · 微信", operator="陆医生", pin="135790",
                            at=NOW)
    assert (device.operator, device.actor) == ("陆医生", "陆医生(摊位设备B·1号窗口)")
    assert sensitive(db, "device_paired") == [
        ("陆医生", f"stall {device.id} with PIN, code made by 李站长")]
    queue.issue(db, day.stalls[1].id, add_person(db, "王秀英").id)
    assert commands.call_next(db, device, {}).ok and commands.arrived(db, device, {}).ok
    done = commands.done(db, device, {"outcome": {"systolic": "150", "diastolic": "95"}})
    assert {row[0] for row in db.execute("SELECT operator FROM queue_events "
                                         "WHERE action <> 'issue'")} == {device.actor}
    assert get_visit(db, done.result["visit_id"]).staff == "陆医生"


def test_the_display_sign_in_off_or_the_setting_off_pair_as_before(db, day, pin_on):
    display, _ = redeem_code(db, create_code(db, day, display=True, operator="李站长",
                                             at=NOW).code, at=NOW)
    assert display.operator == "李站长"  # the display needs no PIN
    set_pin_required(db, False, by="李站长")
    assert redeem_code(db, stall_code(db, day).code, at=NOW)[0].operator == "李站长"
    set_pin_required(db, True, by="李站长")
    ops.set_signin_enabled(db, False, by="李站长")
    assert redeem_code(db, stall_code(db, day, operator="").code, at=NOW)[0].operator == ""
