"""Paired stall phones for the hub's tests: each request carries its own device's cookie."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marketapp.core.devices.pairing import create_code, redeem_code
from marketapp.core.market.days import MarketDay
from marketapp.web.streams import COOKIE

HOST = "testserver"  # the Host of Starlette's TestClient


@dataclass
class Phone:
    """One paired device: its requests carry its own cookie."""

    client: Any  # starlette.testclient.TestClient
    token: str

    def _headers(self) -> dict[str, str]:
        return {"cookie": f"{COOKIE}={self.token}"}

    def get(self, url: str):
        return self.client.get(url, headers=self._headers())

    def post(self, url: str, body: dict | None = None):
        return self.client.post(url, json=body or {}, headers=self._headers())

    def act(self, action: str, request_id: str, **body):
        return self.post(f"/api/stall/{action}", {"request_id": request_id, **body})


def stall_of(day: MarketDay, letter: str):
    return next(s for s in day.stalls if s.letter == letter)


def pair_in_core(db, day: MarketDay, letter: str | None, counter: int | None = None,
                 operator: str = "") -> str:
    """A device's cookie token, paired straight through core (fast, for many devices)."""
    stall_id = stall_of(day, letter).id if letter else None
    code = create_code(db, day, stall_id=stall_id, display=letter is None, counter=counter,
                       operator=operator)
    return redeem_code(db, code.code)[1]
