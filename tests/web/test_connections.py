"""Where the app's server listens (the saved address while it is this laptop's; else said,
never switched silently), which devices are online (a live page open), and the hub told of
another connection's write not telling it twice."""

from __future__ import annotations

import threading
import time

from hub_phones import pair_in_core
from sse_listen import SseListener

from marketapp.core.settings import set_setting
from marketapp.store.database import open_database
from marketapp.web.addresses import HostChoice, choose_host, host_options
from marketapp.web.connections import Connections
from marketapp.web.hub import Hub
from marketapp.web.streams import COOKIE

LAN = ["192.168.8.10", "10.0.0.5"]


def test_the_saved_address_while_it_is_this_laptops_else_said_and_not_replaced():
    assert choose_host("192.168.8.10", LAN) == HostChoice("192.168.8.10", None, "192.168.8.10")
    assert choose_host("10.0.0.5", LAN).host == "10.0.0.5"
    assert choose_host(None, LAN) == HostChoice("192.168.8.10", None, "192.168.8.10")
    assert choose_host("127.0.0.1", []).host == "127.0.0.1"
    assert choose_host("0.0.0.0", LAN).host == "0.0.0.0"  # only ever saved when chosen
    assert choose_host("192.168.1.5", LAN) == HostChoice(None, "192.168.1.5", "192.168.8.10")
    assert choose_host("192.168.1.5", []) == HostChoice(None, "192.168.1.5", None)
    assert choose_host(None, []) == HostChoice(None, None, None)


def test_the_address_list_offers_the_lan_first_and_every_network_last():
    assert host_options(LAN) == ["192.168.8.10", "10.0.0.5", "127.0.0.1", "0.0.0.0"]
    assert host_options([], "192.168.1.5") == ["127.0.0.1", "0.0.0.0"]  # gone: not offered
    assert host_options(LAN, "0.0.0.0")[-1] == "0.0.0.0"


def test_a_device_is_online_while_one_of_its_pages_is_open():
    connections = Connections()
    heard = []
    unwatch = connections.watch(heard.append)
    connections.opened("phone")
    connections.opened("phone")  # a second tab: still one device
    connections.opened("tv")
    connections.closed("phone")
    assert connections.ids == {"phone", "tv"}
    connections.closed("phone")
    connections.closed("phone")  # one too many changes nothing
    unwatch()
    connections.closed("tv")
    assert heard == [{"phone"}, {"phone", "tv"}, {"tv"}]
    assert connections.ids == frozenset()


def test_the_live_server_counts_the_open_event_streams(live, db, day):
    token = pair_in_core(db, day, "B", 1)
    changes = []
    live.connections.watch(changes.append)
    listener = SseListener(f"{live.url}/api/stall/events", f"{COOKIE}={token}").start()
    try:
        assert len(live.connections.ids) == 1 and changes
    finally:
        listener.stop()


def test_told_of_a_commit_the_hub_does_not_tell_it_again_at_its_next_poll(market_path):
    hub = Hub(market_path, poll_seconds=0.4).start()
    heard = []
    seen = threading.Event()
    hub.subscribe(lambda version: (heard.append(version), seen.set()))
    try:
        time.sleep(0.5)  # past the first poll
        other = open_database(market_path)
        try:
            set_setting(other, "township", "城南乡")  # committed: data_version moves
            hub.notify_changed()
            assert seen.wait(1.0)
            time.sleep(0.9)  # two polls later
        finally:
            other.close()
        assert len(heard) == 1
    finally:
        hub.stop()
