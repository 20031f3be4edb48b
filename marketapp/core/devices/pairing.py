"""Pairing a phone, tablet or screen to one stall (or the public display) of one open market
day, and knowing it again by its cookie.

A pairing code is made on the laptop (the QR code), random (96 bits), kept only as its
SHA-256, valid for ``CODE_MINUTES`` and good for one device. Redeeming it creates a device
whose cookie carries a random token (256 bits), also kept only as a hash. Every pairing of a
day ends when the day closes (``end_pairings``, called by ``close_market_day`` in the same
transaction; ``authenticate`` also refuses a device whose day is closed, e.g. closed by a
merge). Reopening the day does not bring them back: scan again. Pairing and revoking are
recorded in the sensitive-action log: a device sees villagers' (masked) data. With sign-in
on, a stall's pairing may also need a stall worker's name and PIN (``pairing_pin``).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from marketapp.core import clock
from marketapp.core.devices.errors import DeviceError
from marketapp.core.devices.pairing_pin import stall_operator
from marketapp.core.ids import new_id
from marketapp.core.market.days import MarketDay, Stall, get_stall
from marketapp.core.people.audit import log_sensitive
from marketapp.core.text import N_, say_pair

CODE_MINUTES = 10
CODE_BYTES = 12  # 96 bits: 16 URL-safe characters
TOKEN_BYTES = 32
SEEN_EVERY_SECONDS = 30  # last_seen_at is written at most this often per device
SCOPES = ("stall", "display")
DEVICE_LABEL = "摊位设备"
DISPLAY_LABEL = "公共显示屏"
_SCOPE_NAMES = {"stall": N_("stall"), "display": N_("public display")}


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _iso(at: datetime | str | None) -> str:
    if at is None:
        return clock.now_iso()
    return clock.iso(at) if isinstance(at, datetime) else clock.iso(clock.parse_iso(at))


@dataclass(frozen=True)
class NewCode:
    """A code just made: ``code`` is shown once (in the QR) and never stored."""

    id: str
    code: str
    scope: str
    market_day_id: str
    stall_id: str | None
    counter: int | None
    expires_at: str


@dataclass(frozen=True)
class Device:
    id: str
    market_day_id: str
    scope: str
    stall_id: str | None
    counter: int | None
    name: str
    operator: str
    paired_at: str
    last_seen_at: str | None
    revoked_at: str | None
    ended_at: str | None
    letter: str | None = None  # the stall's, for lists and the actor's label

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.ended_at is None

    @property
    def label(self) -> str:
        """How records name it: 摊位设备A·2号窗口 (the display never writes)."""
        if self.scope == "display":
            return DISPLAY_LABEL
        return f"{DEVICE_LABEL}{self.letter or ''}" + (
            f"·{self.counter}号窗口" if self.counter else "")

    @property
    def actor(self) -> str:
        """Who made a write from this device, for queue events and requests: the operator
        who paired it (sign-in on: the one whose stall PIN was typed, or who made the code)
        and the device."""
        return f"{self.operator}({self.label})" if self.operator else self.label


def actor_person(actor: str) -> str:
    """The person in an actor's text ("陆医生(摊位设备B·1号窗口)" → 陆医生; a device alone → "")."""
    if actor.startswith(DEVICE_LABEL) or actor == DISPLAY_LABEL:
        return ""
    if actor.endswith(")") and f"({DEVICE_LABEL}" in actor:
        return actor[:actor.rindex(f"({DEVICE_LABEL}")]
    return actor


_DEVICE_COLUMNS = ("d.id, d.market_day_id, d.scope, d.stall_id, d.counter, d.name, d.operator, "
                   "d.paired_at, d.last_seen_at, d.revoked_at, d.ended_at, s.letter")
_SELECT_DEVICE = f"SELECT {_DEVICE_COLUMNS} FROM devices d LEFT JOIN stalls s ON s.id = d.stall_id "


def _check_counter(stall: Stall, counter: int | None) -> None:
    if counter is not None and not (isinstance(counter, int) and 1 <= counter <= stall.counters):
        raise DeviceError("bad_counter", stall=stall.name_zh, counters=stall.counters,
                          counter=counter)


