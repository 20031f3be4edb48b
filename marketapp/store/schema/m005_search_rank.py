"""The search rank (last seen, epoch seconds) the villager's search keys were written with.

Issuing a ticket records last_seen_at at once; rewriting the person's ~19 search keys for the
new rank waits until the day closes (core.people.search.index.refresh_ranks), which keeps issuing a
ticket to a few page writes.
"""

from sqlite_utils import Database

from marketapp.store.migrations import MIGRATIONS
from marketapp.store.sqlscript import execute_script


@MIGRATIONS(name="m005_search_rank")
def m005_search_rank(db: Database) -> None:
    execute_script(
        db,
        """
        ALTER TABLE villagers ADD COLUMN search_seen INTEGER NOT NULL DEFAULT 0;
        UPDATE villagers
           SET search_seen = CAST(COALESCE(strftime('%s', last_seen_at), 0) AS INTEGER);
        """,
    )
