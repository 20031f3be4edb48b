"""Tombstones (``villager_tombstones``): a villager record merged away (同一人合并) or emptied
by retention leaves one, in the same transaction, so a later file merge knows the record
is not new (``core.merge.tombstones``).

* ``merged``: record ``villager_id`` was folded into ``merged_into`` (by a person, or by a
  file merge that found the same ID number under two UUIDs). The records joined by such
  links, in either direction and over any chain (A->B->C), are one person: a *class*.
  Cycles (A->B on one laptop, B->A on another) are just a class of two.
* ``removed``: retention emptied record ``villager_id`` at ``at``. The record itself stays
  (its tickets and visits are statistics), so a tombstone says *when*: a copy of that
  person last active up to then is stale.

A tombstone holds ids, a time and a device only — no name, ID number or phone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlite_utils import Database

from marketapp.core.settings import device_id

TABLE = "villager_tombstones"
MERGED = "merged"
REMOVED = "removed"


def record_merged(db: Database, other_id: str, keep_id: str, at: str) -> None:
    """``other_id`` was folded into ``keep_id``; call inside the merge's transaction."""
    db.execute(f"INSERT OR IGNORE INTO {TABLE} (villager_id, kind, merged_into, at, device) "
               "VALUES (?, ?, ?, ?, ?)", [other_id, MERGED, keep_id, at, device_id(db)])


def record_removed(db: Database, villager_id: str, at: str) -> None:
    """Retention emptied ``villager_id`` at ``at`` (a later removal replaces an earlier)."""
    db.execute(f"INSERT INTO {TABLE} (villager_id, kind, merged_into, at, device) "
               "VALUES (?, ?, '', ?, ?) ON CONFLICT (villager_id, kind, merged_into) DO UPDATE "
               "SET at = excluded.at, device = excluded.device WHERE excluded.at > at",
               [villager_id, REMOVED, at, device_id(db)])


@dataclass
class Tombstones:
    """Every tombstone of one file, as classes of records that are one person."""

    parent: dict[str, str] = field(default_factory=dict)
    groups: dict[str, set[str]] = field(default_factory=dict)  # root -> the class's ids
    merged_away: set[str] = field(default_factory=set)  # ids with a ``merged`` link out
    removals: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (at, device)

    @classmethod
    def load(cls, conn) -> Tombstones:  # a sqlite3.Connection or a Database
        found = cls()
        rows = conn.execute(f"SELECT villager_id, kind, merged_into, at, device FROM {TABLE} "
                            "ORDER BY villager_id, kind, merged_into").fetchall()
        for villager_id, kind, merged_into, at, device in rows:
            if kind == MERGED:
                found.link(villager_id, merged_into)
            else:
                found.remove(villager_id, at, device)
        return found

    def _add(self, villager_id: str) -> None:
        if villager_id not in self.parent:
            self.parent[villager_id] = villager_id
            self.groups[villager_id] = {villager_id}

    def root(self, villager_id: str) -> str:
        """The class's representative (no loop can hang: links only ever join classes)."""
        path = []
        node = villager_id
        while self.parent.get(node, node) != node:
            path.append(node)
            node = self.parent[node]
        for step in path:
            self.parent[step] = node
        return node

    def connected(self, a: str, b: str) -> bool:
        return self.root(a) == self.root(b)

    def link(self, other_id: str, keep_id: str) -> None:
        self.merged_away.add(other_id)
        self._add(other_id)
        self._add(keep_id)
        a, b = self.root(other_id), self.root(keep_id)
        if a != b:
            small, big = sorted((a, b), key=lambda r: len(self.groups[r]))
            self.parent[small] = big
            self.groups[big] |= self.groups.pop(small)

    def remove(self, villager_id: str, at: str, device: str) -> None:
        self._add(villager_id)
        if (at, device) > self.removals.get(villager_id, ("", "")):
            self.removals[villager_id] = (at, device)

    def known(self, villager_id: str) -> bool:
        return villager_id in self.parent

    def members(self, villager_id: str) -> list[str]:
        if villager_id not in self.parent:
            return [villager_id]
        return sorted(self.groups[self.root(villager_id)])

    def classes(self) -> list[list[str]]:
        return sorted(sorted(group) for group in self.groups.values())

    def removal_time(self, villager_id: str) -> str | None:
        """The latest removal of anyone in the class (``None``: never removed)."""
        if villager_id not in self.parent:
            return None
        times = [self.removals[m][0] for m in self.groups[self.root(villager_id)]
                 if m in self.removals]
        return max(times) if times else None

    def survivor(self, members: Iterable[str], live: set[str]) -> str | None:
        """The record a class keeps among the ``live`` ones: one nobody merged away,
        then the smallest id (so every file, in any merge order, picks the same)."""
        candidates = sorted(set(members) & live)
        if not candidates:
            return None
        kept = [c for c in candidates if c not in self.merged_away]
        return (kept or candidates)[0]
