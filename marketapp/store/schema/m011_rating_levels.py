"""Ratings move to the national five levels (好差评, 国办发〔2019〕51号) and say who gave them.

``visits.rating`` held good / ok / bad; it now holds very_satisfied, satisfied,
basically_satisfied, dissatisfied or very_dissatisfied (core.queue.ratings). Old ratings are
mapped to the level that says the same without claiming more: 好 (good) → 满意 (satisfied),
中 (ok) → 基本满意 (basically satisfied), 差 (bad) → 不满意 (dissatisfied, still a 差评).
New column ``rated_by``: villager (given on the rating pad) or staff (recorded on her
behalf); every old rating was recorded by staff at the desk.

SQLite cannot change a CHECK constraint in place, so the table is rebuilt inside this
step's transaction. ``requests.visit_id`` refers to visits: with foreign keys deferred, the
old table is copied aside, dropped, created anew and filled again, so every request finds
its visit before the commit checks them.
"""

from sqlite_utils import Database

from marketapp.store.migrations import MIGRATIONS
from marketapp.store.sqlscript import execute_script


@MIGRATIONS(name="m011_rating_levels")
def m011_rating_levels(db: Database) -> None:
    db.execute("PRAGMA defer_foreign_keys = ON")  # ends with this step's transaction
    execute_script(
        db,
        """
        CREATE TEMP TABLE visits_before_m011 AS SELECT * FROM visits;
        DROP TABLE visits;
        CREATE TABLE visits (
            id TEXT PRIMARY KEY,
            ticket_id TEXT NOT NULL UNIQUE REFERENCES tickets(id),
            market_day_id TEXT NOT NULL REFERENCES market_days(id),
            stall_id TEXT NOT NULL REFERENCES stalls(id),
            villager_id TEXT NOT NULL REFERENCES villagers(id),
            service_code TEXT NOT NULL,
            outcome TEXT NOT NULL DEFAULT '{}', -- JSON, validated against the catalogue
            flags TEXT NOT NULL DEFAULT '[]',   -- JSON list: high_bp, needs_follow_up, ...
            notes TEXT,
            fee_cents INTEGER CHECK (fee_cents IS NULL OR fee_cents >= 0),
            staff TEXT NOT NULL DEFAULT '',
            rating TEXT CHECK (rating IN ('very_satisfied', 'satisfied', 'basically_satisfied',
                                          'dissatisfied', 'very_dissatisfied')),
            rated_at TEXT,
            rated_by TEXT CHECK (rated_by IN ('villager', 'staff')),
            arrived_at TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            wait_minutes REAL NOT NULL,
            service_minutes REAL NOT NULL,
            device_id TEXT NOT NULL,
            CHECK ((rating IS NULL) = (rated_by IS NULL))
        );
        INSERT INTO visits (id, ticket_id, market_day_id, stall_id, villager_id, service_code,
                            outcome, flags, notes, fee_cents, staff, rating, rated_at,
                            rated_by, arrived_at, started_at, finished_at, wait_minutes,
                            service_minutes, device_id)
        SELECT id, ticket_id, market_day_id, stall_id, villager_id, service_code, outcome,
               flags, notes, fee_cents, staff,
               CASE rating WHEN 'good' THEN 'satisfied' WHEN 'ok' THEN 'basically_satisfied'
                           WHEN 'bad' THEN 'dissatisfied' END,
               CASE WHEN rating IS NULL THEN NULL ELSE rated_at END,
               CASE WHEN rating IS NULL THEN NULL ELSE 'staff' END,
               arrived_at, started_at, finished_at, wait_minutes, service_minutes, device_id
        FROM temp.visits_before_m011;
        DROP TABLE temp.visits_before_m011;
        """,
    )
