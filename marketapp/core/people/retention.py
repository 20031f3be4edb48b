"""Retention: clear the personal details and health readings of people not seen for N years.

Who: villagers whose last activity — the latest of last seen (a ticket), created and updated —
is before the cutoff (``today`` minus N years), and who have no open or in-progress request.

Removed (overwritten in the file, see below):
- name → ``已清除``; id_number, phone, address, notes → NULL; the care flags (lives alone,
  left-behind, disabled, low income) → 0; birth date → 1 July of the birth year;
- their search keys are rebuilt from the cleared record (ID and phone tails, pinyin of the
  name are gone);
- visits of health services (catalogue category ``health``: health check, medicine, …):
  the outcome (readings, advice, medicines) → ``{}``; every visit's free-text notes → NULL;
- their requests' text → ``已清除``, resolution → NULL, and the notes of those requests'
  status changes and follow-ups → NULL;
- the old and new values of their audit rows (``villager_audit``) → NULL.

Kept, for the statistics of past market days: the record itself (its id), gender, birth year,
village, the visits with service, times, waits, rating and **flags** (e.g. ``high_bp``: the
report counts them, but the readings behind them are gone), tickets and queue events,
request category, unit, status and dates, the audit rows' field names, times and operators
(so the history still says what was changed when, and a ``retention`` row says when they
were cleared).

Each person cleared leaves a ``removed`` tombstone (``core.people.tombstones``: the id and the time,
nothing else), so merging an older laptop's file does not bring the values back
(``core.merge.tombstones`` applies the same clearing, :func:`cleared_person` and
:func:`clear_records`, to what such a file brings).

``PRAGMA secure_delete=ON`` is set for the operation, so SQLite overwrites deleted and
replaced content with zeros in the pages it writes (no VACUUM needed); afterwards a
``wal_checkpoint(TRUNCATE)`` copies those pages into the data file and empties the ``-wal``
file, which held the old page images. Backups made before the run still hold the old values.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from marketapp.core import clock
from marketapp.core.errors import UserError
from marketapp.core.people import audit, tombstones
from marketapp.core.people.search import index as search_index
from marketapp.core.text import N_

CLEARED_NAME = "已清除"
HEALTH_CATEGORY = "health"
#: What clearing empties in a person's records: table -> {column: the value it becomes}.
CLEARED_RECORDS: dict[str, dict[str, Any]] = {
    "visits": {"notes": None},
    "requests": {"text": CLEARED_NAME, "resolution": None},
    "request_events": {"note": None},
    "request_follow_ups": {"note": None},
    "villager_audit": {"old": None, "new": None},
}
CLEARED_HEALTH_OUTCOME = "{}"  # the outcome of a health-service visit
#: The villager columns clearing empties, and what they become.
CLEARED_VILLAGER: dict[str, Any] = {
    "name": CLEARED_NAME, "id_number": None, "phone": None, "address": None, "notes": None,
    "living_alone": 0, "left_behind": 0, "disabled": 0, "low_income": 0,
}


class RetentionError(UserError):
    messages = {
        "bad_years": N_("The retention period must be 1 to 100 years (got {years})."),
    }


@dataclass(frozen=True)
class RetentionResult:
    cutoff: str  # YYYY-MM-DD: people last active before this day were cleared
    people: int
    health_visits: int  # visits whose outcome was emptied
    requests: int
    audit_rows: int  # audit rows whose values were removed
    dry_run: bool
    checkpointed: bool = False  # the -wal file was emptied afterwards


def cutoff_date(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _check_years(years: int) -> int:
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= 100:
        raise RetentionError("bad_years", years=years)
    return years


def _candidates(db: Database, cutoff: str) -> list[tuple[str, int]]:
    """(id, seq) of the people to clear, with anything left to clear."""
    rows = db.execute(
        """
        SELECT v.id, v.seq FROM villagers v
        WHERE max(COALESCE(v.last_seen_at, ''), v.created_at, v.updated_at) < :cutoff
          AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.villager_id = v.id
                          AND r.status IN ('open', 'in_progress'))
          AND (v.name != :cleared OR v.id_number IS NOT NULL OR v.phone IS NOT NULL
               OR v.address IS NOT NULL OR v.notes IS NOT NULL
               OR v.living_alone OR v.left_behind OR v.disabled OR v.low_income
               OR (v.birth_date IS NOT NULL AND substr(v.birth_date, 5) != '-07-01')
               OR v.id IN (SELECT x.villager_id FROM visits x JOIN stalls s ON s.id = x.stall_id
                           WHERE x.notes IS NOT NULL OR (x.outcome != '{}'
                           AND json_extract(s.service_json, '$.category') = :health))
               OR EXISTS (SELECT 1 FROM requests r WHERE r.villager_id = v.id
                          AND r.text != :cleared)
               OR EXISTS (SELECT 1 FROM villager_audit a WHERE a.villager_id = v.id
                          AND (a.old IS NOT NULL OR a.new IS NOT NULL)))
        ORDER BY v.seq
        """,
        {"cutoff": cutoff, "cleared": CLEARED_NAME,
         "health": HEALTH_CATEGORY},
    ).fetchall()
    return [(row[0], int(row[1])) for row in rows]


def _visits_to_clear(db: Database) -> dict[str, tuple[list[str], list[str]]]:
    """villager id -> (her health visits with an outcome, her visits with notes), in one read
    of the visits: nothing indexes them by villager (the queue writes one page less per visit),
    and retention runs rarely."""
    found: dict[str, tuple[list[str], list[str]]] = {}
    for villager_id, visit_id, health, noted in db.execute(
        "SELECT x.villager_id, x.id, x.outcome != '{}' "
        "AND json_extract(s.service_json, '$.category') = ?, x.notes IS NOT NULL "
        "FROM visits x JOIN stalls s ON s.id = x.stall_id "
        "WHERE x.notes IS NOT NULL OR (x.outcome != '{}' "
        "AND json_extract(s.service_json, '$.category') = ?)",
        [HEALTH_CATEGORY, HEALTH_CATEGORY]):
        lists = found.setdefault(villager_id, ([], []))
        if health:
            lists[0].append(visit_id)
        if noted:
            lists[1].append(visit_id)
    return found


def apply_retention(db: Database, years: int, today: date | None = None,
                    dry_run: bool = False, *, operator: str = "") -> RetentionResult:
    """Clear people not seen for ``years`` years (see the module text for what and how)."""
    _check_years(years)
    today = today or clock.today()
    cutoff = cutoff_date(today, years).isoformat()
    at = clock.now_iso()
    previous = db.execute("PRAGMA secure_delete").fetchone()[0]
    if not dry_run:
        db.execute("PRAGMA secure_delete=ON")
    try:
        with db.atomic() if not dry_run else _snapshot(db):
            people = _candidates(db, cutoff)
            visits = _visits_to_clear(db) if people else {}
            health = requests = audit_rows = 0
            for villager_id, _seq in people:
                health_ids, noted_ids = visits.get(villager_id, ([], []))
                health += len(health_ids)
                requests += db.execute(
                    "SELECT COUNT(*) FROM requests WHERE villager_id = ? AND text != ?",
                    [villager_id, CLEARED_NAME]).fetchone()[0]
                audit_rows += db.execute(
                    "SELECT COUNT(*) FROM villager_audit WHERE villager_id = ? "
                    "AND (old IS NOT NULL OR new IS NOT NULL)", [villager_id]).fetchone()[0]
                if not dry_run:
                    _clear(db, villager_id, health_ids, noted_ids, at, operator)
            result = RetentionResult(cutoff, len(people), health, requests, audit_rows,
                                     dry_run)
            if people and not dry_run:
                audit.log_sensitive(
                    db, operator, "retention",
                    f"years={years} cutoff={cutoff} people={len(people)} "
                    f"health_visits={health} requests={requests}", at=at)
    finally:
        if not dry_run:
            db.execute(f"PRAGMA secure_delete={int(previous)}")
    if dry_run or not people:
        return result
    # The WAL holds page images from before the run: copy the cleared pages into the file
    # and empty the -wal (busy = 0 when every frame was checkpointed and the file reset).
    busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    return RetentionResult(cutoff, len(people), health, requests, audit_rows, False,
                           checkpointed=busy == 0)


@contextlib.contextmanager
def _snapshot(db: Database) -> Iterator[None]:
    """One consistent read for a dry run, which writes nothing: it also works on a
    read-only connection (``marketapp retention --dry-run`` only reads the file)."""
    if db.conn.in_transaction:
        yield
        return
    db.conn.execute("BEGIN")
    try:
        yield
    finally:
        db.conn.execute("ROLLBACK")


def cleared_person(row: dict[str, Any], at: str) -> dict[str, Any]:
    """A villager row as clearing leaves it (search columns included), changed at ``at``."""
    pinyin, initials = search_index.pinyin_columns(CLEARED_NAME)
    birth = row.get("birth_date")
    return {**row, **CLEARED_VILLAGER, "pinyin": pinyin, "initials": initials,
            "birth_date": f"{birth[:4]}-07-01" if birth else None, "updated_at": at}


def is_cleared(row: dict[str, Any]) -> bool:
    return all(row.get(k) == v for k, v in CLEARED_VILLAGER.items()) and (
        not row.get("birth_date") or row["birth_date"][4:] == "-07-01")


def clear_person(db: Database, villager_id: str, at: str) -> None:
    """Empty the villager row itself (search keys rebuilt from the cleared record)."""
    cursor = db.execute("SELECT * FROM villagers WHERE id = ?", [villager_id])
    row = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
    search_index.remove(db, row["seq"])  # reads the old keys, so before the UPDATE
    cleared = cleared_person(row, at)
    columns = [*CLEARED_VILLAGER, "pinyin", "initials", "birth_date", "updated_at"]
    db.execute(f"UPDATE villagers SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
               [*(cleared[c] for c in columns), villager_id])
    search_index.add(db, row["seq"])


def clear_records(db: Database, villager_id: str, health_ids: list[str] | None = None,
                  up_to: str | None = None, noted_ids: list[str] | None = None) -> None:
    """Empty the person's visits, requests and audit values (only those dated up to
    ``up_to`` when given); ``health_ids`` / ``noted_ids``: her health visits and visits with
    notes, found when not given (a retention run reads them for everyone at once: nothing
    indexes visits by villager)."""
    until, params = ("", []) if up_to is None else (" AND {} <= ?", [up_to])
    if health_ids is None:
        health_ids = [r[0] for r in db.execute(
            "SELECT x.id FROM visits x JOIN stalls s ON s.id = x.stall_id WHERE x.villager_id = ?"
            " AND x.outcome != ? AND json_extract(s.service_json, '$.category') = ?"
            + until.format("x.finished_at"),
            [villager_id, CLEARED_HEALTH_OUTCOME, HEALTH_CATEGORY, *params]).fetchall()]
    db.conn.executemany("UPDATE visits SET outcome = ? WHERE id = ?",
                        [(CLEARED_HEALTH_OUTCOME, visit_id) for visit_id in health_ids])
    if noted_ids is None:
        _empty(db, "visits", "villager_id = ?" + until.format("finished_at"),
               [villager_id, *params])
    else:
        for visit_id in noted_ids:
            _empty(db, "visits", "id = ?", [visit_id])
    request_ids = [r[0] for r in db.execute(
        "SELECT id FROM requests WHERE villager_id = ?" + until.format("raised_at"),
        [villager_id, *params]).fetchall()]
    for request_id in request_ids:
        _empty(db, "requests", "id = ?", [request_id])
        _empty(db, "request_events", "request_id = ?", [request_id])
        _empty(db, "request_follow_ups", "request_id = ?", [request_id])
    _empty(db, "villager_audit", "villager_id = ?" + until.format("at"), [villager_id, *params])


def _empty(db: Database, table: str, where: str, params: list[Any]) -> None:
    """Set the :data:`CLEARED_RECORDS` columns of the matching rows that still hold more."""
    values = CLEARED_RECORDS[table]
    differs = " OR ".join(f"{c} IS NOT ?" for c in values)
    db.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in values)} "
               f"WHERE {where} AND ({differs})", [*values.values(), *params, *values.values()])


def _clear(db: Database, villager_id: str, health_ids: list[str], noted_ids: list[str],
           at: str, operator: str) -> None:
    clear_person(db, villager_id, at)
    clear_records(db, villager_id, health_ids, noted_ids=noted_ids)
    audit.record_changes(db, villager_id, [(audit.RETENTION, None, None)], operator=operator,
                         at=at)
    tombstones.record_removed(db, villager_id, at)
