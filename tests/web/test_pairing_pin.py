"""The stall PIN through the API: 401 with a Chinese message and ``pin_required`` (and no
data) while the name and PIN are missing or refused, the code still good afterwards; then
200, a device that names its operator; failed tries limited per address as before."""

from __future__ import annotations

import pytest
from hub_phones import Phone, stall_of

from marketapp.core.access import operators as ops
from marketapp.core.devices.pairing import create_code, list_devices
from marketapp.core.devices.pairing_pin import set_pin_required
from marketapp.web.streams import COOKIE


@pytest.fixture
def pin_on(db):
    ops.add_operator(db, "李站长", "admin", "900001")
    ops.add_operator(db, "陆医生", "stall", "135790")
    ops.add_operator(db, "王芳", "registrar", "246801")
    ops.set_signin_enabled(db, True, by="李站长")
    set_pin_required(db, True, by="李站长")


def _code(db, day, letter="B"):
    stall = stall_of(day, letter) if letter else None
    return create_code(db, day, stall_id=stall.id if stall else None, display=stall is None,
                       counter=1 if stall else None, operator="李站长").code


def _asks_for_pin(response) -> str:
    body = response.json()
    assert response.status_code == 401 and "set-cookie" not in response.headers
    assert set(body) == {"ok", "error", "pin_required"}  # no data
    assert body["ok"] is False and body["pin_required"] is True
    return body["error"]


def test_a_stall_code_asks_for_a_name_and_pin_and_is_not_spent(client, db, day, pin_on):
    code = _code(db, day)
    assert "姓名和 PIN" in _asks_for_pin(client.post("/api/pair", json={"code": code}))
    assert "不正确（还可再试 4 次）" in _asks_for_pin(client.post(
        "/api/pair", json={"code": code, "operator": "陆医生", "pin": "000000"}))
    assert "登记员" in _asks_for_pin(client.post(
        "/api/pair", json={"code": code, "operator": "王芳", "pin": "246801"}))
    assert "没有名为" in _asks_for_pin(client.post(
        "/api/pair", json={"code": code, "operator": "张三", "pin": "135790"}))
    assert "姓名和 PIN" in _asks_for_pin(client.post(
        "/api/pair", json={"code": code, "operator": "陆医生", "pin": 135790}))  # not text
    assert list_devices(db, day.id) == []
    answer = client.post("/api/pair", json={"code": code, "operator": "陆医生", "pin": "135790"})
    assert answer.status_code == 200
    assert answer.json() == {"ok": True, "scope": "stall", "next": "/stall"}
    token = answer.cookies[COOKIE]
    assert Phone(client, token).get("/api/stall/state").status_code == 200
    assert [d.operator for d in list_devices(db, day.id)] == ["陆医生"]
    used = client.post("/api/pair", json={"code": code, "operator": "陆医生", "pin": "135790"})
    assert used.status_code == 401 and "pin_required" not in used.json()  # a dead code: as ever


def test_after_five_wrong_pins_the_name_is_locked_out_with_the_desktops_words(client, db, day,
                                                                              pin_on):
    code = _code(db, day)
    wrong = {"code": code, "operator": "陆医生", "pin": "000000"}
    for _ in range(4):
        _asks_for_pin(client.post("/api/pair", json=wrong))
    assert _asks_for_pin(client.post("/api/pair", json=wrong)) == "PIN 错误次数过多，请 60 秒后再试。"
    right = {**wrong, "pin": "135790"}
    assert "PIN 错误次数过多" in _asks_for_pin(client.post("/api/pair", json=right))
    assert list_devices(db, day.id) == []


def test_failed_pin_tries_are_limited_per_address(client, db, day, pin_on):
    code = _code(db, day)
    for n in range(10):
        _asks_for_pin(client.post("/api/pair", json={"code": code, "operator": f"某人{n}",
                                                     "pin": "111111"}))
    right = {"code": code, "operator": "陆医生", "pin": "135790"}
    assert client.post("/api/pair", json=right).status_code == 429


def test_the_display_needs_no_pin(client, db, day, pin_on):
    answer = client.post("/api/pair", json={"code": _code(db, day, None)})
    assert answer.json() == {"ok": True, "scope": "display", "next": "/display"}