def create_code(db: Database, market: MarketDay, *, stall_id: str | None = None,
                display: bool = False, counter: int | None = None, operator: str = "",
                at: datetime | str | None = None) -> NewCode:
    """A one-time code for one stall (optionally one of its counters) or the display of an
    open market day."""
    if display == (stall_id is not None):
        raise DeviceError("pair_scope")
    if market.status != "open":
        raise DeviceError("day_closed")
    stall = None
    if stall_id is not None:
        stall = get_stall(db, stall_id)
        if stall.market_day_id != market.id:
            raise DeviceError("no_such_stall", letter=stall.letter,
                              letters="、".join(s.letter for s in market.stalls))
        if stall.counters == 1 and counter is None:
            counter = 1  # nothing to choose
        _check_counter(stall, counter)
    elif counter is not None:
        raise DeviceError("pair_scope")
    now = _iso(at)
    code = secrets.token_urlsafe(CODE_BYTES)
    new = NewCode(new_id(), code, "display" if display else "stall", market.id, stall_id,
                  counter, clock.iso(clock.parse_iso(now) + timedelta(minutes=CODE_MINUTES)))
    with db.atomic():
        db.execute(
            "INSERT INTO pairing_codes (id, code_hash, market_day_id, scope, stall_id, counter, "
            "operator, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [new.id, secret_hash(code), market.id, new.scope, stall_id, counter, operator, now,
             new.expires_at])
    return new


@dataclass(frozen=True)
class CodeState:
    """What became of a code the laptop shows: spent by a device (its name), withdrawn or
    voided by the day's close, or past its time."""

    used: bool
    revoked: bool
    expired: bool
    device_name: str = ""

    @property
    def usable(self) -> bool:
        return not (self.used or self.revoked or self.expired)


def code_state(db: Database, code_id: str, *, at: datetime | str | None = None) -> CodeState:
    row = db.execute(
        "SELECT c.used_at, c.revoked_at, c.expires_at, d.name, m.status FROM pairing_codes c "
        "JOIN market_days m ON m.id = c.market_day_id LEFT JOIN devices d ON d.id = c.device_id "
        "WHERE c.id = ?", [code_id]).fetchone()
    if row is None:
        return CodeState(False, True, False)
    used, revoked, expires, name, status = row
    expired = clock.parse_iso(_iso(at)) > clock.parse_iso(expires)
    return CodeState(bool(used), bool(revoked) or status != "open", expired, name or "")


def withdraw_code(db: Database, code_id: str, *, at: datetime | str | None = None) -> None:
    """A code replaced by a new one (刷新) is void at once, unless a device already used it."""
    with db.atomic():
        db.execute("UPDATE pairing_codes SET revoked_at = ? WHERE id = ? AND used_at IS NULL "
                   "AND revoked_at IS NULL", [_iso(at), code_id])


def _usable_code(db: Database, code: str, now: str) -> tuple:
    """The code's row (id, day, scope, stall, counter, who made it) while it may be spent."""
    row = db.execute(
        "SELECT c.id, c.market_day_id, c.scope, c.stall_id, c.counter, c.operator, "
        "c.expires_at, c.used_at, c.revoked_at, m.status FROM pairing_codes c "
        "JOIN market_days m ON m.id = c.market_day_id WHERE c.code_hash = ?",
        [secret_hash(str(code or ""))]).fetchone()
    if row is None:
        raise DeviceError("code_unknown")
    expires, used, revoked, status = row[6:]
    if used:
        raise DeviceError("code_used")
    if status != "open":  # its day closed (which also voids it): say so
        raise DeviceError("day_closed")
    if revoked:
        raise DeviceError("code_revoked")
    if clock.parse_iso(now) > clock.parse_iso(expires):
        raise DeviceError("code_expired")
    return row[:6]


