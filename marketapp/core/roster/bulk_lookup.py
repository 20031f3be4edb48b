"""A VillagerLookup for bulk imports: the matches of a whole chunk of rows in three queries.

Saving row by row with one query per lookup spends most of a 100,000-row import waiting on
SELECTs; this loads, for a chunk of rows, everyone sharing an ID number, a phone or a name
with any of them, and keeps the people written during the import in memory too.
"""

from __future__ import annotations

from collections import defaultdict

from sqlite_utils import Database

from marketapp.core.people.villagers import (
    _SELECT,
    CleanVillager,
    Villager,
    VillagerLookup,
    _row_to_villager,
    duplicate_candidates,
)
from marketapp.core.people.villages import list_villages

_BATCH = 500  # SQLite allows 999+ parameters; stay well under


class BulkLookup(VillagerLookup):
    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self._by_id: dict[str, Villager] = {}
        self._by_phone: dict[str, dict[str, Villager]] = defaultdict(dict)
        # Keyed the way the rules ask, so a common name (王秀英) costs no scan of all its
        # bearers: name + village + birth year, and a record without an ID by all its values.
        self._by_name_village_year: dict[tuple, dict[str, Villager]] = defaultdict(dict)
        self._without_id: dict[tuple, dict[str, Villager]] = defaultdict(dict)
        self._villages = {v.name: v.id for v in list_villages(db)}
        self._next_seq = super().next_seq()
        # People written during the import are remembered as they are saved; the preload
        # only needs those who were there before.
        self._existing_below = self._next_seq

    def preload(self, chunk: list[CleanVillager]) -> None:
        if self._existing_below == 1:
            return  # nobody was there before the import: all matches are in memory
        self._load("v.id_number", {d.id_number for d in chunk if d.id_number})
        self._load("v.phone", {d.phone for d in chunk if d.phone})
        self._load("v.name", {d.name for d in chunk})

    def _load(self, column: str, values: set[str]) -> None:
        ordered = sorted(values)
        for start in range(0, len(ordered), _BATCH):
            batch = ordered[start:start + _BATCH]
            marks = ",".join("?" * len(batch))
            sql = _SELECT + f" WHERE {column} IN ({marks}) AND v.seq < ?"
            for row in self.db.execute(sql, [*batch, self._existing_below]):
                self._remember(_row_to_villager(row))

    def _remember(self, villager: Villager) -> None:
        if villager.id_number:
            self._by_id[villager.id_number] = villager
        else:
            self._without_id[_record(villager)][villager.id] = villager
        if villager.phone:
            self._by_phone[villager.phone][villager.id] = villager
        self._by_name_village_year[_name_village_year(villager)][villager.id] = villager

    def _forget(self, villager: Villager) -> None:
        if villager.id_number:
            if self._by_id.get(villager.id_number) is villager:
                del self._by_id[villager.id_number]
        else:
            self._without_id[_record(villager)].pop(villager.id, None)
        if villager.phone:
            self._by_phone[villager.phone].pop(villager.id, None)
        self._by_name_village_year[_name_village_year(villager)].pop(villager.id, None)

    def by_id_number(self, id_number: str) -> Villager | None:
        return self._by_id.get(id_number)

    def possible_duplicates(self, data: CleanVillager) -> list[tuple[Villager, str]]:
        same_nvy: list[Villager] = []
        if data.village and data.birth_date:
            same_nvy = list(self._by_name_village_year.get(
                (data.name, data.village, data.birth_date[:4]), {}).values())
        same_phone = list(self._by_phone.get(data.phone, {}).values()) if data.phone else []
        if not same_nvy and not same_phone:
            return []  # most rows of a roster
        return duplicate_candidates(data, same_nvy, same_phone)

    def same_record_without_id(self, data: CleanVillager) -> bool:
        return bool(self._without_id.get(_record(data)))

    def next_seq(self) -> int:
        seq = self._next_seq
        self._next_seq += 1
        return seq

    def village_id(self, name: str) -> tuple[str, bool]:
        if name in self._villages:
            return self._villages[name], False
        village_id, created = super().village_id(name)
        self._villages[name] = village_id
        return village_id, created

    def saved(self, before: Villager | None, after: Villager) -> None:
        if before is not None:
            self._forget(before)
        self._remember(after)


def _name_village_year(person: Villager) -> tuple:
    return person.name, person.village, (person.birth_date or "")[:4]


def _record(person: Villager | CleanVillager) -> tuple:
    return (person.name, person.village, person.gender, person.birth_date, person.phone,
            person.address)
