"""The stall phone, the rating pad and the TV in a real browser, against a real hub: what a
stall worker does on the phone shows on the TV and in the desktop's queue model at once, the
outcome form says the desktop's words under each field, and the villager's rating is hers."""

from __future__ import annotations

import time

from page_browser import SMALL_PHONE, TV, assert_private, clear_counter, expect, stall_with

from marketapp.core.catalogue.outcomes import InvalidOutcome, validate_outcome
from marketapp.core.devices.errors import DeviceError
from marketapp.core.devices.pairing import list_devices, revoke_device
from marketapp.core.queue import engine as queue
from marketapp.core.queue import visits
from marketapp.core.screens.board import board_snapshot
from marketapp.core.screens.stall_desk import at_counter
from marketapp.store.database import open_database


def button(page, name: str):
    return page.get_by_role("button", name=name, exact=True)


def test_a_phone_calls_next_and_the_tv_and_the_desktop_see_it(devices, db, day, market_path,
                                                              qapp):
    from marketapp.ui.queues.board_model import COL_CALLING, BoardModel

    stall = next(s for s in day.stalls if s.counters == 1 and queue.waiting_order(db, s.id))
    clear_counter(db, stall, 1)
    phone = devices.phone(stall.letter, 1)
    tv = devices.tv()
    expect(phone.locator("#letter")).to_have_text(stall.letter)
    expect(button(phone, "叫下一位")).to_be_enabled()
    coming = phone.locator("#next").inner_text().split()[0]

    button(phone, "叫下一位").click()
    started = time.perf_counter()
    expect(tv.locator("#number")).to_have_text(coming, timeout=1000)
    assert time.perf_counter() - started < 1.0
    expect(tv.locator(f'.tile[data-letter="{stall.letter}"] .tile-calling')).to_contain_text(coming)
    expect(phone.locator("#message")).to_have_text(f"已叫 {coming} 到 1 号窗口。")
    expect(phone.locator("#label")).to_have_text(coming)
    for name in ("已到", "重呼", "过号"):
        expect(button(phone, name)).to_be_enabled()
    expect(button(phone, "叫下一位")).to_be_disabled()  # the desk's rule: one at a time

    # The desktop's queue model, read from the same data file by another connection.
    other = open_database(market_path)
    try:
        model = BoardModel()
        model.set_snapshot(board_snapshot(other, day.id))
        row = next(r for r in range(model.rowCount()) if model.stall(r).letter == stall.letter)
        assert coming in model.data(model.index(row, COL_CALLING))
    finally:
        other.close()
    # masked name on the TV, the same one on the phone; neither shows more of anyone
    masked = phone.locator("#personLine").inner_text().split(" · ")[0]
    assert "*" in masked or len(masked) == 1
    expect(tv.locator("#who")).to_contain_text(masked)
    assert_private(phone, db)
    assert_private(tv, db)


