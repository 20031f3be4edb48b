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
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from marketapp.core import clock
from marketapp.core.errors import UserError
from marketapp.core.excel_text import csv_cell, neutralise
from marketapp.core.people.cleaning import clean
from marketapp.core.people.masking import mask_name
from marketapp.core.people.search import index as search_index
from marketapp.core.people.villagers import (
    CARE_FLAG_NAMES,
    CleanVillager,
    InvalidVillager,
    VillagerInput,
    VillagerLookup,
    save_in_transaction,
)
from marketapp.core.people.writes import BufferedWriter, VillagerWriter
from marketapp.core.roster import gc_pause as cycle_collection
from marketapp.core.roster.bulk_lookup import BulkLookup
from marketapp.core.roster.read import Roster, RosterRow
from marketapp.core.text import N_, NP_, gettext, join, say
from marketapp.store import late_indexes
from marketapp.store.os_errors import os_reason

Progress = tuple[int, int]
CHUNK = 500  # rows looked up and saved together; also the progress step
# Rows cleaned together and saved before their search keys are written (import_steps).
# Keys written after every chunk made a 100,000-row import 1.5 s slower than keys written
# once (each statement first saves the pages it will change); every few thousand rows
# costs nothing measurable.
_FIRST_BLOCK, _LARGEST_BLOCK = 4 * CHUNK, 40 * CHUNK
# What nothing reads during an import into an empty table (the match queries only look at
# the people there before), and new rows land at random places in: built at the end
# instead of row by row. (The keys of new audit rows are time-ordered: they append.)
_LATE_INDEXES = ("villagers_phone", "villagers_name_village")

_YES = {"是", "√", "✓", "✔", "y", "yes", "1", "true", "有", "x", "是的", "对"}
_FLAG_WORDS = {
    "living_alone": ("独居",),
    "left_behind": ("留守",),
    "disabled": ("残疾", "残障"),
    "low_income": ("低保",),
}


# How a reason names a field two rows with the same ID number disagree on.
_FIELD_NAMES = {
    "name": N_("name"), "gender": N_("gender"), "birth_date": N_("birth date"),
    "phone": N_("phone"), "village": NP_("roster field", "village"),
    "address": N_("address"),
    "notes": N_("notes"), **CARE_FLAG_NAMES,
}


class RepeatedId(UserError):
    """A later row of the file with an ID number an earlier row has, saying something else."""

    messages = {
        "same_id_differs": N_("Same ID number as row {row} of this file but different details "
                              "({fields}); check them and keep one row."),
    }

    def __init__(self, row: int, differing: list[str]) -> None:
        self.differing = differing
        super().__init__("same_id_differs", row=row)

    def message(self, lang: str | None = None) -> str:
        self.params["fields"] = join((gettext(_FIELD_NAMES[f], lang) for f in self.differing),
                                     lang)
        return super().message(lang)


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
    # (row in the file, its name masked, the existing record's name masked) of each
    # possible duplicate, so staff know which rows to check
    flagged_rows: list[tuple[int, str, str]] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    villages_created: list[str] = field(default_factory=list)
    dry_run: bool = False
    columns: dict[str, str] = field(default_factory=dict)  # field -> header text in the file
    other_sheets: list[str] = field(default_factory=list)  # roster sheets not imported


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
    db: Database, roster: Roster, *, dry_run: bool = False, today: date | None = None,
    operator: str = "",
) -> Generator[Progress, None, ImportSummary]:
    """Yields (done, total) as it goes; returns the summary. Closing it early rolls back.
    ``operator`` (who ran the import) is recorded with every villager's audit rows.

    The rows go by blocks: while SQLite writes one block's search keys, which it does
    without holding Python's lock, a thread validates the next block (pure Python, no
    database). On two cores the two overlap; the database is only used from this thread.
    """
    today = today or clock.today()
    at = clock.now_iso()
    summary = ImportSummary(str(roster.path), roster.encoding, roster.sheet,
                            rows=len(roster.rows), skipped=list(roster.skipped), dry_run=dry_run,
                            columns=dict(roster.columns), other_sheets=list(roster.other_sheets))
    total = len(roster.rows)
    yield (0, total)
    blocks = list(_blocks(roster.rows))
    first_with_id: dict[str, RosterRow] = {}  # only the cleaning thread uses it, block by block
    try:
        with cycle_collection.paused(), db.atomic(), search_index.deferred(db), \
                ThreadPoolExecutor(max_workers=1, thread_name_prefix="roster-clean") as pool:
            lookup, writer = BulkLookup(db), BufferedWriter(db)
            cleaning = (pool.submit(_clean_block, blocks[0], today, first_with_id)
                        if blocks else None)
            done = 0
            with _indexes_for(db):
                for following in blocks[1:] + [None]:
                    assert cleaning is not None
                    for cleaned, numbers, rejected, repeated, size in cleaning.result():
                        summary.rejected += rejected
                        summary.unchanged += repeated
                        _save_chunk(db, cleaned, numbers, summary, at, lookup, writer,
                                    operator)
                        done += size
                        yield (done, total)
                    if following is not None:
                        cleaning = pool.submit(_clean_block, following, today, first_with_id)
                    search_index.catch_up(db)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return summary


