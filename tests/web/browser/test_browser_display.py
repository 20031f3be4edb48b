"""The public display in a real browser, before it is paired: it says where its QR code is
(设置 → 摊位设备 on the laptop), not to scan a stall's."""

from __future__ import annotations

from page_browser import TV, expect


def test_an_unpaired_display_speaks_of_the_displays_qr_code(devices, live):
    tv = devices.open(f"http://127.0.0.1:{live.port}/display", TV)  # no pairing cookie
    expect(tv.locator("#ended")).to_be_visible(timeout=6000)
    expect(tv.locator("#ended h1")).to_have_text("显示屏需要重新配对")
    words = tv.locator("#ended").inner_text()
    assert "设置 → 摊位设备" in tv.locator("#endedText").inner_text()
    assert "摊位二维码" not in words
    expect(tv.locator("#clock")).to_have_text("")  # no heartbeat comes: no stopped clock
