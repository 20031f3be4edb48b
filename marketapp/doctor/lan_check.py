"""The market-square server (phones, rating pad and screens over the local network): the
address and port it would serve at.

That server (``marketapp serve`` and its host/port settings) is being built apart from this
check, so its settings are read defensively: any of the names in ``HOST_KEYS`` /
``PORT_KEYS`` counts, and without them the check says "not configured" (never a failure:
the market runs without phones). This laptop's local-network addresses are said either way,
since that is what a phone's link or QR code must carry (Android does not resolve ``.local``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marketapp.core.devices.hub_address import DEFAULT_PORT, HOST_SETTING, PORT_SETTING
from marketapp.core.errors import UserError
from marketapp.core.text import N_
from marketapp.doctor.findings import OK, WARN, Finding, finding
from marketapp.web.addresses import lan_addresses

ANY_ADDRESS = ("0.0.0.0", "::", "")


class LanWords(UserError):
    messages = {
        "not_configured": N_("Not configured (this laptop is not a market-square server; the "
                             "market runs as usual)."),
        "addresses": N_("This laptop's local-network addresses: {addresses}."),
        "no_network": N_("This laptop is not on a local network (no local address)."),
        "configured": N_("Server settings: {host} port {port}; phones open {url}"),
        "host_elsewhere": N_("The address {host} is not one of this laptop's: phones cannot "
                             "reach it."),
        "join_router": N_("Connect the laptop and the phones to the same router (a travel router "
                          "needs no internet)."),
        "bad_port": N_("The port setting {port} is not a number from 1 to 65535."),
        "fix_port": N_("Correct the server port in the settings."),
    }


def _setting(settings: dict[str, Any], key: str) -> Any:
    value = settings.get(key)
    return None if value in (None, "") else value


def check_lan(settings: dict[str, Any],
              addresses: Callable[[], list[str]] = lan_addresses) -> Finding:
    host, port = _setting(settings, HOST_SETTING), _setting(settings, PORT_SETTING)
    mine = addresses()
    seen = LanWords("addresses", addresses=", ".join(mine)) if mine else LanWords("no_network")
    if host is None and port is None:
        return finding("lan", OK, [LanWords("not_configured"), seen])
    try:
        number = int(port) if port is not None else DEFAULT_PORT
        if not 0 < number < 65536:
            raise ValueError
    except (TypeError, ValueError):
        return finding("lan", WARN, [LanWords("bad_port", port=port), seen], LanWords("fix_port"))
    host = str(host) if host is not None else "0.0.0.0"
    shown = host if host not in ANY_ADDRESS else (mine[0] if mine else "?")
    found: list[UserError] = [LanWords("configured", host=host, port=number,
                                       url=f"http://{shown}:{number}/"), seen]
    if not mine:
        return finding("lan", WARN, found, LanWords("join_router"))
    if host not in ANY_ADDRESS and host not in mine:
        return finding("lan", WARN, [*found, LanWords("host_elsewhere", host=host)],
                       LanWords("join_router"))
    return finding("lan", OK, found)
