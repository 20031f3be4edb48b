"""Bringing one other data file's rows into the target, table by table (see ``core.merge.files``).

The caller holds the transaction (with ``PRAGMA defer_foreign_keys``: rows may arrive
before the rows they point at, and a ticket may stand on a placeholder stall id while its
stall's numbers are reshuffled; every key is checked at COMMIT).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from sqlite_utils import Database

from marketapp.core.ids import new_id
from marketapp.core.merge.queue import QueueMerger, stamp
from marketapp.core.merge.rules import Row, combine, larger, smaller_present, staff_union
from marketapp.core.merge.tombstones import TombstoneMerger
from marketapp.core.people.masking import mask_id, mask_name, mask_phone
from marketapp.core.people.search import index as search_index
from marketapp.core.people.tombstones import Tombstones
from marketapp.core.settings import device_id
from marketapp.core.text import N_, say_pair

#: Villager columns decided by the newer copy (updated_at); compared and reported.
VILLAGER_FIELDS = ("name", "gender", "birth_date", "id_number", "phone", "village_id",
                   "address", "living_alone", "left_behind", "disabled", "low_income", "notes")
#: The record a device-identity conflict is reported under, in both languages as it always was.
DEVICE_RECORD = "设备编号"
FIELD_NAMES = {
    "name": N_("name"), "gender": N_("gender"), "birth_date": N_("birth date"),
    "id_number": N_("ID number"), "phone": N_("phone"),
    "village_id": N_("village"), "address": N_("address"),
    "living_alone": N_("living alone"), "left_behind": N_("left behind"),
    "disabled": N_("disabled"), "low_income": N_("low income"),
    "notes": N_("notes"), "letter": N_("ticket letter"),
}
CHUNK = 500
#: A conflict's values as the masked summary shows them (as the masked exports do: free
#: text left out, a birth date as its year).
_MASKED: dict[str, Any] = {
    "name": mask_name, "phone": mask_phone, "birth_date": lambda v: v[:4],
    "address": lambda v: "…", "notes": lambda v: "…",
}


class Cancelled(Exception):
    pass


class TableMerger(QueueMerger, TombstoneMerger):
    """One merge run: the id maps (other's id -> target's id) and what happened."""

    def __init__(self, db: Database, other: sqlite3.Connection, report: Any,
                 tick: Callable[[int], None]) -> None:
        self.db = db
        self.other = other
        self.report = report
        self.tick = tick
        self.maps: dict[str, dict[str, str]] = defaultdict(dict)
        self.seq_map: dict[int, int] = {}
        self.placeholders: dict[str, set[str]] = defaultdict(set)  # stall -> ticket ids
        self.touched_stalls: set[str] = set()
        self.added_tickets: set[str] = set()
        self._columns: dict[str, list[str]] = {}
        self.stones = Tombstones()  # loaded by the tombstones step
        self.kept: dict[str, str | None] = {}
        self._health_stalls: dict[str, bool] = {}
        self._cleared_requests: dict[str, bool] = {}
        self.next_seq = 0

    # ---------------------------------------------------------------- plumbing

    def columns(self, table: str) -> list[str]:
        if table not in self._columns:
            self._columns[table] = [r[1] for r in self.db.execute(
                f"PRAGMA table_info({table})").fetchall()]
        return self._columns[table]

    def incoming(self, table: str, order: str = "rowid") -> Iterator[Row]:
        cursor = self.other.execute(f"SELECT * FROM {table} ORDER BY {order}")
        names = [d[0] for d in cursor.description]
        wanted = set(self.columns(table))
        done = 0
        while True:
            batch = cursor.fetchmany(CHUNK)
            if not batch:
                break
            for values in batch:
                yield {k: v for k, v in zip(names, values, strict=True) if k in wanted}
            done += len(batch)
            self.tick(len(batch))

    def one(self, table: str, where: str, params: list[Any]) -> Row | None:
        cursor = self.db.execute(f"SELECT * FROM {table} WHERE {where}", params)
        values = cursor.fetchone()
        if values is None:
            return None
        return dict(zip([d[0] for d in cursor.description], values, strict=True))

    def taken(self, table: str, row_id: str) -> bool:
        return self.db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]).fetchone() \
            is not None

    def insert(self, table: str, row: Row) -> None:
        cols = [c for c in self.columns(table) if c in row]
        self.db.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES "
                        f"({', '.join('?' * len(cols))})", [row[c] for c in cols])
        self.report.count(table, "added")

    def update(self, table: str, current: Row, new: Row, key: str = "id",
               ignore: tuple[str, ...] = ()) -> bool:
        changes = {c: new[c] for c in self.columns(table)
                   if c in new and c not in ignore and new[c] != current.get(c)}
        if not changes:
            self.report.count(table, "unchanged")
            return False
        self.db.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in changes)} "
                        f"WHERE {key} = ?", [*changes.values(), current[key]])
        self.report.count(table, "updated")
        return True

    def mapped(self, table: str, other_id: str | None) -> str | None:
        if other_id is None:
            return None
        found = self.maps[table].get(other_id)
        if found is None and table == "villagers":
            found = self.survivor_of(other_id)  # e.g. an audit row of a record merged away
        return found or other_id

    def merge_by_id(self, table: str, row: Row, version: Callable[[Row], Any],
                    independent: dict[str, Callable[[Any, Any], Any]] | None = None,
                    ignore: tuple[str, ...] = ()) -> tuple[Row | None, bool]:
        """Insert a row new to the target, or combine it with the target's copy.
        Returns (the target's copy before, whether the incoming copy won)."""
        current = self.one(table, "id = ?", [row["id"]])
        if current is None:
            self.insert(table, row)
            return None, True
        fields = [c for c in self.columns(table)
                  if c != "id" and c not in ignore and c not in (independent or {})]
        result = combine(current, row, fields, version, independent)
        self.update(table, current, result.row, ignore=ignore)
        return current, result.incoming_won

    # ---------------------------------------------------------------- villages, villagers

    def villages(self) -> None:
        for row in self.incoming("villages"):
            current = self.one("villages", "name = ?", [row["name"]])
            if current is None:
                new_id_ = row["id"] if not self.taken("villages", row["id"]) else new_id()
                self.maps["villages"][row["id"]] = new_id_
                self.insert("villages", {**row, "id": new_id_})
                continue
            self.maps["villages"][row["id"]] = current["id"]
            created = smaller_present(current["created_at"], row["created_at"])
            self.update("villages", current, {**current, "created_at": created})

    def villagers(self) -> None:
        """Each copy goes to the record its tombstones keep it as, else to the one with its
        ID number, else to its UUID, else it is new (``absorb`` decides what comes in)."""
        self.next_seq = self.db.execute(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM villagers").fetchone()[0]
        with search_index.deferred(self.db):
            for row in self.incoming("villagers", "seq"):
                row["village_id"] = self.mapped("villages", row["village_id"])
                current = None
                if row["id_number"]:
                    current = self.one("villagers", "id_number = ?", [row["id_number"]])
                if current is None:
                    current = self.one("villagers", "id = ?", [row["id"]])
                kept = self.survivor_of(row["id"])
                if kept is not None and kept != row["id"] and (
                        current is None or current["id"] != kept):
                    self.report.tombstone_folded += 1  # found only through a tombstone
                    current = self.one("villagers", "id = ?", [kept])
                elif current is not None and current["id"] != row["id"]:
                    self.report.villagers_remapped += 1
                    if not self.taken("villagers", row["id"]):
                        self.note_same_person(row["id"], current["id"])
                target_id = kept if kept is not None and kept != row["id"] else (
                    current["id"] if current is not None else row["id"])
                self.maps["villagers"][row["id"]] = target_id
                self.absorb(current, {**row, "id": target_id})

    def insert_villager(self, row: Row) -> None:
        if row["id_number"] and self.one("villagers", "id_number = ?", [row["id_number"]]):
            row = {**row, "id_number": None}  # held by another person here: reported below
            self.report.conflict(
                "villagers", str(row["name"]), "id_taken",
                N_("the other file's ID number belongs to another villager here; this record "
                   "comes in without it"), masked_record=mask_name(row["name"]))
        pinyin, initials = search_index.pinyin_columns(row["name"])
        self.insert("villagers", {**row, "seq": self.next_seq, "pinyin": pinyin,
                                  "initials": initials})
        self.next_seq += 1

    def remove_keys(self, seq: int) -> None:
        search_index.remove(self.db, seq)

    def combine_villager(self, current: Row, row: Row, *, result: Row | None = None,
                         quiet: bool = False) -> None:
        """Two copies of one villager (rules in ``core.merge.files``). ``result`` given: decided
        by a removal tombstone (counted in the summary, no field is reported: one copy is
        an emptied record). ``quiet``: report only the values that change (a record folded
        in is another record of the person, not a second copy of this one)."""
        decided = result is not None
        if result is None:
            result = combine(current, row, (*VILLAGER_FIELDS, "updated_at"),
                             lambda r: r["updated_at"],
                             {"created_at": smaller_present, "last_seen_at": larger}).row
            # A known ID number is never erased by a copy that lacks it.
            if result["id_number"] is None:
                result["id_number"] = current["id_number"] or row["id_number"]
        if result["id_number"] != current["id_number"] and result["id_number"] is not None:
            holder = self.one("villagers", "id_number = ?", [result["id_number"]])
            if holder is not None and holder["id"] != current["id"]:
                result["id_number"] = current["id_number"]
                self.report.conflict(
                    "villagers", self._who(current), "id_taken",
                    N_("the other file's ID number belongs to another villager, {other}; "
                       "this file's ID number is kept"), other=holder["name"],
                    masked_record=self._who(current, masked=True),
                    masked_params={"other": mask_name(holder["name"])})
        for field in () if decided else VILLAGER_FIELDS:
            if current[field] != row[field] and not (quiet and result[field] == current[field]):
                self._villager_conflict(current, row, result, field)
        if result["name"] != current["name"]:
            result["pinyin"], result["initials"] = search_index.pinyin_columns(result["name"])
        if any(result[c] != current[c] for c in self.columns("villagers")):
            search_index.remove(self.db, current["seq"])  # reads the old keys: before
            self.update("villagers", current, result, ignore=("seq", "id"))
            search_index.add(self.db, current["seq"])
        else:
            self.report.count("villagers", "unchanged")

    def _who(self, row: Row, *, masked: bool = False) -> str:
        name = mask_name(row["name"]) if masked else str(row["name"])
        return f"{name}（{mask_id(row['id_number'])}）" if row["id_number"] else name

    def _shown(self, field: str, value: Any, *, masked: bool = False) -> str:
        if value is None or value == "":
            return "—"
        if masked and field in _MASKED:
            return _MASKED[field](str(value))
        if field == "village_id":
            found = self.db.execute("SELECT name FROM villages WHERE id = ?", [value]).fetchone()
            return found[0] if found else str(value)
        if field == "id_number":
            return mask_id(value)
        return str(value)

    def _villager_conflict(self, current: Row, row: Row, result: Row, field: str) -> None:
        field_zh, field_en = say_pair(FIELD_NAMES[field])
        if current["updated_at"] != row["updated_at"]:
            why_zh, why_en = say_pair(N_("the record changed later wins"))
        else:
            why_zh, why_en = say_pair(N_("same change time: the larger value wins"))
        self.report.conflict(
            "villagers", self._who(current), field,
            N_("{field_en} differs: this file '{mine}' ({mine_at}), the other '{theirs}' "
               "({theirs_at}); {why_en}: '{kept}' is kept"),
            field_zh=field_zh, field_en=field_en, why_zh=why_zh, why_en=why_en,
            mine=self._shown(field, current[field]), mine_at=current["updated_at"],
            theirs=self._shown(field, row[field]), theirs_at=row["updated_at"],
            kept=self._shown(field, result[field]),
            masked_record=self._who(current, masked=True),
            masked_params={"mine": self._shown(field, current[field], masked=True),
                           "theirs": self._shown(field, row[field], masked=True),
                           "kept": self._shown(field, result[field], masked=True)})

    def duplicate_flags(self) -> None:
        for row in self.incoming("duplicate_flags"):
            row["villager_id"] = self.mapped("villagers", row["villager_id"])
            row["other_id"] = self.mapped("villagers", row["other_id"])
            if row["villager_id"] == row["other_id"]:
                self.report.count("duplicate_flags", "skipped")  # the merge joined them
                continue
            current = self.one("duplicate_flags", "id = ?", [row["id"]]) or self.one(
                "duplicate_flags", "villager_id = ? AND other_id = ?",
                [row["villager_id"], row["other_id"]])
            if current is None:
                self.insert("duplicate_flags", row)
                continue
            self.maps["duplicate_flags"][row["id"]] = current["id"]
            result = combine(current, row, ("reason", "resolved_at", "resolution"),
                             lambda r: (r["resolved_at"] is not None, stamp(r, "resolved_at")),
                             {"created_at": smaller_present}).row
            self.update("duplicate_flags", current, result,
                        ignore=("id", "villager_id", "other_id"))

    # ---------------------------------------------------------------- market days, stalls

    def market_days(self) -> None:
        for row in self.incoming("market_days"):
            row["village_id"] = self.mapped("villages", row["village_id"])
            current = self.one("market_days", "village_id = ? AND date = ?",
                               [row["village_id"], row["date"]])
            if current is None:
                day_id = row["id"] if not self.taken("market_days", row["id"]) else new_id()
                self.maps["market_days"][row["id"]] = day_id
                self.insert("market_days", {**row, "id": day_id})
                continue
            self.maps["market_days"][row["id"]] = current["id"]
            result = combine(current, row, ("status", "closed_at", "close_reason", "closed_by"),
                             lambda r: (r["status"] == "closed", stamp(r, "closed_at"))).row
            # Opened: the earliest opening (and who opened it then).
            first = min((current["opened_at"], current["opened_by"]),
                        (row["opened_at"], row["opened_by"]))
            result["opened_at"], result["opened_by"] = first
            self.update("market_days", current, result, ignore=("id", "village_id", "date"))

    def stalls(self) -> None:
        fields = ("position", "name_zh", "name_en", "typical_minutes", "service_json",
                  "counters", "closes_at")
        for row in self.incoming("stalls"):
            row["market_day_id"] = self.mapped("market_days", row["market_day_id"])
            current = self.one("stalls", "market_day_id = ? AND service_code = ?",
                               [row["market_day_id"], row["service_code"]])
            if current is None:
                stall_id = row["id"] if not self.taken("stalls", row["id"]) else new_id()
                self.maps["stalls"][row["id"]] = stall_id
                row["letter"] = self._free_letter(row)
                self.insert("stalls", {**row, "id": stall_id})
                continue
            self.maps["stalls"][row["id"]] = current["id"]
            if current["letter"] != row["letter"]:
                self.report.conflict(
                    "stalls", f"{current['name_zh']}", "letter",
                    N_("the two laptops use different ticket letters ({mine} / {theirs}); "
                       "{mine} is kept, the other's tickets keep their labels"),
                    mine=current["letter"], theirs=row["letter"])
            result = combine(current, row, fields, lambda r: 0,
                             {"staff": staff_union}).row
            self.update("stalls", current, result,
                        ignore=("id", "market_day_id", "service_code", "letter"))

    def _same_device(self) -> None:
        """Two files with one device identity: copied before files kept their own
        (``settings``). Their counters (per stall and device) fold into one row here."""
        try:
            row = self.other.execute("SELECT value FROM settings WHERE key = 'device_id'") \
                .fetchone()
        except sqlite3.OperationalError:
            return
        if row and json.loads(row[0]) == device_id(self.db):
            self.report.conflict(
                "ticket_counters", DEVICE_RECORD, "device_id",
                N_("the other file has this file's device identity (one was copied from the "
                   "other); ticket counters were merged by the larger number and clashing "
                   "numbers renumbered. Make sure the two laptops are set to different desks"))

    def _free_letter(self, row: Row) -> str:
        used = {r[0] for r in self.db.execute(
            "SELECT letter FROM stalls WHERE market_day_id = ?", [row["market_day_id"]])}
        if row["letter"] not in used:
            return str(row["letter"])
        letter = next(c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in used)
        self.report.conflict(
            "stalls", str(row["name_zh"]), "letter",
            N_("ticket letter {letter} is used by another stall of that day here; this stall "
               "uses {new_letter}"), letter=row["letter"], new_letter=letter)
        return letter

    def ticket_counters(self) -> None:
        self._same_device()
        for row in self.incoming("ticket_counters", "stall_id, device_id"):
            row["stall_id"] = self.mapped("stalls", row["stall_id"])
            current = self.one("ticket_counters", "stall_id = ? AND device_id = ?",
                               [row["stall_id"], row["device_id"]])
            if current is None:
                self.insert("ticket_counters", row)
                continue
            best = max(current["last_number"], row["last_number"])
            if best == current["last_number"]:
                self.report.count("ticket_counters", "unchanged")
                continue
            self.db.execute("UPDATE ticket_counters SET last_number = ? WHERE stall_id = ? "
                            "AND device_id = ?", [best, row["stall_id"], row["device_id"]])
            self.report.count("ticket_counters", "updated")
