"""The live link in a real browser: a phone that hears nothing for 5 s says 未连接 and
disables its buttons (a call is never kept for later), keeps an outcome typed meanwhile, and
by itself reconnects and sends that outcome once when the hub is back on the same port. A
silent link (no error, no heartbeat: Wi-Fi gone half-open) is noticed the same way."""

from __future__ import annotations

import json
import time

from page_browser import clear_counter, expect, stall_with

from marketapp.core.queue import engine as queue
from marketapp.core.queue import visits
from marketapp.web import streams
from marketapp.web.server import HubServer

STEPS = ("叫下一位", "已到", "重呼", "过号", "登记诉求", "撤销")


def button(page, name: str):
    return page.get_by_role("button", name=name, exact=True)


def test_the_hub_stops_and_returns_and_the_kept_outcome_is_sent_once(devices, db, day, live,
                                                                     market_path):
    health = stall_with(day, "health_check")
    counter = health.counters
    clear_counter(db, health, counter)
    ticket = queue.call_next(db, health.id, counter=counter)
    queue.start(db, ticket.id)
    phone = devices.phone(health.letter, counter)
    tv = devices.tv()
    expect(phone.locator("#label")).to_have_text(ticket.label)
    phone.get_by_label("收缩压").fill("146")
    phone.get_by_label("收缩压").press("Enter")  # the keyboard's Enter: the next box, not 办结
    expect(phone.get_by_label("舒张压")).to_be_focused()

    port = live.port
    live.stop()
    stopped = time.perf_counter()
    expect(phone.locator("#offline")).to_be_visible(timeout=5000)
    assert time.perf_counter() - stopped < 5.0
    expect(phone.locator("#offline")).to_contain_text("未连接")
    expect(phone.locator("#link")).to_have_text("未连接")
    for name in STEPS:
        expect(button(phone, name)).to_be_disabled()
    expect(tv.locator("#offline")).to_be_visible()  # the TV says so too, over its old board

    phone.get_by_label("舒张压").fill("88")  # typed while the link is down
    button(phone, "办结").click()
    expect(phone.locator("#kept")).to_contain_text("连上后自动提交")
    kept = json.loads(phone.evaluate(f"localStorage.getItem('marketapp.ticket.{ticket.id}')"))
    assert kept["outcome"] == {"systolic": "146", "diastolic": "88", "fasting": False,
                               "referral": False}
    assert kept["pending"]["request_id"] and visits.visit_for_ticket(db, ticket.id) is None

    back = HubServer(market_path, "127.0.0.1", port, hub=live.hub)
    back.start()
    try:
        expect(phone.locator("#link")).to_have_text("已连接", timeout=6000)
        expect(phone.locator("#pad")).to_be_visible()  # sent: the villager may rate now
        expect(tv.locator("#offline")).to_be_hidden()
        visit = visits.visit_for_ticket(db, ticket.id)
        assert (visit.outcome["systolic"], visit.outcome["diastolic"]) == (146, 88)
        sent = db.execute("SELECT COUNT(*) FROM device_commands WHERE action = 'done'")
        assert sent.fetchone()[0] == 1
        assert phone.evaluate(f"localStorage.getItem('marketapp.ticket.{ticket.id}')") is None
        button(phone, "跳过").click()
        expect(button(phone, "叫下一位")).to_be_enabled()
        assert visits.visit_for_ticket(db, ticket.id).rating is None  # skipped: none given
    finally:
        back.stop()


def test_a_silent_link_is_noticed_within_five_seconds(devices, db, day, monkeypatch):
    """Wi-Fi gone half-open: the open stream says nothing more (no heartbeat, no error) and
    new requests get nowhere."""
    monkeypatch.setattr(streams, "HEARTBEAT_SECONDS", 60.0)
    stall = next(s for s in day.stalls if s.counters == 1 and db.execute(  # 叫下一位 is
        "SELECT 1 FROM tickets WHERE stall_id = ? AND status = 'waiting'",  # offered only
        [s.id]).fetchone())  # when somebody waits
    clear_counter(db, stall, 1)
    phone = devices.phone(stall.letter, 1)
    heard = time.perf_counter()  # its first state has just come, then silence
    phone.context.route("**/api/**", lambda route: route.abort("internetdisconnected"))
    expect(phone.locator("#offline")).to_be_visible(timeout=7000)
    assert 4.5 <= time.perf_counter() - heard <= 6.5
    for name in STEPS:
        expect(button(phone, name)).to_be_disabled()
    monkeypatch.setattr(streams, "HEARTBEAT_SECONDS", 2.0)
    phone.context.unroute("**/api/**")  # the link is back: it reconnects by itself
    expect(phone.locator("#link")).to_have_text("已连接", timeout=5000)
    expect(phone.locator("#offline")).to_be_hidden()
    expect(button(phone, "叫下一位")).to_be_enabled()
