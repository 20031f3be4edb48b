"""The ordered, append-only list of schema steps.

Each step lives in its own module under ``marketapp.store.schema`` and registers itself
on ``MIGRATIONS`` when imported; the import order below is the order steps run in.
Never edit a step that has shipped: add a new one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("marketapp")


def _register_steps() -> None:
    # Imported for their side effect of registering on MIGRATIONS, in order.
    from marketapp.store.schema import m001_villagers  # noqa: F401


_register_steps()


def pending_steps(db: Database) -> list[str]:
    return [m.name for m in MIGRATIONS.pending(db)]


def apply_pending(db: Database) -> list[str]:
    names = pending_steps(db)
    MIGRATIONS.apply(db)
    return names