def redeem_code(db: Database, code: str, *, name: str = "", operator: str = "", pin: str = "",
                at: datetime | str | None = None) -> tuple[Device, str]:
    """Spend the code: a new device and its cookie token (shown once, stored hashed).

    With the stall PIN on (``pairing_pin``), a stall's code also needs ``operator`` and
    ``pin`` of someone who may work at a stall; the device then records them. Refused
    (``PinRefused``), the code is not spent."""
    now = _iso(at)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    # A dead code is refused before any PIN is tried; the PIN's own transaction keeps the
    # count of wrong tries, whatever becomes of the pairing.
    signer = stall_operator(db, _usable_code(db, code, now)[2], operator, pin, at=now)
    with db.atomic():
        code_id, day_id, scope, stall_id, counter, maker = _usable_code(db, code, now)
        who = maker if signer is None else signer
        device_id = new_id()
        db.execute(
            "INSERT INTO devices (id, token_hash, market_day_id, scope, stall_id, counter, name, "
            "operator, paired_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [device_id, secret_hash(token), day_id, scope, stall_id, counter,
             (name or "").strip()[:60], who, now, now])
        db.execute("UPDATE pairing_codes SET used_at = ?, device_id = ? WHERE id = ?",
                   [now, device_id, code_id])
        detail = f"{scope} {device_id}"
        if signer is not None:
            detail += " with PIN" + (f", code made by {maker}" if maker else "")
        log_sensitive(db, who, "device_paired", detail, at=now)
        return get_device(db, device_id), token


def _device(row: tuple) -> Device:
    return Device(*row)


def get_device(db: Database, device_id: str) -> Device:
    row = db.execute(_SELECT_DEVICE + "WHERE d.id = ?", [device_id]).fetchone()
    if row is None:
        raise DeviceError("no_such_device", device=device_id)
    return _device(row)


def authenticate(db: Database, token: str | None, *, at: datetime | str | None = None,
                 touch: bool = True) -> Device:
    """The device this cookie token names, while its pairing holds; DeviceError otherwise.
    ``touch``: note when it was last seen (at most every ``SEEN_EVERY_SECONDS``)."""
    if not token:
        raise DeviceError("not_paired")
    row = db.conn.execute(
        f"SELECT {_DEVICE_COLUMNS}, m.status FROM devices d LEFT JOIN stalls s "
        "ON s.id = d.stall_id JOIN market_days m ON m.id = d.market_day_id "
        "WHERE d.token_hash = ?", (secret_hash(token),)).fetchone()
    if row is None:
        raise DeviceError("not_paired")
    device, status = _device(row[:-1]), row[-1]
    if device.revoked_at:
        raise DeviceError("revoked")
    if device.ended_at or status != "open":
        raise DeviceError("day_closed")
    now = _iso(at)
    seen = device.last_seen_at
    if touch and (not seen or clock.epoch_seconds(now) - clock.epoch_seconds(seen)
                  >= SEEN_EVERY_SECONDS):
        with db.atomic():
            db.execute("UPDATE devices SET last_seen_at = ? WHERE id = ?", [now, device.id])
    return device


def check_devices(db: Database, device_ids: list[str]) -> dict[str, Device | DeviceError]:
    """Each device as it stands now, or why its pairing no longer holds — for the hub's live
    streams, which look again after every change (reads only; nothing is touched)."""
    found: dict[str, Device | DeviceError] = {
        device_id: DeviceError("not_paired") for device_id in device_ids}
    for start in range(0, len(device_ids), 500):
        part = device_ids[start:start + 500]
        for *row, status in db.conn.execute(
                f"SELECT {_DEVICE_COLUMNS}, m.status FROM devices d LEFT JOIN stalls s "
                "ON s.id = d.stall_id JOIN market_days m ON m.id = d.market_day_id "
                f"WHERE d.id IN ({','.join('?' * len(part))})", part):
            device = _device(tuple(row))
            found[device.id] = (DeviceError("revoked") if device.revoked_at else
                                DeviceError("day_closed") if device.ended_at or status != "open"
                                else device)
    return found


def check_scope(device: Device, scope: str) -> None:
    if device.scope != scope:
        zh, en = say_pair(_SCOPE_NAMES[device.scope])
        raise DeviceError("wrong_scope", scope_zh=zh, scope_en=en)


def set_counter(db: Database, device: Device, counter: object) -> Device:
    """The counter this stall device works (chosen on the page)."""
    check_scope(device, "stall")
    stall = get_stall(db, str(device.stall_id))
    if isinstance(counter, bool) or not isinstance(counter, int):
        raise DeviceError("bad_counter", stall=stall.name_zh, counters=stall.counters,
                          counter=counter)
    _check_counter(stall, counter)
    with db.atomic():
        db.execute("UPDATE devices SET counter = ? WHERE id = ?", [counter, device.id])
    return get_device(db, device.id)


