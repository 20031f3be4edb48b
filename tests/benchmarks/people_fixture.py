"""A large villager database for benchmarks, built in bulk and cached on disk.

The rows and search keys are exactly what the registry would write (same key function),
written with executemany in key order because 500,000 one-by-one saves take minutes.
"""

from __future__ import annotations

import random
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from benchmarks.common import CACHE
from marketapp.core.demo.people import DEFAULT_VILLAGES, make_person
from marketapp.core.people.search.index import rebuild
from marketapp.core.people.search.keys import KEY_VERSION
from marketapp.store.database import open_database

FIXTURE_VERSION = 3
TODAY = date(2026, 11, 28)
_TZ = timezone(timedelta(hours=8))


def fixture_path(count: int, seed: int) -> Path:
    return CACHE / f"villagers-{count}-s{seed}-v{FIXTURE_VERSION}-k{KEY_VERSION}.db"


def build(count: int, seed: int = 7, path: Path | None = None) -> Path:
    path = path or fixture_path(count, seed)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".building")
    for leftover in path.parent.glob(partial.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    rng = random.Random(seed)
    db = open_database(partial)
    now = datetime(2026, 11, 28, 8, 0, tzinfo=_TZ).isoformat()
    village_ids = {}
    for name in DEFAULT_VILLAGES:
        village_ids[name] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    villagers, used_ids = [], set()
    for seq in range(1, count + 1):
        person = make_person(rng, today=TODAY)
        id_number = person.id_number
        if id_number in used_ids:
            id_number = None
        elif id_number:
            used_ids.add(id_number)
        seen_at = None
        if rng.random() < 0.35:
            moment = datetime(2026, 11, 28, 9, tzinfo=_TZ) - timedelta(
                seconds=rng.randrange(2 * 365 * 86400))
            seen_at = moment.isoformat()
        villagers.append((
            str(uuid.UUID(int=rng.getrandbits(128), version=4)), seq, person.name, person.gender,
            person.birth_date.isoformat(), id_number, person.phone, village_ids[person.village],
            person.address, int(person.living_alone), int(person.left_behind),
            int(person.disabled), int(person.low_income), now, now, seen_at,
        ))
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO villages (id, name, created_at) VALUES (?, ?, ?)",
            [(vid, name, now) for name, vid in village_ids.items()],
        )
        db.conn.executemany(
            "INSERT INTO villagers (id, seq, name, gender, birth_date, id_number, phone, "
            "village_id, address, living_alone, left_behind, disabled, low_income, "
            "created_at, updated_at, last_seen_at) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            villagers,
        )
        rebuild(db)  # pinyin columns and every search key, generated in SQL
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("ANALYZE")
    db.close()
    for suffix in ("-wal", "-shm"):
        extra = Path(str(partial) + suffix)
        if extra.exists():
            extra.unlink()
    partial.rename(path)
    print(f"  built {count:,} villagers in "
          f"{time.perf_counter() - started:.0f} s -> {path}", flush=True)
    return path
