"""The market-square server (phones, rating pad and screens over the local network): the
address and port it would serve at.

That server (``marketapp serve`` and its host/port settings) is being built apart from this
check, so its settings are read defensively: any of the names in ``HOST_KEYS`` /
``PORT_KEYS`` counts, and without them the check says "not configured" (never a failure:
the market runs without phones). This laptop's local-network addresses are said either way,
since that is what a phone's link or QR code must carry (Android does not resolve ``.local``).
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

from marketapp.core.errors import UserError
from marketapp.doctor.findings import OK, WARN, Finding, finding

HOST_KEYS = ("server_host", "serve_host", "lan_host", "square_host")
PORT_KEYS = ("server_port", "serve_port", "lan_port", "square_port")
ANY_ADDRESS = ("0.0.0.0", "::", "")


class LanWords(UserError):
    messages = {
        "not_configured": ("未配置（本机不作为集市广场服务器；集市照常进行）。",
                           "Not configured (this laptop is not a market-square server; the "
                           "market runs as usual)."),
        "addresses": ("本机局域网地址：{addresses}。", "This laptop's local-network addresses: {addresses}."),
        "no_network": ("本机没有连接局域网（没有局域网地址）。",
                       "This laptop is not on a local network (no local address)."),
        "configured": ("服务器设置：{host} 端口 {port}；手机打开 {url}",
                       "Server settings: {host} port {port}; phones open {url}"),
        "host_elsewhere": ("设置的地址 {host} 不是本机的局域网地址：手机连不上。",
                           "The address {host} is not one of this laptop's: phones cannot reach it."),
        "join_router": ("把笔记本和手机连到同一个路由器（旅行路由器不需要互联网）。",
                        "Connect the laptop and the phones to the same router (a travel router "
                        "needs no internet)."),
        "bad_port": ("设置的端口 {port} 不是 1–65535 之间的数字。",
                     "The port setting {port} is not a number from 1 to 65535."),
        "fix_port": ("在设置里改正服务器端口。", "Correct the server port in the settings."),
    }


def lan_addresses() -> list[str]:
    """This laptop's IPv4 addresses other than loopback. The route to a private address
    names the address used on the local network (a UDP "connect" sends nothing); the host
    name's addresses add the others."""
    found: list[str] = []
    for target in ("192.168.254.254", "10.254.254.254", "172.16.254.254"):  # not broadcast
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                probe.connect((target, 9))
                found.append(probe.getsockname()[0])
        except OSError:
            continue
    try:
        found += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None,
                                                             socket.AF_INET)]
    except OSError:
        pass
    return sorted({a for a in found if not a.startswith(("127.", "0.", "169.254."))},
                  key=found.index)


def _setting(settings: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((settings[key] for key in keys if settings.get(key) not in (None, "")), None)


def check_lan(settings: dict[str, Any],
              addresses: Callable[[], list[str]] = lan_addresses) -> Finding:
    host, port = _setting(settings, HOST_KEYS), _setting(settings, PORT_KEYS)
    mine = addresses()
    seen = LanWords("addresses", addresses=", ".join(mine)) if mine else LanWords("no_network")
    if host is None and port is None:
        return finding("lan", OK, [LanWords("not_configured"), seen])
    try:
        number = int(port) if port is not None else 8420  # the hub's port unless set (web/API.md)
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
