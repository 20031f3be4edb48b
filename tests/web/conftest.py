"""Shared setup of the hub's tests: a data file with today's market in progress (the live
demo: people waiting and at counters), the hub on it, an API client (Starlette's
TestClient) and devices paired through the API or, for many at once, through core."""

from __future__ import annotations

import shutil
import warnings
from datetime import date

import pytest
from hub_phones import HOST, Phone, pair_in_core

# Starlette 1.x suggests the httpx2 fork for its TestClient; httpx works as before.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from starlette.testclient import TestClient  # noqa: E402

from marketapp.core import clock  # noqa: E402
from marketapp.core.demo.day import live_demo  # noqa: E402
from marketapp.core.market.days import MarketDay, find_market_day  # noqa: E402
from marketapp.store.database import open_database  # noqa: E402
from marketapp.web.app import build_app  # noqa: E402
from marketapp.web.hub import Hub  # noqa: E402


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


@pytest.fixture
def phone(client, db, day):
    """Make a paired device: phone("B", 1) for a stall counter, phone(None) the display."""

    def make(letter: str | None = "B", counter: int | None = 1, operator: str = "") -> Phone:
        return Phone(client, pair_in_core(db, day, letter, counter if letter else None, operator))

    return make
