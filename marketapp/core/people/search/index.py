"""Keeping the villager_search table in step with the villagers table.

The keys (see search_keys) are generated inside SQLite from each villager's name, stored
pinyin readings, ID number and phone: one statement serves a single edit and a 100,000-row
import alike, and a bulk run never pays Python's per-row cost for its ~19 keys a person.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from functools import lru_cache

from sqlite_utils import Database

from marketapp.core.people.search.keys import (
    DIGIT_PREFIX,
    KEY_VERSION,
    PINYIN_PREFIX_MAX,
    name_pinyins,
)

_SETTING = "search_key_version"

# {source} selects (seq, name, pinyin, initials, id_number, phone, seen) for the villagers
# whose keys are wanted. A key may come out for one person under two tiers (the initials
# "zh" of 张海 are also a prefix of "zhanghai"): search keeps each person's best row, which
# is cheaper than grouping two million rows here.
_KEYS_SQL = f"""
WITH
  src AS ({{source}}),
  names AS (SELECT seq, seen, replace(name, ' ', '') AS name FROM src),
  name_keys AS (
    SELECT s.seq, s.seen, substr(s.name, a.i, b.i) AS key,
           CASE WHEN a.i = 1 AND b.i = length(s.name) THEN 0 WHEN a.i = 1 THEN 1 ELSE 2 END
             AS tier
    FROM names s
    JOIN temp.key_positions a ON a.i BETWEEN 1 AND length(s.name)
    JOIN temp.key_positions b ON b.i BETWEEN 1 AND length(s.name) - a.i + 1
  ),
  readings AS (
    SELECT s.seq, s.seen, j.value AS word, {PINYIN_PREFIX_MAX} AS longest
    FROM src s, json_each(s.pinyin) j
    UNION ALL
    SELECT s.seq, s.seen, j.value, 64 FROM src s, json_each(s.initials) j
  ),
  reading_keys AS (
    SELECT r.seq, r.seen, substr(r.word, 1, n.i) AS key,
           CASE WHEN n.i = length(r.word) THEN 0 ELSE 1 END AS tier
    FROM readings r JOIN temp.key_positions n ON n.i BETWEEN 1 AND min(length(r.word), r.longest)
    UNION ALL
    -- Whole readings longer than the prefixes (shorter ones are the last prefix already).
    SELECT seq, seen, word, 0 FROM readings WHERE length(word) > longest
  ),
  digit_keys AS (
    SELECT seq, seen, '{DIGIT_PREFIX}' || marketapp_reverse(id_number), 0 FROM src
      WHERE id_number IS NOT NULL
    UNION ALL
    SELECT seq, seen, '{DIGIT_PREFIX}' || marketapp_reverse(replace(phone, '-', '')), 0 FROM src
      WHERE phone IS NOT NULL
  ),
  all_keys AS (
    SELECT seq, seen, key, tier FROM name_keys
    UNION ALL SELECT seq, seen, key, tier FROM reading_keys
    UNION ALL SELECT * FROM digit_keys
  )
