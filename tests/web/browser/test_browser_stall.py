"""The stall phone at 360×640 in a real browser, for what a reviewer found: nothing a worker
typed is lost when a kept outcome is refused, the rating pad fits the screen, undoing 办结
gives back what this phone sent, and the offline banner stays in sight and says what is
true."""

from __future__ import annotations

from page_browser import SMALL_PHONE, clear_counter, expect, stall_with

from marketapp.core.devices.pairing import list_devices, revoke_device
from marketapp.core.queue import engine as queue
from marketapp.core.queue import visits
from marketapp.web.server import HubServer

FACES = ("非常满意", "满意", "基本满意", "不满意", "非常不满意", "跳过")


def button(page, name: str):
    return page.get_by_role("button", name=name, exact=True)


def serving(db, day):
    """Someone being served at the health stall's last counter (the demo's people are mostly
    at the first ones): the stall and the ticket."""
    health = stall_with(day, "health_check")
    clear_counter(db, health, health.counters)
    ticket = queue.call_next(db, health.id, counter=health.counters)
    queue.start(db, ticket.id)
    return health, ticket


def fill(phone, systolic: str, diastolic: str, notes: str, fee: str) -> None:
    phone.get_by_label("收缩压").fill(systolic)
    phone.get_by_label("舒张压").fill(diastolic)
    phone.locator("#x-notes").fill(notes)
    phone.locator("#x-fee").fill(fee)


def inside_the_screen(box) -> bool:
    return (box is not None and box["y"] >= 0 and box["x"] >= 0
            and box["y"] + box["height"] <= SMALL_PHONE["height"]
            and box["x"] + box["width"] <= SMALL_PHONE["width"])


def unsaved_keys(phone) -> list[str]:
    return phone.evaluate("Object.keys(localStorage).filter(k => k.indexOf('marketapp.unsaved.') === 0)")


def test_a_kept_outcome_refused_on_reconnect_stays_in_full_until_the_worker_has_noted_it(
        devices, db, day, live, market_path):
    health, ticket = serving(db, day)
    phone = devices.phone(health.letter, health.counters, viewport=SMALL_PHONE)
    expect(phone.locator("#label")).to_have_text(ticket.label)
    port = live.port
    live.stop()
    expect(phone.locator("#offline")).to_be_visible(timeout=6000)
    fill(phone, "130", "85", "头晕两天", "5")
    button(phone, "办结").click()
    expect(phone.locator("#kept")).to_contain_text("连上后自动提交")
    visits.finish(db, ticket.id, {"systolic": "120", "diastolic": "80"})  # on the laptop, meanwhile

    back = HubServer(market_path, "127.0.0.1", port, hub=live.hub)
    back.start()
    try:
        expect(phone.locator("#link")).to_have_text("已连接", timeout=6000)
        unsaved = phone.locator("#unsaved")
        expect(unsaved).to_be_visible()
        words = unsaved.inner_text()
        for said in ("没有保存", ticket.label, "收缩压 130 mmHg", "舒张压 85 mmHg", "备注：头晕两天",
                     "收费 5 元"):
            assert said in words, said
        assert visits.visit_for_ticket(db, ticket.id).outcome["systolic"] == 120  # the laptop's
        # Not a passing message: a tap elsewhere does not close it, nor does reopening the page.
        if phone.locator("#message").is_visible():
            phone.locator("#message").click()
        phone.locator("#counterText").click()
        expect(unsaved).to_be_visible()
        assert len(unsaved_keys(phone)) == 1
        phone.reload()
        expect(phone.locator("#link")).to_have_text("已连接", timeout=6000)
        expect(phone.locator("#unsaved")).to_contain_text("备注：头晕两天")
        # Gone only when the worker says so.
        button(phone, "我已记下").click()
        expect(phone.locator("#unsaved")).to_be_hidden()
        assert unsaved_keys(phone) == []
        phone.reload()
        expect(phone.locator("#link")).to_have_text("已连接", timeout=6000)
        expect(phone.locator("#unsaved")).to_be_hidden()
    finally:
        back.stop()


def test_the_rating_pad_fits_a_small_phone_without_scrolling(devices, db, day):
    health, ticket = serving(db, day)
    phone = devices.phone(health.letter, health.counters, viewport=SMALL_PHONE)
    fill(phone, "150", "90", "", "")
    button(phone, "办结").click()
    expect(phone.locator("#pad")).to_be_visible()
    expect(phone.locator("#message")).to_be_hidden()  # the staff's banner waits
    assert phone.evaluate("window.scrollY") == 0
    for name in FACES:
        assert inside_the_screen(button(phone, name).bounding_box()), name
    button(phone, "跳过").click()
    expect(phone.locator("#desk")).to_be_visible()
    expect(phone.locator("#message")).to_contain_text("已办结")  # back for the staff


