"""Indexes a queue transition writes fewer pages of, and reads a stall's line from.

Every index a row is in is one more page written (and synced) per transition:
* ``tickets_villager`` held ``status``, so every call, start and done rewrote it; what asks
  for a villager's tickets names the market day (or reads all of hers: a few dozen), so
  (villager_id, market_day_id), which no transition changes, serves them.
* ``visits_market_day``: no query reads visits by market day (reports join visits to their
  tickets by ticket_id), and market days are never deleted, so no foreign-key check needs it.
* ``visits_villager``: a villager's visits are found through her tickets
  (``tickets_villager_day``, then each visit by its ticket); retention and a villager merge,
  which run rarely, read the visits table through once instead.
* ``tickets_day_status`` now also covers a stall's waiting line (priority and place in
  line), so call-next and the expected wait read the index alone instead of one table row
  per waiting ticket; it changes exactly when it did before (status and service_seconds).
"""

from sqlite_utils import Database

from marketapp.store.migrations import MIGRATIONS
from marketapp.store.sqlscript import execute_script


@MIGRATIONS(name="m006_queue_indexes")
def m006_queue_indexes(db: Database) -> None:
    execute_script(
        db,
        """
        DROP INDEX tickets_villager;
        CREATE INDEX tickets_villager_day ON tickets(villager_id, market_day_id);
        DROP INDEX visits_market_day;
        DROP INDEX visits_villager;
        DROP INDEX tickets_day_status;
        CREATE INDEX tickets_day_line ON tickets(market_day_id, status, stall_id,
                                                 service_seconds, priority, queued_at,
                                                 queue_seq);
        """,
    )
