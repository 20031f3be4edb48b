"""Chinese phone numbers: one canonical form per number, so the same villager matches.

Mobile: 13812345678. Landline: 0575-86012345 (area code with its leading 0, a dash, the local
number). Villagers give numbers with +86, dashes, brackets and full-width digits; all of that
folds to the same canonical text.
"""

from __future__ import annotations

import re

from marketapp.core.errors import UserError
from marketapp.core.text import N_
from marketapp.core.textnorm import is_ascii_digits, normalise_text


class InvalidPhone(UserError):
    messages = {
        "empty": N_("The phone number is empty."),
        "masked": N_("The phone number “{value}” has * in it: it is a masked number (from a "
                     "default export) and cannot be imported. Use a full export (--full) or the "
                     "original roster."),
        "bad_characters": N_("A phone number may contain only digits (spaces, dashes and "
                             "brackets are fine); found: {chars}"),
        "wrong_length": N_("The phone number has the wrong number of digits ({count}). A mobile "
                           "number has 11 digits; a landline is an area code plus a 7- or "
                           "8-digit number."),
        "not_mobile_or_landline": N_("“{value}” is not a mainland China mobile or landline "
                                     "number."),
        "landline_needs_area_code": N_("The landline number {value} needs its area code (for "
                                       "example 0575-{value})."),
    }


# Separators people write inside numbers, including the dashes word processors substitute.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212().]")
_INTL_PREFIXES = ("+86", "0086")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_BARE_86_MOBILE = re.compile(r"861[3-9][0-9]{9}")


def normalise_phone(raw: str | None) -> str:
    """Digits only (a leading + kept for foreign numbers), China's country code removed."""
    s = _SEPARATORS.sub("", normalise_text(raw))
    international = False
    while s.startswith(_INTL_PREFIXES):
        s = s[3:] if s.startswith("+") else s[4:]
        international = True
    # A bare 86 is only safe to drop when what follows is a whole mobile number.
    if _BARE_86_MOBILE.fullmatch(s):
        s = s[2:]
    # +86 575 86012345: the international form drops the trunk 0 of the area code.
    if international and s[:1] in tuple("23456789"):
        s = "0" + s
    return s


def _area_code_length(digits: str) -> int:
    """Length of the area code including its 0, or 0 if phonenumbers rejects the number."""
    import phonenumbers  # on first use: the whole library loads (~20 ms of app start-up)
    from phonenumbers import PhoneNumberType

    try:
        parsed = phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        return 0
    if not phonenumbers.is_valid_number(parsed):
        return 0
    fixed = (PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
    if phonenumbers.number_type(parsed) not in fixed:
        return 0
    return 1 + phonenumbers.length_of_geographical_area_code(parsed)


def check_phone(raw: str | None) -> str:
    """Canonical mobile or landline number, or raise InvalidPhone."""
    if raw and _MOBILE.fullmatch(raw):
        return raw  # already canonical, as most of a roster's numbers are
    s = normalise_phone(raw)
    if not s:
        raise InvalidPhone("empty")
    if s.startswith("+") and is_ascii_digits(s[1:]):
        raise InvalidPhone("not_mobile_or_landline", value=s)
    if not is_ascii_digits(s):
        if "*" in s and s.replace("*", "").isdigit():
            raise InvalidPhone("masked", value=s)
        typed = normalise_text(raw)
        bad = dict.fromkeys(c for c in typed if not ("0" <= c <= "9" or _SEPARATORS.match(c)))
        raise InvalidPhone("bad_characters", chars="".join(bad) or s)

    if s[0] == "1":
        if len(s) != 11:
            raise InvalidPhone("wrong_length", count=len(s))
        if not _MOBILE.fullmatch(s):
            raise InvalidPhone("not_mobile_or_landline", value=s)
        return s

    if s[0] == "0":
        # Beijing (010) and 02x cities have 3-digit area codes, everywhere else 4; this
        # rule only decides whether the length is plausible, phonenumbers decides validity.
        guess = 3 if s[1:2] in ("1", "2") else 4
        if len(s) - guess not in (7, 8):
            raise InvalidPhone("wrong_length", count=len(s))
        area = _area_code_length(s)
        if not area:
            raise InvalidPhone("not_mobile_or_landline", value=s)
        return f"{s[:area]}-{s[area:]}"

    if len(s) in (7, 8):
        raise InvalidPhone("landline_needs_area_code", value=s)
    raise InvalidPhone("not_mobile_or_landline", value=s)


def mask_phone(phone: str | None) -> str:
    """138****5678 and 0575-****2345: what a public screen or printout may show."""
    try:
        s = check_phone(phone)
    except InvalidPhone:
        # Not a number we understand: show at most the last 4 digits.
        s = normalise_phone(phone)
        return "*" * (len(s) - 4) + s[-4:] if len(s) >= 8 else "*" * len(s)
    if "-" in s:
        area, local = s.split("-")
        return f"{area}-{'*' * (len(local) - 4)}{local[-4:]}"
    return s[:3] + "****" + s[-4:]
