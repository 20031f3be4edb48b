"""Requests (诉求): problems raised at a market day, their status history and follow-ups.

The foreign keys to ``visits`` and ``market_days`` name tables created by m002. SQLite
accepts the declaration before those tables exist, but refuses every INSERT/UPDATE on
``requests`` until they do (``no such table: main.visits``), even with NULL keys.
"""

from sqlite_utils import Database

from marketapp.store.migrations import MIGRATIONS
from marketapp.store.sqlscript import execute_script


@MIGRATIONS(name="m003_requests")
def m003_requests(db: Database) -> None:
    execute_script(
        db,
        """
        CREATE TABLE requests (
            id TEXT PRIMARY KEY,                 -- UUID: stable across laptops
            villager_id TEXT NOT NULL REFERENCES villagers(id),
            visit_id TEXT REFERENCES visits(id),
            market_day_id TEXT REFERENCES market_days(id),
            category TEXT NOT NULL CHECK (category IN (
                'dispute', 'repair_follow_up', 'health_referral', 'home_help',
                'employment', 'policy', 'other')),
            text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
            unit TEXT,                           -- responsible unit: 司法所, 卫生院, 村委会 …
            due_date TEXT,                       -- YYYY-MM-DD, not before raised_on
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN (
                'open', 'in_progress', 'resolved', 'referred')),
            raised_at TEXT NOT NULL,             -- ISO 8601 local time with offset
            raised_on TEXT NOT NULL,             -- its date, YYYY-MM-DD
            raised_by TEXT NOT NULL,
            resolution TEXT,                     -- set when resolved or referred
            referred_to TEXT,                    -- the unit, when referred
            closed_at TEXT,                      -- when resolved or referred
            closed_on TEXT,                      -- its date, YYYY-MM-DD
            updated_at TEXT NOT NULL,
            CHECK (due_date IS NULL OR due_date >= raised_on),
            CHECK ((status IN ('resolved', 'referred')) = (closed_on IS NOT NULL)),
            CHECK ((status = 'referred') = (referred_to IS NOT NULL))
        );
        CREATE INDEX requests_villager ON requests(villager_id, raised_at);
        CREATE INDEX requests_status_due ON requests(status, due_date);
        CREATE INDEX requests_closed ON requests(status, closed_on);
        CREATE INDEX requests_raised_on ON requests(raised_on);
        CREATE INDEX requests_market_day ON requests(market_day_id);
        CREATE INDEX requests_visit ON requests(visit_id);
        -- One row per status change (and one for the raising, from_status NULL).
        CREATE TABLE request_events (
            id TEXT PRIMARY KEY,
            request_id TEXT NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
            from_status TEXT,
            to_status TEXT NOT NULL,
            at TEXT NOT NULL,
            operator TEXT NOT NULL,
            note TEXT,                           -- resolution, referral text or reopen reason
            unit TEXT                            -- the receiving unit of a referral
        );
        CREATE INDEX request_events_request ON request_events(request_id, at);
        -- 回访: later contact about a request.
        CREATE TABLE request_follow_ups (
            id TEXT PRIMARY KEY,
            request_id TEXT NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            by TEXT NOT NULL,
            note TEXT,
            outcome TEXT NOT NULL CHECK (outcome IN (
                'satisfied', 'unsatisfied', 'unreachable', 'needs_more'))
        );
        CREATE INDEX request_follow_ups_request ON request_follow_ups(request_id, at);
        """,
    )
