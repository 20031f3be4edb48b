"""Resident ID numbers (居民身份证号码, GB 11643-1999): check, describe, mask.

Most bad IDs at a market come from spreadsheets (Excel turns an 18-digit ID into a number
and loses digits) or from typing, so the checks are ordered to name the most useful reason.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from marketapp.core.errors import UserError
from marketapp.core.text import N_
from marketapp.core.textnorm import normalise_text


class InvalidId(UserError):
    messages = {
        "empty": N_("The ID number is empty."),
        # Both end with the same hint: format the column as Text in Excel.
        "excel_scientific": N_("The ID number “{value}” was stored by Excel as a number "
                               "(scientific notation or a decimal point); its last digits are "
                               "lost. Format the column as Text in Excel, then re-enter or "
                               "re-paste the ID numbers."),
        "excel_zeroed": N_("The ID number {value} ends in 000 and its check digit is wrong: Excel "
                           "keeps only 15 significant digits and replaced the last three with "
                           "0. Format the column as Text in Excel, then re-enter or re-paste the "
                           "ID numbers."),
        "old_15_digit": N_("This is a 15-digit first-generation ID number; please enter the "
                           "18-digit number."),
        "wrong_length": N_("An ID number has 18 characters; found {count}."),
        "masked": N_("The ID number “{value}” has * in it: it is a masked number (from a default "
                     "export) and cannot be imported. Use a full export (--full) or the original "
                     "roster."),
        "bad_characters": N_("An ID number may contain only digits, with an X allowed as the "
                             "last character; found: {chars}"),
        # No expected digit in the text: it would invite "fixing" the last digit and saving
        # an ID whose real typo is elsewhere.
        "wrong_check_digit": N_("The ID number fails its check digit: at least one digit is "
                                "wrong. Please compare it digit by digit with the card."),
        "impossible_date": N_("The birth date {digits} in the ID number is not a real date."),
        "future_date": N_("The birth date {date} in the ID number is in the future."),
        "too_old": N_("The birth year {year} in the ID number is before 1900; please check it."),
        "unknown_region": N_("The first 6 digits {region_code} are not a known administrative "
                             "region code."),
    }


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: datetime.date
    gender: str  # 'M' or 'F'
    region: str  # e.g. '浙江省 新昌县'


_SPACES = re.compile(r"\s+")
# What Excel shows after treating an ID as a number: 3.30624E+17, 330624193501011000.0
_EXCEL_NUMBER = re.compile(r"[0-9]+([.,][0-9]*)?E\+?[0-9]+|[0-9]+[.,][0-9]*")
_ALLOWED = re.compile(r"[0-9]*X?")
_YEAR_SPAN = re.compile(r"^\[[0-9]*-[0-9]*\]")
# Passes every check of the form, so those can be skipped (most IDs of a roster).
_WELL_FORMED = re.compile(r"[0-9]{17}[0-9X]")
# What people type to keep Excel from turning an ID into a number: '330624… or ="330624…".
_TEXT_MARKS = re.compile(r"""['‘’`]?(?:=["“”](.*)["“”]|(.*))""", re.DOTALL)
# An ID Excel held as a number and wrote back with ".0": whole only if its check digit says so.
_POINT_ZERO = re.compile(r"([0-9]{18})[.]0+")
_OLDEST_YEAR = 1900


def normalise_id(raw: str | None) -> str:
    """Folded, without spaces, with a lowercase x made uppercase. Idempotent."""
    # normalise_text leaves no whitespace but single spaces.
    return normalise_text(raw).replace(" ", "").upper()


@lru_cache(maxsize=4096)
def region_name(code6: str) -> str | None:
    """Province and county for a 6-digit code valid in any year, or None if unknown.

    python-stdnum's own check also demands that the county existed in the birth year; we
    do not, because an elderly villager's ID carries the code of the county that issued it,
    which may have been created long after she was born.
    """
    from stdnum import numdb  # on first use, like calc_check_digit below

    province = county = None
    for _part, props in numdb.get("cn/loc").info(code6):
        province = props.get("province", province)
        county = props.get("county", county)
    if county is None:
        return None
    # One code can have named several counties over time: "[-1991]东郊区,[1992-]东丽区".
    names = [_YEAR_SPAN.sub("", c) for c in county.split(",")]
    county = "/".join(dict.fromkeys(n for n in names if n))
    if not province or county == province:
        return county or province
    return f"{province} {county}"


def check_id(raw: str | None, today: datetime.date | None = None) -> IdInfo:
    """Return what an 18-digit ID says, or raise InvalidId with the most helpful reason."""
    # python-stdnum loads its helpers (ssl, pydoc…) on import: ~15 ms kept out of start-up.
    from stdnum.cn.ric import calc_check_digit

    number = normalise_id(raw)
    if not _WELL_FORMED.fullmatch(number):
        number = _as_typed(number, raw, calc_check_digit)

    expected = calc_check_digit(number)
    if number[-1] != expected and number.endswith("000"):
        raise InvalidId("excel_zeroed", value=number)

    # A wrong date or region names where the typo is; a bare check-digit failure cannot.
    digits = number[6:14]
    try:
        birth = datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise InvalidId("impossible_date", digits=digits) from None
    if birth.year < _OLDEST_YEAR:
        raise InvalidId("too_old", year=birth.year)
    if birth > (today or datetime.date.today()):
        raise InvalidId("future_date", date=birth.isoformat())
    region = region_name(number[:6])
    if region is None:
        raise InvalidId("unknown_region", region_code=number[:6])
    if number[-1] != expected:
        raise InvalidId("wrong_check_digit")

    gender = "M" if int(number[16]) % 2 else "F"
    return IdInfo(number=number, birth_date=birth, gender=gender, region=region)


def _as_typed(number: str, raw: str | None, calc_check_digit) -> str:
    """The ID in a number that is not 17 digits and a digit or X, else raise why not.

    Accepted: the text marks that keep Excel from reading an ID as a number ('… and ="…"),
    and a trailing ".0" when the 18 digits before it pass the check digit (digits lost to
    Excel would not).
    """
    number = _unmarked(number)
    if _WELL_FORMED.fullmatch(number):
        return number
    whole = _POINT_ZERO.fullmatch(number)
    if whole and calc_check_digit(whole[1]) == whole[1][-1]:
        return whole[1]
    # Report the characters as typed (a stray "a" should not come back as "A").
    _check_form(number, _unmarked(_SPACES.sub("", normalise_text(raw))))
    raise AssertionError(f"{number!r} is well formed")  # pragma: no cover


def _unmarked(text: str) -> str:
    marks = _TEXT_MARKS.fullmatch(text)
    assert marks is not None  # the pattern matches any text
    return marks[1] if marks[1] is not None else marks[2]


def _check_form(number: str, typed: str) -> None:
    """Raise the reason a number that is not 17 digits and a digit or X is wrong."""
    if not number:
        raise InvalidId("empty")
    # Excel damage first: otherwise it would surface as a baffling character or check error.
    if _EXCEL_NUMBER.fullmatch(number):
        raise InvalidId("excel_scientific", value=number)
    if not _ALLOWED.fullmatch(number):
        if "*" in number and number.replace("*", "").removesuffix("X").isdigit():
            raise InvalidId("masked", value=number)
        last = len(typed) - 1
        bad = dict.fromkeys(
            c for i, c in enumerate(typed) if not ("0" <= c <= "9" or (c in "xX" and i == last))
        )
        raise InvalidId("bad_characters", chars="".join(bad))
    if len(number) == 15 and "X" not in number:
        raise InvalidId("old_15_digit")
    if len(number) != 18:
        raise InvalidId("wrong_length", count=len(number))
    raise AssertionError(f"{number!r} is well formed")  # pragma: no cover


def mask_id(number: str | None) -> str:
    """330624********1234: region and last 4 stay, the birth date never shows."""
    n = normalise_id(number)
    if len(n) == 18:
        return n[:6] + "*" * 8 + n[-4:]
    if len(n) == 15:  # first-generation: 6-digit birth date yymmdd, 3-digit sequence
        return n[:6] + "*" * 6 + n[-3:]
    # Unknown layout: we cannot tell where a birth date would be, so hide everything.
    return "*" * len(n)


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Full years; someone born on 29 February turns a year older on 1 March."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday
