"""Operators (sign-in), the audit of villager changes, and the log of sensitive actions.

``villager_audit`` has no foreign key to ``villagers``: the history of a record must survive
whatever later happens to the record (a merge, a retention run clears its values but keeps
the rows). Ids are UUIDs so audit rows from several laptops merge without clashes.
"""

from sqlite_utils import Database

from marketapp.store.migrations import MIGRATIONS
from marketapp.store.sqlscript import execute_script


@MIGRATIONS(name="m004_access")
def m004_access(db: Database) -> None:
    execute_script(
        db,
        """
        CREATE TABLE operators (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('admin', 'registrar', 'stall')),
            pin_hash TEXT NOT NULL,            -- scrypt$n$r$p$salt_hex$hash_hex
            active INTEGER NOT NULL DEFAULT 1,
            failed_tries INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,                 -- ISO time; sign-in refused before it
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        -- One row per changed field of a villager ('created' / 'retention' rows have no values).
        CREATE TABLE villager_audit (
            id TEXT PRIMARY KEY,
            villager_id TEXT NOT NULL,
            field TEXT NOT NULL,
            old TEXT,
            new TEXT,
            at TEXT NOT NULL,
            operator TEXT NOT NULL DEFAULT '',
            device TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX villager_audit_villager ON villager_audit(villager_id, at);
        -- Full (unmasked) exports and PDFs, retention runs, operator changes: who and when.
        CREATE TABLE sensitive_log (
            id TEXT PRIMARY KEY,
            at TEXT NOT NULL,
            operator TEXT NOT NULL DEFAULT '',
            device TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX sensitive_log_at ON sensitive_log(at);
        """,
    )