def _blocks(rows: list[RosterRow]) -> Iterator[list[RosterRow]]:
    # Cleaning a row takes about half as long as writing its keys, so each block may be
    # twice the one before: the first is small, as nothing overlaps its cleaning.
    start, size = 0, _FIRST_BLOCK
    while start < len(rows):
        yield rows[start:start + size]
        start += size
        size = min(2 * size, _LARGEST_BLOCK)


def _indexes_for(db: Database) -> contextlib.AbstractContextManager[None]:
    if db.execute("SELECT EXISTS (SELECT 1 FROM villagers)").fetchone()[0]:
        return contextlib.nullcontext()
    return late_indexes.built_on_leaving(db, _LATE_INDEXES)


def _clean_block(rows: list[RosterRow], today: date, first_with_id: dict[str, RosterRow]
                 ) -> list[tuple[list[CleanVillager], list[int], list[RejectedRow], int, int]]:
    """Validate rows, CHUNK at a time, and work out their names' pinyin.

    Per chunk: the rows to save (and their row numbers in the file), the rejected ones, how many repeat an earlier row of the
    file exactly, and the chunk's size. A row with the ID number of an earlier row is not
    saved again: the same details are "unchanged", others rejected naming that row, so a
    second run of the file finds nothing to change.

    Touches no database (it runs in the cleaning thread); the pinyin lands in
    search_index.pinyin_columns' cache, where the save finds it.
    """
    chunks = []
    for start in range(0, len(rows), CHUNK):
        cleaned: list[CleanVillager] = []
        numbers: list[int] = []
        rejected: list[RejectedRow] = []
        repeated = 0
        for row in rows[start:start + CHUNK]:
            try:
                data = clean(row_input(row.values), today=today)
            except InvalidVillager as exc:
                rejected.append(RejectedRow(row.row_number, exc, row.values))
                continue
            if data.id_number:
                earlier = first_with_id.setdefault(data.id_number, row)
                if earlier is not row:
                    differing = _differing(clean(row_input(earlier.values), today=today), data)
                    if differing:
                        rejected.append(RejectedRow(
                            row.row_number, RepeatedId(earlier.row_number, differing),
                            row.values))
                    else:
                        repeated += 1
                    continue
            search_index.pinyin_columns(data.name)
            cleaned.append(data)
            numbers.append(row.row_number)
        chunks.append((cleaned, numbers, rejected, repeated, len(rows[start:start + CHUNK])))
    return chunks


def _differing(first: CleanVillager, later: CleanVillager) -> list[str]:
    return [f.name for f in fields(CleanVillager)
            if getattr(first, f.name) != getattr(later, f.name)]


def _save_chunk(db: Database, cleaned: list[CleanVillager], numbers: list[int],
                summary: ImportSummary, at: str, lookup: VillagerLookup,
                writer: VillagerWriter, operator: str = "") -> None:
    lookup.preload(cleaned)
    for data, row_number in zip(cleaned, numbers, strict=True):
        if not data.id_number and lookup.same_record_without_id(data):
            summary.unchanged += 1
            continue
        result = save_in_transaction(db, data, on_duplicate="flag", at=at, lookup=lookup,
                                     writer=writer, operator=operator)
        setattr(summary, result.status, getattr(summary, result.status) + 1)
        if result.possible_duplicates:
            summary.flagged += 1
            summary.flagged_rows.append((row_number, mask_name(data.name),
                                         mask_name(result.possible_duplicates[0][0].name)))
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
    operator: str = "",
) -> ImportSummary | None:
    """Run the import; ``on_progress`` returning False cancels it (returns None, nothing kept)."""
    steps = import_steps(db, roster, dry_run=dry_run, today=today, operator=operator)
    try:
        while True:
            done, total = next(steps)
            if on_progress is not None and on_progress(done, total) is False:
                steps.close()
                return None
    except StopIteration as finished:
        return finished.value


class RejectsFileError(UserError):
    messages = {
        "cannot_write": N_("Cannot write the rejected rows to {path}: {reason}. Nothing was "
                           "imported."),
        "no_folder": N_("Cannot write the rejected rows to {path}: the folder {folder} does not "
                        "exist. Nothing was imported."),
    }


def check_rejects_path(path: Path) -> None:
    """Before an import: raise RejectsFileError unless ``path`` can be written.

    Found out only after the import, it would leave people imported and the reasons lost.
    An existing file is opened without being emptied; a new one is removed again.
    """
    folder = path.parent
    if not folder.is_dir():
        raise RejectsFileError("no_folder", path=str(path), folder=str(folder))
    existed = path.exists()
    try:
        with open(path, "a", encoding="utf-8"):
            pass
        if not existed:
            path.unlink()
    except OSError as exc:
        raise RejectsFileError("cannot_write", path=str(path), reason=os_reason(exc)) from exc


def write_rejects(path: Path, summary: ImportSummary, lang: str = "zh") -> None:
    """The rejected rows with their reasons, as a CSV staff can fix and import again.

    The columns are the file's own, under its own header texts; cells are written as the
    exports write them (``core.excel_text``): no formulas, ID numbers kept as text through
    Excel's round trip, which is what this file is for.
    """
    columns = summary.columns or {key: key for rejected in summary.rejected
                                  for key in rejected.values}
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([say("row", lang), say("reason", lang),
                         *map(neutralise, columns.values())])
        for rejected in summary.rejected:
            writer.writerow([rejected.row_number, neutralise(rejected.reason(lang)),
                             *(csv_cell(rejected.values.get(f, "")) for f in columns)])