def others_at_counter(db: Database, device: Device) -> list[Device]:
    """The other paired, active devices working the same counter of the same stall: two
    phones at one counter both call, both undo (allowed: a phone may be swapped for
    another; said, so nobody is surprised)."""
    return [d for d in list_devices(db, device.market_day_id, active_only=True)
            if d.id != device.id and d.stall_id == device.stall_id
            and d.counter is not None and d.counter == device.counter]


def list_devices(db: Database, market_day_id: str | None = None, *,
                 active_only: bool = False) -> list[Device]:
    """Paired devices, newest first (of one day when given)."""
    sql, params = _SELECT_DEVICE + "WHERE 1 = 1", []
    if market_day_id:
        sql, params = sql + " AND d.market_day_id = ?", [market_day_id]
    if active_only:
        sql += " AND d.revoked_at IS NULL AND d.ended_at IS NULL"
    return [_device(row) for row in db.execute(sql + " ORDER BY d.paired_at DESC, d.id",
                                               params)]


def listed_devices(db: Database, today: str | None = None) -> list[Device]:
    """The devices the laptop and ``marketapp devices list`` show: those of open market days
    and those paired today (so one ended by today's close still shows, as ended)."""
    today = today or clock.now_iso()[:10]
    open_days = {row[0] for row in db.execute(
        "SELECT id FROM market_days WHERE status = 'open'")}
    return [d for d in list_devices(db)
            if d.market_day_id in open_days or d.paired_at[:10] == today]


SHORT_ID = 8  # the fewest characters of a device id the list shows


def short_ids(db: Database) -> dict[str, str]:
    """Every device's id cut to the fewest characters (``SHORT_ID`` or more) that name it
    alone, as :func:`find_device` reads them: ids are time-ordered, so two devices paired
    within a minute share their first eight."""
    ids = [row[0] for row in db.execute("SELECT id FROM devices ORDER BY id")]
    shortest = {}
    for i, device_id in enumerate(ids):
        length = SHORT_ID
        for other in ids[max(i - 1, 0):i] + ids[i + 1:i + 2]:
            common = len(os.path.commonprefix([device_id, other]))
            length = max(length, common + 1)
        shortest[device_id] = device_id[:length]
    return shortest


def find_device(db: Database, text: str) -> Device:
    """A device by its id or the start of it (the list shows :func:`short_ids`)."""
    text = (text or "").strip()
    if len(text) < 4:
        raise DeviceError("no_such_device", device=text)
    rows = db.execute(_SELECT_DEVICE + "WHERE d.id LIKE ? ORDER BY d.id LIMIT 2",
                      [text.replace("%", "").replace("_", "") + "%"]).fetchall()
    if not rows:
        raise DeviceError("no_such_device", device=text)
    if len(rows) > 1 and rows[0][0] != text:
        raise DeviceError("ambiguous_device", device=text)
    return _device(rows[0])


def revoke_device(db: Database, device_id: str, *, operator: str = "",
                  at: datetime | str | None = None) -> Device:
    """End one device's pairing now; revoking a revoked or ended one changes nothing."""
    now = _iso(at)
    with db.atomic():
        device = get_device(db, device_id)
        if device.active:
            db.execute("UPDATE devices SET revoked_at = ?, revoked_by = ? WHERE id = ?",
                       [now, operator, device.id])
            log_sensitive(db, operator, "device_revoked", f"{device.scope} {device.id}", at=now)
    return get_device(db, device_id)


def end_pairings(db: Database, market_day_id: str, at: str) -> int:
    """The day closed: every device of it stops, and its unused codes are void (the
    caller's transaction). Returns how many devices were still paired."""
    cursor = db.execute("UPDATE devices SET ended_at = ? WHERE market_day_id = ? "
                        "AND ended_at IS NULL AND revoked_at IS NULL", [at, market_day_id])
    db.execute("UPDATE pairing_codes SET revoked_at = ? WHERE market_day_id = ? "
               "AND used_at IS NULL AND revoked_at IS NULL", [at, market_day_id])
    return cursor.rowcount
