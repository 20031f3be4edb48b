"""Turn a read roster into villagers: one transaction, every row added, updated or rejected.

A failed or cancelled import changes nothing (the whole run is one ``atomic()`` block);
a dry run does the same work and rolls it back, so its figures are exactly what a real run
would do. Re-importing the same file changes nothing.

Rows without an ID number that equal an existing record (same name, village, gender, birth
date, phone and address) are that record again: "unchanged". A row that only resembles one
(name + village + birth year, or the phone) is added and flagged for a person to decide.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from marketapp.core import clock, cycle_collection, search_index
from marketapp.core.bulk_lookup import BulkLookup
from marketapp.core.errors import UserError
from marketapp.core.roster_read import Roster, RosterRow
from marketapp.core.villager_writes import BufferedWriter, VillagerWriter
from marketapp.core.villagers import (
    CleanVillager,
    InvalidVillager,
    VillagerInput,
    VillagerLookup,
    clean,
    save_in_transaction,
)
from marketapp.store import late_indexes

Progress = tuple[int, int]
CHUNK = 500  # rows cleaned, looked up and saved together; also the progress step
# What nothing reads during an import into an empty table (the match queries only look at
# the people there before): built at the end instead of row by row.
_LATE_INDEXES = ("villagers_phone", "villagers_name_village", "villager_audit_villager")

_YES = {"是", "√", "✓", "✔", "y", "yes", "1", "true", "有", "x", "是的", "对"}
_FLAG_WORDS = {
    "living_alone": ("独居",),
    "left_behind": ("留守",),
    "disabled": ("残疾", "残障"),
    "low_income": ("低保",),
}


@dataclass
class RejectedRow:
    row_number: int
    error: UserError
    values: dict[str, str]

    def reason(self, lang: str = "zh") -> str:
        return self.error.message(lang)


@dataclass
class ImportSummary:
    file: str
    encoding: str | None
    sheet: str | None
    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    flagged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    villages_created: list[str] = field(default_factory=list)
    dry_run: bool = False


class _DryRunRollback(Exception):
    pass


def _is_yes(text: str) -> bool:
    return text in _YES or text.strip().lower() in _YES


def row_input(values: dict[str, str]) -> VillagerInput:
    # Most cells are empty: a 100,000-row roster has 500,000 flag cells to look at.
    flags = {flag: _is_yes(text) for flag in _FLAG_WORDS if (text := values.get(flag, ""))}
    free_text = values.get("care_flags", "")
    if free_text:
        for flag, words in _FLAG_WORDS.items():
            if any(word in free_text for word in words):
                flags[flag] = True
    return VillagerInput(
        name=values.get("name", ""),
        id_number=values.get("id_number", ""),
        phone=values.get("phone", ""),
        village=values.get("village", ""),
        address=values.get("group", ""),
        gender=values.get("gender", ""),
        birth_date=values.get("birth_date", ""),
        notes=values.get("notes", ""),
        **flags,
    )


def import_steps(
    db: Database, roster: Roster, *, dry_run: bool = False, today: date | None = None
) -> Generator[Progress, None, ImportSummary]:
    """Yields (done, total) as it goes; returns the summary. Closing it early rolls back."""
    today = today or clock.today()
    at = clock.now_iso()
    summary = ImportSummary(str(roster.path), roster.encoding, roster.sheet,
                            rows=len(roster.rows), skipped=list(roster.skipped), dry_run=dry_run)
    total = len(roster.rows)
    yield (0, total)
    try:
        with cycle_collection.paused(), db.atomic(), search_index.deferred(db):
            lookup, writer = BulkLookup(db), BufferedWriter(db)
            with _indexes_for(db):
                for start in range(0, total, CHUNK):
                    _import_chunk(db, roster.rows[start:start + CHUNK], summary, today, at,
                                  lookup, writer)
                    yield (min(total, start + CHUNK), total)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return summary


def _indexes_for(db: Database) -> contextlib.AbstractContextManager[None]:
    if db.execute("SELECT EXISTS (SELECT 1 FROM villagers)").fetchone()[0]:
        return contextlib.nullcontext()
    return late_indexes.built_on_leaving(db, _LATE_INDEXES)


def _import_chunk(db: Database, rows: list[RosterRow], summary: ImportSummary, today: date,
                  at: str, lookup: VillagerLookup, writer: VillagerWriter) -> None:
    cleaned: list[CleanVillager] = []
    for row in rows:
        try:
            cleaned.append(clean(row_input(row.values), today=today))
        except InvalidVillager as exc:
            summary.rejected.append(RejectedRow(row.row_number, exc, row.values))
    lookup.preload(cleaned)
    for data in cleaned:
        if not data.id_number and lookup.same_record_without_id(data):
            summary.unchanged += 1
            continue
        result = save_in_transaction(db, data, on_duplicate="flag", at=at, lookup=lookup,
                                     writer=writer)
        setattr(summary, result.status, getattr(summary, result.status) + 1)
        if result.possible_duplicates:
            summary.flagged += 1
        if result.village_created:
            summary.villages_created.append(result.village_created)
    writer.flush()


def import_roster(
    db: Database,
    roster: Roster,
    *,
    dry_run: bool = False,
    on_progress: Callable[[int, int], bool | None] | None = None,
    today: date | None = None,
) -> ImportSummary | None:
    """Run the import; ``on_progress`` returning False cancels it (returns None, nothing kept)."""
    steps = import_steps(db, roster, dry_run=dry_run, today=today)
    try:
        while True:
            done, total = next(steps)
            if on_progress is not None and on_progress(done, total) is False:
                steps.close()
                return None
    except StopIteration as finished:
        return finished.value


def write_rejects(path: Path, summary: ImportSummary, lang: str = "zh") -> None:
    """The rejected rows with their reasons, as a CSV staff can fix and import again."""
    fields_seen: list[str] = []
    for rejected in summary.rejected:
        for key in rejected.values:
            if key not in fields_seen:
                fields_seen.append(key)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["行号" if lang == "zh" else "row", "原因" if lang == "zh" else "reason",
                         *fields_seen])
        for rejected in summary.rejected:
            writer.writerow([rejected.row_number, rejected.reason(lang),
                             *(rejected.values.get(k, "") for k in fields_seen)])
