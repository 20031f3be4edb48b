"""Operators (经办人): optional sign-in with a name and a PIN, roles, and what each role may do.

Sign-in is off by default (setting ``signin_enabled``); with it off every action is allowed
and actions are recorded with operator ``''``, as before sign-in existed. It can only be
turned on while an active administrator exists, so nobody is locked out of their data.

PINs are 4–8 digits (6–8 suggested: the hash is in the data file, and a 4-digit PIN falls
to an offline guess of all 10,000 in minutes), stored as ``scrypt$n$r$p$salt$hash`` with a
random 16-byte salt per operator, and checked with a constant-time compare. Five wrong PINs in a row lock that
operator out for one minute (kept in the data file, so restarting the app does not reset it).
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from marketapp.core import clock
from marketapp.core.errors import UserError
from marketapp.core.ids import new_id
from marketapp.core.people.audit import log_sensitive
from marketapp.core.settings import get_setting, set_setting
from marketapp.core.text import N_, name_in
from marketapp.core.textnorm import normalise_text

ROLES = ("admin", "registrar", "stall")
ROLE_NAMES = {
    "admin": N_("administrator"),
    "registrar": N_("registrar"),
    "stall": N_("stall staff"),
}
# What each role may do. Anything not listed for a role is refused.
ACTIONS = (
    "settings",      # change settings, operators, sign-in, retention
    "export_full",   # unmasked exports and full PDFs
    "merge",         # bring another laptop's database in
    "restore",       # replace the data with a backup
    "retention",     # clear personal data of people not seen for years
    "backup",        # back up now, check the file
    "register",      # add and edit villagers, import rosters
    "queue",         # issue, transfer, cancel tickets
    "stall",         # call, serve, record outcomes
    "requests",      # raise and follow up requests
    "export",        # masked exports and default reports
    "audit_view",    # see a villager's record history
    "open_market",   # open and close a market day
)
PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset(ACTIONS),
    "registrar": frozenset({"backup", "register", "queue", "requests", "export", "audit_view",
                            "open_market"}),
    "stall": frozenset({"stall", "requests"}),
}
PIN_RE = re.compile(r"[0-9]{4,8}")
SUGGESTED_PIN_DIGITS = 6  # shorter is accepted (the app always has), with a note
MAX_TRIES = 5
LOCKOUT = timedelta(minutes=1)
DEFAULT_LOCK_MINUTES = 10
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


class OperatorError(UserError):
    messages = {
        "bad_pin": N_("The PIN must be 4 to 8 digits."),
        "bad_role": N_("Role “{role}” is not valid; use admin, registrar or stall."),
        "name_required": N_("The operator's name is empty."),
        "name_taken": N_("There is already an operator “{name}”."),
        "not_found": N_("There is no operator “{name}”."),
        "wrong_pin": N_("Wrong PIN ({left} tries left)."),
        "locked": N_("Too many wrong PINs; try again in {seconds} seconds."),
        "need_admin": N_("Add an administrator first (marketapp operators add NAME --role admin) "
                         "before turning sign-in on."),
        "last_admin": N_("Cannot disable the last administrator while sign-in is on: nobody "
                         "could change settings any more."),
        "not_allowed": N_("“{name}” ({role}) is not allowed to do this."),
    }


@dataclass(frozen=True)
class Operator:
    id: str
    name: str
    role: str
    active: bool
    created_at: str


def can(role: str | None, action: str) -> bool:
    """Whether ``role`` may do ``action``; an unknown action is a programming error."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return action in PERMISSIONS.get(role or "", frozenset())


def allowed(db: Database, operator: Operator | None, action: str) -> bool:
    """``can`` as the app applies it: with sign-in off, everything is allowed."""
    if not signin_enabled(db):
        can(None, action)  # still refuses a misspelt action
        return True
    return operator is not None and operator.active and can(operator.role, action)


def role_name(role: str, lang: str = "zh") -> str:
    return name_in(ROLE_NAMES, role, lang)


# ---------------------------------------------------------------- PIN hashes

