"""Nothing sent to a device contains a full ID number, a phone number, a full name or another
stall's people: every JSON answer and every event of a demo day, scanned."""

from __future__ import annotations

import json
import random
import re
import time

import httpx
from sse_listen import SseListener

from marketapp.core.demo.day import demo_outcome
from marketapp.core.devices.pairing import create_code
from marketapp.web.streams import COOKIE

LABEL = re.compile(r"\b([A-Z])(\d{3})\b")


def _pair(client: httpx.Client, db, day, stall=None, counter=None) -> str:
    code = create_code(db, day, stall_id=stall.id if stall else None, display=stall is None,
                       counter=counter)
    answer = client.post("/api/pair", json={"code": code.code})
    assert answer.status_code == 200
    return answer.cookies[COOKIE]


def _secrets(db) -> list[str]:
    """Every full ID number, phone number and full name of the file's villagers."""
    found = []
    for name, ident, phone in db.execute("SELECT name, id_number, phone FROM villagers"):
        found += [s for s in (ident, phone) if s]
        if name and len(name) >= 2:
            found.append(name)
    return found


def _check_stall_state(state: dict, letter: str) -> None:
    """Only this stall's people: its own numbers, and a person only at its counter."""
    assert all(label.startswith(letter) for label in state["next"])
    current = state["current"]
    if current is not None:
        assert current["label"].startswith(letter)
        assert set(current["person"]) == {"name", "age", "gender", "village"}
        assert "*" in current["person"]["name"] or len(current["person"]["name"]) <= 1


def test_nothing_a_device_receives_names_anyone_or_another_stalls_people(live, db, day):
    rng = random.Random(7)
    sent: list[tuple[str | None, str]] = []  # (stall letter or None for the display, text)
    listeners: list[tuple[str | None, SseListener]] = []
    with httpx.Client(base_url=live.url) as client:
        devices = []
        for stall in day.stalls:
            for counter in range(1, stall.counters + 1):
                devices.append((stall, _pair(client, db, day, stall, counter)))
        display = _pair(client, db, day)
        for stall, token in devices:
            listeners.append((stall.letter, SseListener(f"{live.url}/api/stall/events",
                                                        f"{COOKIE}={token}").start()))
        listeners.append((None, SseListener(f"{live.url}/api/display/events",
                                            f"{COOKIE}={display}").start()))
        for n, (stall, token) in enumerate(devices):
            headers = {"cookie": f"{COOKIE}={token}"}
            steps = [("call_next", {}), ("arrived", {}),
                     ("done", {"outcome": demo_outcome(rng, stall.service()), "fee": "0"}),
                     ("rate", None), ("request", {"category": "other", "text": "需要回访"}),
                     ("call_next", {}), ("recall", {}), ("no_show", {}), ("undo", {})]
            state = client.get("/api/stall/state", headers=headers).json()
            sent.append((stall.letter, json.dumps(state, ensure_ascii=False)))
            for step, (action, body) in enumerate(steps):
                if body is None:  # the rating pad, for the visit just finished here
                    last = state.get("last_visit")
                    body = {"visit_id": last["visit_id"] if last else "none", "level": 4}
                answer = client.post(f"/api/stall/{action}", headers=headers,
                                     json={"request_id": f"scan-{n:03d}-{step:02d}", **body})
                assert answer.status_code in (200, 409, 422), answer.text
                sent.append((stall.letter, answer.text))
                state = answer.json().get("state") or state
        sent.append((None, client.get("/api/display/state",
                                      headers={"cookie": f"{COOKIE}={display}"}).text))
    time.sleep(0.5)  # the last changes reach the streams
    for letter, listener in listeners:
        listener.stop()
        assert [e.name for e in listener.events].count("state") >= 2
        sent += [(letter, json.dumps(e.data, ensure_ascii=False)) for e in listener.events]
    secrets = _secrets(db)
    assert len(secrets) > 100
    everything = "\n".join(text for _letter, text in sent)
    leaked = [s for s in secrets if s in everything]
    assert leaked == []
    assert not re.search(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])", everything)  # no phone at all
    assert not re.search(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])", everything)  # no ID at all
    for letter, text in sent:
        data = json.loads(text)
        states = [data] if "stall" in data else [data.get("state")] if data.get("state") else []
        for state in states:
            if letter is not None and state and "stall" in state:
                assert state["stall"]["letter"] == letter
                _check_stall_state(state, letter)
