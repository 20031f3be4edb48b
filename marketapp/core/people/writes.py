"""How a save writes a new villager: at once, or held back and written a chunk at a time.

A new person is three writes: the villagers row, the duplicate_flags of the people she may
be, and her audit 'created' row (search keys: core.people.search.index). One statement each per
person is most of a 100,000-row import's SQL time; ``BufferedWriter`` writes the same rows
in the same order with one executemany per table per chunk.
"""

from __future__ import annotations

from sqlite_utils import Database

from marketapp.core.ids import new_id
from marketapp.core.people import audit
from marketapp.core.people.search import index as search_index

_FLAG_SQL = (
    "INSERT OR IGNORE INTO duplicate_flags (id, villager_id, other_id, reason, created_at) "
    "VALUES (?, ?, ?, ?, ?)"
)


def _insert_sql(columns: tuple[str, ...]) -> str:
    return (f"INSERT INTO villagers ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})")


class VillagerWriter:
    """Writes each new villager at once (a registration desk's save)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def insert(self, values: dict[str, object], flags: list[tuple[str, str]], *,
               operator: str, at: str) -> None:
        """The villagers row ``values``, a flag per (other_id, reason), the 'created' row."""
        villager_id = str(values["id"])
        self.db.execute(_insert_sql(tuple(values)), list(values.values()))
        for other_id, why in flags:
            self.db.execute(_FLAG_SQL, [new_id(), villager_id, other_id, why, at])
        search_index.add(self.db, int(values["seq"]))  # type: ignore[call-overload]
        audit.record_created(self.db, villager_id, operator=operator, at=at)

    def flush(self) -> None:
        """Write whatever is held back; called before anything reads or updates villagers."""


class BufferedWriter(VillagerWriter):
    """Holds new villagers back until flush(), for a bulk import.

    Only correct with a lookup that remembers the people it was told were saved
    (core.roster.bulk_lookup.BulkLookup): the held-back rows are not in the table yet.
    """

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self._columns: tuple[str, ...] | None = None
        self._rows: list[list[object]] = []
        self._flags: list[list[object]] = []
        self._created: list[tuple[str, str, str]] = []  # villager_id, operator, at

    def insert(self, values: dict[str, object], flags: list[tuple[str, str]], *,
               operator: str, at: str) -> None:
        columns = tuple(values)
        if self._columns is not None and columns != self._columns:
            self.flush()
        self._columns = columns
        villager_id = str(values["id"])
        self._rows.append(list(values.values()))
        if flags:
            self._flags += [[new_id(), villager_id, other_id, why, at] for other_id, why in flags]
        self._created.append((villager_id, operator, at))

    def flush(self) -> None:
        if not self._rows:
            return
        assert self._columns is not None
        self.db.conn.executemany(_insert_sql(self._columns), self._rows)
        self.db.conn.executemany(_FLAG_SQL, self._flags)
        seq_at = self._columns.index("seq")
        search_index.add_many(self.db, [row[seq_at] for row in self._rows])  # type: ignore[misc]
        audit.record_created_many(self.db, self._created)
        self._rows, self._flags, self._created = [], [], []
