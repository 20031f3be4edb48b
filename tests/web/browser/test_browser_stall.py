"""The stall phone at 360×640 in a real browser, for what a reviewer found: nothing a worker
typed is lost when a kept outcome is refused, the rating pad fits the screen, undoing 办结
gives back what this phone sent, and the offline banner stays in sight and says what is
true."""

from __future__ import annotations

from page_browser import SMALL_PHONE, clear_counter, expect, stall_with

from marketapp.core.queue import engine as queue

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
