"""A township's saved catalogue learns that a diastolic pressure lies below the systolic.

The default catalogue gained ``below = "systolic"`` on the health check's diastolic field
(a swapped pair, 80/120, is refused instead of flagged as high). A catalogue saved in
Settings before that keeps its own copy without it, and the editor cannot add it: this step
adds it to every service of the saved catalogue that has both readings. Market days already
opened keep the service as it was when they opened.
"""

import json

from sqlite_utils import Database

from marketapp.store.migrations import MIGRATIONS

SETTING = "catalogue"  # core.market.days.CATALOGUE_SETTING (store does not import core)


def with_below(catalogue: dict) -> bool:
    """Add the rule in place; True when something changed."""
    changed = False
    for service in catalogue.get("services", []):
        fields = {f.get("key"): f for f in service.get("fields", [])}
        systolic, diastolic = fields.get("systolic"), fields.get("diastolic")
        numbers = ("int", "decimal")
        if (systolic and diastolic and "below" not in diastolic
                and systolic.get("type") in numbers and diastolic.get("type") in numbers):
            diastolic["below"] = "systolic"
            changed = True
    return changed


@MIGRATIONS(name="m010_catalogue_below")
def m010_catalogue_below(db: Database) -> None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [SETTING]).fetchone()
    if row is None:
        return
    try:
        catalogue = json.loads(row[0])
    except ValueError:
        return  # not ours to repair here: core reports a damaged catalogue when it loads it
    if isinstance(catalogue, dict) and with_below(catalogue):
        db.execute("UPDATE settings SET value = ? WHERE key = ?",
                   [json.dumps(catalogue, ensure_ascii=False), SETTING])
