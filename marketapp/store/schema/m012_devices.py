"""Stall devices (摊位设备): phones, tablets and screens paired to one stall (or the public
display) of one market day, and the log that makes their commands idempotent.

Secrets are never stored: a pairing code and a device's cookie token are kept as their
SHA-256 (both are random, 96 and 256 bits, so a plain hash cannot be reversed by guessing).
No personal data here: a device is named by its browser (e.g. "Android 13 · Chrome").
``device_commands`` keeps each command's first answer under the device's own request id,
written in the same transaction as the action, so a command sent twice (a retry after the
Wi-Fi dropped) is done once. Laptop-local: a merge does not copy these tables.
"""

from sqlite_utils import Database

from marketapp.store.migrations import MIGRATIONS
from marketapp.store.sqlscript import execute_script


@MIGRATIONS(name="m012_devices")
def m012_devices(db: Database) -> None:
    execute_script(
        db,
        """
        CREATE TABLE pairing_codes (
            id TEXT PRIMARY KEY,
            code_hash TEXT NOT NULL UNIQUE,     -- SHA-256 of the one-time code
            market_day_id TEXT NOT NULL REFERENCES market_days(id),
            scope TEXT NOT NULL CHECK (scope IN ('stall', 'display')),
            stall_id TEXT REFERENCES stalls(id),
            counter INTEGER CHECK (counter IS NULL OR counter BETWEEN 1 AND 50),
            operator TEXT NOT NULL DEFAULT '',  -- who made it (sign-in on)
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT,
            device_id TEXT,                     -- the device it made
            revoked_at TEXT,                    -- withdrawn, or its day closed unused
            CHECK ((scope = 'stall') = (stall_id IS NOT NULL))
        );
        CREATE TABLE devices (
            id TEXT PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE,    -- SHA-256 of the cookie's token
            market_day_id TEXT NOT NULL REFERENCES market_days(id),
            scope TEXT NOT NULL CHECK (scope IN ('stall', 'display')),
            stall_id TEXT REFERENCES stalls(id),
            counter INTEGER CHECK (counter IS NULL OR counter BETWEEN 1 AND 50),
            name TEXT NOT NULL DEFAULT '',      -- from the browser, shortened
            operator TEXT NOT NULL DEFAULT '',  -- who paired it (sign-in on)
            paired_at TEXT NOT NULL,
            last_seen_at TEXT,
            revoked_at TEXT,
            revoked_by TEXT,
            ended_at TEXT,                      -- its market day closed
            CHECK ((scope = 'stall') = (stall_id IS NOT NULL))
        );
        CREATE INDEX devices_market_day ON devices(market_day_id);
        CREATE TABLE device_commands (
            device_id TEXT NOT NULL REFERENCES devices(id),
            request_id TEXT NOT NULL,           -- made by the device, unique per device
            action TEXT NOT NULL,
            at TEXT NOT NULL,
            answer TEXT NOT NULL,               -- JSON: the first answer, sent again on a repeat
            PRIMARY KEY (device_id, request_id)
        ) WITHOUT ROWID;
        """,
    )
