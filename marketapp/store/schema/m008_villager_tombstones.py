"""Tombstones: what became of a villager record that a person merged away or retention
emptied, so that merging an older laptop's file does not bring the record back
(``core.people.tombstones``, ``core.merge.tombstones``).

Ids only — never a name, ID number or phone: a tombstone must not keep the personal data
that retention removed. No foreign keys: the record a tombstone names is gone (merged) or
may be gone on another laptop.
"""

from sqlite_utils import Database

from marketapp.store.migrations import MIGRATIONS
from marketapp.store.sqlscript import execute_script


@MIGRATIONS(name="m008_villager_tombstones")
def m008_villager_tombstones(db: Database) -> None:
    execute_script(
        db,
        """
        CREATE TABLE villager_tombstones (
            villager_id TEXT NOT NULL,          -- the record merged away or emptied
            kind TEXT NOT NULL CHECK (kind IN ('merged', 'removed')),
            merged_into TEXT NOT NULL DEFAULT '',  -- the kept record ('' when removed)
            at TEXT NOT NULL,                   -- ISO 8601 local time with offset
            device TEXT NOT NULL,               -- the data file's device id that did it
            CHECK ((kind = 'merged') = (merged_into <> '')),
            PRIMARY KEY (villager_id, kind, merged_into)
        ) WITHOUT ROWID;
        """,
    )
