"""The rules for the keys under which a villager can be found (generated in SQL by
core.search_index), and how a query maps onto them.

Every key a query could equal is stored, so a lookup is one index range already in rank
order (tier, then most recently seen): SQLite's FTS finds nothing for 1–2 character Chinese
queries, and LIKE '%x%' cannot use an index.

- name: every substring of the name (tier 0 whole, 1 prefix, 2 inside);
- pinyin: prefixes of the full pinyin up to PINYIN_PREFIX_MAX letters, plus the whole of it
  (longer queries become a range scan over the whole-pinyin keys, which few names share);
- initials: every prefix of the initials (zbz);
- digits: the ID number and the phone's digits stored reversed under '#', so a tail query
  ("last 4+ digits") is a prefix range over few rows.
"""

from __future__ import annotations

from functools import lru_cache

PINYIN_PREFIX_MAX = 6
DIGIT_PREFIX = "#"
TIER_EXACT, TIER_PREFIX, TIER_INSIDE = 0, 1, 2
# Bump when key generation changes: the index is then rebuilt (see villagers.rebuild_search).
KEY_VERSION = 2

# Surnames read differently from the character's everyday reading. Both readings are
# indexed: staff type whichever they have in mind.
_SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "区": "ou", "查": "zha", "仇": "qiu",
    "覃": "qin", "翟": "zhai", "朴": "piao", "缪": "miao", "盖": "ge", "召": "shao",
    "繁": "po", "员": "yun", "秘": "bi", "种": "chong", "折": "she", "句": "gou",
    "尉": "yu", "长": "zhang", "乐": "yue", "重": "chong", "沈": "shen", "黑": "he",
}


@lru_cache(maxsize=20_000)
def _char_pinyin(char: str) -> str:
    # Imported on first use: pypinyin loads its phrase dictionary at import (~0.5 s), which
    # the app's start-up (and every CLI command that never names anyone) should not pay.
    from pypinyin import Style, lazy_pinyin

    reading = lazy_pinyin(char, style=Style.NORMAL, errors="ignore")
    return reading[0].lower() if reading else ""


def name_pinyins(name: str) -> list[list[str]]:
    """The syllables of a name, one list per reading (several when the surname is ambiguous)."""
    syllables = [_char_pinyin(c) for c in name]
    syllables = [s for s in syllables if s.isascii() and s.isalpha()]
    readings = [syllables] if syllables else []
    if name and name[0] in _SURNAME_READINGS and syllables:
        alternative = [_SURNAME_READINGS[name[0]], *syllables[1:]]
        if alternative != syllables:
            readings.append(alternative)
    return readings


def is_tail_query(query: str) -> bool:
    body = query[:-1] if query.endswith("X") else query
    return len(query) >= 4 and body != "" and all(c in "0123456789" for c in body)
