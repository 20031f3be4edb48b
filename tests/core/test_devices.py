"""Stall devices in core: pairing codes and tokens, every way a pairing ends, the command log
that makes a retry harmless, and what a device's commands write (who made them)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from ui_helpers import add_person

from marketapp.core.devices import stall_commands as commands
from marketapp.core.devices.command_log import run_once
from marketapp.core.devices.errors import DeviceError
from marketapp.core.devices.naming import device_name
from marketapp.core.devices.pairing import (
    authenticate,
    create_code,
    find_device,
    list_devices,
    redeem_code,
    revoke_device,
    set_counter,
)
from marketapp.core.market.days import StallPlan, get_market_day, open_market_day
from marketapp.core.queue import engine as queue
from marketapp.core.queue.closing import close_market_day, reopen_market_day
from marketapp.core.queue.visits import get_visit

NOW = datetime.now().astimezone().replace(microsecond=0)


@pytest.fixture
def day(db):
    return open_market_day(db, date.today(), "花园村",
                           [StallPlan("haircut", ("王师傅",), counters=2),
                            StallPlan("health_check", ("陆医生",))])


def pair(db, day, stall=0, counter=None, operator="", **kwargs):
    code = create_code(db, day, stall_id=day.stalls[stall].id, counter=counter,
                       operator=operator, at=NOW)
    return redeem_code(db, code.code, at=NOW, **kwargs)


def test_a_code_pairs_one_device_once_and_only_its_hash_is_stored(db, db_path, day):
    code = create_code(db, day, stall_id=day.stalls[1].id, at=NOW)
    assert len(code.code) >= 16 and code.counter == 1  # one counter: nothing to choose
    device, token = redeem_code(db, code.code, name="Android 13 · Chrome", at=NOW)
    assert (device.scope, device.stall_id, device.counter) == ("stall", day.stalls[1].id, 1)
    assert authenticate(db, token, at=NOW).id == device.id
    with pytest.raises(DeviceError, match="已经用过了"):
        redeem_code(db, code.code, at=NOW)
    db.conn.commit()
    raw = db_path.read_bytes() + db_path.with_name(db_path.name + "-wal").read_bytes()
    assert code.code.encode() not in raw and token.encode() not in raw


@pytest.mark.parametrize(("code", "message"), [("nonsense-code-123", "无效"), ("", "无效")])
def test_an_unknown_code_is_refused(db, day, code, message):
    with pytest.raises(DeviceError, match=message):
        redeem_code(db, code, at=NOW)


def test_a_code_expires_after_ten_minutes(db, day):
    code = create_code(db, day, display=True, at=NOW)
    redeem_code(db, create_code(db, day, display=True, at=NOW).code,
                at=NOW + timedelta(minutes=10))  # the tenth minute still counts
    with pytest.raises(DeviceError, match="已过期"):
        redeem_code(db, code.code, at=NOW + timedelta(minutes=10, seconds=1))


def test_revoked_devices_and_bad_tokens_are_refused(db, day):
    device, token = pair(db, day)
    for bad in (None, "", "x" * 43):
        with pytest.raises(DeviceError, match="还没有配对"):
            authenticate(db, bad)
    assert find_device(db, device.id[:8]).id == device.id
    revoke_device(db, device.id, operator="李站长")
    with pytest.raises(DeviceError, match="撤销"):
        authenticate(db, token)
    assert not list_devices(db, day.id)[0].active


def test_closing_the_day_ends_every_pairing_and_reopening_does_not_revive_them(db, day):
    device, token = pair(db, day)
    unused = create_code(db, day, display=True, at=NOW)
    close_market_day(db, day.id, at=NOW + timedelta(minutes=1))
    with pytest.raises(DeviceError, match="已收市"):
        authenticate(db, token)
    with pytest.raises(DeviceError):
        redeem_code(db, unused.code, at=NOW + timedelta(minutes=2))
    with pytest.raises(DeviceError, match="已收市"):
        create_code(db, get_market_day(db, day.id), display=True)
    reopen_market_day(db, day.id, at=NOW + timedelta(minutes=3))
    with pytest.raises(DeviceError, match="已收市"):
        authenticate(db, token)  # ended for good: scan again
    assert list_devices(db, day.id)[0].ended_at is not None


def test_a_day_closed_elsewhere_is_refused_even_without_the_mark(db, day):
    _device, token = pair(db, day)
    db.execute("UPDATE market_days SET status = 'closed' WHERE id = ?", [day.id])
    with pytest.raises(DeviceError, match="已收市"):
        authenticate(db, token)


def test_counters_are_checked_when_pairing_and_when_chosen(db, day):
    with pytest.raises(DeviceError, match="只有 2 个窗口"):
        create_code(db, day, stall_id=day.stalls[0].id, counter=3)
    device, _ = pair(db, day)
    assert device.counter is None  # two counters: the page asks
    with pytest.raises(DeviceError, match="请先选择"):
        commands.call_next(db, device, {})
    for bad in (0, 3, "1", True, None):
        with pytest.raises(DeviceError):
            set_counter(db, device, bad)
    assert set_counter(db, device, 2).counter == 2


def test_last_seen_is_written_at_most_every_thirty_seconds(db, day):
    device, token = pair(db, day)
    authenticate(db, token, at=NOW + timedelta(seconds=10))
    assert list_devices(db)[0].last_seen_at == NOW.isoformat()
    authenticate(db, token, at=NOW + timedelta(seconds=31))
    assert list_devices(db)[0].last_seen_at == (NOW + timedelta(seconds=31)).isoformat()


def _events(db, action):
    return db.execute("SELECT COUNT(*) FROM queue_events WHERE action = ?",
                      [action]).fetchone()[0]


def test_a_repeated_request_id_changes_nothing_and_gets_the_first_answer(db, day):
    device, _ = pair(db, day, counter=1)
    for n, name in enumerate(("王秀英", "李建国"), start=1):
        queue.issue(db, day.stalls[0].id, add_person(db, name, seq=n).id)

    def call():
        return commands.call_next(db, device, {})

    first = run_once(db, device.id, "req-0001-abcd", "call_next", call)
    again = run_once(db, device.id, "req-0001-abcd", "call_next", call)
    assert first.ok and first.message == "已叫 A001 到 1 号窗口。" and not first.repeated
    assert again.repeated and (again.ok, again.message, again.result) == (
        True, first.message, {"label": "A001"})
    assert _events(db, "call") == 1
    refused = run_once(db, device.id, "req-0002-abcd", "call_next", call)
    assert (refused.ok, refused.kind) == (False, "refused") and "A001 仍在本窗口" in refused.error
    assert run_once(db, device.id, "req-0002-abcd", "call_next", call).error == refused.error
    with pytest.raises(DeviceError, match="请求编号无效"):
        run_once(db, device.id, "short", "call_next", call)


def test_a_device_records_who_made_each_write(db, day):
    device, _ = pair(db, day, stall=1, operator="陆医生")
    person = add_person(db, "王秀英")
    queue.issue(db, day.stalls[1].id, person.id)
    for action in ("call_next", "arrived"):
        assert commands.COMMANDS[action](db, device, {}).ok
    bad = run_once(db, device.id, "req-done-0001", "done", lambda: commands.done(
        db, device, {"outcome": {"systolic": "400", "diastolic": "90"}, "fee": "abc"}))
    assert bad.kind == "invalid" and bad.fields == {
        "systolic": "收缩压 400 超出合理范围 60–260 mmHg",
        "fee": "收费“abc”无效，应为 0–100000 元、最多两位小数。"}
    done = commands.done(db, device, {"outcome": {"systolic": "150", "diastolic": "95"},
                                      "notes": "多喝水"})
    assert done.message.endswith("已办结并保存。可以叫下一位。")
    assert commands.request(db, device, {"category": "health_referral",
                                         "text": "两周后到卫生院复查"}).message == "已为 王*英 登记诉求。"
    operators = {row[0] for row in db.execute("SELECT operator FROM queue_events "
                                              "WHERE action <> 'issue'")}
    assert operators == {"陆医生(摊位设备B·1号窗口)"}
    assert db.execute("SELECT raised_by FROM requests").fetchone()[0] == "陆医生(摊位设备B·1号窗口)"
    assert get_visit(db, done.result["visit_id"]).staff == "陆医生"
    from marketapp.core.figures.daily import daily_data

    assert daily_data(db, day.id).operators == []  # 陆医生 is the stall's staff; no device


def test_the_rating_pad_records_the_villagers_own_rating_at_its_stall_only(db, day):
    device, _ = pair(db, day, stall=1)
    other, _ = pair(db, day, stall=0, counter=1)
    queue.issue(db, day.stalls[1].id, add_person(db, "王秀英").id)
    commands.call_next(db, device, {})
    commands.arrived(db, device, {})
    visit_id = commands.done(db, device, {"outcome": {"systolic": 120, "diastolic": 80}}
                             ).result["visit_id"]
    assert get_visit(db, visit_id).staff == "陆医生"  # no operator: the stall's staff
    with pytest.raises(DeviceError, match="不是本摊位"):
        commands.rate(db, other, {"visit_id": visit_id, "level": 5})
    assert commands.rate(db, device, {"visit_id": visit_id, "level": 2}).message == "谢谢您的评价！"
    visit = get_visit(db, visit_id)
    assert (visit.rating, visit.rated_by) == ("dissatisfied", "villager")
    answer = run_once(db, device.id, "rate-0000-0001", "rate",
                      lambda: commands.rate(db, device, {"visit_id": visit_id, "level": 6}))
    assert answer.kind == "invalid" and "level" in answer.fields


@pytest.mark.parametrize(("agent", "name"), [
    ("Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0 Mobile Safari/537.36", "Android 13 · SM-A135F · Chrome"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
     "(KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40", "iPhone · 微信"),
    ("", "浏览器"),
])
def test_a_device_is_named_by_its_browser(agent, name):
    assert device_name(agent) == name
