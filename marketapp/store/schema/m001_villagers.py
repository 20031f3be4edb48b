"""Settings, villages, villagers and the villager search keys."""

from sqlite_utils import Database

from marketapp.store.migrations import MIGRATIONS
from marketapp.store.sqlscript import execute_script


@MIGRATIONS(name="m001_villagers")
def m001_villagers(db: Database) -> None:
    execute_script(
        db,
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL            -- JSON
        );
        CREATE TABLE villages (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE villagers (
            id TEXT PRIMARY KEY,           -- UUID: stable across laptops
            seq INTEGER NOT NULL UNIQUE,   -- local handle for the search index only
            name TEXT NOT NULL,
            pinyin TEXT NOT NULL DEFAULT '[]',    -- JSON: full pinyin readings of the name
            initials TEXT NOT NULL DEFAULT '[]',  -- JSON: their initials
            gender TEXT CHECK (gender IN ('M', 'F')),
            birth_date TEXT,               -- YYYY-MM-DD
            id_number TEXT UNIQUE,
            phone TEXT,
            village_id TEXT REFERENCES villages(id),
            address TEXT,                  -- 村民小组 / address
            living_alone INTEGER NOT NULL DEFAULT 0,
            left_behind INTEGER NOT NULL DEFAULT 0,
            disabled INTEGER NOT NULL DEFAULT 0,
            low_income INTEGER NOT NULL DEFAULT 0,
            notes TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            last_seen_at TEXT
        );
        CREATE INDEX villagers_phone ON villagers(phone);
        CREATE INDEX villagers_name_village ON villagers(name, village_id);
        -- A person to decide: is this new record the same person as an existing one?
        CREATE TABLE duplicate_flags (
            id TEXT PRIMARY KEY,
            villager_id TEXT NOT NULL REFERENCES villagers(id) ON DELETE CASCADE,
            other_id TEXT NOT NULL REFERENCES villagers(id) ON DELETE CASCADE,
            reason TEXT NOT NULL,          -- 'name_village_year' or 'phone'
            created_at TEXT NOT NULL,
            resolved_at TEXT,
            resolution TEXT,
            UNIQUE (villager_id, other_id)
        );
        -- Every search key of every villager, so any lookup is one index range:
        -- tier 0 exact, 1 prefix, 2 substring; seen = last seen (epoch s) for ranking.
        CREATE TABLE villager_search (
            key TEXT NOT NULL,
            tier INTEGER NOT NULL,
            seen INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (key, tier, seen DESC, seq)
        ) WITHOUT ROWID;
        """,
    )
