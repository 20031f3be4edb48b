"""The villager's rating of one visit (好差评), on the national five-level scale
(国办发〔2019〕51号): 非常满意 (5), 满意 (4), 基本满意 (3), 不满意 (2), 非常不满意 (1).
The bottom two are 差评 and every one of them is followed up. Rating is voluntary.

A visit stores the level's code (``satisfied`` …) and who gave it: ``villager`` on the
rating pad, ``staff`` when staff recorded it on the villager's behalf.

Before the five levels the app had 好/中/差; migration m011 maps them
好 → 满意, 中 → 基本满意, 差 → 不满意 (each to the level that says the same without
claiming more), and old words typed today are read the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from marketapp.core.text import N_, every_translation, gettext


@dataclass(frozen=True)
class Level:
    value: int  # 5 best … 1 worst
    code: str  # what a visit stores
    msgid: str  # its name, translated where shown

    def name(self, lang: str | None = None) -> str:
        return gettext(self.msgid, lang)


LEVELS: tuple[Level, ...] = (
    Level(5, "very_satisfied", N_("very satisfied")),
    Level(4, "satisfied", N_("satisfied")),
    Level(3, "basically_satisfied", N_("basically satisfied")),
    Level(2, "dissatisfied", N_("dissatisfied")),
    Level(1, "very_dissatisfied", N_("very dissatisfied")),
)
RATINGS: tuple[str, ...] = tuple(level.code for level in LEVELS)  # best first
BAD: frozenset[str] = frozenset({"dissatisfied", "very_dissatisfied"})  # 差评
RATED_BY = ("villager", "staff")
RATING_NAMES: dict[str, str] = {level.code: level.msgid for level in LEVELS}
BY_CODE: dict[str, Level] = {level.code: level for level in LEVELS}
BY_VALUE: dict[int, Level] = {level.value: level for level in LEVELS}

# The three-level scale this app used before (m011 maps stored ratings the same way).
LEGACY: dict[str, str] = {"good": "satisfied", "ok": "basically_satisfied", "bad": "dissatisfied"}

# Every word accepted for a level: its code, Chinese and English names, its number, and the
# old three-level words.
RATINGS_ACCEPTED: dict[str, str] = {
    **{level.code: level.code for level in LEVELS},
    **{name: level.code for level in LEVELS for name in every_translation(level.msgid)},
    **{str(level.value): level.code for level in LEVELS},
    **LEGACY,
    "好": "satisfied", "中": "basically_satisfied", "差": "dissatisfied",
    "好评": "satisfied", "中评": "basically_satisfied", "差评": "dissatisfied",
    "fair": "basically_satisfied", "poor": "dissatisfied",
}


def rating_code(value: object) -> str | None:
    """The level's code for a code, a Chinese or English name, or a number 1–5; None for
    no rating (None or blank). Raises ValueError for anything else."""
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ValueError(value)
    if isinstance(value, int):
        if value in BY_VALUE:
            return BY_VALUE[value].code
        raise ValueError(value)
    text = str(value).strip()
    if not text:
        return None
    code = RATINGS_ACCEPTED.get(text.lower()) or RATINGS_ACCEPTED.get(text)
    if code is None:
        raise ValueError(value)
    return code


def level_of(code: str | None) -> int | None:
    """5 … 1 for a stored code (None for none)."""
    return BY_CODE[code].value if code in BY_CODE else None


def is_bad(code: str | None) -> bool:
    """差评: 不满意 or 非常不满意, to be followed up."""
    return code in BAD


def rating_name(code: str | None, lang: str | None = None) -> str:
    return BY_CODE[code].name(lang) if code in BY_CODE else ""
