"""This laptop's addresses on the market's network: where the hub listens by default (the
LAN address, shown to the user — never 0.0.0.0 unless asked) and the Host names it answers."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

LOOPBACK = "127.0.0.1"
ANY = ("0.0.0.0", "::")


def _private(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.version == 4 and ip.is_private and not ip.is_loopback and not ip.is_link_local


def lan_addresses() -> list[str]:
    """Private IPv4 addresses of this machine, the one of the default route first. Nothing
    is sent: connecting a UDP socket only asks the system which address it would use (to a
    host address in each private range, never a broadcast one, which the system refuses)."""
    found: list[str] = []
    for probe in ("192.168.254.254", "10.254.254.254", "172.16.254.254"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                sock.connect((probe, 9))
                found.append(sock.getsockname()[0])
        except OSError:
            continue
    try:
        found += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None,
                                                            socket.AF_INET)]
    except OSError:
        pass
    return [a for a in dict.fromkeys(found) if _private(a)]


def default_host() -> str | None:
    """The LAN address to listen on, or None when this machine is on no network."""
    addresses = lan_addresses()
    return addresses[0] if addresses else None


def is_local(host: str) -> bool:
    """An address this machine can listen on as asked (its own, loopback, or any)."""
    if host in ANY or host in (LOOPBACK, "localhost", "::1"):
        return True
    return host in lan_addresses()


def allowed_hosts(host: str, port: int) -> set[str]:
    """The ``Host`` header values the hub answers to when listening on ``host``:``port``."""
    if host in ANY:
        names = {*lan_addresses(), LOOPBACK, "localhost"}
    elif host in (LOOPBACK, "localhost"):
        names = {LOOPBACK, "localhost"}
    else:
        names = {host}
    shown = {f"[{n}]" if ":" in n else n for n in names}
    return {f"{n}:{port}" for n in shown} | (shown if port == 80 else set())


@dataclass(frozen=True)
class HostChoice:
    """Where the app's server should listen, from the saved address and this laptop's own.

    ``host``: the saved one while it is still this laptop's (or loopback, or every network,
    when chosen so), else this laptop's LAN address when none was saved; None when the saved
    one is gone — the user is told (``gone``) and offered ``found`` (this laptop's now, if any),
    never switched silently."""

    host: str | None
    gone: str | None = None
    found: str | None = None


def choose_host(saved: str | None, addresses: list[str]) -> HostChoice:
    found = addresses[0] if addresses else None
    if not saved:
        return HostChoice(found, None, found)
    if saved in ANY or saved in (LOOPBACK, "localhost", "::1") or saved in addresses:
        return HostChoice(saved, None, found)
    return HostChoice(None, saved, found)


def host_options(addresses: list[str], saved: str | None = None) -> list[str]:
    """What the address list offers: this laptop's LAN addresses, then this computer only,
    then every network (said as such, never chosen for the user). A saved address that is
    gone is not offered."""
    options = [*addresses, LOOPBACK, ANY[0]]
    if saved and saved not in options and choose_host(saved, addresses).host == saved:
        options.insert(0, saved)
    return options
