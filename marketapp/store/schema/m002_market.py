"""Market days, stalls, tickets, queue events and visits.

Tickets carry their current state (what the screens read); ``queue_events`` is the
append-only record of every transition, each with the ticket columns it set (``details.set``)
and the values they had before (``details.before``), so undo and a crash check can rebuild
the state from the events alone.
"""

from sqlite_utils import Database

from marketapp.store.migrations import MIGRATIONS
from marketapp.store.sqlscript import execute_script


@MIGRATIONS(name="m002_market")
def m002_market(db: Database) -> None:
    execute_script(
        db,
        """
        CREATE TABLE market_days (
            id TEXT PRIMARY KEY,
            date TEXT NOT NULL,                 -- YYYY-MM-DD
            village_id TEXT NOT NULL REFERENCES villages(id),
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
            opened_at TEXT NOT NULL,
            closed_at TEXT,
            close_reason TEXT,
            opened_by TEXT NOT NULL DEFAULT '',
            UNIQUE (village_id, date)
        );
        CREATE INDEX market_days_date ON market_days(date);
        CREATE INDEX market_days_status ON market_days(status);
        CREATE TABLE stalls (
            id TEXT PRIMARY KEY,
            market_day_id TEXT NOT NULL REFERENCES market_days(id),
            position INTEGER NOT NULL,          -- display order
            service_code TEXT NOT NULL,
            letter TEXT NOT NULL,
            name_zh TEXT NOT NULL,
            name_en TEXT NOT NULL,
            typical_minutes INTEGER NOT NULL,
            -- The service as the catalogue defined it when the day opened: a later edit of
            -- the catalogue must not change what this day's stall records.
            service_json TEXT NOT NULL,
            staff TEXT NOT NULL DEFAULT '[]',   -- JSON list of names
            counters INTEGER NOT NULL DEFAULT 1 CHECK (counters BETWEEN 1 AND 50),
            closes_at TEXT,                     -- HH:MM local, or NULL
            UNIQUE (market_day_id, service_code),
            UNIQUE (market_day_id, letter)
        );
        -- The last number each device issued at each stall; updated in the same
        -- transaction as the ticket insert, so a number is never handed out twice.
        CREATE TABLE ticket_counters (
            stall_id TEXT NOT NULL REFERENCES stalls(id),
            device_id TEXT NOT NULL,
            last_number INTEGER NOT NULL,
            PRIMARY KEY (stall_id, device_id)
        ) WITHOUT ROWID;
        CREATE TABLE tickets (
            id TEXT PRIMARY KEY,
            market_day_id TEXT NOT NULL REFERENCES market_days(id),
            stall_id TEXT NOT NULL REFERENCES stalls(id),
            villager_id TEXT NOT NULL REFERENCES villagers(id),
            number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 999),
            label TEXT NOT NULL,                -- letter + 3 digits: A012
            status TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'serving', 'done',
                'no_show', 'cancelled', 'transferred', 'not_served')),
            priority TEXT NOT NULL CHECK (priority IN ('normal', 'priority', 'urgent')),
            priority_reason TEXT,               -- age | disabled | pregnancy | staff | ...
            arrived_at TEXT NOT NULL,           -- first arrival; kept across a transfer
            queued_at TEXT NOT NULL,            -- place in line (arrival, or return time)
            queue_seq INTEGER NOT NULL,         -- tie-break: event seq that queued it
            issued_at TEXT NOT NULL,
            called_at TEXT,
            serving_at TEXT,
            finished_at TEXT,                   -- done / no-show / cancelled / ... time
            service_seconds INTEGER,            -- serving -> done, for the median
            recalls INTEGER NOT NULL DEFAULT 0,
            counter INTEGER,                    -- which counter called it
            end_reason TEXT,
            transferred_from TEXT REFERENCES tickets(id),
            transferred_to TEXT REFERENCES tickets(id),
            device_id TEXT NOT NULL,
            issued_by TEXT NOT NULL DEFAULT '',
            UNIQUE (stall_id, number)
        );
        -- One index serves the board, a stall's line and the medians (service_seconds is
        -- in it so the median reads no table rows). Every index is a page written per
        -- transition, so there are as few as the queries allow.
        CREATE INDEX tickets_day_status ON tickets(market_day_id, status, stall_id,
                                                   service_seconds);
        CREATE INDEX tickets_villager ON tickets(villager_id, status);
        CREATE TABLE queue_events (
            seq INTEGER PRIMARY KEY,            -- this file's order of events
            id TEXT NOT NULL UNIQUE,            -- UUID: stable across laptops
            ticket_id TEXT NOT NULL REFERENCES tickets(id),
            stall_id TEXT NOT NULL REFERENCES stalls(id),
            action TEXT NOT NULL,               -- issue, call, recall, start, done, ...
            from_state TEXT,                    -- NULL for issue
            to_state TEXT NOT NULL,
            at TEXT NOT NULL,
            operator TEXT NOT NULL DEFAULT '',
            device_id TEXT NOT NULL,
            details TEXT NOT NULL DEFAULT '{}', -- JSON: set, before, and action details
            undone_by TEXT REFERENCES queue_events(id)
        );
        -- A ticket's events are all at its own stall, so this index finds them too.
        CREATE INDEX queue_events_stall ON queue_events(stall_id, seq);
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
            rating TEXT CHECK (rating IN ('good', 'ok', 'bad')),
            rated_at TEXT,
            arrived_at TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            wait_minutes REAL NOT NULL,
            service_minutes REAL NOT NULL,
            device_id TEXT NOT NULL
        );
        CREATE INDEX visits_villager ON visits(villager_id, finished_at);
        CREATE INDEX visits_market_day ON visits(market_day_id, stall_id);
        """,
    )