def test_undoing_a_finish_gives_back_what_this_phone_sent(devices, db, day):
    health, ticket = serving(db, day)
    phone = devices.phone(health.letter, health.counters, viewport=SMALL_PHONE)
    fill(phone, "150", "90", "头晕两天，复查", "5")
    button(phone, "办结").click()
    button(phone, "跳过").click()
    expect(phone.locator("#undoText")).to_contain_text(f"撤销 {ticket.label} 的『办结』")
    button(phone, "撤销").click()
    button(phone, "确定撤销").click()
    expect(phone.locator("#who")).to_be_visible()  # (#status keeps its text while hidden)
    expect(phone.locator("#status")).to_have_text("办理中")
    assert visits.visit_for_ticket(db, ticket.id) is None
    expect(phone.get_by_label("收缩压")).to_have_value("150")
    expect(phone.get_by_label("舒张压")).to_have_value("90")
    expect(phone.locator("#x-notes")).to_have_value("头晕两天，复查")
    expect(phone.locator("#x-fee")).to_have_value("5")
    expect(phone.locator("#message")).to_contain_text("表格已填回本手机提交过的内容")
    # the typo mended, finished again: the hub has the new values
    phone.get_by_label("舒张压").fill("95")
    button(phone, "办结").click()
    button(phone, "跳过").click()
    visit = visits.visit_for_ticket(db, ticket.id)
    assert (visit.outcome["systolic"], visit.outcome["diastolic"], visit.notes) == (
        150, 95, "头晕两天，复查")

    # Finished on the laptop: this phone never sent it, so nothing to give back.
    other = queue.call_next(db, health.id, counter=health.counters)
    queue.start(db, other.id)
    visits.finish(db, other.id, {"systolic": "120", "diastolic": "80"})
    devices.live.hub.notify_changed()
    expect(phone.locator("#undoText")).to_contain_text(f"撤销 {other.label} 的『办结』")
    button(phone, "撤销").click()
    button(phone, "确定撤销").click()
    expect(phone.locator("#label")).to_have_text(other.label)
    expect(phone.locator("#status")).to_have_text("办理中")
    expect(phone.get_by_label("收缩压")).to_have_value("")
    expect(phone.locator("#x-notes")).to_have_value("")


def test_the_offline_banner_stays_in_sight_and_says_what_is_kept(devices, db, day, live):
    health, ticket = serving(db, day)
    phone = devices.phone(health.letter, health.counters, viewport=SMALL_PHONE)
    live.stop()
    banner = phone.locator("#offline")
    expect(banner).to_be_visible(timeout=6000)
    words = banner.inner_text()
    assert "办结会先存在手机上" in words and "连上后自动发送" in words and "纸条" not in words
    phone.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert phone.evaluate("window.scrollY") > 200  # the form is long: the page did scroll
    assert inside_the_screen(banner.bounding_box())
    # An input brought into view is below the banner, never under it.
    for box in ("#o-systolic", "#x-fee"):
        phone.locator(box).evaluate("node => node.scrollIntoView({block: 'start'})")
        assert phone.locator(box).bounding_box()["y"] >= banner.bounding_box()["y"] + \
            banner.bounding_box()["height"], box
    phone.locator("#x-fee").click()  # a tap reaches it (nothing on top)
    expect(phone.locator("#x-fee")).to_be_focused()


def test_a_kept_outcome_not_sent_when_the_pairing_ends_is_shown_in_full(devices, db, day, live,
                                                                        market_path):
    health, ticket = serving(db, day)
    phone = devices.phone(health.letter, health.counters, viewport=SMALL_PHONE)
    port = live.port
    live.stop()
    expect(phone.locator("#offline")).to_be_visible(timeout=6000)
    fill(phone, "130", "85", "头晕两天", "5")
    button(phone, "办结").click()
    expect(phone.locator("#kept")).to_contain_text("连上后自动提交")
    device = next(d for d in list_devices(db, day.id) if d.stall_id == health.id)
    revoke_device(db, device.id)  # on the laptop, meanwhile
    back = HubServer(market_path, "127.0.0.1", port, hub=live.hub)
    back.start()
    try:
        expect(phone.locator("#ended")).to_be_visible(timeout=6000)
        words = phone.locator("#unsaved").inner_text()
        for said in ("配对已结束", ticket.label, "收缩压 130 mmHg", "备注：头晕两天", "收费 5 元"):
            assert said in words, said
        assert visits.visit_for_ticket(db, ticket.id) is None
    finally:
        back.stop()
