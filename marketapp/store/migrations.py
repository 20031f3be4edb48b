"""The ordered, append-only list of schema steps.

Each step lives in its own module ``marketapp/store/schema/mNNN_what.py`` and registers
itself on ``MIGRATIONS`` when imported; modules are imported in name order, which is the
order the steps run in. Never edit a step that has shipped: add a new one.
"""

from __future__ import annotations

import importlib
import pkgutil

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("marketapp")


def _register_steps() -> None:
    # the package only, to list its step modules; importing each one registers it
    from marketapp.store import schema

    names = sorted(m.name for m in pkgutil.iter_modules(schema.__path__) if m.name[0] == "m")
    for name in names:
        # Imported for the side effect of registering on MIGRATIONS.
        importlib.import_module(f"marketapp.store.schema.{name}")


_register_steps()


def pending_steps(db: Database) -> list[str]:
    return [m.name for m in MIGRATIONS.pending(db)]


def apply_pending(db: Database) -> list[str]:
    names = pending_steps(db)
    MIGRATIONS.apply(db)
    return names
