"""A fingerprint of everything a merge brings together, for "A then B = B then A" checks.

Records are named by what a merge matches them on, not by which file's UUID survived:
villages by name, villagers by ID number (else UUID), market days by (village, date),
stalls by (market day, service code). Local columns are left out: ``villagers.seq`` and
the search keys, ``queue_events.seq`` (a ticket's ``queue_seq`` and the ``queue_seq``
values inside event details are named by the event they point at), and the ids of
records matched by those natural keys. A villager id that is no longer a record here (merged
away) is named as the record its tombstone class keeps. Tombstones are named by what they
say, not by which file recorded which direction: the sets of ids that are one person, and
each removal (id, time, device); when and where a link was recorded is bookkeeping. So are
the sensitive-action log's lines of merges and restores: they say what happened to this
file (they are not merged: ``core.merge.queue.FILE_HISTORY``).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlite_utils import Database

from marketapp.core.merge.queue import FILE_HISTORY
from marketapp.core.merge.rules import remap_details
from marketapp.core.people.tombstones import TABLE as TOMBSTONES
from marketapp.core.people.tombstones import Tombstones

#: Every table a merge brings in (``core.merge.files.MERGED_TABLES``), where present.
TABLES = ("villages", TOMBSTONES, "villagers", "duplicate_flags", "market_days", "stalls", "ticket_counters",
          "tickets", "queue_events", "visits", "requests", "request_events",
          "request_follow_ups", "villager_audit", "sensitive_log")


def _rows(db: Database, table: str) -> list[dict[str, Any]]:
    cursor = db.execute(f"SELECT * FROM {table}")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def content(db: Database) -> dict[str, list[str]]:
    """Each merged table as sorted canonical rows (JSON text)."""
    villages = {r["id"]: r["name"] for r in _rows(db, "villages")}
    villagers = {r["id"]: f"id:{r['id_number']}" if r["id_number"] else f"uuid:{r['id']}"
                 for r in _rows(db, "villagers")}
    present = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    stones = Tombstones.load(db) if TOMBSTONES in present else Tombstones()
    for group in stones.classes():
        kept = stones.survivor(group, set(villagers))
        if kept is not None:
            villagers.update({i: villagers[kept] for i in group if i not in villagers})
    days = {r["id"]: f"{villages.get(r['village_id'])}|{r['date']}"
            for r in _rows(db, "market_days")}
    stalls = {r["id"]: f"{days.get(r['market_day_id'])}|{r['service_code']}"
              for r in _rows(db, "stalls")}
    events = dict(db.execute("SELECT seq, id FROM queue_events").fetchall())
    maps = {"villages": villages, "villagers": villagers, "market_days": days,
            "stalls": stalls}
    refs = {"village_id": villages, "villager_id": villagers, "other_id": villagers,
            "market_day_id": days, "stall_id": stalls}
    drop = {
        "villages": {"id"}, "villagers": {"id", "seq", "pinyin", "initials", "search_seen"},
        "duplicate_flags": {"id"}, "market_days": {"id"}, "stalls": {"id"},
        "queue_events": {"seq"},
    }
    out: dict[str, list[str]] = {}
    for table in TABLES:
        if table not in present:
            continue
        if table == TOMBSTONES:
            out[table] = _tombstones(stones)
            continue
        rows = []
        for row in _rows(db, table):
            if table == "sensitive_log" and row["action"] in FILE_HISTORY:
                continue
            canon: dict[str, Any] = {}
            for key, value in row.items():
                if key in drop.get(table, ()):
                    continue
                if key in refs and value is not None:
                    value = refs[key].get(value, value)
                elif key == "queue_seq":
                    value = events.get(value, value)
                elif key == "details" and table == "queue_events":
                    value = remap_details(json.loads(value), maps, events)
                canon[key] = value
            rows.append(json.dumps(canon, ensure_ascii=False, sort_keys=True))
        out[table] = sorted(rows)
    return out


def _tombstones(stones: Tombstones) -> list[str]:
    people = [json.dumps(group) for group in stones.classes() if len(group) > 1]
    removals = [json.dumps([i, *stones.removals[i]]) for i in sorted(stones.removals)]
    return sorted(people) + removals


def content_hash(db: Database) -> str:
    text = json.dumps(content(db), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