def hash_pin(pin: str, salt: bytes | None = None) -> str:
    check_pin_format(pin)
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        algo, n, r, p, salt_hex, hash_hex = stored.split("$")
        if algo != "scrypt":
            return False
        digest = hashlib.scrypt(str(pin).encode(), salt=bytes.fromhex(salt_hex), n=int(n),
                                r=int(r), p=int(p), dklen=len(hash_hex) // 2)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, bytes.fromhex(hash_hex))


def check_pin_format(pin: str) -> str:
    if not isinstance(pin, str) or not PIN_RE.fullmatch(pin):
        raise OperatorError("bad_pin")
    return pin


# ---------------------------------------------------------------- operators

_SELECT = "SELECT id, name, role, active, created_at FROM operators"


def _row(row: tuple) -> Operator:
    return Operator(row[0], row[1], row[2], bool(row[3]), row[4])


def allowed_by_name(db: Database, name: str, action: str) -> bool:
    """``allowed`` for whoever is signed in as ``name`` (``''``: nobody). A name no longer
    on the list (removed while signed in) is nobody."""
    if not signin_enabled(db):
        return allowed(db, None, action)
    try:
        operator = get_operator(db, name) if name else None
    except OperatorError:
        operator = None
    return allowed(db, operator, action)


def list_operators(db: Database, include_inactive: bool = False) -> list[Operator]:
    where = "" if include_inactive else " WHERE active = 1"
    return [_row(r) for r in db.execute(_SELECT + where + " ORDER BY name").fetchall()]


def get_operator(db: Database, name: str) -> Operator:
    row = db.execute(_SELECT + " WHERE name = ?", [normalise_text(name)]).fetchone()
    if row is None:
        raise OperatorError("not_found", name=name)
    return _row(row)


def add_operator(db: Database, name: str, role: str, pin: str, *, by: str = "",
                 at: str | None = None) -> Operator:

    name = normalise_text(name)
    if not name:
        raise OperatorError("name_required")
    if role not in ROLES:
        raise OperatorError("bad_role", role=role)
    pin_hash = hash_pin(pin)
    at = at or clock.now_iso()
    with db.atomic():
        if db.execute("SELECT 1 FROM operators WHERE name = ?", [name]).fetchone():
            raise OperatorError("name_taken", name=name)
        operator_id = new_id()
        db.execute(
            "INSERT INTO operators (id, name, role, pin_hash, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)", [operator_id, name, role, pin_hash, at, at])
        log_sensitive(db, by, "operator_added", f"{name} ({role})", at=at)
    return Operator(operator_id, name, role, True, at)


def set_pin(db: Database, name: str, pin: str, *, by: str = "") -> None:

    pin_hash = hash_pin(pin)
    with db.atomic():
        operator = get_operator(db, name)
        db.execute("UPDATE operators SET pin_hash = ?, failed_tries = 0, locked_until = NULL, "
                   "updated_at = ? WHERE id = ?", [pin_hash, clock.now_iso(), operator.id])
        log_sensitive(db, by, "operator_pin_changed", operator.name)


def set_active(db: Database, name: str, active: bool, *, by: str = "") -> None:

    with db.atomic():
        operator = get_operator(db, name)
        if (not active and operator.role == "admin" and signin_enabled(db)
                and _active_admins(db) <= 1):
            raise OperatorError("last_admin")
        db.execute("UPDATE operators SET active = ?, updated_at = ? WHERE id = ?",
                   [int(active), clock.now_iso(), operator.id])
        log_sensitive(db, by, "operator_enabled" if active else "operator_disabled",
                      operator.name)


def _active_admins(db: Database) -> int:
    return int(db.execute(
        "SELECT COUNT(*) FROM operators WHERE role = 'admin' AND active = 1").fetchone()[0])


# ---------------------------------------------------------------- sign-in

def signin_enabled(db: Database) -> bool:
    return bool(get_setting(db, "signin_enabled"))


def signin_required(db: Database) -> bool:
    """Whether the app asks for a sign-in: the setting is on and someone can sign in."""
    if not signin_enabled(db):
        return False
    return db.execute("SELECT 1 FROM operators WHERE active = 1").fetchone() is not None


def set_signin_enabled(db: Database, enabled: bool, *, by: str = "") -> None:

    with db.atomic():
        if enabled and _active_admins(db) == 0:
            raise OperatorError("need_admin")
        set_setting(db, "signin_enabled", bool(enabled))
        log_sensitive(db, by, "signin_on" if enabled else "signin_off")


def lock_minutes(db: Database) -> float:
    value = get_setting(db, "lock_minutes")
    try:
        minutes = float(value) if value is not None else DEFAULT_LOCK_MINUTES
    except (TypeError, ValueError):
        minutes = DEFAULT_LOCK_MINUTES
    return minutes if minutes > 0 else DEFAULT_LOCK_MINUTES


def sign_in(db: Database, name: str, pin: str, *, now: datetime | None = None) -> Operator:
    """The operator when ``pin`` is theirs; otherwise OperatorError (wrong_pin / locked).

    The fifth wrong PIN in a row locks the operator out for LOCKOUT; a right PIN resets the
    count. The count is committed even though the sign-in is refused.
    """
    now = now or clock.now()
    with db.atomic():
        row = db.execute(
            "SELECT id, name, role, active, created_at, pin_hash, failed_tries, locked_until "
            "FROM operators WHERE name = ? AND active = 1", [normalise_text(name)]).fetchone()
        if row is None:
            raise OperatorError("not_found", name=name)
        operator = _row(row[:5])
        pin_hash, failed, locked_until = row[5], int(row[6]), row[7]
        if locked_until:
            until = clock.parse_iso(locked_until)
            if now < until:
                seconds = max(1, math.ceil((until - now).total_seconds()))
                raise OperatorError("locked", seconds=seconds)
        if verify_pin(pin, pin_hash):
            if failed or locked_until:
                db.execute("UPDATE operators SET failed_tries = 0, locked_until = NULL "
                           "WHERE id = ?", [operator.id])
            return operator
        failed += 1
        if failed >= MAX_TRIES:
            db.execute("UPDATE operators SET failed_tries = 0, locked_until = ? WHERE id = ?",
                       [clock.iso(now + LOCKOUT), operator.id])
        else:
            db.execute("UPDATE operators SET failed_tries = ?, locked_until = NULL "
                       "WHERE id = ?", [failed, operator.id])
    # Raised after the transaction committed, so the count is kept.
    if failed >= MAX_TRIES:
        raise OperatorError("locked", seconds=int(LOCKOUT.total_seconds()))
    raise OperatorError("wrong_pin", left=MAX_TRIES - failed)
