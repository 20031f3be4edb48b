"""Tombstones in a file merge (part of ``merge_tables.TableMerger``; rules in ``core.merge.files``).

The step runs before the villagers: the other file's tombstones join this file's, and this
file's own records are made to agree with them — records of one person (a tombstone class,
``core.people.tombstones``) become the one record the class keeps, and a removed person's record
and old visits, requests and history are emptied as retention empties them. The villager
step then places each incoming copy on the kept record (:meth:`survivor_of`) and lets
:meth:`absorb` decide what of it comes in; the later steps empty what an incoming visit,
request or audit row of a removed person holds (:meth:`scrub_incoming`) before it is
written, so those values never reach the file.
"""

from __future__ import annotations

from typing import Any

from marketapp.core import clock
from marketapp.core.merge.rules import Row, larger, smaller_present
from marketapp.core.people.retention import (
    CLEARED_HEALTH_OUTCOME,
    CLEARED_RECORDS,
    HEALTH_CATEGORY,
    clear_person,
    clear_records,
    cleared_person,
    is_cleared,
)
from marketapp.core.people.same_person import move_records
from marketapp.core.people.tombstones import MERGED, TABLE, Tombstones
from marketapp.core.settings import device_id

#: Columns naming a villager, per table, that a renamed record's id must follow.
VILLAGER_REFS = (("tickets", "villager_id"), ("visits", "villager_id"),
                 ("requests", "villager_id"), ("villager_audit", "villager_id"),
                 ("duplicate_flags", "villager_id"), ("duplicate_flags", "other_id"))
#: The time an incoming row of a removed person is dated by (emptied when up to the removal).
DATED_BY = {"visits": "finished_at", "requests": "raised_at", "villager_audit": "at"}


def last_active(row: Row) -> str:
    """What retention judges a person by: the latest of last seen, created and changed."""
    return max(row.get("last_seen_at") or "", row["created_at"], row["updated_at"])


def stale(row: Row, removed_at: str | None) -> bool:
    """A copy of a removed person last active up to the removal holds nothing to keep."""
    return removed_at is not None and last_active(row) <= removed_at


