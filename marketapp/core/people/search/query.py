"""One query string finds villagers: name, pinyin, initials, ID tail or phone tail.

Ranked exact before prefix before substring, then most recently seen. The query is only
ever a bound parameter, so quotes, %, * and other SQL or FTS syntax are plain text.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from marketapp.core.people.search.keys import (
    DIGIT_PREFIX,
    PINYIN_PREFIX_MAX,
    TIER_EXACT,
    TIER_PREFIX,
    is_tail_query,
)
from marketapp.core.people.villagers import Villager, villagers_by_seq
from marketapp.core.textnorm import normalise_text

DEFAULT_LIMIT = 20
# An upper bound for a prefix range: sorts after every character a key can hold.
_RANGE_END = "\U0010ffff"


@dataclass(frozen=True)
class Match:
    villager: Villager
    tier: int


def normalise_query(query: str) -> str:
    text = normalise_text(query or "").replace(" ", "")
    if text and text.isascii():
        text = text.lower()
        if is_tail_query(text.upper()):
            text = text.upper()
    return text


def search(db: Database, query: str, limit: int = DEFAULT_LIMIT) -> list[Match]:
    text = normalise_query(query)
    if not text or limit <= 0:
        return []
    if is_tail_query(text):
        hits = _tail_hits(db, text, limit)
    elif text.isascii() and len(text) > PINYIN_PREFIX_MAX:
        hits = _range_hits(db, text, limit)
    else:
        # One person has at most three rows under a key (one per tier); the first is best.
        rows = db.execute(
            "SELECT seq, tier FROM villager_search WHERE key = ? "
            "ORDER BY tier, seen DESC, seq DESC LIMIT ?",
            [text, limit * 3],
        ).fetchall()
        hits = _first_per_person(rows, limit)
    people = villagers_by_seq(db, [seq for seq, _ in hits])
    return [Match(people[seq], tier) for seq, tier in hits if seq in people]


def _first_per_person(rows: list[tuple[int, int]], limit: int) -> list[tuple[int, int]]:
    kept: dict[int, int] = {}
    for seq, tier in rows:
        if seq not in kept:
            kept[seq] = tier
            if len(kept) == limit:
                break
    return list(kept.items())


def _range_hits(db: Database, text: str, limit: int) -> list[tuple[int, int]]:
    # Only whole-pinyin keys are longer than the stored prefixes, and few names share a
    # long pinyin prefix, so sorting the range in Python is cheap.
    rows = db.execute(
        "SELECT key, seq, seen FROM villager_search WHERE key >= ? AND key < ?",
        [text, text + _RANGE_END],
    ).fetchall()
    return _best(rows, text, limit)


def _tail_hits(db: Database, text: str, limit: int) -> list[tuple[int, int]]:
    reversed_tail = DIGIT_PREFIX + text[::-1]
    rows = db.execute(
        "SELECT key, seq, seen FROM villager_search WHERE key >= ? AND key < ?",
        [reversed_tail, reversed_tail + _RANGE_END],
    ).fetchall()
    return _best(rows, reversed_tail, limit)


def _best(rows: list[tuple[str, int, int]], text: str, limit: int) -> list[tuple[int, int]]:
    best: dict[int, tuple[int, int]] = {}
    for key, seq, seen in rows:
        tier = TIER_EXACT if key == text else TIER_PREFIX
        if seq not in best or tier < best[seq][0]:
            best[seq] = (tier, seen)
    ranked = sorted(best.items(), key=lambda item: (item[1][0], -item[1][1], -item[0]))
    return [(seq, tier) for seq, (tier, _) in ranked[:limit]]
