"""Shared setup of the hub's tests: a data file with today's market in progress (the live
demo: people waiting and at counters), the hub on it, an API client (Starlette's
TestClient) and devices paired through the API or, for many at once, through core."""

from __future__ import annotations

import shutil
import warnings
from dataclasses import dataclass
from datetime import date

import pytest

# Starlette 1.x suggests the httpx2 fork for its TestClient; httpx works as before.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from starlette.testclient import TestClient  # noqa: E402

from marketapp.core import clock  # noqa: E402
from marketapp.core.demo.day import live_demo  # noqa: E402
from marketapp.core.devices.pairing import create_code, redeem_code  # noqa: E402
from marketapp.core.market.days import MarketDay, find_market_day  # noqa: E402
from marketapp.store.database import open_database  # noqa: E402
from marketapp.web.app import build_app  # noqa: E402
from marketapp.web.hub import Hub  # noqa: E402
from marketapp.web.streams import COOKIE  # noqa: E402

HOST = "testserver"  # TestClient's Host


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "live.db"
    db = open_database(path)
    live_demo(db, clock.now())
    db.close()  # checkpointed: the file alone is the whole day
    return path


@pytest.fixture
def market_path(demo_template, tmp_path):
    path = tmp_path / "market.db"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def db(market_path):
    database = open_database(market_path)
    yield database
    database.close()


@pytest.fixture
def day(db) -> MarketDay:
    return find_market_day(db, date.today())


@pytest.fixture
def hub(market_path):
    running = Hub(market_path).start()
    yield running
    running.stop()


@pytest.fixture
def live(market_path):
    """The hub on a real uvicorn, 127.0.0.1 and a free port."""
    from marketapp.web.server import HubServer

    hub = Hub(market_path).start()
    server = HubServer(market_path, "127.0.0.1", 0, hub=hub)
    server.start()
    yield server
    server.stop()
    hub.stop()


@pytest.fixture
def client(hub):
    with TestClient(build_app(hub, {HOST}), base_url=f"http://{HOST}") as test_client:
        yield test_client


@dataclass
class Phone:
    """One paired device: its requests carry its own cookie."""

    client: TestClient
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


@pytest.fixture
def phone(client, db, day):
    """Make a paired device: phone("B", 1) for a stall counter, phone(None) the display."""

    def make(letter: str | None = "B", counter: int | None = 1, operator: str = "") -> Phone:
        return Phone(client, pair_in_core(db, day, letter, counter if letter else None, operator))

    return make
