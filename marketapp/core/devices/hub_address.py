"""Where the hub listens, remembered in the data file's settings: ``marketapp serve`` and the
app's own server switch (设置 → 摊位设备) use it, and pairing links are made with it."""

from __future__ import annotations

from sqlite_utils import Database

from marketapp.core.settings import get_setting, set_setting

DEFAULT_PORT = 8420
HOST_SETTING = "hub_host"
PORT_SETTING = "hub_port"
ENABLED_SETTING = "hub_enabled"  # the app's switch: serve while the app is open


def saved_address(db: Database) -> tuple[str | None, int]:
    host = get_setting(db, HOST_SETTING)
    port = get_setting(db, PORT_SETTING)
    return (str(host) if host else None), (int(port) if port else DEFAULT_PORT)


def save_address(db: Database, host: str, port: int) -> None:
    with db.atomic():
        set_setting(db, HOST_SETTING, host)
        set_setting(db, PORT_SETTING, int(port))


def serving_wanted(db: Database) -> bool:
    """The app's switch: serve stall devices while the app is open."""
    return bool(get_setting(db, ENABLED_SETTING))


def remember_switch(db: Database, on: bool, host: str | None = None,
                    port: int | None = None) -> None:
    """The switch turned (and, turned on, where to listen): one transaction."""
    with db.atomic():
        set_setting(db, ENABLED_SETTING, bool(on))
        if on and host:
            save_address(db, host, DEFAULT_PORT if port is None else port)


def base_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def pairing_url(host: str, port: int, code: str) -> str:
    """The link a QR code holds: the IP address, never a name (Android does not resolve
    ``.local`` names)."""
    return f"{base_url(host, port)}/p/{code}"
