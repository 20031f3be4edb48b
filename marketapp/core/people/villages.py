"""The township's administrative villages (行政村)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from marketapp.core import clock
from marketapp.core.errors import UserError
from marketapp.core.ids import new_id
from marketapp.core.text import N_
from marketapp.core.textnorm import normalise_text


class InvalidVillage(UserError):
    messages = {
        "empty": N_("The village name is empty."),
        "exists": N_("A village named “{name}” already exists."),
    }


@dataclass(frozen=True)
class Village:
    id: str
    name: str


def clean_village_name(raw: str) -> str:
    return normalise_text(raw or "").replace(" ", "")


def list_villages(db: Database) -> list[Village]:
    rows = db.execute("SELECT id, name FROM villages ORDER BY name").fetchall()
    return [Village(*row) for row in rows]


def find_village(db: Database, name: str) -> Village | None:
    row = db.execute(
        "SELECT id, name FROM villages WHERE name = ?", [clean_village_name(name)]
    ).fetchone()
    return Village(*row) if row else None


def add_village(db: Database, name: str) -> Village:
    name = clean_village_name(name)
    if not name:
        raise InvalidVillage("empty")
    if find_village(db, name):
        raise InvalidVillage("exists", name=name)
    village = Village(new_id(), name)
    with db.atomic():
        db.execute(
            "INSERT INTO villages (id, name, created_at) VALUES (?, ?, ?)",
            [village.id, village.name, clock.now_iso()],
        )
    return village


def ensure_village(db: Database, name: str) -> tuple[Village, bool]:
    """The village with this name, created if new; the flag says whether it was created."""
    existing = find_village(db, name)
    if existing:
        return existing, False
    return add_village(db, name), True
