"""What every request passes: the Host check, the body limit, no-store on every answer, and
never a traceback (a generic Chinese 500 and a log line without personal data)."""

from __future__ import annotations

import logging

import pytest
from hub_phones import HOST

from marketapp.web import feed
from marketapp.web.guard import MAX_BODY


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1:8420", ""])
def test_a_request_for_another_host_gets_421(client, phone, host):
    device = phone("B", 1)
    answer = client.get("/api/stall/state", headers={"host": host,
                                                     "cookie": device._headers()["cookie"]})
    assert answer.status_code == 421
    assert answer.json()["error"].startswith("地址不对")
    assert "current" not in answer.text


def test_the_hubs_own_name_passes(client, phone):
    assert phone("B", 1).get("/api/stall/state").status_code == 200
    assert client.get("/", headers={"host": HOST}).status_code == 200


def test_a_body_over_16_kib_gets_413(client, phone):
    device = phone("B", 1)
    big = {"request_id": "big-body-0001", "text": "字" * MAX_BODY}
    assert device.post("/api/stall/request", big).status_code == 413

    def chunks():  # no Content-Length: counted as it comes
        for _ in range(20):
            yield b"x" * 1024

    answer = client.post("/api/pair", content=chunks())
    assert answer.status_code == 413 and answer.json()["ok"] is False


def test_every_answer_says_no_store(client, phone):
    device = phone("B", 1)
    answers = [client.get("/"), client.get("/p/some-code"), client.get("/stall"),
               client.get("/static/hub.css"), client.get("/nothing-here"),
               client.get("/api/stall/state"), device.get("/api/stall/state"),
               device.act("call_next", "no-store-0001"),
               client.post("/api/pair", json={"code": "nope-nope-nope"}),
               client.get("/", headers={"host": "evil.example"})]
    for answer in answers:
        assert answer.headers["cache-control"] == "no-store", answer.request.url
        assert answer.headers["referrer-policy"] == "no-referrer"


def test_bad_json_is_a_400_in_chinese(phone):
    device = phone("B", 1)
    answer = device.client.post("/api/stall/call_next", content=b"{not json",
                                headers=device._headers())
    assert answer.status_code == 400 and answer.json()["error"] == "请求内容无效。"
    assert device.post("/api/stall/call_next", {"request_id": "x"}).status_code == 400


def test_an_unexpected_failure_is_a_generic_500_and_a_log_line_naming_no_one(
        phone, monkeypatch, caplog):
    device = phone("B", 1)

    def broken(*args, **kwargs):
        raise ValueError("张三明 330624195003080013 13857510001")

    monkeypatch.setattr(feed, "stall_part", broken)
    with caplog.at_level(logging.DEBUG):
        answer = device.get("/api/stall/state")
    assert answer.status_code == 500
    assert answer.json() == {"ok": False, "error": "服务器出错，请稍后再试；如一直出错，请告诉登记台。"}
    assert "ValueError" in caplog.text and "stall_state" in caplog.text
    for secret in ("张三明", "330624195003080013", "13857510001", "Traceback"):
        assert secret not in caplog.text and secret not in answer.text