class TombstoneMerger:
    """Methods of ``TableMerger`` (which provides the plumbing and the maps)."""

    db: Any
    other: Any
    report: Any
    maps: Any
    stones: Tombstones
    kept: dict[str, str | None]  # class root -> the record it keeps
    _health_stalls: dict[str, bool]
    _cleared_requests: dict[str, bool]

    # ---------------------------------------------------------------- the step

    def tombstones(self) -> None:
        self.stones = Tombstones.load(self.db)
        touched: set[str] = set()
        for row in self.incoming(TABLE, "villager_id, kind, merged_into"):
            if self._tombstone(row):
                touched.add(row["villager_id"])
        news = {self.stones.root(i) for i in touched}
        source_ids = [r[0] for r in self.other.execute("SELECT id FROM villagers")]
        touched.update(i for i in source_ids if self.stones.known(i))
        roots = {self.stones.root(i): i for i in sorted(touched)}
        for root in sorted(roots):
            self._settle(self.stones.members(roots[root]), new=root in news)

    def _tombstone(self, row: Row) -> bool:
        """Bring one tombstone in; True when it tells this file something new."""
        key = [row["villager_id"], row["kind"], row["merged_into"]]
        current = self.one(TABLE, "villager_id = ? AND kind = ? AND merged_into = ?", key)
        if row["kind"] == MERGED:
            if current is None and self.stones.connected(row["villager_id"],
                                                         row["merged_into"]):
                self.report.count(TABLE, "unchanged")  # already known as one person
                return False
            newer = current is not None and (row["at"], row["device"]) < (
                current["at"], current["device"])  # the same link: the first record of it
            self.stones.link(row["villager_id"], row["merged_into"])
        else:
            newer = current is not None and (row["at"], row["device"]) > (
                current["at"], current["device"])  # the latest removal
            self.stones.remove(row["villager_id"], row["at"], row["device"])
        if current is None:
            self.insert(TABLE, row)
            return True
        if newer:
            self.db.execute(f"UPDATE {TABLE} SET at = ?, device = ? WHERE villager_id = ? AND "
                            "kind = ? AND merged_into = ?", [row["at"], row["device"], *key])
            self.report.count(TABLE, "updated")
            return row["kind"] != MERGED
        self.report.count(TABLE, "unchanged")
        return False

    def note_same_person(self, other_id: str, keep_id: str) -> None:
        """The villager step matched ``other_id`` to ``keep_id`` by ID number: a tombstone,
        so that copy finds this record even after its ID number was cleared here."""
        if self.stones.connected(other_id, keep_id):
            return
        self.stones.link(other_id, keep_id)
        self.kept.pop(self.stones.root(keep_id), None)
        self.insert(TABLE, {"villager_id": other_id, "kind": MERGED, "merged_into": keep_id,
                            "at": clock.now_iso(), "device": device_id(self.db)})

    # ---------------------------------------------------------------- this file's records

    def _live(self, conn: Any, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            found.update(r[0] for r in conn.execute(
                f"SELECT id FROM villagers WHERE id IN ({','.join('?' * len(part))})", part))
        return found

    def survivor_of(self, villager_id: str) -> str | None:
        """The record the person of ``villager_id`` is kept as, when a tombstone knows him."""
        if not self.stones.known(villager_id):
            return None
        root = self.stones.root(villager_id)
        if root not in self.kept:
            members = self.stones.members(villager_id)
            live = self._live(self.db.conn, members) | self._live(self.other, members)
            self.kept[root] = self.stones.survivor(members, live)
        return self.kept[root]

    def _settle(self, members: list[str], *, new: bool) -> None:
        """Make this file's records of one class agree with its tombstones. Their visits,
        requests and history need emptying only when the class learnt something (``new``)
        or took records in: otherwise an earlier merge or retention did it."""
        keep = self.survivor_of(members[0])
        here = sorted(self._live(self.db.conn, members) - {keep})
        if keep is None:
            return
        new = new or bool(here)
        if here and keep not in self._live(self.db.conn, [keep]):
            self._rename(here.pop(0), keep)
        for villager_id in here:
            self._fold(villager_id, keep)
        removed_at = self.stones.removal_time(keep)
        if removed_at is None or not self._live(self.db.conn, [keep]):
            return
        row = self.one("villagers", "id = ?", [keep])
        if stale(row, removed_at) and not is_cleared(row):
            clear_person(self.db, keep, removed_at)
            self.report.tombstone_dropped += 1
            new = True
        if new:
            clear_records(self.db, keep, up_to=removed_at)

    def _rename(self, old: str, new: str) -> None:
        """The record takes the id its class keeps (the kept copy is in the other file)."""
        for table, column in VILLAGER_REFS:
            self.db.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [new, old])
        self.db.execute("UPDATE villagers SET id = ? WHERE id = ?", [new, old])
        self.report.tombstone_folded += 1

    def _fold(self, old: str, keep: str) -> None:
        """Fold a record merged away elsewhere into the kept one, as villager_merge does."""
        row = self.one("villagers", "id = ?", [old])
        move_records(self.db, keep, old)
        self.remove_keys(row["seq"])
        self.db.execute("DELETE FROM villagers WHERE id = ?", [old])
        self.report.tombstone_folded += 1
        self.absorb(self.one("villagers", "id = ?", [keep]), {**row, "id": keep}, fold=True)

    # ---------------------------------------------------------------- incoming copies

    def absorb(self, current: Row | None, row: Row, *, fold: bool = False) -> None:
        """Combine an incoming copy (already carrying the target's id) with the target's.

        For a removed person, a stale copy (last active up to the removal) brings only its
        first-registered and last-seen times; a copy active after the removal (the person
        came back) wins over an emptied one."""
        removed_at = self.stones.removal_time(row["id"]) if self.stones.known(row["id"]) \
            else None
        incoming_stale = stale(row, removed_at)
        if incoming_stale and not is_cleared(row):
            self.report.tombstone_dropped += 1
        if current is None:
            self.insert_villager(cleared_person(row, removed_at) if incoming_stale else row)
            return
        if not incoming_stale and not stale(current, removed_at):
            self.combine_villager(current, row, quiet=fold)
            return
        base = current if incoming_stale else {**current, **{
            k: v for k, v in row.items() if k not in ("id", "seq", "search_seen")}}
        result = {**base, "created_at": smaller_present(current["created_at"], row["created_at"]),
                  "last_seen_at": larger(current["last_seen_at"], row["last_seen_at"])}
        self.combine_villager(current, row, result=result, quiet=True)

    def scrub_incoming(self, table: str, row: Row) -> None:
        """Empty what an incoming row of a removed person holds, when dated up to the
        removal (``row`` already names the target's villager, stall and request)."""
        villager_id = row.get("villager_id")
        if table in ("request_events", "request_follow_ups"):
            if self._request_cleared(row["request_id"]):
                row.update(CLEARED_RECORDS[table])
            return
        if villager_id is None or not self.stones.known(villager_id):
            return
        removed_at = self.stones.removal_time(villager_id)
        if removed_at is None or row[DATED_BY[table]] > removed_at:
            return
        row.update(CLEARED_RECORDS[table])
        if table == "visits" and self._health_stall(row["stall_id"]):
            row["outcome"] = CLEARED_HEALTH_OUTCOME

    def _health_stall(self, stall_id: str) -> bool:
        if stall_id not in self._health_stalls:
            found = self.db.execute("SELECT json_extract(service_json, '$.category') FROM "
                                    "stalls WHERE id = ?", [stall_id]).fetchone()
            self._health_stalls[stall_id] = bool(found) and found[0] == HEALTH_CATEGORY
        return self._health_stalls[stall_id]

    def _request_cleared(self, request_id: str) -> bool:
        if request_id not in self._cleared_requests:
            found = self.one("requests", "id = ?", [request_id])
            cleared = False
            if found is not None and self.stones.known(found["villager_id"]):
                removed_at = self.stones.removal_time(found["villager_id"])
                cleared = removed_at is not None and found["raised_at"] <= removed_at
            self._cleared_requests[request_id] = cleared
        return self._cleared_requests[request_id]
