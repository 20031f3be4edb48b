"""A villager as typed (a form, a roster row) made clean: names, gender, birth date, ID number
and phone checked against each other, with every problem said at once (``villager_problems``)
or the first one raised (``clean``). Saving the clean record: ``people.villagers``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields
from datetime import date

from marketapp.core import clock
from marketapp.core.people.idnumber import IdInfo, InvalidId, check_id
from marketapp.core.people.phone import InvalidPhone, check_phone
from marketapp.core.people.villagers import (
    GENDER_WORDS,
    CleanVillager,
    InvalidVillager,
    VillagerInput,
)
from marketapp.core.textnorm import date_parts, is_ascii_digits, normalise_text


def parse_gender(raw: str) -> str | None:
    if raw in GENDER_WORDS:  # as a roster usually has it: 男 / 女
        return GENDER_WORDS[raw]
    text = normalise_text(raw or "").lower()
    if not text:
        return None
    if text in GENDER_WORDS:
        return GENDER_WORDS[text]
    raise InvalidVillager("bad_gender", "gender", value=raw)


# What Excel writes after a date when a date-time cell is saved as text: 1950-03-08 00:00:00,
# 1950/3/8 0:00.
_TIME_OF_DAY = re.compile(r"[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?$")


def parse_birth_date(raw: str, today: date) -> tuple[date, bool] | None:
    """The date written and whether its day is known; None when empty.

    Accepted: 1950-03-08, 1950/3/8, 1950.03.08, 1950年3月8日, 19500308, Excel's date-times
    as text (1950-03-08 00:00:00, 1950/03/08 0:00), and a year and month only, as 出生年月
    columns hold it (1950-03, 1950.03, 1950年03月, 195003). The day of those is unknown: the
    date returned (and stored, unless an ID number gives the full date) is the 1st of the
    month, with day_known False.
    """
    text = normalise_text(raw or "")
    if not text:
        return None
    parts = date_parts(_TIME_OF_DAY.sub("", text))
    if (len(parts) not in (2, 3) or len(parts[0]) != 4 or any(len(p) > 2 for p in parts[1:])
            or not all(is_ascii_digits(p) for p in parts)):
        raise InvalidVillager("bad_birth_date", "birth_date", value=raw)
    year, month, day = int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) == 3 else 1
    if year < 1900:
        raise InvalidVillager("bad_birth_date", "birth_date", value=raw)
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise InvalidVillager("impossible_birth_date", "birth_date", value=raw) from None
    day_known = len(parts) == 3
    if parsed > today:
        raise InvalidVillager("future_birth_date", "birth_date",
                              value=_shown(parsed, day_known))
    return parsed, day_known


def _shown(day: date, day_known: bool) -> str:
    return day.isoformat() if day_known else day.isoformat()[:7]


def clean(data: VillagerInput, today: date | None = None) -> CleanVillager:
    """Validate one villager's values; the first problem is raised with its field
    (``villager_problems`` finds them all at once, for a form)."""
    today = today or clock.today()
    name = _clean_name(data.name)
    gender = parse_gender(data.gender)
    born = parse_birth_date(data.birth_date, today)
    birth_date = born[0].isoformat() if born else None
    id_number = None
    info = _id_info(data.id_number, today)
    if info is not None:
        id_number = info.number
        _match_id(info, born, gender)
        birth_date, gender = info.birth_date.isoformat(), info.gender
    phone = _clean_phone(data.phone)
    return CleanVillager(
        name=name,
        gender=gender,
        birth_date=birth_date,
        id_number=id_number,
        phone=phone,
        village=normalise_text(data.village).replace(" ", "") or None,
        address=normalise_text(data.address) or None,
        notes=normalise_text(data.notes) or None,
        living_alone=bool(data.living_alone),
        left_behind=bool(data.left_behind),
        disabled=bool(data.disabled),
        low_income=bool(data.low_income),
    )


def villager_problems(data: VillagerInput,
                      today: date | None = None) -> dict[str, InvalidVillager]:
    """Every problem ``clean`` would raise one at a time, at once, by field: a form shows
    each under its field and clears each as it is fixed. Empty when ``clean`` passes."""
    today = today or clock.today()
    problems: dict[str, InvalidVillager] = {}

    def check(run):
        try:
            return run()
        except InvalidVillager as exc:
            problems.setdefault(exc.field_name or "", exc)
            return None

    check(lambda: _clean_name(data.name))
    gender = check(lambda: parse_gender(data.gender))
    born = check(lambda: parse_birth_date(data.birth_date, today))
    info = check(lambda: _id_info(data.id_number, today))
    if info is not None:
        check(lambda: _match_birth(info, born))
        check(lambda: _match_gender(info, gender))
    check(lambda: _clean_phone(data.phone))
    return problems


def _clean_name(raw: str) -> str:
    name = normalise_text(raw)
    if " " in name and _is_cjk(raw):
        name = name.replace(" ", "")
    if not name:
        raise InvalidVillager("name_required", "name")
    if len(name) > 40:
        raise InvalidVillager("name_too_long", "name", max=40)
    return name


def _id_info(raw: str, today: date) -> IdInfo | None:
    if not normalise_text(raw):
        return None
    try:
        return check_id(raw, today=today)
    except InvalidId as exc:
        raise InvalidVillager("id_number", "id_number", cause=exc) from exc


def _match_id(info: IdInfo, born: tuple[date, bool] | None, gender: str | None) -> None:
    """The birth date and gender typed must agree with the ID number's."""
    _match_birth(info, born)
    _match_gender(info, gender)


def _match_birth(info: IdInfo, born: tuple[date, bool] | None) -> None:
    from_id = info.birth_date.isoformat()
    if born is not None:
        given, day_known = born
        shown = _shown(given, day_known)
        if shown != from_id[:len(shown)]:
            raise InvalidVillager("id_birth_mismatch", "birth_date", given=shown,
                                  from_id=from_id)


def _match_gender(info: IdInfo, gender: str | None) -> None:
    if gender and gender != info.gender:
        raise InvalidVillager("id_gender_mismatch", "gender",
                              from_id="男" if info.gender == "M" else "女")


def _clean_phone(raw: str) -> str | None:
    if not normalise_text(raw):
        return None
    try:
        return check_phone(raw)
    except InvalidPhone as exc:
        raise InvalidVillager("phone", "phone", cause=exc) from exc


def _is_cjk(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" for c in text or "")


def input_from_mapping(values: Mapping[str, object]) -> VillagerInput:
    known = {f.name for f in fields(VillagerInput)}
    return VillagerInput(**{k: v for k, v in values.items() if k in known})  # type: ignore[arg-type]