def test_the_outcome_form_says_the_desktops_words_then_the_villager_rates(devices, db, day):
    health = stall_with(day, "health_check")
    counter = health.counters  # the live demo's people are mostly at the first counters
    clear_counter(db, health, counter)
    phone = devices.phone(health.letter, counter)
    button(phone, "叫下一位").click()
    expect(button(phone, "已到")).to_be_enabled()
    button(phone, "已到").click()
    expect(phone.locator("#status")).to_have_text("办理中")
    expect(button(phone, "办结")).to_be_enabled()
    ticket = at_counter(db, health.id, counter)

    # the catalogue's form: its fields, units and required marks
    systolic = phone.locator('.field[data-key="systolic"]')
    expect(systolic.locator("label")).to_have_text("收缩压 *")
    expect(systolic.locator(".unit")).to_have_text("mmHg")
    typed = {"systolic": "400", "diastolic": "90"}
    phone.get_by_label("收缩压").fill(typed["systolic"])
    phone.get_by_label("舒张压").fill(typed["diastolic"])
    button(phone, "办结").click()
    try:
        validate_outcome(health.service(), typed)
        raise AssertionError("the desktop takes this outcome")
    except InvalidOutcome as desktop:
        said = desktop.problem_messages("zh")["systolic"]
    expect(phone.locator("#oe-systolic")).to_have_text(said)
    expect(phone.locator("#oe-diastolic")).to_be_hidden()
    expect(phone.locator("#message")).to_contain_text(said)
    assert visits.visit_for_ticket(db, ticket.id) is None

    phone.get_by_label("收缩压").fill("150")
    expect(phone.locator("#oe-systolic")).to_be_hidden()  # an edited field's message goes
    button(phone, "办结").click()
    pad = phone.locator("#pad")
    expect(pad).to_be_visible()
    expect(phone.locator("#desk")).to_be_hidden()  # the villager sees the faces only
    for name in ("非常满意", "满意", "基本满意", "不满意", "非常不满意", "跳过"):
        expect(button(phone, name)).to_be_visible()
    button(phone, "满意").click()
    expect(phone.locator("#padThanks")).to_have_text("谢谢您的评价！")
    expect(phone.locator("#desk")).to_be_visible(timeout=4000)
    visit = visits.visit_for_ticket(db, ticket.id)
    assert (visit.outcome["systolic"], visit.rating, visit.rated_by) == (150, "satisfied",
                                                                         "villager")
    expect(phone.locator("#lastLine")).to_contain_text("评价：满意")

    # 撤销 says, in the hub's words, what it undoes, and asks first when the hub says so
    undo_text = phone.locator("#undoText").inner_text()
    assert undo_text.startswith(f"撤销 {ticket.label} 的『办结』")
    button(phone, "撤销").click()
    expect(phone.locator("#confirm")).to_be_visible()
    expect(phone.locator("#confirmText")).to_have_text(undo_text)
    button(phone, "确定撤销").click()
    # (#status keeps its old text while hidden: wait for the person to be back in sight)
    expect(phone.locator("#who")).to_be_visible()
    expect(phone.locator("#status")).to_have_text("办理中")
    assert visits.visit_for_ticket(db, ticket.id) is None
    assert_private(phone, db)


def test_a_request_is_raised_from_the_phone(devices, db, day):
    health = stall_with(day, "health_check")
    clear_counter(db, health, 1)
    phone = devices.phone(health.letter, 1)
    button(phone, "叫下一位").click()
    expect(button(phone, "登记诉求")).to_be_enabled()
    button(phone, "登记诉求").click()
    expect(phone.locator("#r-category")).to_have_value("health_referral")  # the hub's default
    button(phone, "提交诉求").click()  # no text: the hub says what is missing, under it
    expect(phone.locator("#re-text")).to_be_visible()
    phone.locator("#r-text").fill("两周后到卫生院复查血压")
    button(phone, "提交诉求").click()
    expect(phone.locator("#requestDialog")).to_be_hidden()
    expect(phone.locator("#message")).to_contain_text("登记诉求")
    count = db.execute("SELECT COUNT(*) FROM requests WHERE text = ?",
                       ["两周后到卫生院复查血压"]).fetchone()[0]
    assert count == 1


def test_several_counters_the_small_phone_and_a_revoked_pairing(devices, db, day):
    stall = next(s for s in day.stalls if s.counters > 1)
    phone = devices.phone(stall.letter, None, viewport=SMALL_PHONE)
    picker = phone.locator("#counterPick")
    expect(picker).to_be_visible()
    expect(button(phone, "叫下一位")).to_be_disabled()
    phone.get_by_role("button", name=f"{stall.counters} 号窗口").click()
    expect(picker).to_be_hidden()
    expect(phone.locator("#counterText")).to_contain_text(f"{stall.counters} 号窗口")
    # 360×640: nothing wider than the screen
    assert phone.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]
    assert phone.evaluate("document.body.scrollWidth") <= SMALL_PHONE["width"]

    device = next(d for d in list_devices(db, day.id) if d.stall_id == stall.id)
    revoke_device(db, device.id)
    devices.live.hub.notify_changed()  # the desktop tells the hub after its writes
    expect(phone.locator("#ended")).to_be_visible(timeout=3000)
    expect(phone.locator("#endedText")).to_have_text(DeviceError("revoked").message("zh"))
    expect(button(phone, "叫下一位")).to_be_hidden()


def test_a_spent_pairing_link_says_what_to_do(devices):
    link = devices.link(None)
    devices.open(link, TV).wait_for_url("**/display")
    again = devices.open(link, SMALL_PHONE)  # a second device scans the same QR code
    expect(again.locator("#state")).to_have_text("配对失败")
    expect(again.locator("#why")).to_contain_text("已经用过")
    expect(again.locator("#todo")).to_contain_text("重新生成二维码")
    assert again.url.endswith("/")  # the code left the address bar
