"""Pairing through the API, and every way a pairing is refused: 401 with a Chinese message and
no data; a device of the wrong kind gets 403."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hub_phones import Phone, stall_of

from marketapp.core import clock
from marketapp.core.devices.pairing import create_code, list_devices, revoke_device
from marketapp.core.queue.closing import close_market_day
from marketapp.web.streams import COOKIE


def _code(db, day, letter="B", **kwargs):
    if letter is None:
        return create_code(db, day, display=True, **kwargs).code
    return create_code(db, day, stall_id=stall_of(day, letter).id, **kwargs).code


def _is_refusal(response, status=401):
    body = response.json()
    assert response.status_code == status
    assert set(body) == {"ok", "error"} and body["ok"] is False  # no data with a refusal
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["error"])
    return body["error"]


def test_the_pairing_page_does_not_spend_the_code_and_the_post_sets_the_cookie(client, db, day):
    code = _code(db, day, counter=2)
    page = client.get(f"/p/{code}")  # a link preview fetching the URL
    assert page.status_code == 200 and code not in page.text and "/api/pair" in page.text
    answer = client.post("/api/pair", json={"code": code},
                         headers={"user-agent": "Mozilla/5.0 (Linux; Android 13; SM-A135F) "
                                                "Chrome/120.0 Mobile Safari/537.36"})
    assert answer.status_code == 200
    assert answer.json() == {"ok": True, "scope": "stall", "next": "/stall"}
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    for part in ("HttpOnly", "SameSite=strict", "Path=/"):
        assert part.lower() in cookie.lower()
    assert "secure" not in cookie.lower()  # plain http on the LAN: a Secure cookie is dropped
    token = cookie.split(";")[0].split("=", 1)[1]
    state = Phone(client, token).get("/api/stall/state")
    assert state.status_code == 200 and state.json()["counter"] == 2
    assert [d.name for d in list_devices(db, day.id)] == ["Android 13 · SM-A135F · Chrome"]


def test_a_display_code_leads_to_the_display(client, db, day):
    answer = client.post("/api/pair", json={"code": _code(db, day, None)})
    assert answer.json() == {"ok": True, "scope": "display", "next": "/display"}


def test_used_expired_and_unknown_codes_are_refused(client, db, day):
    code = _code(db, day)
    assert client.post("/api/pair", json={"code": code}).status_code == 200
    assert "用过了" in _is_refusal(client.post("/api/pair", json={"code": code}))
    old = _code(db, day, at=clock.now() - timedelta(minutes=11))
    assert "过期" in _is_refusal(client.post("/api/pair", json={"code": old}))
    assert "无效" in _is_refusal(client.post("/api/pair", json={"code": "no-such-code-xyz"}))
    assert "无效" in _is_refusal(client.post("/api/pair", json={"code": 12345}))


@pytest.mark.parametrize("route", ["/api/stall/state", "/api/stall/events",
                                   "/api/display/state", "/api/display/events"])
def test_no_cookie_or_a_forged_one_gets_401_and_no_data(client, route):
    assert "没有配对" in _is_refusal(client.get(route))
    forged = Phone(client, "x" * 43).get(route)
    assert "没有配对" in _is_refusal(forged)


def test_a_revoked_device_gets_401_on_every_route(client, db, day, phone):
    device = phone("B", 1)
    assert device.get("/api/stall/state").status_code == 200
    revoke_device(db, list_devices(db, day.id)[0].id, operator="李站长")
    for response in (device.get("/api/stall/state"), device.get("/api/stall/events"),
                     device.act("call_next", "after-revoke-1")):
        assert "撤销" in _is_refusal(response)


def test_closing_the_day_ends_every_pairing_at_once(client, db, day, phone):
    stall, display = phone("B", 1), phone(None)
    unused = _code(db, day)
    close_market_day(db, day.id)
    for response in (stall.get("/api/stall/state"), display.get("/api/display/state"),
                     stall.act("call_next", "after-close-01"),
                     client.post("/api/pair", json={"code": unused})):
        assert "已收市" in _is_refusal(response)


def test_each_kind_of_device_stays_on_its_own_routes(phone):
    stall, display = phone("B", 1), phone(None)
    assert "公共显示屏" in _is_refusal(display.get("/api/stall/state"), 403)
    assert "公共显示屏" in _is_refusal(display.act("call_next", "display-call-1"), 403)
    assert "摊位" in _is_refusal(stall.get("/api/display/state"), 403)
    assert "摊位" in _is_refusal(stall.get("/api/display/events"), 403)


def test_failed_pairings_are_limited_per_address(client, db, day):
    for n in range(10):
        _is_refusal(client.post("/api/pair", json={"code": f"wrong-code-{n:04d}"}))
    good = _code(db, day)
    assert "太多" in _is_refusal(client.post("/api/pair", json={"code": good}), 429)
