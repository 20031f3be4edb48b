"""The stall PIN: with sign-in on, the laptop may ask that pairing a stall device (never the
public display) also takes the name and PIN of an operator whose role may work at a stall.

The PIN is checked by ``access.operators.sign_in``, so a phone gets the desktop's rules and
words: wrong PINs count, and after too many the name is locked out for the lockout time. A
refused PIN spends nothing: the code stays usable until it expires. The device then records
that operator (every write from it names them: ``Device.actor``), and the sensitive-action log
records the pairing under their name.

The setting (``device_pin_required``) is kept in the data file and applies only while
sign-in is on; with sign-in off pairing is as without it.
"""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from marketapp.core import clock
from marketapp.core.access.operators import (
    ROLE_NAMES,
    OperatorError,
    allowed,
    allowed_by_name,
    get_operator,
    sign_in,
    signin_enabled,
)
from marketapp.core.devices.errors import DeviceError
from marketapp.core.people.audit import log_sensitive
from marketapp.core.settings import get_setting, set_setting
from marketapp.core.text import N_, say_pair

SETTING = "device_pin_required"
# The desktop's own refusals of a sign-in, said on the phone in the same words.
_SIGN_IN_REFUSALS = ("not_found", "wrong_pin", "locked")


class PinRefused(DeviceError):
    """Pairing this stall device needs an operator's name and PIN: none was given, or they
    were refused. Nothing was paired and the code is not spent: the page asks (again)."""

    messages = {
        "pin_needed": N_("Pairing a stall phone needs the name and PIN of a stall worker or an "
                         "administrator (as at sign-in on the laptop)."),
        "pin_role": N_("“{name}” ({role_en}) may not work at a stall: type the name and PIN of "
                       "a stall worker or an administrator."),
        **{code: OperatorError.messages[code] for code in _SIGN_IN_REFUSALS},
    }


def pin_setting(db: Database) -> bool:
    """The setting as saved (it may be on while sign-in is off: then it waits)."""
    return bool(get_setting(db, SETTING))


def pin_required(db: Database) -> bool:
    """Whether pairing a stall device needs an operator's name and PIN now."""
    return signin_enabled(db) and pin_setting(db)


def set_pin_required(db: Database, on: bool, *, by: str = "") -> None:
    """Turn the stall PIN on or off. On only while sign-in is on; with sign-in on, only an
    operator who may change settings may change it."""
    with db.atomic():
        if on and not signin_enabled(db):
            raise DeviceError("pin_needs_signin")
        if not allowed_by_name(db, by, "settings"):
            try:
                role = get_operator(db, by).role if by else "—"
            except OperatorError:
                role = "—"
            raise OperatorError("not_allowed", name=by or "—", role=role)
        if pin_setting(db) == bool(on):
            return
        set_setting(db, SETTING, bool(on))
        log_sensitive(db, by, "device_pin_on" if on else "device_pin_off")


def stall_operator(db: Database, scope: str, name: str, pin: str, *,
                   at: datetime | str | None = None) -> str | None:
    """Who pairs this device: the operator's name when a PIN is needed and right, None when
    none is needed (sign-in or the setting off, or the public display); PinRefused otherwise.

    Runs in its own transaction (``sign_in`` commits a wrong PIN's count): call it outside
    the pairing's, after the code was found usable, so a dead code costs no PIN try."""
    if scope != "stall" or not pin_required(db):
        return None
    name, pin = (name or "").strip(), (pin or "").strip()
    if not name or not pin:
        raise PinRefused("pin_needed")
    now = clock.parse_iso(at) if isinstance(at, str) else at
    try:
        operator = sign_in(db, name, pin, now=now)
    except OperatorError as exc:
        if exc.code in _SIGN_IN_REFUSALS:
            raise PinRefused(exc.code, **exc.params) from None
        raise
    if not allowed(db, operator, "stall"):
        zh, en = say_pair(ROLE_NAMES[operator.role])
        raise PinRefused("pin_role", name=operator.name, role_zh=zh, role_en=en)
    return operator.name
