"""The stall PIN in a real browser at 390×760: the pairing page asks for 姓名 and PIN (the PIN
on the number pad, nothing remembered), says the desktop's words for a wrong PIN, keeps the
code good, and with the right PIN opens the stall page as that operator."""

from __future__ import annotations

from page_browser import PHONE, expect

from marketapp.core.access import operators as ops
from marketapp.core.devices.pairing import list_devices
from marketapp.core.devices.pairing_pin import set_pin_required


def test_a_stall_phone_pairs_with_a_stall_workers_name_and_pin(devices, db, day):
    ops.add_operator(db, "李站长", "admin", "900001")
    ops.add_operator(db, "陆医生", "stall", "135790")
    ops.set_signin_enabled(db, True, by="李站长")
    set_pin_required(db, True, by="李站长")
    page = devices.open(devices.link("B", 1), PHONE)
    name, pin = page.get_by_label("姓名", exact=True), page.get_by_label("PIN", exact=True)
    expect(name).to_be_visible()
    expect(page.locator("#state")).to_have_text("请输入姓名和 PIN")
    expect(page.locator("#why")).to_contain_text("摊位人员或管理员的姓名和 PIN")
    assert page.url.endswith("/")  # the code left the address bar
    assert (pin.get_attribute("inputmode"), pin.get_attribute("autocomplete"),
            pin.get_attribute("type")) == ("numeric", "off", "password")
    assert name.get_attribute("autocomplete") == "off"
    for field in (name, pin, page.get_by_role("button", name="配对", exact=True)):
        box = field.bounding_box()
        assert box["height"] >= 56 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]

    name.fill("陆医生")
    pin.fill("000000")
    page.get_by_role("button", name="配对", exact=True).click()
    expect(page.locator("#why")).to_have_text("PIN 不正确（还可再试 4 次）。")
    expect(pin).to_have_value("")
    expect(pin).to_be_focused()
    assert list_devices(db, day.id) == []

    pin.fill("135790")
    pin.press("Enter")
    page.wait_for_url("**/stall")
    page.locator("#link.online").wait_for()
    assert [d.operator for d in list_devices(db, day.id)] == ["陆医生"]
