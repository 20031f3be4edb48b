"""Secondary indexes built once after a bulk insert instead of row by row during it.

Inserting 100,000 rows into a table keeps each index in step one row at a time, at a
random place in it; building the index afterwards sorts once. The drop and the rebuild
happen inside the caller's transaction: a rollback (a failed or cancelled import) brings
the index back untouched, and other connections never see the table without it (WAL).
The rebuild runs the index's own CREATE statement, so the schema comes back as it was.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlite_utils import Database


@contextlib.contextmanager
def built_on_leaving(db: Database, names: tuple[str, ...]) -> Iterator[None]:
    """Drop the indexes ``names`` now; create them again when the block ends normally.

    Only for a block that does not need them: queries that would use them scan instead.
    """
    if not db.conn.in_transaction:
        raise RuntimeError("late indexes need the caller's transaction")
    statements = []
    for name in names:
        row = db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", [name]
        ).fetchone()
        if row is None:
            raise LookupError(f"no index {name}")
        statements.append(row[0])
    for name in names:
        db.execute(f'DROP INDEX "{name}"')
    yield
    for statement in statements:
        db.execute(statement)