SELECT key, tier, seen, seq FROM all_keys WHERE key <> ''
"""

# Keys carry the rank they were written with (search_seen), so they can always be found
# and deleted again, whatever last_seen_at says meanwhile (see refresh_ranks).
_SOURCE = (
    "SELECT seq, name, pinyin, initials, id_number, phone, search_seen AS seen FROM villagers"
)
_SEEN_NOW = "CAST(COALESCE(strftime('%s', last_seen_at), 0) AS INTEGER)"


@lru_cache(maxsize=65_536)
def pinyin_columns(name: str) -> tuple[str, str]:
    """The JSON arrays stored in villagers.pinyin and villagers.initials."""
    readings = name_pinyins((name or "").replace(" ", ""))
    if len(readings) == 1:  # most names: one reading, nothing to deduplicate
        syllables = readings[0]
        initials = "".join([s[0] for s in syllables])
        return _json_words(["".join(syllables)]), _json_words([initials])
    full = list(dict.fromkeys(["".join(r) for r in readings]))
    initials = list(dict.fromkeys(["".join([s[0] for s in r]) for r in readings]))
    return _json_words(full), _json_words(initials)


def _json_words(words: list[str]) -> str:
    # json.dumps(words), for the ASCII letters syllables are made of (nothing to escape);
    # json.dumps costs more than the rest of a new name's pinyin in a bulk import.
    return '["' + '", "'.join(words) + '"]' if words else "[]"


def _sql(db: Database, source: str) -> str:
    # temp.key_positions (1..64) and marketapp_reverse() come with every connection
    # (store.database.connect); a real table with an integer key turns "positions up to
    # length(name)" into a range lookup, where a recursive CTE would be rescanned whole
    # for every villager.
    return _KEYS_SQL.format(source=source)


def keys_of(db: Database, seq: int) -> list[tuple[str, int, int, int]]:
    """The search rows (key, tier, seen, seq) one villager has now, read from the database."""
    sql = _sql(db, _SOURCE + " WHERE seq = :seq")
    return [tuple(row) for row in db.execute(sql, {"seq": seq}).fetchall()]  # type: ignore[misc]


# Connections inside deferred(): the highest seq whose keys are written. The villagers
# above it get theirs from catch_up(), or when deferred() ends, from their row as it is then.
_keyed_upto: dict[int, int] = {}


def _max_seq(db: Database) -> int:
    return int(db.execute("SELECT COALESCE(MAX(seq), 0) FROM villagers").fetchone()[0])


@contextlib.contextmanager
def deferred(db: Database) -> Iterator[None]:
    """Write the keys of villagers added during a bulk import many at a time, not one by one.

    Use inside the import's transaction so the keys commit (or vanish) with the rows.
    """
    conn_id = id(db.conn)
    if conn_id in _keyed_upto:
        yield
        return
    _keyed_upto[conn_id] = _max_seq(db)
    try:
        yield
        catch_up(db)
    finally:
        del _keyed_upto[conn_id]


def catch_up(db: Database) -> None:
    """Inside deferred(): write the keys of everyone added since they were last written.

    One statement, which SQLite runs without holding Python's lock. Each call first saves
    the pages it will change, so call it every few thousand people, not for each.
    """
    conn_id = id(db.conn)
    start, end = _keyed_upto[conn_id], _max_seq(db)
    if end <= start:
        return
    db.execute(
        "INSERT OR IGNORE INTO villager_search (key, tier, seen, seq) "
        + _sql(db, _SOURCE + " WHERE seq > :start AND seq <= :end"),
        {"start": start, "end": end},
    )
    _keyed_upto[conn_id] = end


def _is_deferred(db: Database, seq: int) -> bool:
    upto = _keyed_upto.get(id(db.conn))
    return upto is not None and seq > upto


def add(db: Database, seq: int) -> None:
    """Write the keys of villager ``seq`` as the villagers table holds it now."""
    if _is_deferred(db, seq):
        return
    db.execute(
        "INSERT OR IGNORE INTO villager_search (key, tier, seen, seq) "
        + _sql(db, _SOURCE + " WHERE seq = :seq"),
        {"seq": seq},
    )


def add_many(db: Database, seqs: list[int]) -> None:
    """add() for each of ``seqs``; nothing to do at all inside deferred() (a bulk import)."""
    upto = _keyed_upto.get(id(db.conn))
    if upto is not None and seqs and min(seqs) > upto:
        return
    for seq in seqs:
        add(db, seq)


def remove(db: Database, seq: int) -> None:
    """Delete the keys of villager ``seq``; call before its row changes."""
    if _is_deferred(db, seq):
        return
    # Each key row is deleted by its whole primary key: no second index on seq needed.
    db.conn.executemany(
        "DELETE FROM villager_search WHERE key = ? AND tier = ? AND seen = ? AND seq = ?",
        keys_of(db, seq),
    )


def set_rank(db: Database, seq: int) -> None:
    """Re-key villager ``seq`` with her current last-seen time as the rank."""
    remove(db, seq)
    db.execute(f"UPDATE villagers SET search_seen = {_SEEN_NOW} WHERE seq = ?", [seq])
    add(db, seq)


def refresh_ranks(db: Database, villager_ids: list[str] | None = None) -> int:
    """Re-key the people whose last visit is newer than their search rank (all, or those
    named); returns how many. Called when a market day closes."""
    sql = f"SELECT seq FROM villagers WHERE search_seen <> {_SEEN_NOW}"
    params: list[str] = []
    if villager_ids is not None:
        if not villager_ids:
            return 0
        sql += f" AND id IN ({','.join('?' * len(villager_ids))})"
        params = list(villager_ids)
    with db.atomic():
        seqs = [row[0] for row in db.execute(sql, params).fetchall()]
        for seq in seqs:
            set_rank(db, seq)
    return len(seqs)


def is_stale(db: Database) -> bool:
    """True when the keys were written under other key rules (an older version), or never."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [_SETTING]).fetchone()
    return not (row and int(row[0]) == KEY_VERSION)


def rebuild_if_stale(db: Database) -> bool:
    """Rebuild every key when the key rules changed since the index was written."""
    if not is_stale(db):
        return False
    rebuild(db)
    return True


def rebuild_is_instant(db: Database) -> bool:
    """True when nobody is there to re-key: rebuild() then only records the key version.

    Otherwise it takes a while: pypinyin's import alone ~0.16 s, and 50,000 villagers ~1.5 s
    on the 2-core development machine (the app does that in a worker, ui.shell.search_rekey)."""
    return db.execute("SELECT 1 FROM villagers LIMIT 1").fetchone() is None


def rebuild(db: Database) -> None:
    """Every villager's pinyin columns and search keys written again, as one transaction.

    Safe beside another connection's writes (the app re-keys in a worker while the UI
    thread registers people): the write lock is taken before anything is read, so no
    commit can slip in between, and readers see the old keys until the new ones commit.
    """
    with _write_transaction(db):
        for seq, name in db.execute("SELECT seq, name FROM villagers").fetchall():
            pinyin, initials = pinyin_columns(name)
            db.execute("UPDATE villagers SET pinyin = ?, initials = ? WHERE seq = ?",
                       [pinyin, initials, seq])
        db.execute("DELETE FROM villager_search")
        db.execute(f"UPDATE villagers SET search_seen = {_SEEN_NOW}")
        db.execute(
            "INSERT OR IGNORE INTO villager_search (key, tier, seen, seq) "
            + _sql(db, _SOURCE)
        )
        db.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
            [_SETTING, str(KEY_VERSION)],
        )


@contextlib.contextmanager
def _write_transaction(db: Database) -> Iterator[None]:
    # sqlite-utils' atomic() begins a deferred transaction: its first SELECT would pin a
    # snapshot, and a commit by another connection before the first UPDATE would then fail
    # it with "database is locked" at once, without waiting.
    if db.conn.in_transaction:  # inside a caller's transaction (the benchmark fixture)
        with db.atomic():
            yield
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.conn.commit()
    except BaseException:
        db.conn.rollback()
        raise
