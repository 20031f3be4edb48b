"""The rules for the keys under which a villager can be found (generated in SQL by
core.people.search.index), and how a query maps onto them.

Every key a query could equal is stored, so a lookup is one index range already in rank
order (tier, then most recently seen): SQLite's FTS finds nothing for 1–2 character Chinese
queries, and LIKE '%x%' cannot use an index.

- name: every substring of the name (tier 0 whole, 1 prefix, 2 inside);
- pinyin: prefixes of the full pinyin up to PINYIN_PREFIX_MAX letters, plus the whole of it
  (longer queries become a range scan over the whole-pinyin keys, which few names share),
  for each reading of the name (name_pinyins: 李长春 is li-chang-chun as a name, li-zhang-chun
  read one character at a time; 吕 is lv and lu);
- initials: every prefix of the initials (zbz), for each reading;
- digits: the ID number and the phone's digits stored reversed under '#', so a tail query
  ("last 4+ digits") is a prefix range over few rows.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import combinations

PINYIN_PREFIX_MAX = 6
DIGIT_PREFIX = "#"
TIER_EXACT, TIER_PREFIX, TIER_INSIDE = 0, 1, 2
# Bump when key generation changes: the index is then rebuilt (search_index.rebuild_if_stale).
KEY_VERSION = 3
# A name's readings are combinations of its characters' readings: a cap keeps a name of
# many ambiguous characters from filling the key table (each reading adds ~7 keys).
MAX_READINGS = 4

# Surnames read differently from the character's everyday reading. Both readings are
# indexed: staff type whichever they have in mind.
_SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "区": "ou", "查": "zha", "仇": "qiu",
    "覃": "qin", "翟": "zhai", "朴": "piao", "缪": "miao", "盖": "ge", "召": "shao",
    "繁": "po", "员": "yun", "秘": "bi", "种": "chong", "折": "she", "句": "gou",
    "尉": "yu", "长": "zhang", "乐": "yue", "重": "chong", "沈": "shen", "黑": "he",
}
# Given-name characters whose other reading names use as often as pypinyin's one-character
# reading (刘长林 chang, 王朝 zhao, 孙还 huan, 周了 liao). A short list, not pypinyin's
# heteronym mode: that lists archaic readings too (还 fu, 朱 shu, 伯 mo), which would spend
# the MAX_READINGS on readings nobody types.
_GIVEN_NAME_READINGS = {
    "长": "chang", "朝": "zhao", "重": "chong", "还": "huan", "了": "liao", "乐": "yue",
    "曾": "zeng", "娜": "nuo", "茜": "xi", "柏": "bo", "晟": "sheng", "莘": "xin",
}


@lru_cache(maxsize=20_000)
def _char_pinyin(char: str) -> str:
    # Imported on first use: pypinyin loads its phrase dictionary at import (~0.5 s), which
    # the app's start-up (and every CLI command that never names anyone) should not pay.
    from pypinyin import Style, lazy_pinyin

    reading = lazy_pinyin(char, style=Style.NORMAL, errors="ignore")
    syllable = reading[0].lower() if reading else ""
    return syllable if syllable.isascii() and syllable.isalpha() else ""


def name_pinyins(name: str) -> list[list[str]]:
    """The readings of a name, each a list of syllables, at most MAX_READINGS.

    First the characters read one at a time (what earlier versions indexed); then readings
    that differ in the fewest characters, each character's alternatives being its reading
    in the name read as a phrase (李长春: chang, 何曾: zeng), in the given name read as a
    phrase, its surname reading, its given-name reading. A reading with ü (pypinyin's v)
    comes with its u spelling (lv and lu): staff type either.
    """
    chars = [c for c in name if _char_pinyin(c)]
    if not chars:
        return []
    options = [[_char_pinyin(c)] for c in chars]
    for reading in _phrase_readings("".join(chars)):
        for syllables, syllable in zip(options, reading, strict=True):
            _add_new(syllables, syllable)
    if name[0] in _SURNAME_READINGS:
        _add_new(options[0], _SURNAME_READINGS[name[0]])
    for syllables, char in zip(options[1:], chars[1:], strict=True):
        if char in _GIVEN_NAME_READINGS:
            _add_new(syllables, _GIVEN_NAME_READINGS[char])
    return _combinations(options)


def _add_new(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _phrase_readings(text: str) -> list[list[str]]:
    """pypinyin's phrase-aware reading of the whole name and of the given name after the
    surname, when they can differ from the one-character readings."""
    # Only a name holding a word of pypinyin's phrase dictionary is read differently as a
    # phrase (1 in 70 of the demo roster's names): looking for one costs a few dict lookups, where reading
    # every name as a phrase would add seconds to a 100,000-row import.
    if not _holds_phrase(text):
        return []
    from pypinyin import Style, lazy_pinyin

    def read(part: str) -> list[str]:
        return [s.lower() for s in lazy_pinyin(part, style=Style.NORMAL, errors="ignore")]

    readings = [read(text), [_char_pinyin(text[0]), *read(text[1:])]]
    return [r for r in readings if len(r) == len(text) and all(s.isascii() and s.isalpha() for s in r)]


def _holds_phrase(text: str) -> bool:
    phrases = _phrase_dictionary()
    for start in range(len(text) - 1):
        for end in range(start + 2, len(text) + 1):
            if text[start:end] in phrases:
                return True
    return False


@lru_cache(maxsize=1)
def _phrase_dictionary() -> dict[str, object]:
    from pypinyin.constants import PHRASES_DICT  # the words lazy_pinyin reads as phrases

    return PHRASES_DICT


def _combinations(options: list[list[str]]) -> list[list[str]]:
    """Readings taking options[i][0] for each character, then those departing from that in
    one character, then in two…, each followed by its u spelling; at most MAX_READINGS."""
    first = [syllables[0] for syllables in options]
    departures = [(i, s) for i, syllables in enumerate(options) for s in syllables[1:]]
    if not departures:  # most names: one reading, nothing to combine
        return _spellings(first)
    readings: list[list[str]] = []
    for count in range(len(departures) + 1):
        for chosen in combinations(departures, count):
            if len({i for i, _ in chosen}) < count:
                continue  # two departures in one character
            reading = first.copy()
            for i, syllable in chosen:
                reading[i] = syllable
            for spelled in _spellings(reading):
                if spelled not in readings:
                    readings.append(spelled)
                if len(readings) == MAX_READINGS:
                    return readings
    return readings


def _spellings(reading: list[str]) -> list[list[str]]:
    """The reading, and its u spelling when it has a ü (pypinyin writes v)."""
    if not any("v" in syllable for syllable in reading):
        return [reading]
    return [reading, [syllable.replace("v", "u") for syllable in reading]]


def is_tail_query(query: str) -> bool:
    body = query[:-1] if query.endswith("X") else query
    return len(query) >= 4 and body != "" and all(c in "0123456789" for c in body)
