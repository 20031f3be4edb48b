"""A wrong address typed or mis-scanned into a phone's or TV's browser: a small Chinese page
that says what to do (no data, nothing from the internet); the API's own paths keep their
JSON refusal (API.md, "Errors")."""

from __future__ import annotations

import re

import pytest

PAGE_ADDRESSES = ["/Display", "/p/", "/static/nope.js", "/static/", "/nothing-here"]


@pytest.mark.parametrize("path", PAGE_ADDRESSES)
def test_a_wrong_page_address_gets_a_chinese_page_with_a_hint(client, path):
    answer = client.get(path)
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.headers["cache-control"] == "no-store"
    page = answer.text
    assert '<html lang="zh-CN">' in page and "没有这个页面" in page
    assert "请扫描电脑上的二维码重新打开" in page
    assert '"ok"' not in page and '"error"' not in page  # not the bare JSON
    # nothing from the internet: only the hub's own stylesheet
    assert re.findall(r'(?:href|src)="([^"]+)"', page) == ["data:,", "/static/hub.css"]


def test_a_wrong_page_address_answers_a_post_with_the_page_too(client):
    answer = client.post("/display", json={})
    assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("path", ["/api/nothing", "/api/stall/fly", "/api/display/nope"])
def test_a_wrong_api_address_keeps_its_json(client, phone, path):
    device = phone("B", 1)
    answer = device.post(path) if path.startswith("/api/stall/") else device.get(path)
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.json() == {"ok": False, "error": "没有这个页面。"}
