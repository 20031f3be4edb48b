"""Who closed a market day, beside when and why.

After 收市 every page says the day is closed, when, and — with sign-in on — by whom; the
day kept ``opened_by`` already. Empty for days closed before this step and with sign-in off.
"""

from sqlite_utils import Database

from marketapp.store.migrations import MIGRATIONS


@MIGRATIONS(name="m013_market_closed_by")
def m013_market_closed_by(db: Database) -> None:
    db.execute("ALTER TABLE market_days ADD COLUMN closed_by TEXT NOT NULL DEFAULT ''")
